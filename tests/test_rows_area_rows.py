"""Area rows: a table without NO/AREA columns prints each area as a full-width row above its kegiatan."""

from __future__ import annotations

import pytest
from conftest import cell, header, months, page_cells

from pipeline.backends.base import Cell
from pipeline.errors import ColumnMappingError
from pipeline.hierarchy import rows_to_plan
from pipeline.rows import cells_to_rows

MIN_SCORE = 80.0


def _header(page: int) -> tuple[list[Cell], float]:
    """Return a header without the NO and AREA columns, and where the body starts."""
    cells, bottom = header(page, numbers_row=False)
    return [c for c in cells if c.x0 >= 110], bottom


def _area_row(page: int, top: float, text: str) -> Cell:
    return cell(page, ("kegiatan", "ket"), top, top + 12, text)


def _row(page: int, top: float, kegiatan: str, indikator: str, marked: list[int]) -> list[Cell]:
    return [
        cell(page, "kegiatan", top, top + 20, kegiatan),
        cell(page, "sub", top, top + 20, ""),
        cell(page, "indikator", top, top + 20, indikator),
        *months(page, top, top + 20, marked),
        cell(page, "ket", top, top + 20, ""),
    ]


def _plan(pages: list[list[Cell]]) -> list[tuple[object, ...]]:
    rows = cells_to_rows([page_cells(n, cells) for n, cells in enumerate(pages, start=1)])
    plan = rows_to_plan(rows, "d", MIN_SCORE)
    columns = ["area_no", "area_label", "area", "area_code", "kegiatan", "indikator", "bulan"]
    return [(*r[:-1], list(r[-1])) for r in plan[columns].itertuples(index=False)]


def test_each_area_row_is_the_area_of_the_rows_under_it() -> None:
    head, top = _header(1)
    body = [
        _area_row(1, top, "1. MANAJEMEN PERUBAHAN"),
        *_row(1, top + 12, "1. Tim RB", "1. SK Tim", [1]),
        *_row(1, top + 32, "2. Rencana Kerja", "1. Dokumen", [2, 3]),
        _area_row(1, top + 52, "2. PENATAAN TATALAKSANA"),
        *_row(1, top + 64, "1. SOP", "1. SOP baru", [4]),
    ]
    assert _plan([head + body]) == [
        (1, "1", "MANAJEMEN PERUBAHAN", "manajemen_perubahan", "Tim RB", "SK Tim", [1]),
        (1, "1", "MANAJEMEN PERUBAHAN", "manajemen_perubahan", "Rencana Kerja", "Dokumen", [2, 3]),
        (2, "2", "PENATAAN TATALAKSANA", "penataan_tatalaksana", "SOP", "SOP baru", [4]),
    ]


def test_rows_opening_a_page_lie_under_the_area_row_above() -> None:
    head, top = _header(1)
    head2, top2 = _header(2)
    page1 = [*head, _area_row(1, top, "1. MANAJEMEN PERUBAHAN"), *_row(1, top + 12, "1. Tim RB", "1. SK Tim", [1])]
    page2 = [
        *head2,
        *_row(2, top2, "2. Rencana Kerja", "1. Dokumen", [2]),
        _area_row(2, top2 + 20, "2. PENATAAN TATALAKSANA"),
        *_row(2, top2 + 32, "1. SOP", "1. SOP baru", [4]),
    ]
    assert [r[:3] for r in _plan([page1, page2])] == [
        (1, "1", "MANAJEMEN PERUBAHAN"),
        (1, "1", "MANAJEMEN PERUBAHAN"),
        (2, "2", "PENATAAN TATALAKSANA"),
    ]


def test_an_area_row_ending_a_page_is_the_area_of_the_rows_opening_the_next() -> None:
    head, top = _header(1)
    head2, top2 = _header(2)
    page1 = [
        *head,
        _area_row(1, top, "1. MANAJEMEN PERUBAHAN"),
        *_row(1, top + 12, "1. Tim RB", "1. SK Tim", [1]),
        _area_row(1, top + 32, "2. PENATAAN TATALAKSANA"),
    ]
    page2 = [
        *head2,
        *_row(2, top2, "1. SOP", "1. SOP baru", [4]),
        *_row(2, top2 + 20, "2. e-Office", "1. Aplikasi", [5]),
    ]
    assert [r[:3] + r[4:5] for r in _plan([page1, page2])] == [
        (1, "1", "MANAJEMEN PERUBAHAN", "Tim RB"),
        (2, "2", "PENATAAN TATALAKSANA", "SOP"),
        (2, "2", "PENATAAN TATALAKSANA", "e-Office"),
    ]


def test_a_table_with_neither_an_area_column_nor_area_rows_is_refused() -> None:
    head, top = _header(1)
    body = [*_row(1, top, "1. Tim RB", "1. SK Tim", [1])]
    with pytest.raises(ColumnMappingError, match=r"no column for area, and no area row .*KEGIATAN"):
        cells_to_rows([page_cells(1, head + body)])
