"""Rows and hierarchy stages on random cell grids: a plan in the contract's shape, or a PipelineError.

The grids are built from the conftest helpers and then roughed up the ways extracted tables
are: empty and missing cells, headings printed twice, cells listed out of reading order,
any Unicode text, cells merged across rows and columns, a header repeated inside the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

import pandas as pd
from conftest import COLS, HEADINGS, cell, header, months, page_cells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.backends.base import Cell, PageCells
from pipeline.config import ExtractSettings
from pipeline.errors import PipelineError
from pipeline.hierarchy import rows_to_plan, table_schedule
from pipeline.rows import read_table
from pipeline.schema import PLAN_COLUMNS
from pipeline.write import plan_to_arrow

T = TypeVar("T")
SETTINGS = ExtractSettings()
DOC_ID = "0123456789abcdef"
TEXT_FIELDS = ("no", "area", "kegiatan", "sub", "indikator", "ket")
NOT_STRINGS = ("row", "area_no", "bulan", "page", "triwulan", "tahun", "ocr_confidence")
STRING_COLUMNS = tuple(c for c in PLAN_COLUMNS if c not in NOT_STRINGS)
ROW_HEIGHTS = (8.0, 12.0, 20.0, 35.0)
PAGE_BOTTOM = 480.0
MAX_ROWS = 5
MAX_PAGES = 3
KNOWN_WORDS = (
    "1",
    "2.",
    "a)",
    "Penguatan Kelembagaan",
    "Manajemen Perubahan",
    "Evaluasi Organisasi",
    "Dokumentasi laporan",
    "KEGIATAN",
    "INDIKATOR KEBERHASILAN",
    "dan",
    "-",
    "√",
)

cell_texts = st.one_of(
    st.just(""),
    st.sampled_from(KNOWN_WORDS),
    st.lists(st.sampled_from(KNOWN_WORDS), min_size=1, max_size=4).map(" ".join),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(" \n\t.)0123456789"), max_size=8),
)
heading_overrides = st.dictionaries(
    st.sampled_from(tuple(HEADINGS)),
    st.one_of(st.sampled_from(tuple(HEADINGS.values())), st.text(max_size=12)),
    max_size=3,
)
column_keys = st.sampled_from(tuple(COLS))


@st.composite
def _row_cells(draw: st.DrawFn, page: int, top: float, bottom: float) -> list[Cell]:
    """Draw one body row: each text column empty, missing, filled, or merged down or across."""
    cells: list[Cell] = []
    for key in TEXT_FIELDS:
        kind = draw(st.sampled_from(("text", "text", "empty", "missing", "tall", "wide")))
        if kind == "missing":
            continue
        text = "" if kind == "empty" else draw(cell_texts)
        cell_bottom = bottom + draw(st.sampled_from(ROW_HEIGHTS)) if kind == "tall" else bottom
        span: str | tuple[str, str] = (key, draw(column_keys)) if kind == "wide" else key
        if isinstance(span, tuple) and COLS[span[1]][0] < COLS[span[0]][0]:
            span = (span[1], span[0])
        cells.append(cell(page, span, top, cell_bottom, text, full=draw(st.booleans())))
    marked = draw(st.lists(st.integers(1, 12), max_size=4))
    cells += months(page, top, bottom, marked, char=draw(st.sampled_from(("", "√", "x", "v"))))
    return cells


@st.composite
def _page(draw: st.DrawFn, page: int) -> PageCells:
    """Draw one page: maybe a header (possibly with odd or duplicated headings), then body rows."""
    cells: list[Cell] = []
    top = 30.0
    if draw(st.booleans()) or page == 1:
        head, top = header(page, top, numbers_row=draw(st.booleans()), names=draw(heading_overrides))
        cells += head
    for _ in range(draw(st.integers(0, MAX_ROWS))):
        if top >= PAGE_BOTTOM:
            break
        if draw(st.integers(0, 9)) == 0:
            repeated, top = header(page, top)
            cells += repeated
            continue
        bottom = min(PAGE_BOTTOM, top + draw(st.sampled_from(ROW_HEIGHTS)))
        cells += draw(_row_cells(page, top, bottom))
        top = bottom - draw(st.sampled_from((0.0, 0.0, 3.0, 10.0)))
    return page_cells(page, _shuffled(draw, cells))


def _shuffled(draw: st.DrawFn, items: Sequence[T]) -> list[T]:
    """Given items, return them in reading order or shuffled by a drawn random generator."""
    shuffled = list(items)
    if draw(st.booleans()):
        draw(st.randoms(use_true_random=False)).shuffle(shuffled)
    return shuffled


@st.composite
def documents(draw: st.DrawFn) -> list[PageCells]:
    """Draw the LAMPIRAN pages of one document; pages may come out of order and with several tables."""
    pages = [draw(_page(n)) for n in range(1, draw(st.integers(1, MAX_PAGES)) + 1)]
    if draw(st.booleans()):
        pages = [_second_table(p) for p in pages]
    return _shuffled(draw, pages)


def _second_table(page: PageCells) -> PageCells:
    """Given a page, return it with its last third of cells numbered as a second table of the page."""
    cut = len(page.cells) * 2 // 3
    return replace(page, cells=(*page.cells[:cut], *(replace(c, table=1) for c in page.cells[cut:])))


def _assert_is_plan(plan: pd.DataFrame, rows: int, pages: set[int]) -> None:
    """Assert that plan has the contract's columns, one row per logical row, and values of the contract's kinds."""
    assert tuple(plan.columns[: len(PLAN_COLUMNS)]) == PLAN_COLUMNS
    assert len(plan) == rows
    assert plan["row"].tolist() == list(range(1, rows + 1))
    assert set(plan["doc_id"]) <= {DOC_ID}
    assert set(plan["page"]) <= pages
    for column in (*STRING_COLUMNS, *plan.columns[len(PLAN_COLUMNS) :]):
        values = plan[column].tolist()
        assert all(isinstance(v, str) or (column == "area_code" and pd.isna(v)) for v in values), column
    # Cells that no OCR read carry no confidence.
    assert plan["ocr_confidence"].isna().all()
    for months_of_row in plan["bulan"]:
        assert list(months_of_row) == sorted(set(months_of_row))
        assert all(1 <= m <= 12 for m in months_of_row)
    assert all(isinstance(v, list) for column in ("triwulan", "tahun") for v in plan[column])
    assert plan_to_arrow(plan).num_rows == rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_any_cell_grid_gives_a_plan_or_a_pipeline_error(pages: list[PageCells]) -> None:
    try:
        table = read_table(pages)
        plan = rows_to_plan(table.rows, DOC_ID, SETTINGS.area_match_min, table_schedule(table))
    except PipelineError:
        return
    _assert_is_plan(plan, len(table.rows), {p.page for p in pages})
