"""camelot backend: the ruled grid found by camelot's lattice flavor (line detection on the page image).

camelot returns a full grid whose cells carry border flags; cells with no border between them are
one merged cell, so the grid is folded back into merged cells here. Each cell's text, fill, text
geometry and whether the producer left it open at the table's end are then read from the page
objects pdfplumber already parsed, as in the other backend, so the two backends differ only in
how they find the grid.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ._shared import (
    GridPos,
    chars_by_box,
    hanging_glyphs,
    horizontal_rules,
    make_cell,
    merged_groups,
    open_bottoms,
    split_at_rules,
    split_where_text_parts,
)
from .base import Box, Cell, PageCells
from .coverage import bounding_box, hung_coverage
from .fills import filled_boxes, is_shaded
from .pdfplumber import ruled_regions
from .visibility import visible

if TYPE_CHECKING:
    from ..ingest import Document

LATTICE_SETTINGS: dict[str, Any] = {"line_scale": 40}
LATTICE = "camelot lattice"
# Points a fill's edge must lie inside a cell to split it there.
MIN_SPLIT_PT = 2.0


def _merged(grid: list[list[Any]]) -> list[list[GridPos]]:
    """Given camelot's cell grid, return the grid positions of each merged cell (no border between them)."""
    return merged_groups(
        len(grid), len(grid[0]) if grid else 0, lambda r, c: not grid[r][c].right, lambda r, c: not grid[r][c].bottom
    )


def _group_box(grid: list[list[Any]], group: list[GridPos], page_height: float) -> Box:
    """Given a merged group, return its box in top-left-origin points."""
    cells = [grid[r][c] for r, c in group]
    x0, x1 = min(c.x1 for c in cells), max(c.x2 for c in cells)
    y_low, y_high = min(c.y1 for c in cells), max(c.y2 for c in cells)
    return (x0, page_height - y_high, x1, page_height - y_low)


@dataclass(frozen=True)
class _Table:
    """One camelot table read back: its cells, their boxes, the glyphs hanging below it and its region."""

    cells: tuple[Cell, ...]
    boxes: tuple[Box, ...]
    hanging: dict[int, list[dict[str, Any]]]
    region: Box


def _split_at_fills(boxes: Sequence[Box], texts: Sequence[Sequence[dict[str, Any]]], fills: Sequence[Box]) -> list[Box]:
    """Given cell boxes, their chars and the page's fills, return the boxes with each empty one split where a fill ends.

    The edges of a filled rectangle are rules to pdfplumber but too faint for camelot's line
    finder: a spreadsheet that shades months with no borders between them ("month bars") prints
    a row's twelve month cells as one, in which a fill covers the months scheduled.
    """
    out: list[Box] = []
    for box, chars in zip(boxes, texts, strict=True):
        x0, top, x1, bottom = box
        cuts: set[float] = set()
        if not any(c["text"].strip() for c in chars):
            for f in fills:
                if min(f[3], bottom) - max(f[1], top) > 0.5 * (bottom - top):
                    cuts.update(x for x in (f[0], f[2]) if x0 + MIN_SPLIT_PT < x < x1 - MIN_SPLIT_PT)
        edges = [x0, *sorted(cuts), x1]
        out.extend((a, top, b, bottom) for a, b in itertools.pairwise(edges))
    return out


def _read_table(table: Any, page: Any, number: int, index: int) -> _Table:
    """Given one camelot table and its pdfplumber page, return its merged cells and what hangs below it."""
    height = float(page.height)
    fills = filled_boxes(page.rects)
    found = [_group_box(table.cells, g, height) for g in _merged(table.cells)]
    found = split_at_rules(_split_at_fills(found, chars_by_box(page.chars, found), fills), horizontal_rules(page))
    boxes = tuple(split_where_text_parts(found, chars_by_box(page.chars, found)))
    frame = bounding_box(boxes)
    hanging, region = hanging_glyphs(page.chars, boxes, frame)
    texts = chars_by_box(page.chars, boxes)
    for owner, glyphs in hanging.items():
        texts[owner] = [*texts[owner], *glyphs]
    opens = open_bottoms(horizontal_rules(page), frame, boxes)
    cells = tuple(
        replace(make_cell(number, index, box, chars, is_shaded(box, fills)), open_bottom=is_open)
        for box, chars, is_open in zip(boxes, texts, opens, strict=True)
    )
    return _Table(cells, boxes, hanging, region)


def _page_cells(page: Any, number: int, tables: Sequence[_Table]) -> PageCells:
    """Given a page, its number and the tables read on it, return the page's cells and their coverage."""
    coverage = hung_coverage(
        page.chars,
        [t.boxes for t in tables],
        [t.hanging for t in tables],
        [*(t.region for t in tables), *ruled_regions(page)],
        LATTICE,
        filled_boxes(page.rects),
    )
    return PageCells(number, float(page.width), float(page.height), tuple(c for t in tables for c in t.cells), coverage)


class CamelotBackend:
    """The grid from camelot's lattice line detection; text and fills from pdfplumber's page objects."""

    name = "camelot"

    def read_cells(self, document: Document, pages: Sequence[int]) -> list[PageCells]:
        """Given an opened document and 1-based page numbers, return the cells camelot finds."""
        import camelot

        if not pages:
            return []
        spec = ",".join(str(n) for n in pages)
        tables = camelot.read_pdf(str(document.path), pages=spec, flavor="lattice", **LATTICE_SETTINGS)
        found: dict[int, list[_Table]] = {n: [] for n in pages}
        seen = {n: visible(document.pdf.pages[n - 1]) for n in pages}
        for table in tables:
            number = int(table.page)
            if table.cells and table.cells[0]:
                found[number].append(_read_table(table, seen[number], number, len(found[number])))
        return [_page_cells(seen[n], n, found[n]) for n in pages]
