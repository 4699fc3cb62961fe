"""Decree sections: the body lines -> where Menimbang, Mengingat, MEMUTUSKAN, Menetapkan, each dictum
and the closing block start, and the lines and items of each.

Headings are matched with rapidfuzz against the wordings of domain.yaml's `decree.headings`, so
OCR misreadings (`Menirnbang`) and glued colons (`Mengingat:1.`) still open their section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from string import ascii_lowercase

from rapidfuzz import fuzz, process

from pipeline.config import HEADING_MATCH_MIN

from .lines import join_lines
from .vocabulary import casefolded, words

BODY_HEADINGS = ("menimbang", "mengingat", "memperhatikan", "memutuskan", "menetapkan")
# The grounds: the headings whose items a text layer may give after all their labels.
GROUNDS = ("menimbang", "mengingat", "memperhatikan")
LETTERED = "menimbang"
CLOSING = "closing"
LETTER_LABELS = tuple(ascii_lowercase)
NUMBER_LABELS = tuple(str(n) for n in range(1, 100))

_LEAD_TOKEN = re.compile(r"^\s*([A-Za-z]+)(.*)$", re.S)
_ITEM_START = re.compile(r"^(?:[a-z]|\d{1,2})\s*[.)]", re.I)
_LETTER_ITEM = re.compile(r"^([a-z])\s*[.)]\s*(?=\S)", re.I)
_NUMBER_ITEM = re.compile(r"^(\d{1,2})\s*[.)]\s*(?=[A-Za-z(])")
_FIRST_ITEM = {True: re.compile(r"^a\s*[.)]", re.I), False: re.compile(r"^1\s*[.)]")}
_TOKEN = re.compile(r"[A-Za-z]+|:")


@dataclass(frozen=True)
class Marker:
    """Where a heading, a dictum label or the closing block starts."""

    key: str
    line: int
    rest: str


def _marker_order() -> tuple[str, ...]:
    """Return the keys of the body's markers in reading order."""
    return (*BODY_HEADINGS, *words().diktum_labels, CLOSING)


@cache
def _heading_words() -> dict[str, str]:
    """Return every heading wording (casefolded) -> its marker key (built once per process)."""
    vocabulary = words()
    headings = {w.casefold(): key for key in BODY_HEADINGS for w in vocabulary.headings[key]}
    return headings | {label.casefold(): label for label in vocabulary.diktum_labels}


def _is_closing(line: str) -> bool:
    """Given a line, return whether it opens the closing block (`Ditetapkan di ...`)."""
    found = line.split()
    vocabulary = words()
    return (
        len(found) >= 2
        and found[1].strip(":").casefold() in casefolded(vocabulary.ditetapkan_place)
        and any(fuzz.ratio(found[0].casefold(), w) >= HEADING_MATCH_MIN for w in casefolded(vocabulary.ditetapkan))
    )


def _heading_hit(line: str, vocabulary: dict[str, str]) -> tuple[str, str, bool] | None:
    """Given a line, return (marker key, text after the heading, whether the form is strong)."""
    match = _LEAD_TOKEN.match(line)
    if not match:
        return None
    token = match.group(1).casefold()
    hit = process.extractOne(token, list(vocabulary), scorer=fuzz.ratio, score_cutoff=HEADING_MATCH_MIN)
    if hit is None:
        return None
    rest = match.group(2).strip()
    strong = rest.startswith(":") or not rest.strip(":.") or bool(_ITEM_START.match(rest))
    return vocabulary[hit[0]], rest.lstrip(":").strip(), strong


def _marker_at(line: str, index: int, order: tuple[str, ...], last: int) -> Marker | None:
    """Given a line and the last marker's rank, return the next marker the line opens, or None.

    A heading written without its colon (`Menetapkan KEPUTUSAN ...`) is taken only when it is
    the next one expected, so a wrapped sentence starting with `menetapkan` is not a heading.
    """
    if _is_closing(line):
        return Marker(CLOSING, index, line)
    hit = _heading_hit(line, _heading_words())
    if hit is None:
        return None
    key, rest, strong = hit
    rank = order.index(key)
    expected = rank == last + 1 and line[:1].isupper()
    return Marker(key, index, rest) if rank > last and (strong or expected) else None


def find_markers(lines: Sequence[str]) -> tuple[Marker, ...]:
    """Given the body lines, return the headings, dictum labels and closing block found."""
    order = _marker_order()
    found: list[Marker] = []
    for index, line in enumerate(lines):
        marker = _marker_at(line, index, order, order.index(found[-1].key) if found else -1)
        if marker is not None:
            found.append(marker)
            if marker.key == CLOSING:
                break
    return tuple(found)


def section(lines: Sequence[str], markers: Sequence[Marker], key: str) -> list[str]:
    """Given the lines and markers, return the lines of the section opened by `key`."""
    for position, marker in enumerate(markers):
        if marker.key == key:
            end = markers[position + 1].line if position + 1 < len(markers) else len(lines)
            return [marker.rest, *lines[marker.line + 1 : end]]
    return []


def preamble(lines: Sequence[str], markers: Sequence[Marker]) -> list[str]:
    """Given the lines and markers, return the lines before the first heading."""
    return list(lines[: markers[0].line]) if markers else list(lines)


def _split_items(lines: Sequence[str], labels: Sequence[str], pattern: re.Pattern[str]) -> list[str]:
    """Given a section's lines, return its items; only the next label in sequence opens one."""
    groups: list[list[str]] = []
    seen = 0
    for line in lines:
        match = pattern.match(line)
        if match and seen < len(labels) and match.group(1).casefold() == labels[seen]:
            groups.append([line[match.end() :]])
            seen += 1
        elif groups:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [text for text in map(join_lines, groups) if text]


def lettered_items(lines: Sequence[str]) -> list[str]:
    """Given a section's lines (Menimbang), return its items a., b., c., ..."""
    return _split_items(lines, LETTER_LABELS, _LETTER_ITEM)


def numbered_items(lines: Sequence[str]) -> list[str]:
    """Given a section's lines (Mengingat, Memperhatikan), return its items 1., 2., 3., ... (unnumbered: one)."""
    return _split_items(lines, NUMBER_LABELS, _NUMBER_ITEM)


def diktum(lines: Sequence[str], markers: Sequence[Marker]) -> tuple[tuple[str, str], ...]:
    """Given the lines and markers, return each dictum's label and text."""
    labels = set(words().diktum_labels)
    return tuple(
        (marker.key, join_lines(section(lines, markers, marker.key))) for marker in markers if marker.key in labels
    )


@cache
def _grounds_words() -> dict[str, str]:
    """Return every wording of the grounds' headings (casefolded) -> its heading key."""
    return {w.casefold(): key for key in GROUNDS for w in words().headings[key]}


def _leading_grounds(line: str) -> tuple[list[str], str]:
    """Given a line, return the grounds headings it starts with (colons between them skipped) and the rest."""
    keys: list[str] = []
    position = 0
    for match in _TOKEN.finditer(line):
        if line[position : match.start()].strip():
            break
        token = match.group()
        if token != ":":
            hit = process.extractOne(
                token.casefold(), list(_grounds_words()), scorer=fuzz.ratio, score_cutoff=HEADING_MATCH_MIN
            )
            if hit is None:
                break
            keys.append(_grounds_words()[hit[0]])
        position = match.end()
    return keys, line[position:].strip()


def _stacked_labels(lines: Sequence[str], start: int) -> tuple[list[str], int, str]:
    """Given the lines and where a run of grounds labels may start, return its keys, the next line and the rest."""
    keys: list[str] = []
    index, rest = start, ""
    while index < len(lines):
        found, rest = _leading_grounds(lines[index])
        if not found:
            return keys, index, ""
        keys += found
        index += 1
        if rest:
            break
    return keys, index, rest


def _content_end(lines: Sequence[str], start: int) -> int:
    """Given the lines and where the grounds' content starts, return where the next heading or closing starts."""
    for index in range(start, len(lines)):
        if _is_closing(lines[index]) or _heading_hit(lines[index], _heading_words()) is not None:
            return index
    return len(lines)


def _group_by_first_items(content: Sequence[str], keys: Sequence[str]) -> list[list[str]]:
    """Given the grounds' content in order and their keys, return each key's lines: each starts at its item 1 (a.)."""
    groups: list[list[str]] = [[]]
    for line in content:
        following = len(groups) < len(keys) and groups[-1]
        if following and _FIRST_ITEM[keys[len(groups)] == LETTERED].match(line):
            groups.append([])
        groups[-1].append(line)
    return groups + [[] for _ in range(len(keys) - len(groups))]


def unstack_labels(lines: Sequence[str]) -> list[str]:
    """Given the body lines, return them with grounds labels given before their content put back before it.

    A text layer that reads the label column first gives `Menimbang` / `Mengingat` (or
    `Menimbang Mengingat a. bahwa ...`) and then every item; each section's items start again
    at `a.` (Menimbang) or `1.`, which is where each label's content begins.
    """
    out: list[str] = []
    index = 0
    while index < len(lines):
        keys, after, rest = _stacked_labels(lines, index)
        if len(keys) < 2 or len(set(keys)) < len(keys):
            out.append(lines[index])
            index += 1
            continue
        end = _content_end(lines, after)
        content = [*([rest] if rest else []), *lines[after:end]]
        for key, group in zip(keys, _group_by_first_items(content, keys), strict=True):
            out += [f"{words().headings[key][0]} :", *group]
        index = end
    return out
