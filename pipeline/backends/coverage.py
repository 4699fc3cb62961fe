"""Coverage: how well a backend's cells hold the glyphs of a page's tables.

Every visible glyph inside a table's region belongs to exactly one cell. A backend reports the
glyphs its cells leave out, so the cells stage can try another strategy and refuse a page that
none explains.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import numpy as np
from pdfplumber.utils import cluster_objects

from .base import Box, Cell, Coverage
from .words import LINE_TOLERANCE, line_words_text

# Points around a table's region within which a glyph still belongs to the table (a rule's width).
REGION_SLACK = 1.0


def centres(chars: Sequence[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Given chars, return the x and y of their centres."""
    cx = np.array([(c["x0"] + c["x1"]) / 2 for c in chars], dtype=float)
    cy = np.array([(c["top"] + c["bottom"]) / 2 for c in chars], dtype=float)
    return cx, cy


def _inside(cx: np.ndarray, cy: np.ndarray, box: Box, slack: float = 0.0) -> np.ndarray:
    """Given char centres and a box, return which centres lie in the box (grown by slack)."""
    x0, top, x1, bottom = box
    return (cx >= x0 - slack) & (cx <= x1 + slack) & (cy >= top - slack) & (cy <= bottom + slack)


def bounding_box(boxes: Sequence[Box]) -> Box:
    """Given boxes, return the smallest box that holds them all."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def uncovered_glyphs(
    chars: Sequence[dict[str, Any]], boxes: Sequence[Box], regions: Sequence[Box]
) -> list[dict[str, Any]]:
    """Given a page's chars, its cell boxes and its table regions, return the glyphs in a region but in no cell.

    Only glyphs count: a space is no ink.
    """
    glyphs = [c for c in chars if c["text"].strip()]
    if not glyphs or not regions:
        return []
    cx, cy = centres(glyphs)
    in_region = np.zeros(len(glyphs), dtype=bool)
    for region in regions:
        in_region |= _inside(cx, cy, region, REGION_SLACK)
    in_cell = np.zeros(len(glyphs), dtype=bool)
    for box in boxes:
        in_cell |= _inside(cx, cy, box)
    return [glyphs[i] for i in np.flatnonzero(in_region & ~in_cell).tolist()]


def coverage_of(
    chars: Sequence[dict[str, Any]], boxes: Sequence[Box], regions: Sequence[Box], strategy: str
) -> Coverage:
    """Given a page's chars, its cell boxes, its table regions and the strategy, return the cells' coverage.

    The glyphs left out are given as the text of each line they make, top to bottom.
    """
    left = uncovered_glyphs(chars, boxes, regions)
    lines = cluster_objects(left, itemgetter("top"), LINE_TOLERANCE)
    text = tuple(line_words_text(sorted(line, key=itemgetter("x0"))) for line in lines)
    return Coverage(strategy, glyph_count(chars, regions), text, len(left))


def glyph_count(chars: Sequence[dict[str, Any]], regions: Sequence[Box]) -> int:
    """Given a page's chars and its table regions, return how many glyphs lie in the regions."""
    glyphs = [c for c in chars if c["text"].strip()]
    if not glyphs or not regions:
        return 0
    cx, cy = centres(glyphs)
    inside = np.zeros(len(glyphs), dtype=bool)
    for region in regions:
        inside |= _inside(cx, cy, region, REGION_SLACK)
    return int(inside.sum())


def cells_coverage(chars: Sequence[dict[str, Any]], cells: Sequence[Cell], strategy: str) -> Coverage:
    """Given a page's chars, the cells a strategy found and its name, return how well the cells hold the glyphs.

    Each table's region is the box around its cells.
    """
    tables: dict[int, list[Box]] = {}
    for cell in cells:
        tables.setdefault(cell.table, []).append((cell.x0, cell.top, cell.x1, cell.bottom))
    regions = [bounding_box(boxes) for boxes in tables.values()]
    boxes = [box for table in tables.values() for box in table]
    return coverage_of(chars, boxes, regions, strategy)
