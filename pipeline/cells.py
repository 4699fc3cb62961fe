"""Cells stage: given the LAMPIRAN pages of a PDF, return every table cell with its text and marks.

The backends in `pipeline.backends` find the cells behind one declared interface
(`backends.base`); this stage picks one by name, takes the cells a page reader already read
while the page split parsed the pages, and turns cells to and from the stage's interim frame.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from .backends import get_backend
from .backends.base import Cell, PageCells
from .domain import load_domain
from .text import resolve_cuts

if TYPE_CHECKING:
    from .ingest import Document


# The grid strategies tried, in order, on a page whose cells leave glyphs out.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "pdfplumber": ("camelot", "scan"),
    "camelot": ("pdfplumber", "scan"),
    "scan": (),
}


def extract_cells(
    document: Document, pages: Sequence[int], backend: str, read: Mapping[int, PageCells] | None = None
) -> list[PageCells]:
    """Given an opened document, page numbers, a backend name and the cells already read, return each page's cells.

    `read` holds what the backend's page reader returned while the page split parsed the
    pages; the backend reads the pages itself only when some are not there. A page whose
    cells leave glyphs of its table out is read again with the next strategies, and the
    reading that explains the page best is kept. Where a line of a cell may end inside a
    word, the words of the whole document decide (`text.resolve_cuts`).
    """
    if read is not None and all(number in read for number in pages):
        first = [read[number] for number in pages]
    else:
        first = get_backend(backend).read_cells(document, pages)
    return _cuts_resolved([_explained(document, page, FALLBACKS.get(backend, ())) for page in first])


def _cuts_resolved(pages: Sequence[PageCells]) -> list[PageCells]:
    """Given every page's cells, return them with each possible word cut resolved against the document's words."""
    texts = resolve_cuts([cell.text for page in pages for cell in page.cells], load_domain().word_suffixes)
    resolved = iter(texts)
    return [replace(page, cells=tuple(replace(cell, text=next(resolved)) for cell in page.cells)) for page in pages]


def _explains_better(other: PageCells, best: PageCells) -> bool:
    """Given two readings of a page, return whether the first leaves less ink out and holds no fewer glyphs."""
    if other.coverage is None or best.coverage is None:
        return False
    return other.coverage.missed < best.coverage.missed and other.coverage.held >= best.coverage.held


def _explained(document: Document, page: PageCells, fallbacks: Sequence[str]) -> PageCells:
    """Given a page's cells and the backends to fall back on, return the reading that explains the page best."""
    best = page
    for name in fallbacks:
        if best.coverage is None or best.coverage.complete:
            break
        other = get_backend(name).read_cells(document, [page.page])[0]
        if _explains_better(other, best):
            best = other
    return best


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
