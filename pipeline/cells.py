"""Cells stage: given the LAMPIRAN pages of a PDF, return every table cell with its text and marks.

The backends in `pipeline.backends` find the cells behind one declared interface
(`backends.base`); this stage picks one by name, takes the cells a page reader already read
while the page split parsed the pages, and turns cells to and from the stage's interim frame.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import pandas as pd

from .backends import get_backend
from .backends.base import Cell, PageCells

if TYPE_CHECKING:
    from .ingest import Document


def extract_cells(
    document: Document, pages: Sequence[int], backend: str, read: Mapping[int, PageCells] | None = None
) -> list[PageCells]:
    """Given an opened document, page numbers, a backend name and the cells already read, return each page's cells.

    `read` holds what the backend's page reader returned while the page split parsed the
    pages; the backend reads the pages itself only when some are not there.
    """
    if read is not None and all(number in read for number in pages):
        return [read[number] for number in pages]
    return get_backend(backend).read_cells(document, pages)


def cells_to_frame(pages: Sequence[PageCells]) -> pd.DataFrame:
    """Given the cells of every page, return them as one frame (the stage's interim artifact)."""
    cells = [cell for page in pages for cell in page.cells]
    return pd.DataFrame({f.name: [getattr(cell, f.name) for cell in cells] for f in fields(Cell)})


def frame_to_cells(frame: pd.DataFrame, sizes: Mapping[int, tuple[float, float]]) -> list[PageCells]:
    """Given a frame written by `cells_to_frame` and page sizes, return the per-page cells."""
    by_page: dict[int, list[Cell]] = {p: [] for p in sizes}
    for record in frame.to_dict("records"):
        values: dict[str, Any] = {k: (None if pd.isna(v) else v) for k, v in record.items()}
        cell = Cell(**values)
        by_page.setdefault(cell.page, []).append(cell)
    return [PageCells(p, sizes[p][0], sizes[p][1], tuple(cells)) for p, cells in sorted(by_page.items())]


__all__ = ["Cell", "PageCells", "cells_to_frame", "extract_cells", "frame_to_cells"]
