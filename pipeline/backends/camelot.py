"""camelot backend: the ruled grid found by camelot's lattice flavor (line detection on the page image).

camelot returns a full grid whose cells carry border flags; cells with no border between them are
one merged cell, so the grid is folded back into merged cells here. Each cell's text, fill and
text geometry are then read from the page objects pdfplumber already parsed, as in the other
backend, so the two backends differ only in how they find the grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..cells import Cell, PageCells
from ._shared import Box, chars_by_box, filled_boxes, is_shaded, make_cell

LATTICE_SETTINGS: dict[str, Any] = {"line_scale": 40}
GridPos = tuple[int, int]


def _find(parent: dict[GridPos, GridPos], pos: GridPos) -> GridPos:
    """Given a union-find parent map and a position, return the position's root."""
    while parent[pos] != pos:
        parent[pos] = parent[parent[pos]]
        pos = parent[pos]
    return pos


def _merged_groups(grid: list[list[Any]]) -> list[list[GridPos]]:
    """Given camelot's cell grid, return the grid positions of each merged cell."""
    parent = {(r, c): (r, c) for r, row in enumerate(grid) for c in range(len(row))}
    for r, c in list(parent):
        cell = grid[r][c]
        if not cell.bottom and r + 1 < len(grid):
            parent[_find(parent, (r + 1, c))] = _find(parent, (r, c))
        if not cell.right and c + 1 < len(grid[r]):
            parent[_find(parent, (r, c + 1))] = _find(parent, (r, c))
    groups: dict[GridPos, list[GridPos]] = {}
    for pos in parent:
        groups.setdefault(_find(parent, pos), []).append(pos)
    return sorted(groups.values(), key=min)


def _group_box(grid: list[list[Any]], group: list[GridPos], page_height: float) -> Box:
    """Given a merged group, return its box in top-left-origin points."""
    cells = [grid[r][c] for r, c in group]
    x0, x1 = min(c.x1 for c in cells), max(c.x2 for c in cells)
    y_low, y_high = min(c.y1 for c in cells), max(c.y2 for c in cells)
    return (x0, page_height - y_high, x1, page_height - y_low)


def _table_cells(table: Any, page: Any, number: int, index: int) -> list[Cell]:
    """Given one camelot table and its pdfplumber page, return the merged cells."""
    height = float(page.height)
    groups = _merged_groups(table.cells)
    boxes = [_group_box(table.cells, g, height) for g in groups]
    fills = filled_boxes(page.rects)
    cells = []
    for box, chars in zip(boxes, chars_by_box(page.chars, boxes), strict=True):
        cells.append(make_cell(number, index, box, chars, is_shaded(box, fills)))
    return cells


def read_cells(document: Any, pages: Sequence[int]) -> list[PageCells]:
    """Given an open document and 1-based page numbers, return the cells camelot finds."""
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
        PageCells(n, float(document.pdf.pages[n - 1].width), float(document.pdf.pages[n - 1].height), tuple(found[n]))
        for n in pages
    ]
