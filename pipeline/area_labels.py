"""Area labels: given an area's NO cell or its name, return the printed label and the number it stands for.

Areas are numbered `1`, `1.`, `A.`..`H.`, `I.`..`VIII.`, `Area 1 -` or `Pilar 3.`; the label is
kept as printed (without its trailing punctuation) and stands for 1..n in that numbering's order.
A letter or roman numeral glued to the area's name needs its `.` or `)` ("I. Manajemen ..."), so
a name's first letter is never read as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .domain import load_domain

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
LETTER_BASE = ord("A") - 1
_ARABIC = r"\d{1,2}(?!\d)"
_ROMAN = r"[IVX]{1,4}(?![A-Za-z])"
_LETTER = r"[A-H](?![A-Za-z])"
# What may follow a label before the name: a dot, a bracket, a dash or a colon.
_AFTER = r"\s*[.):\-\u2013]?\s*"


@dataclass(frozen=True)
class AreaLabel:
    """An area's printed label (`A`, `VIII`, `Area 1`), the number it stands for and where the name starts."""

    label: str
    number: int
    end: int


def roman_value(text: str) -> int:
    """Given a roman numeral of I, V and X, return its value."""
    values = [ROMAN_VALUES[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _value(number: str) -> int:
    """Given a label's number (digits, a letter or a roman numeral), return the number it stands for."""
    if number.isdigit():
        return int(number)
    if re.fullmatch(_ROMAN, number):
        return roman_value(number)
    return ord(number.upper()) - LETTER_BASE


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the label patterns of a NO cell (punctuation optional) and of a name (letters need it)."""
    words = "|".join(re.escape(w) for w in load_domain().area_label_words)
    worded = rf"(?P<word>(?i:{words})\s*)(?P<wnum>{_ARABIC}|{_ROMAN}|{_LETTER})"
    cell = rf"^\s*(?:{worded}|(?P<num>{_ARABIC}|{_ROMAN}|{_LETTER})){_AFTER}"
    glued = rf"^\s*(?:{worded}{_AFTER}|(?P<num>{_ARABIC})[.)]?\s*|(?P<lnum>{_ROMAN}|{_LETTER})[.)]\s+)"
    return re.compile(cell), re.compile(glued)


def _label(match: re.Match[str]) -> AreaLabel:
    """Given a label match, return the label, its number and where the rest starts."""
    number = match.group("wnum") or match.group("num") or match.group("lnum")
    printed = f"{match.group('word')}{number}" if match.group("wnum") else number
    return AreaLabel(" ".join(printed.split()), _value(number), match.end())


def cell_label(text: str) -> AreaLabel | None:
    """Given a NO cell's text, return its area label, or None when it holds none."""
    match = _patterns()[0].match(text)
    return _label(match) if match and match.end() == len(text) else None


def name_label(text: str) -> AreaLabel | None:
    """Given an area name as printed, return the label glued before it, or None."""
    match = _patterns()[1].match(text)
    return _label(match) if match else None
