"""Schedule columns: given a table's cells and its schedule heading, return the schedule's columns.

Under the heading (`PELAKSANAAN (BULAN)`, `WAKTU PELAKSANAAN`) stand the labels of its columns:
the months `1..12` or `Jan..Des`, quarters or years (`schedule`). Each label may head
sub-columns (`TW I` over `Target | Rp`); the schedule is then split, and the header ends under
them. Without labels, twelve columns found under the heading are the months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from .backends.base import Cell
from .schedule import MONTH_SCHEDULE, MONTHS, Schedule, month_number, schedule_of

# Points within which cells share one band of the header.
BAND_TOLERANCE = 2.0
# A schedule column split into sub-columns has at least two (`Target | Rp`).
MIN_SUB_COLUMNS = 2

# The x-ranges of the schedule's columns, left to right, where its header ends, and what they schedule.
ScheduleColumns = tuple[list[tuple[float, float]], float, Schedule]


def _right_under(cells: Sequence[Cell], label: Cell) -> list[Cell]:
    """Given the table cells and a header cell, return the cells right under it and within its width, left to right."""
    under = [
        c
        for c in cells
        if abs(c.top - label.bottom) <= BAND_TOLERANCE and c.x0 >= label.x0 - 1 and c.x1 <= label.x1 + 1
    ]
    return sorted(under, key=lambda c: c.x0)


def _month_labels(cells: Sequence[Cell], heading: Cell) -> dict[int, Cell]:
    """Given the table cells and the schedule heading, return the month label cells right under it."""
    labelled = {month_number(c.text): c for c in _right_under(cells, heading)}
    return {m: c for m, c in labelled.items() if m is not None}


def _other_schedule(cells: Sequence[Cell], heading: Cell) -> ScheduleColumns | None:
    """Given the table cells and the schedule heading, return a quarter or year schedule's columns, or None."""
    below = [c for c in _right_under(cells, heading) if c.text.strip()]
    schedule = schedule_of([c.text for c in below])
    if schedule is None:
        return None
    subs = [[c for c in _right_under(cells, label) if c.text.strip()] for label in below]
    bottom = max(c.bottom for c in below)
    if all(len(found) >= MIN_SUB_COLUMNS for found in subs):
        schedule = replace(schedule, split=True)
        bottom = max(c.bottom for found in subs for c in found)
    return [(c.x0, c.x1) for c in below], bottom, schedule


def schedule_columns(cells: Sequence[Cell], heading: Cell | None) -> ScheduleColumns:
    """Given the table cells and the schedule heading (or None), return its columns' x-ranges, bottom and meaning."""
    if heading is None:
        return [], 0.0, MONTH_SCHEDULE
    labelled = _month_labels(cells, heading)
    if all(m in labelled for m in range(1, MONTHS + 1)):
        ranges = [(labelled[m].x0, labelled[m].x1) for m in range(1, MONTHS + 1)]
        return ranges, max(c.bottom for c in labelled.values()), MONTH_SCHEDULE
    other = _other_schedule(cells, heading)
    if other is not None:
        return other
    inside = [
        c
        for c in cells
        if c.top >= heading.bottom - BAND_TOLERANCE and c.x0 >= heading.x0 - 1 and c.x1 <= heading.x1 + 1
    ]
    edges = sorted({round(c.x0, 1) for c in inside} | {round(heading.x1, 1)})
    if len(edges) == MONTHS + 1:
        return list(pairwise(edges)), heading.bottom, MONTH_SCHEDULE
    return [], heading.bottom, MONTH_SCHEDULE
