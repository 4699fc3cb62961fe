"""The browser-printed fixtures are what they claim to be: the seed's table, on the asked paper.

The HTML is checked as written (heading rows, spans, month marks, the page's CSS); the PDFs that
WeasyPrint and Chromium print from it are checked for their paper, their text (every indikator
of the seed, no letters printed over others), their marks and their repeated header. How well
the pipeline reads them is measured by `make eval`, not asserted here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics

from tests.fixtures.corpus import (
    BROWSER_ENGINES,
    CORPUS,
    WEASYPRINT,
    Fixture,
    build_corpus,
    missing_tool,
    plan_rows,
)
from tests.fixtures.plans import PlanRow
from tests.fixtures.typeset import (
    PAGE_SIZES,
    Layout,
    MonthMark,
    build_grid,
    cell_font,
    data_cells,
    header_cells,
    lampiran_page,
    register_fonts,
)
from tests.fixtures.typeset_html import HtmlStyle, build_html, page_size_css, stylesheet

BROWSER_FIXTURES = [f for f in CORPUS if f.engine in BROWSER_ENGINES]
MM_PER_POINT = 25.4 / 72
# A word may end a line after a hyphen in both engines, after a slash in WeasyPrint only.
BREAK_AFTER = {WEASYPRINT: r"[^-/]+[-/]?"}
BREAK_AFTER_HYPHEN = r"[^-]+-?"
# The engines' shaping (kerning) differs a little from reportlab's widths: keep this much room.
FIT_SHARE = 0.97
SYMBOL_MARKS = ("√", "✓")


def _rows() -> list[PlanRow]:
    def row(no: str, sub: str, indikator: str, ket: str, bulan: tuple[int, ...]) -> PlanRow:
        return PlanRow("1", "Penguatan Kelembagaan", "1", "Evaluasi Organisasi", no, sub, no, indikator, ket, bulan)

    return [
        row("1", "FGD Evaluasi Organisasi", "Laporan FGD", "Laporan", (3, 4)),
        row("1", "FGD Evaluasi Organisasi", "Notulen FGD", "Laporan", (5,)),
        row("2", "Pengisian Kuesioner", "Kuesioner terisi", "", ()),
    ]


class _Table(HTMLParser):
    """The cells of an HTML page's table: (section, row index, tag, attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, int, str, dict[str, str], str]] = []
        self.rows = {"thead": 0, "tbody": 0}
        self._section = ""
        self._open: tuple[str, dict[str, str]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.rows:
            self._section = tag
        elif tag == "tr" and self._section:
            self.rows[self._section] += 1
        elif tag in ("td", "th") and self._section:
            self._open, self._text = (tag, {k: v or "" for k, v in attrs}), []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._open is not None:
            name, attrs = self._open
            self.cells.append((self._section, self.rows[self._section], name, attrs, "".join(self._text)))
            self._open = None
        elif tag in self.rows:
            self._section = ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def _table(layout: Layout) -> _Table:
    parser = _Table()
    parser.feed(build_html(_rows(), layout))
    return parser


# ---------------------------------------------------------------- the HTML


def test_html_table_has_heading_rows_rowspans_and_shaded_months() -> None:
    table = _table(Layout(page_size="A4", month_mark=MonthMark(fill="#92D050"), ket_merge=True))
    assert table.rows == {"thead": 3, "tbody": 3}  # two heading rows and the column-number row
    head = [c for c in table.cells if c[0] == "thead"]
    body = [c for c in table.cells if c[0] == "tbody"]
    assert all(tag == "th" for _, _, tag, _, _ in head) and all(tag == "td" for _, _, tag, _, _ in body)
    assert [(text, attrs.get("colspan")) for _, _, _, attrs, text in head if attrs.get("colspan")] == [
        ("PELAKSANAAN (BULAN)", "12")
    ]
    assert [text for _, row, _, _, text in head if row == 2] == [str(n) for n in range(1, 13)]  # the months
    assert [text for _, row, _, _, text in head if row == 3] == [str(n) for n in range(1, 19)]  # column numbers
    spans = [(text, attrs.get("rowspan")) for _, _, _, attrs, text in body if attrs.get("rowspan")]
    # NO, AREA, KEGIATAN over the three rows; the sub kegiatan and its KET over the first two.
    assert spans == [
        ("1", "3"),
        ("Penguatan Kelembagaan", "3"),
        ("1. Evaluasi Organisasi", "3"),
        ("1 FGD Evaluasi Organisasi", "2"),
        ("Laporan", "2"),
    ]
    fills = [attrs["style"] for _, _, _, attrs, _ in body if "style" in attrs]
    assert fills == ["background-color: #92D050"] * 3  # months 3 and 4, then 5
    assert len([c for c in body if c[1] == 3]) == 1 + 1 + 12 + 1  # row 3: sub kegiatan, indikator, months, KET


def test_html_ticks_months_with_the_mark_character() -> None:
    table = _table(Layout(month_mark=MonthMark(fill=None, char="√"), column_number_row=False))
    assert table.rows == {"thead": 2, "tbody": 3}
    marks = [text for section, _, _, attrs, text in table.cells if section == "tbody" and text == "√"]
    assert len(marks) == 3
    assert not any("style" in attrs for _, _, _, attrs, _ in table.cells)


def test_stylesheet_sets_paper_borders_header_and_row_breaks() -> None:
    a4 = stylesheet(Layout(page_size="A4"), HtmlStyle())
    assert "@page { size: A4 landscape; margin: 20mm 20mm 20mm 20mm; }" in a4
    assert "border-collapse: collapse" in a4 and "display: table-header-group" in a4
    assert "break-inside: auto" in a4 and "print-color-adjust: exact" in a4
    own = stylesheet(Layout(repeat_header=False), HtmlStyle(collapse=False, rows_break=False))
    assert "border-collapse: separate" in own and "display: table-row-group" in own
    assert "break-inside: avoid" in own
    assert page_size_css(Layout(page_size="F4")) == "330mm 215mm"
    assert page_size_css(Layout(page_size="Letter", lampiran_landscape=False)) == "letter portrait"


# ---------------------------------------------------------------- the corpus layouts


def test_browser_layouts_vary_what_the_brief_of_the_corpus_asks() -> None:
    for engine in BROWSER_ENGINES:
        fixtures = [f for f in BROWSER_FIXTURES if f.engine == engine]
        layouts = [f.layout for f in fixtures]
        assert len(fixtures) >= 3
        assert {x.page_size for x in layouts} == {"A4", "F4", "Letter"}
        assert {x.repeat_header for x in layouts} == {True, False}
        assert {x.month_mark.char is None for x in layouts} == {True, False}  # shaded and ticked
        assert {f.html_style.collapse for f in fixtures} == {True, False}
        assert all(f.html_style.rows_break for f in fixtures if not f.html_style.collapse)
        assert max(x.table_font_size for x in layouts) >= 8.5  # merged cells that run over pages


def _words(text: str, engine: str) -> Iterator[str]:
    """Given a cell text, return the pieces the engine will not break a line inside."""
    for word in text.split():
        yield from re.findall(BREAK_AFTER.get(engine, BREAK_AFTER_HYPHEN), word)


@pytest.mark.parametrize("fixture", BROWSER_FIXTURES, ids=[f.name for f in BROWSER_FIXTURES])
def test_no_word_is_wider_than_its_cell(fixture: Fixture) -> None:
    # A wider word is cut between letters (overflow-wrap), which no reader can undo.
    layout, style = fixture.layout, fixture.html_style
    grid = build_grid(layout, lampiran_page(layout).content_width)
    fonts = register_fonts(layout.font)
    border = style.border + (0 if style.collapse else style.spacing)
    too_wide = []
    for cell in [*header_cells(layout, grid)[0], *data_cells(plan_rows(), layout, grid)]:
        pad = style.narrow_pad_h if cell.align == "center" else style.pad_h
        room = (grid.width_of(cell.col0, cell.col1) - 2 * pad - border) * FIT_SHARE
        font = cell_font(cell, fonts)
        too_wide += [
            w
            for w in _words(cell.text, fixture.engine)
            if pdfmetrics.stringWidth(w, font, layout.table_font_size) > room
        ]
    assert not too_wide


# ---------------------------------------------------------------- the printed PDFs


@cache
def _pdf(name: str) -> Path:
    fixture = next(f for f in BROWSER_FIXTURES if f.name == name)
    return build_corpus([fixture])[name]


def _needs_engine(fixture: Fixture) -> None:
    if (reason := missing_tool(fixture)) is not None:
        pytest.skip(reason)


def _squeezed(text: str) -> str:
    """Given text, return it without whitespace and with ligatures (ﬁ) as their letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _page_texts(path: Path) -> list[str]:
    """Given a PDF, return each page's characters in drawing order, squeezed."""
    with pdfplumber.open(path) as pdf:
        return [_squeezed("".join(c["text"] for c in page.chars)) for page in pdf.pages]


def _breaks_splitting(text: str, pages: list[str]) -> set[int]:
    """Given a cell text not printed whole, return the page breaks (0: after page 1) its lines may be split over."""
    words = text.split()
    return {
        index
        for index, (page, overleaf) in enumerate(pairwise(pages))
        for k in range(1, len(words))
        if _squeezed(" ".join(words[:k])) in page and _squeezed(" ".join(words[k:])) in overleaf
    }


def _unprinted(texts: list[str], pages: list[str]) -> list[str]:
    """Given the indikator texts, return those not printed whole nor split over a page break of their own.

    Only the last row on a page breaks, so each page break splits one indikator at most.
    """
    whole = "".join(pages)
    split = {text: _breaks_splitting(text, pages) for text in texts if _squeezed(text) not in whole}
    taken: set[int] = set()
    missing = []
    for text, breaks in sorted(split.items(), key=lambda item: len(item[1])):
        free = sorted(breaks - taken)
        if free:
            taken.add(free[0])
        else:
            missing.append(text)
    return missing


def _expected_mm(layout: Layout) -> tuple[int, int]:
    short, long = sorted(round(v * MM_PER_POINT) for v in PAGE_SIZES[layout.page_size])
    return (long, short) if layout.lampiran_landscape else (short, long)


@pytest.mark.parametrize("fixture", BROWSER_FIXTURES, ids=[f.name for f in BROWSER_FIXTURES])
def test_pages_are_the_asked_paper_and_hold_every_indikator(fixture: Fixture) -> None:
    _needs_engine(fixture)
    path = _pdf(fixture.name)
    with pdfplumber.open(path) as pdf:
        sizes = {(round(float(p.width) * MM_PER_POINT), round(float(p.height) * MM_PER_POINT)) for p in pdf.pages}
        producer = str(pdf.metadata.get("Producer", ""))
    assert sizes == {_expected_mm(fixture.layout)}
    assert ("WeasyPrint" if fixture.engine == WEASYPRINT else "Skia/PDF") in producer
    pages = _page_texts(path)
    assert _unprinted([r.indikator for r in plan_rows()], pages) == []


@pytest.mark.parametrize("fixture", BROWSER_FIXTURES, ids=[f.name for f in BROWSER_FIXTURES])
def test_header_repeats_only_when_asked(fixture: Fixture) -> None:
    _needs_engine(fixture)
    pages = _page_texts(_pdf(fixture.name))
    heading = _squeezed(fixture.layout.headings.indikator)
    with_heading = [i for i, text in enumerate(pages) if heading in text]
    if not fixture.layout.repeat_header:
        assert with_heading == [0]
        return
    # Every page but perhaps the last, which may hold the signatures alone.
    assert with_heading == list(range(len(with_heading))) and len(with_heading) >= len(pages) - 1 > 3


def _overlapping(chars: list[dict[str, Any]]) -> list[str]:
    """Given a page's characters, return the pairs of letters drawn over each other."""
    inked = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["top"])
    pairs = []
    for i, a in enumerate(inked):
        for b in inked[i + 1 :]:
            if b["top"] > a["bottom"]:
                break
            across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            if across > 0.5 * max(a["width"], b["width"]) and a["bottom"] - b["top"] > 0.5 * a["height"]:
                pairs.append(f"{a['text']}{b['text']}")
    return pairs


@pytest.mark.parametrize("fixture", BROWSER_FIXTURES, ids=[f.name for f in BROWSER_FIXTURES])
def test_no_letters_are_printed_over_others_and_every_mark_is_printed(fixture: Fixture) -> None:
    _needs_engine(fixture)
    scheduled = sum(len(r.bulan) for r in plan_rows())
    mark = fixture.layout.month_mark
    with pdfplumber.open(_pdf(fixture.name)) as pdf:
        assert [(n, _overlapping(p.chars)) for n, p in enumerate(pdf.pages, 1) if _overlapping(p.chars)] == []
        if mark.char in SYMBOL_MARKS:
            assert sum(c["text"] == mark.char for p in pdf.pages for c in p.chars) == scheduled
        if mark.fill is not None:
            colour = tuple(int(mark.fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
            fills = [r for p in pdf.pages for r in p.rects if _close(r.get("non_stroking_color"), colour)]
            assert len(fills) >= scheduled  # a row broken over two pages is shaded on both


def _close(found: object, colour: tuple[float, ...]) -> bool:
    """Given a pdfplumber colour and an RGB colour (0..1), return whether they are the same paint."""
    return (
        isinstance(found, tuple)
        and len(found) == 3
        and all(abs(a - b) < 0.01 for a, b in zip(found, colour, strict=True))
    )
