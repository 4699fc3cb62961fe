"""Decree closing block: `Ditetapkan di <place>` / `pada tanggal <date>` / office / `Ttd.` / name
-> the place, the date and the signatory.

The place may wrap to the next line or share its line with the date; a certified copy's block
(`Salinan sesuai dengan aslinya` / its office / its official) follows and is not the signature.
"""

from __future__ import annotations

from collections.abc import Sequence

from .dates import parse_tanggal
from .lines import collapse, join_lines
from .model import Signatory
from .vocabulary import compiled

DATE_SEARCH_LINES = 4

# Templates of vocabulary patterns (see vocabulary.compiled).
_PLACE_PREFIX = r"(?i)^\S+\s+{ditetapkan_place}\b\s*:?\s*"
_DATE_PHRASE = r"(?i)\b(?:{date_leads}\s+)?{date_words}\b"
_SIGNED_MARK = r"(?i)^[(\[]?\s*(?:{signed_marks}\s*{signed_joiners}?\s*)+[)\]]?\.?$"
_COPY_MARK = r"(?i)^{copy_openings}\b|\b{copy_phrases}\b"


def _place_text(line: str) -> str:
    """Given the `Ditetapkan di` line, return the place it names (may be empty)."""
    after = compiled(_PLACE_PREFIX).sub("", line)
    return collapse(compiled(_DATE_PHRASE).split(after, maxsplit=1)[0]).rstrip(",")


def _place_end(closing: Sequence[str]) -> int:
    """Given the closing block, return the index after the place (wrapped to line 2 or not)."""
    wrapped = len(closing) > 1 and not _place_text(closing[0])
    return 2 if wrapped and not compiled(_DATE_PHRASE).search(closing[1]) else 1


def place(closing: Sequence[str]) -> str | None:
    """Given the closing block, return the place after `Ditetapkan di`, or None."""
    if not closing:
        return None
    found = _place_text(closing[0]) if _place_end(closing) == 1 else collapse(closing[1])
    return found.rstrip(",") or None


def tanggal(closing: Sequence[str]) -> str | None:
    """Given the closing block, return the ISO date it was signed on, or None."""
    return parse_tanggal(join_lines(closing[:DATE_SEARCH_LINES]))


def _date_line_end(closing: Sequence[str]) -> int:
    """Given the closing block, return the index just after the place and date lines."""
    for end in range(1, min(len(closing), DATE_SEARCH_LINES) + 1):
        if parse_tanggal(join_lines(closing[:end])):
            return max(end, _place_end(closing))
    phrases = [i for i, line in enumerate(closing[:DATE_SEARCH_LINES]) if compiled(_DATE_PHRASE).search(line)]
    return max(phrases[-1] + 1 if phrases else 1, _place_end(closing))


def _signature_lines(closing: Sequence[str]) -> list[str]:
    """Given the closing block, return the lines after the date, before the certified copy."""
    lines: list[str] = []
    for line in closing[_date_line_end(closing) :]:
        if compiled(_COPY_MARK).search(line):
            break
        lines.append(line)
    return lines


def _split_office(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Given the signature lines, return (office lines, lines from the signature on)."""
    for index, line in enumerate(lines):
        if line.rstrip().endswith(","):
            return list(lines[: index + 1]), list(lines[index + 1 :])
        if compiled(_SIGNED_MARK).match(line):
            return list(lines[:index]), list(lines[index:])
    return list(lines[:-1]), list(lines[-1:])


def _signatory_of(lines: Sequence[str]) -> Signatory | None:
    """Given a signature's lines (office, `Ttd.`, name), return the signing office and name, or None."""
    office, rest = _split_office(lines)
    names = [line for line in rest if not compiled(_SIGNED_MARK).match(line)]
    jabatan = join_lines(office).rstrip(",").strip()
    if not jabatan or not names:
        return None
    return Signatory(jabatan, collapse(names[0]).rstrip(","))


def signatory(closing: Sequence[str]) -> Signatory | None:
    """Given the closing block, return the signing office and name, or None."""
    return _signatory_of(_signature_lines(closing))


def _is_copy(block: Sequence[str]) -> bool:
    """Given a block of lines, return whether it certifies a copy (`Salinan sesuai dengan aslinya`)."""
    return bool(block) and compiled(_COPY_MARK).search(block[0]) is not None


def block_signatory(blocks: Sequence[Sequence[str]]) -> Signatory | None:
    """Given the blocks printed under the annex's table, return the official who signs, or None.

    A block opening with `Ditetapkan di` is a closing block; any other is the office, `Ttd.` and
    the name. A certified copy's block is its official's, not the signature.
    """
    for block in blocks:
        if _is_copy(block):
            continue
        lines = [collapse(line) for line in block if line.strip()]
        closing = lines and compiled(_PLACE_PREFIX).match(lines[0])
        found = signatory(lines) if closing else _signatory_of(lines)
        if found is not None:
            return found
    return None
