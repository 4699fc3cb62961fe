"""Cells stage: given the LAMPIRAN pages of a PDF, return every table cell with its text and marks.

Backends live in `pipeline.backends` behind one small interface and are chosen by name from
`BACKENDS`; all of them return the same `Cell` records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from .domain import load_domain


@dataclass(frozen=True)
class Cell:
    """One table cell on one page: its box in PDF points (top-left origin), text and marks."""

    page: int
    table: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    shaded: bool = False
    mark: bool = False
    text_bottom: float | None = None
    line_height: float | None = None
    last_line_width: float | None = None

    @property
    def width(self) -> float:
        """Return the cell's width."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Return the cell's height."""
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        """Return the cell's horizontal centre."""
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class PageCells:
    """The cells one backend found on one page, with the page's size."""

    page: int
    width: float
    height: float
    cells: tuple[Cell, ...]


# Given an opened document and 1-based page numbers, return the cells of each page.
Backend = Callable[[Any, Sequence[int]], list[PageCells]]
# Given a parsed pdfplumber page and its 1-based number, return its cells.
PageReader = Callable[[Any, int], PageCells]


def is_mark_text(text: str) -> bool:
    """Given a cell's text, return whether it is a month mark (√ ✓ v x • ...)."""
    stripped = "".join(text.split())
    return bool(stripped) and all(ch in load_domain().month_marks for ch in stripped)


def cells_to_frame(pages: Sequence[PageCells]) -> pd.DataFrame:
    """Given the cells of every page, return them as one frame (the stage's interim artifact)."""
    cells = [cell for page in pages for cell in page.cells]
    return pd.DataFrame({f.name: [getattr(cell, f.name) for cell in cells] for f in fields(Cell)})


def frame_to_cells(frame: pd.DataFrame, sizes: dict[int, tuple[float, float]]) -> list[PageCells]:
    """Given a frame written by `cells_to_frame` and page sizes, return the per-page cells."""
    by_page: dict[int, list[Cell]] = {p: [] for p in sizes}
    for record in frame.to_dict("records"):
        values: dict[str, Any] = {k: (None if pd.isna(v) else v) for k, v in record.items()}
        cell = Cell(**values)
        by_page.setdefault(cell.page, []).append(cell)
    return [PageCells(p, sizes[p][0], sizes[p][1], tuple(cells)) for p, cells in sorted(by_page.items())]


def extract_cells(document: Any, pages: Sequence[int], backend: str) -> list[PageCells]:
    """Given an open document, 1-based page numbers and a backend name, return the cells per page."""
    from .backends import backend_cells

    return backend_cells(backend)(document, pages)
