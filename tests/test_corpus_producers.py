"""The corpus PDFs of the other producers are what they claim to be.

Spreadsheets printed by LibreOffice Calc carry the seed's every indikator, their paper, their
repeated heading rows and month marks; the workbook is merged, ruled and set up for print as a
clerk sets it; rotated copies are stored portrait with /Rotate 90 or 270 and show exactly as
their source; the scan with an OCR layer holds page images and invisible text over them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from tests.fixtures.corpus import (
    CALC,
    CORPUS,
    FIXTURES,
    OCR_LAYER,
    ROTATE,
    Fixture,
    available,
    build_corpus,
    missing_tool,
    plan_rows,
)
from tests.fixtures.layouts import CALC_LEGAL_OPEN_RULES, OPEN_RULES_SHEET
from tests.fixtures.plans import PlanRow
from tests.fixtures.rotate import turn_matrix
from tests.fixtures.typeset import PAGE_SIZES, Layout, MonthMark
from tests.fixtures.typeset_xlsx import PAPER_CODES, build_workbook

CALC_FIXTURES = [f for f in CORPUS if f.engine == CALC]
CALC_FILLED = [f for f in CALC_FIXTURES if f.layout.month_mark.fill is not None]
ROTATED = [f for f in CORPUS if f.derivation is not None and f.derivation.step == ROTATE]
OCR_LAYERED = [f for f in CORPUS if f.derivation is not None and f.derivation.step == OCR_LAYER]
# Excel's Folio, on which F4 is printed, is 8.5 x 13 in.
PRINTED_PAPER = {**PAGE_SIZES, "F4": (612.0, 936.0)}
PAPER_TOLERANCE = 1.0
RENDER_DPI = 30
PDFIUM_LINE_END_HYPHEN = "\ufffe"
INVISIBLE = 3  # the text render mode that paints nothing
# Share of the seed's indikator words a scanner's OCR layer reads; over a page 2 degrees askew it
# reads fewer (0.81 on word_f4_grey_skew2_ocrlayer), which is what the pipeline must cope with.
MIN_OCR_WORD_RECALL = 0.75


def _pdf(fixture: Fixture) -> Path:
    """Given a fixture, return its PDF, skipped when this machine cannot make it."""
    if not available(fixture):
        pytest.skip(missing_tool(fixture) or "")
    return build_corpus([fixture])[fixture.name]


def _page_texts(path: Path) -> list[str]:
    """Given a PDF, return each page's text as pdfium reads it."""
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def _squashed(text: str) -> str:
    """Given a page text, return it without whitespace (a wrapped line ends where a space may or may not be).

    pdfium reads a hyphen that ends a line as U+FFFE; it is a hyphen again here.
    """
    return "".join(text.replace(PDFIUM_LINE_END_HYPHEN, "-").split())


# ---------------------------------------------------------------- the spreadsheets


@pytest.mark.parametrize("fixture", CALC_FIXTURES, ids=[f.name for f in CALC_FIXTURES])
def test_calc_pdf_holds_every_indikator_on_its_paper_under_repeated_headings(fixture: Fixture) -> None:
    path = _pdf(fixture)
    texts = _page_texts(path)
    text = _squashed("".join(texts))
    assert [r.indikator for r in plan_rows() if _squashed(r.indikator) not in text] == []
    heading = _squashed(fixture.layout.headings.indikator)
    assert all(heading in _squashed(t) for t in texts), "the heading rows repeat on every page"
    width, height = PRINTED_PAPER[fixture.layout.page_size]
    with pdfplumber.open(path) as pdf:
        sizes = {(float(p.width), float(p.height)) for p in pdf.pages}
    paper = sorted((width, height), reverse=fixture.layout.lampiran_landscape)
    assert all(np.allclose(size, paper, atol=PAPER_TOLERANCE) for size in sizes)
    mark = fixture.layout.month_mark
    if mark.char is not None:
        assert text.count(mark.char) == sum(len(r.bulan) for r in plan_rows())


@pytest.mark.parametrize("fixture", CALC_FIXTURES, ids=[f.name for f in CALC_FIXTURES])
def test_calc_pdf_prints_a_merged_area_again_on_every_page_it_spans(fixture: Fixture) -> None:
    pages = [_squashed(t) for t in _page_texts(_pdf(fixture))]
    placed = 0
    for row in plan_rows():
        indikator = _squashed(row.indikator)
        on = [number for number, text in enumerate(pages, start=1) if indikator in text]
        if len(on) == 1 and pages[on[0] - 1].count(indikator) == 1:  # an indikator printed once tells its page
            placed += 1
            assert _squashed(row.area) in pages[on[0] - 1], f"page {on[0]} lacks the area of {row.indikator!r}"
    assert placed > len(plan_rows()) // 2


@pytest.mark.parametrize("fixture", CALC_FILLED, ids=[f.name for f in CALC_FILLED])
def test_calc_pdf_fills_months_in_the_layouts_colour(fixture: Fixture) -> None:
    fill = fixture.layout.month_mark.fill
    assert fill is not None
    want = tuple(int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    with pdfplumber.open(_pdf(fixture)) as pdf:
        colours = {tuple(r["non_stroking_color"]) for p in pdf.pages for r in p.rects if r["fill"]}
    assert any(np.allclose(c, want, atol=0.01) for c in colours if len(c) == 3)


def _row(area: str, kegiatan: str, sub: str, indikator: str, bulan: tuple[int, ...]) -> PlanRow:
    return PlanRow(area, f"Area {area}", kegiatan, f"Kegiatan {kegiatan}", sub, f"Sub {sub}", "1", indikator, "", bulan)


ROWS = [
    _row("1", "1", "1", "Laporan FGD", (3, 4)),
    _row("1", "1", "1", "Notulen FGD", (5,)),
    _row("2", "1", "1", "SK Tim", (1, 2, 3)),
    _row("2", "1", "2", "Laporan Monev", (6, 7)),
]
INDIKATOR_COLUMN = 5  # NO, AREA, KEGIATAN, SUB KEGIATAN, INDIKATOR, then January
FIRST_MONTH_COLUMN = 6
KET_COLUMN = 18


def _merged(sheet: Worksheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def _first_body_row(sheet: Worksheet, row: PlanRow) -> int:
    """Given a sheet and its first plan row, return the sheet row that row is typed in."""
    text = f"{row.indikator_no} {row.indikator}"
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, INDIKATOR_COLUMN).value == text)


def test_workbook_merges_levels_over_their_rows_and_is_set_up_for_print() -> None:
    layout = Layout(page_size="F4", month_mark=MonthMark(fill="#00B0F0"))
    sheet = build_workbook(ROWS, layout).active
    assert sheet is not None
    top = _first_body_row(sheet, ROWS[0])
    merged = _merged(sheet)
    # NO and AREA of area 1 over its two rows, of area 2 over its two; KEGIATAN likewise; SUB of area 1.
    assert {f"A{top}:A{top + 1}", f"B{top}:B{top + 1}", f"C{top}:C{top + 1}", f"D{top}:D{top + 1}"} <= merged
    assert {f"A{top + 2}:A{top + 3}", f"C{top + 2}:C{top + 3}"} <= merged and f"D{top + 2}:D{top + 3}" not in merged
    heading_row = next(r for r in range(1, top) if sheet.cell(r, FIRST_MONTH_COLUMN).value == "PELAKSANAAN (BULAN)")
    assert f"F{heading_row}:Q{heading_row}" in merged  # PELAKSANAAN over the twelve months
    assert sheet.print_title_rows == f"${heading_row}:${top - 1}"
    filled = [
        (i, m)
        for i in range(len(ROWS))
        for m in range(1, 13)
        if sheet.cell(top + i, FIRST_MONTH_COLUMN + m - 1).fill.fgColor.rgb.endswith("00B0F0")
    ]
    assert filled == [(i, m) for i, r in enumerate(ROWS) for m in r.bulan]
    assert all(sheet.cell(top + i, INDIKATOR_COLUMN).alignment.wrap_text for i in range(len(ROWS)))
    assert all(sheet.row_dimensions[top + i].height > 0 for i in range(len(ROWS)))
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 14, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert PAPER_CODES["F4"] == 14 and round(sheet.page_margins.left * 25.4) == layout.margins.left


def test_open_rules_sheet_leaves_rules_out_only_where_the_clerk_lost_them() -> None:
    rows = list(plan_rows())
    sheet = build_workbook(rows, CALC_LEGAL_OPEN_RULES, None, OPEN_RULES_SHEET).active
    assert sheet is not None and OPEN_RULES_SHEET.bare_months_from is not None
    top = _first_body_row(sheet, rows[0])
    middle = round(OPEN_RULES_SHEET.bare_months_from * len(rows))

    def inner_month_rules(i: int) -> list[bool]:
        cells = [sheet.cell(top + i, FIRST_MONTH_COLUMN + m) for m in range(12)]
        rights = [c.border.right.style is not None for c in cells[:-1]]
        return rights + [c.border.left.style is not None for c in cells[1:]]

    assert all(all(inner_month_rules(i)) for i in range(middle))
    assert not any(rule for i in range(middle, len(rows)) for rule in inner_month_rules(i))
    groups = set(OPEN_RULES_SHEET.open_groups)
    for i, row in enumerate(rows):
        is_open = (row.area_no, row.kegiatan_no) in groups
        sides = (
            sheet.cell(top + i, INDIKATOR_COLUMN - 1).border.right,
            sheet.cell(top + i, INDIKATOR_COLUMN).border.left,
            sheet.cell(top + i, KET_COLUMN - 1).border.right,
            sheet.cell(top + i, KET_COLUMN).border.left,
        )
        assert [side.style is None for side in sides] == [is_open] * 4, f"row {i + 1}"


# ---------------------------------------------------------------- rotated pages


def _render(path: Path, out: Path) -> list[np.ndarray]:
    """Given a PDF, return each page rendered by pdftoppm, as a viewer shows it."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", str(path), str(out / "p")], check=True)
    return [np.asarray(Image.open(p), dtype=np.int16) for p in sorted(out.glob("p-*.png"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("fixture", ROTATED, ids=[f.name for f in ROTATED])
def test_rotated_copy_is_stored_portrait_and_shows_as_its_source(fixture: Fixture, tmp_path: Path) -> None:
    assert fixture.derivation is not None
    path, source = _pdf(fixture), _pdf(FIXTURES[fixture.derivation.source])
    with pikepdf.open(path) as turned, pikepdf.open(source) as original:
        assert len(turned.pages) == len(original.pages)
        for page, before in zip(turned.pages, original.pages, strict=True):
            x0, y0, x1, y1 = (float(v) for v in before.mediabox)
            landscape = x1 - x0 > y1 - y0
            w, h = (float(v) for v in page.mediabox[2:])
            assert int(page.obj.get("/Rotate", 0)) == (fixture.derivation.angle if landscape else 0)
            assert w < h, "every page is stored portrait"
    assert [_squashed(t) for t in _page_texts(path)] == [_squashed(t) for t in _page_texts(source)]
    shown, wanted = _render(path, tmp_path / "turned"), _render(source, tmp_path / "source")
    assert len(shown) == len(wanted)
    for number, (a, b) in enumerate(zip(shown, wanted, strict=True), start=1):
        assert a.shape == b.shape and np.abs(a - b).max() <= 1, f"page {number} does not show as its source"


@pytest.mark.parametrize("angle", [90, 270])
def test_turn_matrix_takes_the_landscape_page_onto_the_portrait_one(angle: int) -> None:
    a, b, c, d, e, f = turn_matrix(angle, 300.0, 200.0)
    corners = {(a * x + c * y + e, b * x + d * y + f) for x in (0.0, 300.0) for y in (0.0, 200.0)}
    assert corners == {(0.0, 0.0), (200.0, 0.0), (0.0, 300.0), (200.0, 300.0)}


# ---------------------------------------------------------------- the scan with an OCR layer


def _text_render_modes(page: pikepdf.Page) -> set[int]:
    """Given a page, return the text render modes set in its content and its form XObjects."""
    streams = [page.obj, *(x for x in page.obj.Resources.get("/XObject", {}).values() if x.Subtype == "/Form")]
    return {int(i.operands[0]) for s in streams for i in pikepdf.parse_content_stream(s, "Tr")}


@pytest.mark.parametrize("fixture", OCR_LAYERED, ids=[f.name for f in OCR_LAYERED])
def test_ocr_layer_scan_has_page_images_under_invisible_text(fixture: Fixture) -> None:
    path = _pdf(fixture)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            cover = max((i["width"] * i["height"] for i in page.images), default=0) / (page.width * page.height)
            assert cover > 0.99 and page.chars, f"page {page.page_number}: a page image and text over it"
        text = " ".join(page.extract_text() for page in pdf.pages).lower()
    with pikepdf.open(path) as pdf:
        assert all(_text_render_modes(page) == {INVISIBLE} for page in pdf.pages)
    words = set(re.findall(r"\w+", text))
    seed = [w for r in plan_rows() for w in re.findall(r"\w+", r.indikator.lower())]
    assert sum(w in words for w in seed) / len(seed) >= MIN_OCR_WORD_RECALL
