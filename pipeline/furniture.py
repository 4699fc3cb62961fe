"""Page furniture: given a page's chars, return them without what is printed on the page but is no text of it.

Offices print page numbers (`Halaman 2 dari 9`, `- 2 -`), a `SALINAN` stamp and the JDIH address
on the table pages, and lay the JDIH watermark across the table at an angle, in grey. None of it
is cell text. pdfminer calls a char turned by -30 degrees `upright` (its test only asks whether
the text runs left to right), so a watermark is told by the angle of the char's matrix instead:
text of the page runs at a multiple of 90 degrees (a page stored with /Rotate turns it by 90).
The phrases are the wordings in data/domain.yaml, matched whole, never inside a longer line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from pdfplumber.utils import cluster_objects

from .domain import load_domain

# Points within which chars share one printed line.
LINE_TOLERANCE = 3.0
RIGHT_ANGLE = 90.0


@cache
def _phrase_patterns() -> tuple[re.Pattern[str], ...]:
    """Return the furniture phrases of domain.yaml, compiled to match a whole phrase without blanks."""
    return tuple(re.compile(p, re.IGNORECASE) for p in load_domain().furniture.phrases)


def char_angle(char: dict[str, Any]) -> float:
    """Given a pdfplumber char, return the angle (degrees) its baseline makes with the page's x axis."""
    a, b = char["matrix"][:2]
    return math.degrees(math.atan2(b, a))


def is_oblique(char: dict[str, Any]) -> bool:
    """Given a pdfplumber char, return whether it is drawn at an angle that is no multiple of 90 degrees."""
    off = abs(char_angle(char)) % RIGHT_ANGLE
    return min(off, RIGHT_ANGLE - off) > load_domain().furniture.angle_tolerance


def _phrases(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Given upright chars, return them as phrases: runs of one line without a gap wider than the phrase gap."""
    gap = load_domain().furniture.phrase_gap
    phrases: list[list[dict[str, Any]]] = []
    for line in cluster_objects(list(chars), itemgetter("top"), LINE_TOLERANCE):
        current: list[dict[str, Any]] = []
        for char in sorted(line, key=itemgetter("x0")):
            if current and char["x0"] - max(c["x1"] for c in current) > gap:
                phrases.append(current)
                current = []
            current.append(char)
        phrases.append(current)
    return phrases


def is_furniture_phrase(text: str) -> bool:
    """Given a phrase's text, return whether it is, whole, one of the furniture phrases."""
    squeezed = "".join(text.split())
    return bool(squeezed) and any(p.fullmatch(squeezed) for p in _phrase_patterns())


def without_furniture(chars: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given a page's chars, return them without the watermark's chars and the furniture phrases, in order."""
    straight = [c for c in chars if "matrix" not in c or not is_oblique(c)]
    dropped = {
        id(c)
        for phrase in _phrases(straight)
        if is_furniture_phrase("".join(c["text"] for c in phrase))
        for c in phrase
    }
    return [c for c in straight if id(c) not in dropped]
