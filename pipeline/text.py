"""Text helpers shared by the stages: whitespace, wrapped lines, item numbers, slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

_SPACE = re.compile(r"\s+")
# Word ends a line after a hyphen or a slash inside a word ("Sek-\nKot", "unit/\nsatuan").
_WORD_BREAK = re.compile(r"(?:(?<=[A-Za-z0-9]-)|(?<=/))\n(?=\S)")
# Between two lines of a cell where a word may have been cut: a private-use character the
# backends write and `resolve_cuts` replaces before any stage reads the text.
MAY_CUT = "\ue000"
_AROUND_CUT = re.compile(rf"(\S*){MAY_CUT}(\S*)")
_EDGE_PUNCTUATION = "\"'.,;:()[]"
# A word this short after a line break is no evidence of a break at a space ("Terselenggaran|ya").
MIN_EVIDENCE_LETTERS = 3
# "1", "1.", "1)", "1.)", "a.", "a)" before the item's text.
_MARKER = re.compile(r"^(?P<num>\d{1,2}|[a-zA-Z])(?P<punct>\.\)|[.)])?(?=\s|$)")


@dataclass(frozen=True)
class Marker:
    """A leading item number: its value and its style (the punctuation and kind)."""

    value: str
    style: str


def collapse(text: str) -> str:
    """Given cell text with wrapped lines, return it on one line with single spaces.

    A line that ends in a letter and "-" or "/" was broken inside a word and is joined without
    a space. (A slash followed by a space, as in "kebutuhan/ penambahan", reads the same when the
    line breaks at that space; the decree mostly writes "unit/satuan".)
    """
    return _SPACE.sub(" ", _WORD_BREAK.sub("", text)).strip()


def leading_marker(text: str) -> Marker | None:
    """Given text, return its leading item number, if any (letters need "." or ")")."""
    match = _MARKER.match(text.strip())
    if not match:
        return None
    num, punct = match.group("num"), match.group("punct") or ""
    if num.isalpha() and not punct:
        return None
    kind = "digit" if num.isdigit() else "letter"
    return Marker(num, f"{kind}{punct}")


def _next_value(marker: Marker) -> str:
    """Given a marker, return the value the next item of the same list would have."""
    if marker.value.isdigit():
        return str(int(marker.value) + 1)
    return chr(ord(marker.value) + 1)


def _is_list(text: str, marker: Marker) -> bool:
    """Given text starting with marker, return whether the same list goes on in the text.

    The decree has cells such as "1) Data Mutasi 2) Data Promosi 3) ..." that list several
    items; their leading number is part of the list, not the cell's own item number.
    """
    punct = marker.style.removeprefix("digit").removeprefix("letter")
    following = re.escape(_next_value(marker) + punct)
    return re.search(rf"(?:^|\s){following}(?:\s|$)", text[len(marker.value) :]) is not None


def split_item_number(text: str) -> tuple[str, str]:
    """Given cell text, return (item number without "." or ")", the text without it)."""
    text = text.strip()
    marker = leading_marker(text)
    if marker is None or _is_list(text, marker):
        return "", text
    rest = _MARKER.sub("", text, count=1).strip()
    return marker.value, rest


def slugify(heading: str) -> str:
    """Given a printed heading, return its column name ("PENANGGUNG JAWAB" -> "penanggung_jawab")."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "column"


@cache
def normalize_heading(text: str) -> str:
    """Given heading text, return it upper-cased with punctuation and extra spaces removed."""
    return _SPACE.sub(" ", re.sub(r"[^0-9A-Z ]+", " ", collapse(text).upper())).strip()


def _word_key(word: str) -> str:
    """Given a printed word, return it as the vocabulary compares it (lower case, no edge punctuation)."""
    return word.strip(_EDGE_PUNCTUATION).lower()


def document_words(texts: Iterable[str]) -> frozenset[str]:
    """Given every cell text of a document, return the words printed whole in it (not next to a possible cut)."""
    words: set[str] = set()
    for text in texts:
        for token in text.split():
            if MAY_CUT not in token:
                words.add(_word_key(token))
                words.update(_word_key(part) for part in re.split(r"[/-]", token))
    words.discard("")
    return frozenset(words)


def _cut_or_space(head: str, tail: str, words: frozenset[str], suffixes: frozenset[str]) -> str:
    """Given the text either side of a possible cut and the document's words, return "" (a cut word) or " ".

    A browser that breaks a line at a space drops the space, and a word that one long word
    fills ("Menyempurnakan/mengubah" | "berbagai") looks on the page like a word cut between
    letters ("Menyempurnakan/meng" | "ubah"). The document's own words tell them apart: the
    joined word printed elsewhere says cut; either part printed elsewhere as a word says space
    ("perundangundangan" | "baru"), unless the second part is a suffix ("Terselenggara" |
    "nya"); with neither, the geometry's cut stands.
    """
    if _word_key(head + tail) in words:
        return ""
    head_key, tail_key = _word_key(head.rsplit("/", 1)[-1]), _word_key(tail)
    if len(tail_key) >= MIN_EVIDENCE_LETTERS and tail_key in words:
        return " "
    if tail_key in suffixes:
        return ""
    return " " if len(head_key) >= MIN_EVIDENCE_LETTERS and head_key in words else ""


def resolve_cuts(texts: Sequence[str], suffixes: Iterable[str] = ()) -> list[str]:
    """Given every cell text of a document and the language's suffixes, return them with each possible cut resolved."""
    words = document_words(texts)
    endings = frozenset(suffixes)

    def _resolve(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        return head + _cut_or_space(head, tail, words, endings) + tail

    return [_AROUND_CUT.sub(_resolve, text) if MAY_CUT in text else text for text in texts]
