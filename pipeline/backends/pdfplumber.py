"""pdfplumber backend: the ruled grid from the page's lines and rect edges.

Rules come as stroked lines, thin filled rectangles (browsers draw borders so) or the edges of
cell rectangles; pdfplumber's `lines` strategy reads them all as edges. A cell that a page break
cuts is often left open: its side rules run down to the page's last table row and no rule closes
it, so pdfplumber finds no cell there and its text would be lost. The backend checks its own
work: every glyph inside a table's region must land in a cell. When some do not and the frame is
open, the frame is closed where the verticals end, and the grid read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ._shared import (
    CUT_SLACK,
    chars_by_box,
    column_edges,
    falls_apart,
    hanging_glyphs,
    horizontal_rules,
    make_cell,
    open_bottoms,
)
from .base import Box, Cell, Coverage, PageCells
from .coverage import bounding_box, hung_coverage
from .fills import filled_boxes, shaded_boxes
from .open_ends import open_cell_floors
from .visibility import visible

if TYPE_CHECKING:
    from ..ingest import Document

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
MIN_TABLE_CELLS = 4
# A table's frame is open at an end when its vertical rules run on past its last cell by this much.
OPEN_FRAME_PT = 4.0
# Vertical rules shorter than this are not a table's side (a tick, a bar in a month cell).
MIN_SIDE_PT = 6.0
LINES = "lines"
CLOSED_FRAME = "lines+closed frame"
FLOORED_CELLS = "lines+closed cells"


@dataclass(frozen=True)
class _Grid:
    """The cell boxes of each table on a page, the tables' regions and the strategy that found them.

    `closed` holds where the frame was closed because no rule was drawn there.
    """

    tables: tuple[tuple[Box, ...], ...]
    regions: tuple[Box, ...]
    strategy: str
    closed: tuple[float, ...] = ()
    # Per table: the glyphs that hang below its last rule, by the index of the cell they overflow.
    hanging: tuple[dict[int, list[dict[str, Any]]], ...] = ()
    # Per table: the box its rules enclose, before hanging glyphs grow its region.
    frames: tuple[Box, ...] = ()
    # The rules drawn under cells left open, each under its own cell.
    floors: tuple[dict[str, Any], ...] = ()


def _page_tables(page: Any, settings: dict[str, Any]) -> list[tuple[Box, ...]]:
    """Given a pdfplumber page and table settings, return the cell boxes of each ruled table on it."""
    tables = page.find_tables(table_settings=settings)
    return [tuple(t.cells) for t in tables if len(t.cells) >= MIN_TABLE_CELLS]


def _sides(page: Any, box: Box) -> list[dict[str, Any]]:
    """Given a page and a table's box, return the vertical rules that start or end inside the table."""
    x0, top, x1, bottom = box
    return [
        e
        for e in page.edges
        if e["orientation"] == "v"
        and x0 - OPEN_FRAME_PT <= e["x0"] <= x1 + OPEN_FRAME_PT
        and e["bottom"] - e["top"] >= MIN_SIDE_PT
        and (top - OPEN_FRAME_PT <= e["top"] <= bottom or top <= e["bottom"] <= bottom + OPEN_FRAME_PT)
    ]


def _region(page: Any, box: Box) -> Box:
    """Given a page and a table's box, return the table's region: the box, out to where its side rules end.

    A rule that starts inside the table and runs below its last cell belongs to a cell the page
    break left open (and one that ends inside it and starts above, to a cell open at the top).
    """
    x0, top, x1, bottom = box
    sides = _sides(page, box)
    below = [e["bottom"] for e in sides if top - OPEN_FRAME_PT <= e["top"] <= bottom]
    above = [e["top"] for e in sides if top <= e["bottom"] <= bottom + OPEN_FRAME_PT]
    return (x0, min([top, *above]), x1, max([bottom, *below]))


def _grid(page: Any, settings: dict[str, Any], strategy: str) -> _Grid:
    """Given a page, table settings and the strategy's name, return the tables found and their regions."""
    tables = _page_tables(page, settings)
    frames = tuple(_region(page, bounding_box(boxes)) for boxes in tables)
    hung = [hanging_glyphs(page.chars, boxes, frame) for boxes, frame in zip(tables, frames, strict=True)]
    regions = tuple(region for _, region in hung)
    return _Grid(tuple(tables), regions, strategy, hanging=tuple(h for h, _ in hung), frames=frames)


def ruled_regions(page: Any) -> list[Box]:
    """Given a page, return the regions of its ruled tables: where every glyph must land in a cell.

    Another grid finder that reads only part of a table's rules (doubled borders) explains the
    part it found; the table's region as its rules draw it still holds the rest.
    """
    return list(_grid(page, TABLE_SETTINGS, LINES).regions)


def _frame_ends(grid: _Grid) -> list[float]:
    """Given a grid, return the top and bottom of each table's region: where its frame closes.

    At a page break the row that goes on is printed without its closing rule, and a merged cell
    that runs on has none under it, though the cells beside it are closed: the frame's rule is
    drawn there only in part, or not at all.
    """
    return sorted({end for frame in grid.frames for end in (frame[1], frame[3])})


def _coverage(page: Any, grid: _Grid) -> Coverage:
    """Given a page and a grid, return how well the grid's cells hold the glyphs of its table regions."""
    fills = filled_boxes(page.rects)
    return hung_coverage(page.chars, grid.tables, grid.hanging, grid.regions, grid.strategy, fills)


def _floored_grid(page: Any, grid: _Grid) -> _Grid:
    """Given a page and its ruled grid, return the grid read again with a floor under each cell left open."""
    floors = [floor for frame in grid.frames for floor in open_cell_floors(page.edges, frame)]
    if not floors:
        return grid
    floored = _grid(page, {**TABLE_SETTINGS, "explicit_horizontal_lines": floors}, FLOORED_CELLS)
    return replace(floored, floors=tuple(floors))


def _closed_grid(page: Any, grid: _Grid) -> _Grid:
    """Given a page and its grid, return it read again with a rule across each table's frame where its verticals end."""
    ends = _frame_ends(grid)
    settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": [*ends, *grid.floors]}
    return replace(_grid(page, settings, CLOSED_FRAME), closed=tuple(ends), floors=grid.floors)


def _best_grid(page: Any) -> tuple[_Grid, Coverage]:
    """Given a page, return the grid that explains it: the ruled one, or that one with its open cells closed.

    A cell whose side rules end on no rule gets a floor of its own (separated borders cut each
    cell at its own height; a cell that runs over a whole page has neither top nor bottom rule),
    else its text would hang on the cell above. Where glyphs are still in no cell, a rule is
    drawn across the frame where the verticals end. The grid that leaves the fewest glyphs out
    and holds the most wins; on a tie, the one that drew least.
    """
    grid = _grid(page, TABLE_SETTINGS, LINES)
    coverage = _coverage(page, grid)
    floored = _floored_grid(page, grid)
    # A floor under a cell beats text hung on the cell above it.
    candidates = [floored, grid] if floored is not grid else [grid]
    if not coverage.complete and grid.tables:
        candidates.append(_closed_grid(page, floored))
    read = [(candidate, coverage if candidate is grid else _coverage(page, candidate)) for candidate in candidates]
    return min(read, key=lambda pair: (pair[1].missed, -pair[1].held))


def _missing_rules(page: Any, grid: _Grid) -> list[float]:
    """Given a page and its grid, return the header's column edges that some body cell's text falls apart at."""
    found: set[float] = set()
    for boxes in grid.tables:
        edges = column_edges(boxes)
        spanning = [(box, [e for e in edges if box[0] + CUT_SLACK < e < box[2] - CUT_SLACK]) for box in boxes]
        spanning = [(box, inside) for box, inside in spanning if inside]
        texts = chars_by_box(page.chars, [box for box, _ in spanning])
        for (_, inside), chars in zip(spanning, texts, strict=True):
            found.update(e for e in inside if falls_apart(chars, e))
    return sorted(found)


def _explained_grid(page: Any) -> tuple[_Grid, Coverage]:
    """Given a page, return the grid that explains it, with the rules an office left out drawn in.

    Where a rule is missing inside a row group, the header's column edge is drawn through the
    table and the grid read again, so each row of the group gets its cells back.
    """
    grid, coverage = _best_grid(page)
    missing = _missing_rules(page, grid)
    if not missing:
        return grid, coverage
    settings = {**TABLE_SETTINGS, "explicit_vertical_lines": missing}
    if grid.closed or grid.floors:
        settings["explicit_horizontal_lines"] = [*grid.closed, *grid.floors]
    drawn = replace(_grid(page, settings, f"{grid.strategy}+header columns"), closed=grid.closed, floors=grid.floors)
    drawn_coverage = _coverage(page, drawn)
    if drawn_coverage.missed <= coverage.missed and drawn_coverage.held >= coverage.held:
        return drawn, drawn_coverage
    return grid, coverage


class PdfplumberBackend:
    """The grid from the page's ruling lines and rect edges, read while pdfplumber has the page parsed."""

    name = "pdfplumber"

    def read_page(self, page: Any, number: int) -> PageCells:
        """Given a pdfplumber page and its 1-based number, return its table cells and their coverage."""
        page = visible(page)
        grid, coverage = _explained_grid(page)
        fills = filled_boxes(page.rects)
        rules = horizontal_rules(page)
        cells: list[Cell] = []
        for index, (boxes, hanging, frame) in enumerate(zip(grid.tables, grid.hanging, grid.frames, strict=True)):
            texts = chars_by_box(page.chars, boxes)
            for owner, chars in hanging.items():
                texts[owner] = [*texts[owner], *chars]
            opens = open_bottoms(rules, frame, boxes, [floor["top"] for floor in grid.floors])
            for box, chars, shaded, is_open in zip(boxes, texts, shaded_boxes(boxes, fills), opens, strict=True):
                cells.append(replace(make_cell(number, index, box, chars, shaded), open_bottom=is_open))
        return PageCells(number, float(page.width), float(page.height), tuple(cells), coverage)

    def read_cells(self, document: Document, pages: Sequence[int]) -> list[PageCells]:
        """Given an opened document and 1-based page numbers, return the cells of each page."""
        return [self.read_page(document.pdf.pages[n - 1], n) for n in pages]
