"""camelot backend: the ruled grid found by camelot's lattice flavor (line detection on the page image).

camelot returns a full grid whose cells carry border flags; cells with no border between them are
one merged cell, so the grid is folded back into merged cells here. Each cell's text, fill, text
geometry and whether the producer left it open at the table's end are then read from the page
objects pdfplumber already parsed, as in the other backend, so the two backends differ only in
how they find the grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ._shared import (
    GridPos,
    chars_by_box,
    filled_boxes,
    horizontal_rules,
    is_shaded,
    make_cell,
    merged_groups,
    open_bottoms,
)
from .base import Box, Cell, PageCells
from .coverage import cells_coverage

if TYPE_CHECKING:
    from ..ingest import Document

LATTICE_SETTINGS: dict[str, Any] = {"line_scale": 40}
LATTICE = "camelot lattice"


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


def _table_cells(table: Any, page: Any, number: int, index: int) -> list[Cell]:
    """Given one camelot table and its pdfplumber page, return the merged cells."""
    height = float(page.height)
    groups = _merged(table.cells)
    boxes = [_group_box(table.cells, g, height) for g in groups]
    fills = filled_boxes(page.rects)
    frame = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    opens = open_bottoms(horizontal_rules(page), frame, boxes) if boxes else []
    cells = []
    for box, chars, is_open in zip(boxes, chars_by_box(page.chars, boxes), opens, strict=True):
        cells.append(replace(make_cell(number, index, box, chars, is_shaded(box, fills)), open_bottom=is_open))
    return cells


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
        found: dict[int, list[Cell]] = {n: [] for n in pages}
        for table in tables:
            number = int(table.page)
            page = document.pdf.pages[number - 1]
            found[number].extend(_table_cells(table, page, number, len({c.table for c in found[number]})))
        return [
            PageCells(
                n,
                *document.page_size(n),
                tuple(found[n]),
                cells_coverage(document.pdf.pages[n - 1].chars, found[n], LATTICE),
            )
            for n in pages
        ]
