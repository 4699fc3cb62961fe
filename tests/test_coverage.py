"""The cells stage checks itself: every glyph of a table lands in a cell, or the plan is refused naming it."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

import pipeline.backends.pdfplumber as pdfplumber_backend
import pipeline.cells as cells_stage
from pipeline.backends.base import Coverage
from pipeline.backends.pdfplumber import PdfplumberBackend
from pipeline.config import ExtractSettings
from pipeline.errors import ValidationFailed
from pipeline.pdfopen import open_pdf
from pipeline.runner import coverage_failures, extract

# Column edges in points: NO, AREA, KEGIATAN, SUB KEGIATAN, INDIKATOR, 12 months, KET.
EDGES = [40, 70, 170, 270, 370, 490, *(490 + 18 * m for m in range(1, 13)), 800]
HEADINGS = ["NO", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN"]
TOP = 80.0
HEADER = 30.0
ROW = 40.0
# The open row's merged cells are cut by the page break: their text sits under the last rule.
OPEN_AREA = "Penguatan SDM ASN"


def _y(page_height: float, top: float) -> float:
    """Given a top-left y, return reportlab's bottom-left y."""
    return page_height - top


def _open_table_pdf(path: Path) -> Path:
    """Write a one-page plan table whose last row runs on past the page: side rules, no closing rule."""
    width, height = landscape(A4)
    c = Canvas(str(path), pagesize=(width, height), invariant=1)
    c.setFont("Helvetica", 7)
    rows = [TOP, TOP + HEADER, TOP + HEADER + ROW]
    open_bottom = rows[-1] + ROW
    # Each cell's rule is drawn on its own, as word processors and browsers draw them.
    for top in rows:
        for left, right in pairwise(EDGES):
            c.line(left, _y(height, top), right, _y(height, top))
    for x in EDGES:
        c.line(x, _y(height, TOP), x, _y(height, open_bottom))
    for x, text in zip(EDGES, HEADINGS, strict=False):
        c.drawString(x + 2, _y(height, TOP + 12), text)
    c.drawString(EDGES[5] + 2, _y(height, TOP + 12), "PELAKSANAAN")
    c.drawString(EDGES[-2] + 2, _y(height, TOP + 12), "KET")
    body = rows[1] + 12
    for x, text in zip(
        EDGES, ["1", "Manajemen Perubahan", "Penyusunan Tim", "Pembentukan Tim", "SK Tim RB"], strict=False
    ):
        c.drawString(x + 2, _y(height, body), text)
    cut = rows[2] + 12
    for x, text in zip(EDGES, ["2", OPEN_AREA, "Sistem Merit"], strict=False):
        c.drawString(x + 2, _y(height, cut), text)
    c.showPage()
    c.save()
    return path


def _page_cells(path: Path) -> tuple[Coverage | None, list[str]]:
    """Given a one-page PDF, return its coverage and its cells' texts as the pdfplumber backend reads them."""
    pdf = open_pdf(path)
    try:
        page = PdfplumberBackend().read_page(pdf.pages[0], 1)
    finally:
        pdf.close()
    return page.coverage, [cell.text for cell in page.cells]


def test_the_open_cells_at_the_page_break_get_floors_so_their_text_lands_in_cells(tmp_path: Path) -> None:
    coverage, texts = _page_cells(_open_table_pdf(tmp_path / "open.pdf"))
    assert coverage is not None and coverage.complete
    assert coverage.strategy == pdfplumber_backend.FLOORED_CELLS
    assert OPEN_AREA in texts


def test_without_floors_the_open_frame_is_closed_so_its_text_lands_in_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfplumber_backend, "open_cell_floors", lambda edges, frame: [])
    coverage, texts = _page_cells(_open_table_pdf(tmp_path / "open.pdf"))
    assert coverage is not None and coverage.complete
    assert coverage.strategy == pdfplumber_backend.CLOSED_FRAME
    assert OPEN_AREA in texts


def test_without_closing_the_frame_the_text_is_reported_as_in_no_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfplumber_backend, "_frame_ends", lambda grid: [])
    monkeypatch.setattr(pdfplumber_backend, "open_cell_floors", lambda edges, frame: [])
    coverage, texts = _page_cells(_open_table_pdf(tmp_path / "open.pdf"))
    assert coverage is not None and not coverage.complete
    assert OPEN_AREA not in " ".join(texts)
    assert any(OPEN_AREA in line for line in coverage.uncovered)
    assert coverage.left_out == sum(len(line.replace(" ", "")) for line in coverage.uncovered)


def test_a_plan_whose_table_text_is_partly_in_no_cell_is_refused_naming_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No strategy is left that could explain the page: the grid leaves the cut row's text out.
    monkeypatch.setattr(pdfplumber_backend, "_frame_ends", lambda grid: [])
    monkeypatch.setattr(pdfplumber_backend, "open_cell_floors", lambda edges, frame: [])
    monkeypatch.setattr(cells_stage, "FALLBACKS", {})
    pdf = _open_table_pdf(tmp_path / "open.pdf")
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed, match=r'text in no cell on page 1: "2 Penguatan SDM ASN Sistem Merit"'):
        extract(pdf, out, ExtractSettings(charts=False), tmp_path / "interim")
    assert not (out / "open").exists()


def test_coverage_failures_name_each_page_and_its_first_words() -> None:
    complete = Coverage("lines", 120)
    left = Coverage("lines", 120, ("2 Penguatan Sistem Manajemen SDM ASN", "1. Pembangunan Sistem Merit dan"), 40)
    assert coverage_failures({3: complete, 5: left}) == [
        'text in no cell on page 5: "2 Penguatan Sistem Manajemen SDM ASN 1. Pembangunan ..."'
    ]


def test_text_in_a_cell_that_reached_no_row_is_named() -> None:
    from pipeline.backends.base import Cell
    from pipeline.rows import TableRead
    from pipeline.runner import unplaced_failures

    stray = Cell(7, 0, 10, 10, 50, 20, "Kinerja a. JF Analis Pengelola Keuangan")
    empty = Cell(7, 0, 50, 10, 90, 20, "")
    used = Cell(7, 0, 90, 10, 130, 20, "Adanya SK Tim")
    table = TableRead((), (), {stray: "unused", empty: "unused", used: "body"})
    assert unplaced_failures(table) == ['text in no row on page 7: "Kinerja a. JF Analis Pengelola Keuangan"']


def test_a_shaded_mark_in_no_cell_leaves_the_page_unexplained() -> None:
    from pipeline.backends.coverage import coverage_of

    cells = [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0)]
    region = [(0.0, 0.0, 100.0, 40.0)]
    month_bar = (60.0, 24.0, 72.0, 36.0)
    border = (0.0, 19.6, 100.0, 20.4)  # a rule drawn as a thin filled rectangle
    assert coverage_of([], cells, region, "lines", [border]).complete
    left = coverage_of([], cells, region, "lines", [border, month_bar])
    assert left.marks_left_out == 1 and not left.complete
    assert coverage_failures({4: left}) == ["1 shaded marks in no cell on page 4"]


def test_text_in_a_month_cell_that_is_no_mark_is_named() -> None:
    from conftest import cell, header, months, page_cells

    from pipeline.rows import read_table
    from pipeline.runner import unplaced_failures

    head, top = header(3)
    body = [
        cell(3, "no", top, top + 20, "1"),
        cell(3, "area", top, top + 20, "Manajemen Perubahan"),
        cell(3, "kegiatan", top, top + 20, "1. Pembentukan Tim"),
        cell(3, "sub", top, top + 20, "1. Penyusunan SK"),
        cell(3, "indikator", top, top + 20, "SK Tim RB"),
        *months(3, top, top + 20, [1])[:11],
        cell(3, "m12", top, top + 20, "Catatan"),
        cell(3, "ket", top, top + 20, "SK"),
    ]
    table = read_table([page_cells(3, head + body)])
    assert unplaced_failures(table) == ['text in no row on page 3: "Catatan"']


def test_text_painted_invisibly_over_a_drawn_table_is_not_read(tmp_path: Path) -> None:
    # A born-digital page run through OCR carries its text twice: printed, and in render mode 3.
    path = _open_table_pdf(tmp_path / "open.pdf")
    from pikepdf import Pdf

    with Pdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"BT 3 Tr /F1 7 Tf 175 465 Td (Tersembunyi) Tj ET"), prepend=False)
        pdf.save(path)
    coverage, texts = _page_cells(path)
    assert coverage is not None and coverage.complete
    assert OPEN_AREA in texts
    assert not any("Tersembunyi" in t for t in texts)


@pytest.mark.parametrize(
    ("content", "hidden"),
    [
        (b"BT 1 1 1 rg /F1 7 Tf 175 465 Td (Tersembunyi) Tj ET", "white on the white page"),
        (b"BT /F1 7 Tf 175 465 Td (Tersembunyi) Tj ET 0 0 0 rg 170 455 80 20 re f", "under a box painted after it"),
    ],
    ids=["white", "covered"],
)
def test_text_no_reader_sees_is_not_read(content: bytes, hidden: str, tmp_path: Path) -> None:
    from pikepdf import Pdf

    path = _open_table_pdf(tmp_path / "open.pdf")
    with Pdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(content), prepend=False)
        pdf.save(path)
    _, texts = _page_cells(path)
    assert OPEN_AREA in " ".join(texts)
    assert not any("Tersembunyi" in t for t in texts), hidden


def test_white_text_on_a_dark_fill_painted_before_it_is_read(tmp_path: Path) -> None:
    from pikepdf import Pdf

    path = _open_table_pdf(tmp_path / "open.pdf")
    content = b"0.2 0.2 0.6 rg 170 455 80 20 re f BT 1 1 1 rg /F1 7 Tf 175 465 Td (Terlihat) Tj ET"
    with Pdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(content), prepend=False)
        pdf.save(path)
    _, texts = _page_cells(path)
    assert any("Terlihat" in t for t in texts)
