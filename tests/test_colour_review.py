"""Stamp ink left out of a colour scan, shading kept; a scan's least sure OCR cells listed for review."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from reportlab.pdfgen.canvas import Canvas

from pipeline.backends.base import Cell, PageCells
from pipeline.backends.blots import has_mark, ink_blots
from pipeline.backends.colour_ink import print_grey, stamp_ink
from pipeline.backends.scan import darkness, is_shaded_inside
from pipeline.render.report import render_report
from pipeline.render.review import MAX_REVIEW, REVIEW_BELOW, cells_to_review, review_cells
from tests.fixtures.render import DECREE, make_plan

SCALE = 200 / 72
VIOLET = (92, 64, 186)
CELLS = [(10, 10, 60, 50), (60, 10, 110, 50), (110, 10, 160, 50)]  # three month cells side by side


def _page(fill_middle: tuple[int, int, int] | None = None) -> np.ndarray:
    """A white RGB strip of three bordered month cells; a black tick in the first."""
    rgb = np.full((60, 170, 3), 255, np.uint8)
    if fill_middle is not None:
        rgb[10:50, 60:110] = fill_middle
    for x0, top, x1, bottom in CELLS:
        cv2.rectangle(rgb, (x0, top), (x1, bottom), (0, 0, 0), 2)
    cv2.line(rgb, (28, 30), (33, 37), (0, 0, 0), 2)
    cv2.line(rgb, (33, 37), (43, 20), (0, 0, 0), 2)
    return rgb


def _stamped(rgb: np.ndarray) -> np.ndarray:
    """The strip with a violet ring pressed over all three cells (multiplied over the print)."""
    ink = np.full(rgb.shape, 255, np.uint8)
    cv2.circle(ink, (85, 30), 26, VIOLET, 3)
    cv2.line(ink, (70, 22), (100, 38), VIOLET, 3)
    return (rgb.astype(np.uint16) * ink // 255).astype(np.uint8)


def _marks(grey: np.ndarray) -> list[bool]:
    return [has_mark(ink_blots(darkness(grey, box, SCALE)), "", SCALE) for box in CELLS]


def test_a_stamp_over_month_cells_is_no_mark_and_leaves_the_real_mark() -> None:
    clean, stamped = _page(), _stamped(_page())
    assert _marks(cv2.cvtColor(stamped, cv2.COLOR_RGB2GRAY)) != [True, False, False], "read as grey, the stamp marks"
    assert _marks(print_grey(stamped, SCALE)) == _marks(cv2.cvtColor(clean, cv2.COLOR_RGB2GRAY)) == [True, False, False]


def test_a_coloured_fill_is_shading_not_stamp_ink_even_under_a_stamp() -> None:
    yellow, blue = (255, 255, 0), (189, 215, 238)
    for fill in (yellow, blue):
        page = _stamped(_page(fill))
        grey = print_grey(page, SCALE)
        assert not stamp_ink(_page(fill), SCALE)[12:48, 62:108].any()
        assert is_shaded_inside(darkness(grey, CELLS[1], SCALE)), fill
        assert not is_shaded_inside(darkness(grey, CELLS[2], SCALE))


def _cell(page: int, text: str, confidence: float | None, x0: float = 20.0) -> Cell:
    return Cell(page, 0, x0, 20.0, x0 + 60.0, 40.0, text, ocr_confidence=confidence)


def test_the_review_list_holds_the_least_sure_ocr_cells_first_and_no_more_than_its_limit() -> None:
    cells = [_cell(1, f"sel {i}", 0.30 + i / 100) for i in range(MAX_REVIEW + 5)]
    cells += [_cell(1, "yakin", 0.99), _cell(1, "digital", None), _cell(1, "", 0.1)]
    chosen = cells_to_review([PageCells(1, 200.0, 100.0, tuple(cells))])
    assert [c.text for c in chosen] == [f"sel {i}" for i in range(MAX_REVIEW)]
    assert all(c.ocr_confidence is not None and c.ocr_confidence < REVIEW_BELOW for c in chosen)


def test_the_review_list_shows_each_cell_with_its_crop_in_report_html(tmp_path: Path) -> None:
    pdf = tmp_path / "one.pdf"
    canvas = Canvas(str(pdf), pagesize=(200, 100), invariant=1)
    canvas.drawString(25, 65, "Evaluasl")
    canvas.showPage()
    canvas.save()
    review = review_cells(pdf, [PageCells(1, 200.0, 100.0, (_cell(1, "Evaluasl", 0.41),))])
    assert len(review) == 1 and review[0].png.startswith(b"\x89PNG")
    page = render_report(make_plan([]), DECREE, [], [], review)
    listed = page.split('id="perlu-diperiksa"')[1].split("<h2")[0]
    assert "Evaluasl" in listed and "data:image/png;base64," in listed and "41%" in listed
    assert "Perlu diperiksa" not in render_report(make_plan([]), DECREE, [], [])
