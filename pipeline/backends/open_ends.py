"""Rules that close the cells a page break left open, each at its own bottom.

With separated borders (CSS `border-collapse: separate`) every cell draws its own box, and a page
break cuts the cells of the row that goes on at different heights: a long SUB KEGIATAN cell runs
on below the INDIKATOR, month and KET cells beside it, and none of them has a bottom rule. A rule
across the whole table at either bottom would cut the longer cell in two, or leave the shorter ones
without a floor. So each open cell is closed where its own two side rules end, and only between
them: the rule never crosses a side rule that runs on past it, so a merged cell stays whole.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from .base import Box

# Points within which two rules end at the same height, or stand at the same x.
END_TOLERANCE = 1.5
SIDE_TOLERANCE = 3.0
# Points between two segments of one side rule: separated borders leave this gap between boxes.
CONTINUED_GAP_PT = 3.0
# Vertical rules shorter than this are not a cell's side (a tick, a bar in a month cell).
MIN_SIDE_PT = 6.0


def _sides(edges: Sequence[dict[str, Any]], frame: Box) -> list[dict[str, Any]]:
    """Given a page's edges and a table's frame, return the vertical rules that start inside it.

    A cell that runs on under the frame's last rule starts just below it (separated borders
    leave a gap between cells).
    """
    x0, top, x1, bottom = frame
    return [
        e
        for e in edges
        if e["orientation"] == "v"
        and x0 - SIDE_TOLERANCE <= e["x0"] <= x1 + SIDE_TOLERANCE
        and e["bottom"] - e["top"] >= MIN_SIDE_PT
        and top - END_TOLERANCE <= e["top"] <= bottom + SIDE_TOLERANCE
    ]


def _by_top(edges: Sequence[dict[str, Any]]) -> tuple[list[float], list[dict[str, Any]]]:
    """Given edges, return their tops in order and the edges in that order, for `_near_top`."""
    ordered = sorted(edges, key=lambda e: e["top"])
    return [e["top"] for e in ordered], ordered


def _near_top(index: tuple[list[float], list[dict[str, Any]]], low: float, high: float) -> list[dict[str, Any]]:
    """Given edges indexed by `_by_top` and a range of heights, return the edges whose top lies in it."""
    tops, ordered = index
    return ordered[bisect_left(tops, low) : bisect_right(tops, high)]


def _closed(side: dict[str, Any], floors: tuple[list[float], list[dict[str, Any]]]) -> bool:
    """Given a vertical rule and the horizontal ones by `_by_top`, return whether one meets its bottom end."""
    near = _near_top(floors, side["bottom"] - END_TOLERANCE, side["bottom"] + END_TOLERANCE)
    return any(h["x0"] - SIDE_TOLERANCE <= side["x0"] <= h["x1"] + SIDE_TOLERANCE for h in near)


def _continued(side: dict[str, Any], sides: tuple[list[float], list[dict[str, Any]]]) -> bool:
    """Given a vertical rule and the table's others by `_by_top`, return whether one goes on down from its bottom.

    Some producers draw a side as one segment per row, also along a merged cell; the segments
    meet (or leave the gap of separated borders) and are one rule.
    """
    near = _near_top(sides, side["bottom"] - END_TOLERANCE, side["bottom"] + CONTINUED_GAP_PT)
    return any(abs(e["x0"] - side["x0"]) <= END_TOLERANCE for e in near if e is not side)


def _clusters(values: Sequence[float], tolerance: float) -> list[tuple[float, float]]:
    """Given numbers, return the (lowest, highest) of each run of them no more than tolerance apart."""
    runs: list[list[float]] = []
    for value in sorted(values):
        if runs and value - runs[-1][-1] <= tolerance:
            runs[-1].append(value)
        else:
            runs.append([value])
    return [(run[0], run[-1]) for run in runs]


def _crossed(sides: Sequence[dict[str, Any]], y: float, left: float, right: float) -> bool:
    """Given side rules, a height and the gap between two rules, return whether a rule in the gap crosses the height."""
    return any(left < e["x0"] < right and e["top"] < y < e["bottom"] - END_TOLERANCE for e in sides)


def _rule(y: float, left: float, right: float) -> dict[str, Any]:
    """Given a height and a span, return a horizontal line object pdfplumber takes as an explicit rule."""
    return {"object_type": "line", "x0": left, "x1": right, "top": y, "bottom": y, "width": right - left, "height": 0.0}


def _open_ends(edges: Sequence[dict[str, Any]], sides: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given a page's edges and a table's side rules, return the sides whose bottoms meet no rule and no side."""
    # A border drawn as a thin rectangle has end edges as short as it is thick: those close nothing.
    rules = _by_top([e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_SIDE_PT])
    by_top = _by_top(sides)
    return [e for e in sides if not _closed(e, rules) and not _continued(e, by_top)]


def open_cell_floors(edges: Sequence[dict[str, Any]], frame: Box) -> list[dict[str, Any]]:
    """Given a page's edges and a table's frame, return a floor for each cell whose side rules end on no rule.

    A floor joins two neighbouring side rules that end open at the same height, unless a side rule
    between them runs on past it (that is a longer cell between them, which must stay whole).
    """
    sides = _sides(edges, frame)
    open_ends = _open_ends(edges, sides)
    floors: list[dict[str, Any]] = []
    for low, high in _clusters([e["bottom"] for e in open_ends], END_TOLERANCE):
        ending = [e for e in open_ends if low <= e["bottom"] <= high]
        xs = _clusters([e["x0"] for e in ending], SIDE_TOLERANCE)
        for (outer_left, left), (right, outer_right) in pairwise(xs):
            if not _crossed(sides, high, left, right):
                floors.append(_rule(high, outer_left, outer_right))
    return floors
