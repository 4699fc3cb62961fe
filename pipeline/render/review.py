"""The cells to check by eye: a scan's lowest-confidence OCR cells, each with its image.

An analyst can check ten flagged cells, not a hundred rows. The cells whose OCR was least sure
(lowest word confidence, under REVIEW_BELOW) are listed in report.html's "Perlu diperiksa", at
most MAX_REVIEW of them, each with its crop of the page image beside the text read. The crops
are embedded in the page (data: URIs), so the report still shows them wherever it is moved.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..backends.base import Cell, PageCells

# A cell is listed when its lowest word confidence is under this (0..1).
REVIEW_BELOW = 0.75
MAX_REVIEW = 20
CROP_DPI = 150
CROP_MARGIN_PT = 2.0
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class ReviewCell:
    """One cell to check: its page, the text read, the OCR's lowest word confidence and its crop (PNG)."""

    page: int
    text: str
    confidence: float
    png: bytes


def cells_to_review(pages: Sequence[PageCells], limit: int = MAX_REVIEW) -> list[Cell]:
    """Given every table page's cells, return the OCR'd cells under REVIEW_BELOW, least sure first, at most limit."""
    doubtful = [
        c for p in pages for c in p.cells if c.ocr_confidence is not None and c.ocr_confidence < REVIEW_BELOW and c.text
    ]
    return sorted(doubtful, key=lambda c: (c.ocr_confidence, c.page, c.top, c.x0))[:limit]


def _crop_png(image: Any, cell: Cell) -> bytes:
    """Given a page rendered at CROP_DPI (PIL) and a cell on it, return the cell's region as PNG bytes."""
    scale = CROP_DPI / POINTS_PER_INCH
    box = (cell.x0 - CROP_MARGIN_PT, cell.top - CROP_MARGIN_PT, cell.x1 + CROP_MARGIN_PT, cell.bottom + CROP_MARGIN_PT)
    buffer = io.BytesIO()
    image.crop(tuple(round(v * scale) for v in box)).convert("L").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def review_cells(path: Path, pages: Sequence[PageCells]) -> tuple[ReviewCell, ...]:
    """Given the (OCR'd) PDF the cells were read from and every table page's cells, return the cells to check."""
    chosen = cells_to_review(pages)
    if not chosen:
        return ()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        scale = CROP_DPI / POINTS_PER_INCH
        images = {n: pdf[n - 1].render(scale=scale).to_pil() for n in sorted({c.page for c in chosen})}
        return tuple(
            ReviewCell(c.page, c.text, float(c.ocr_confidence or 0.0), _crop_png(images[c.page], c)) for c in chosen
        )
    finally:
        pdf.close()
