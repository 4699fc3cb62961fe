"""pdfplumber backend: the ruled grid from the page's lines and rect edges."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._shared import Box, chars_by_box, filled_boxes, make_cell, shaded_boxes
from .base import Cell, PageCells

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


def _page_tables(page: Any) -> list[list[Box]]:
    """Given a pdfplumber page, return the cell boxes of each ruled table on it."""
    tables = page.find_tables(table_settings=TABLE_SETTINGS)
    return [list(t.cells) for t in tables if len(t.cells) >= MIN_TABLE_CELLS]


class PdfplumberBackend:
    """The grid from the page's ruling lines and rect edges, read while pdfplumber has the page parsed."""

    name = "pdfplumber"

    def read_page(self, page: Any, number: int) -> PageCells:
        """Given a pdfplumber page and its 1-based number, return its table cells."""
        fills = filled_boxes(page.rects)
        cells: list[Cell] = []
        for index, boxes in enumerate(_page_tables(page)):
            texts = chars_by_box(page.chars, boxes)
            for box, chars, shaded in zip(boxes, texts, shaded_boxes(boxes, fills), strict=True):
                cells.append(make_cell(number, index, box, chars, shaded))
        return PageCells(number, float(page.width), float(page.height), tuple(cells))

    def read_cells(self, document: Document, pages: Sequence[int]) -> list[PageCells]:
        """Given an opened document and 1-based page numbers, return the cells of each page."""
        return [self.read_page(document.pdf.pages[n - 1], n) for n in pages]
