"""Decree dates: `7 Oktober 2021`, `7 Okt 2021` or `7-10-2021` -> `2021-10-07`.

Month names and their abbreviations are domain.yaml's `months`; a near-miss of a full name
(`Oktobre`) is matched with rapidfuzz.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz, process

from pipeline.domain import load_domain

MONTH_MATCH_MIN = 80.0
FUZZY_MONTH_MIN_LENGTH = 5

_NAMED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.\s]\s*([A-Za-z]+)\.?\s*[-/.\s]?\s*(\d{4})(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")


def _month_number(word: str) -> int | None:
    """Given a month word (name, abbreviation or near-miss), return its number, or None."""
    months = load_domain().months
    key = word.casefold()
    if key in months:
        return months[key]
    names = [name for name in months if len(name) >= FUZZY_MONTH_MIN_LENGTH]
    hit = process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=MONTH_MATCH_MIN)
    return months[hit[0]] if hit else None


def _iso_date(year: int, month: int | None, day: int) -> str | None:
    """Given date parts, return the ISO date, or None when they name no real day."""
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_tanggal(text: str) -> str | None:
    """Given text holding `7 Oktober 2021` or `7-10-2021`, return `2021-10-07`, or None."""
    for match in _NAMED_DATE.finditer(text):
        day, month, year = match.groups()
        found = _iso_date(int(year), _month_number(month), int(day))
        if found:
            return found
    for match in _NUMERIC_DATE.finditer(text):
        found = _iso_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if found:
            return found
    return None
