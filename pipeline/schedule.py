"""Schedules: given the labels of the columns under a table's schedule heading, return what the marks there mean.

A plan schedules by month (`1..12`, `Jan..Des`, full month names), by quarter (`TW I..TW IV`,
`Triwulan I..IV`, `TW1..TW4`) or by year (`2022 2023 2024`). Each fills its own plan column:
`bulan`, `triwulan` or `tahun`; the others stay `[]`. The words are domain.yaml's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .area_labels import roman_value
from .domain import load_domain
from .text import normalize_heading

MONTHS = 12
QUARTERS = 4
MIN_SLOTS = 2
BULAN, TRIWULAN, TAHUN = "bulan", "triwulan", "tahun"
SCHEDULE_COLUMNS = (BULAN, TRIWULAN, TAHUN)


@dataclass(frozen=True)
class Schedule:
    """What a table's schedule columns hold: the plan column they fill and each column's value, left to right.

    `split`: each column is split into sub-columns (`TW I` over `Target | Rp`); a mark, a fill
    or a value in any of them schedules the column.
    """

    column: str
    values: tuple[int, ...]
    split: bool = False


MONTH_SCHEDULE = Schedule(BULAN, tuple(range(1, MONTHS + 1)))


def month_number(text: str) -> int | None:
    """Given a month header cell ("1", "Jan", "Agt", "Bulan ke-3"), return the month 1..12."""
    word = normalize_heading(text).lower().removeprefix("bulan ke").strip()
    if word.isdigit() and 1 <= int(word) <= MONTHS:
        return int(word)
    return load_domain().months.get(word)


@cache
def _quarter_pattern() -> re.Pattern[str]:
    """Return the pattern of a quarter label: a quarter word, then 1..4 in arabic or roman numerals."""
    words = "|".join(re.escape(w.upper()) for w in load_domain().quarter_words)
    return re.compile(rf"^(?:{words})\s*(?P<n>IV|I{{1,3}}|[1-4])$")


def quarter_number(text: str) -> int | None:
    """Given a quarter header cell ("TW I", "Triwulan IV", "TW1"), return the quarter 1..4."""
    match = _quarter_pattern().match(normalize_heading(text))
    if not match:
        return None
    number = match.group("n")
    return int(number) if number.isdigit() else roman_value(number)


def year_number(text: str) -> int | None:
    """Given a year header cell ("2023"), return the year when it lies in the schedule years."""
    word = normalize_heading(text)
    low, high = load_domain().schedule_years
    return int(word) if word.isdigit() and low <= int(word) <= high else None


def _in_order(values: Sequence[int | None]) -> bool:
    """Given the values read off the labels, return whether each is one more than the one before."""
    return len(values) >= MIN_SLOTS and all(a is not None and b is not None and b == a + 1 for a, b in pairwise(values))


def schedule_of(labels: Sequence[str]) -> Schedule | None:
    """Given the labels of the schedule's columns, left to right, return the quarter or year schedule they make.

    Quarters are 1..n of I..IV; years follow one another. Anything else (months included, which
    columns.py reads by month number) gives None.
    """
    quarters = [quarter_number(t) for t in labels]
    if _in_order(quarters) and quarters[0] == 1 and len(quarters) <= QUARTERS:
        return Schedule(TRIWULAN, tuple(q for q in quarters if q is not None))
    years = [year_number(t) for t in labels]
    if _in_order(years):
        return Schedule(TAHUN, tuple(y for y in years if y is not None))
    return None
