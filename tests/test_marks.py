"""Month marks: a glyph the text layer gives for two marks (`√√`) marks every cell it covers."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from pipeline.backends.pdfplumber import PdfplumberBackend
from pipeline.marks import is_mark_text, mark_pieces
from pipeline.pdfopen import open_pdf

# A table of a heading row and a plan row: a text cell and two month cells of 12 pt, ruled.
HEAD_TOP, ROW_TOP, ROW_BOTTOM = 80.0, 100.0, 120.0
COLUMNS = (50.0, 150.0, 162.0, 174.0)
PAGE = (240.0, 200.0)
# Helvetica's `A` is 667/1000 em wide: at 18 pt, 12 pt, as wide as a month cell.
GLYPH_SIZE = 18.0
GLYPH_WIDTH = 667
# The font maps `A` to two ticks, as a font drawing a double tick as one glyph does.
DOUBLE_TICK_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /DoubleTick def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfchar
<41> <221A221A>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def _double_tick_page(path: Path, glyph_x: float) -> Path:
    """Given a path and where the glyph starts, write the one-row table with one `√√` glyph; return the path."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=PAGE, invariant=1)
    height = PAGE[1]
    canvas.setLineWidth(0.5)
    for x in COLUMNS:
        canvas.line(x, height - HEAD_TOP, x, height - ROW_BOTTOM)
    for y in (HEAD_TOP, ROW_TOP, ROW_BOTTOM):
        canvas.line(COLUMNS[0], height - y, COLUMNS[-1], height - y)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(COLUMNS[0] + 3, height - ROW_TOP - 12, "Indikator")
    canvas.setFont("Helvetica-Bold", GLYPH_SIZE)
    canvas.drawString(glyph_x, height - ROW_BOTTOM + 3, "A")
    canvas.showPage()
    canvas.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        fonts = pdf.pages[0].Resources.Font
        bold = next(f for f in fonts.values() if str(f.BaseFont) == "/Helvetica-Bold")
        bold.ToUnicode = pdf.make_stream(DOUBLE_TICK_CMAP)
        # Named as no standard font, its /Widths are read (a standard font's come from its metrics).
        bold.BaseFont = pikepdf.Name("/DoubleTick")
        bold.FirstChar, bold.LastChar, bold.Widths = ord("A"), ord("A"), pikepdf.Array([GLYPH_WIDTH])
        pdf.save(path)
    return path


def _month_cells(path: Path) -> list[tuple[str, bool]]:
    """Given the page, return the (text, mark) of its month cells, left to right."""
    pdf = open_pdf(path)
    try:
        cells = PdfplumberBackend().read_page(pdf.pages[0], 1).cells
    finally:
        pdf.close()
    months = sorted((c for c in cells if c.x0 >= COLUMNS[1] - 1 and c.top >= ROW_TOP - 1), key=lambda c: c.x0)
    return [(c.text, c.mark) for c in months]


@pytest.mark.parametrize("glyph_x", [COLUMNS[1] + 6.0, COLUMNS[1] + 5.0, COLUMNS[1] + 7.0])
def test_a_double_tick_glyph_over_two_month_cells_marks_both(tmp_path: Path, glyph_x: float) -> None:
    path = _double_tick_page(tmp_path / "double-tick.pdf", glyph_x)
    assert _month_cells(path) == [("√", True), ("√", True)]


def test_a_double_tick_glyph_inside_one_month_cell_marks_that_one(tmp_path: Path) -> None:
    path = _double_tick_page(tmp_path / "double-tick.pdf", COLUMNS[2] - 1.0)
    assert _month_cells(path) == [("", False), ("√√", True)]


def test_a_glyph_of_two_marks_is_cut_into_one_per_mark() -> None:
    char = {"text": "√√", "x0": 10.0, "x1": 22.0, "width": 12.0, "top": 5.0, "bottom": 15.0}
    pieces = mark_pieces(char)
    assert [(p["text"], p["x0"], p["x1"], p["width"]) for p in pieces] == [
        ("√", 10.0, 16.0, 6.0),
        ("√", 16.0, 22.0, 6.0),
    ]
    assert all(p["top"] == 5.0 and p["bottom"] == 15.0 for p in pieces)


@pytest.mark.parametrize("text", ["√", "ab", "√ √", "v1", ""])
def test_other_glyphs_stay_whole(text: str) -> None:
    char = {"text": text, "x0": 0.0, "x1": 5.0, "width": 5.0}
    assert mark_pieces(char) == [char]


@pytest.mark.parametrize(
    ("text", "mark"), [("√", True), ("√√", True), ("v V", True), ("x", True), ("Ada", False), ("", False)]
)
def test_mark_texts(text: str, mark: bool) -> None:
    assert is_mark_text(text) is mark
