"""Shared test helpers: small cell grids built in code, the render tests' plans and tables, the diff plans."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pdfplumber
import pytest

from pipeline.backends.base import Cell, PageCells
from pipeline.backends.pdfplumber import PdfplumberBackend
from pipeline.render.schedule import schedule_png
from pipeline.rows import TableRead, read_table
from pipeline.validate import ValidationReport, validate_plan
from tests.fixtures.render import LAMPIRAN_PAGES, REPLICA, SMALL_ROWS, make_plan

# old_plan, new_plan and known_diff: two versions of a plan with known edits, and their diff.
pytest_plugins = ("tests.fixtures.diff_plans",)

# Column x-ranges of a small standard table: NO, AREA, KEGIATAN, SUB, INDIKATOR, 12 months, KET.
COLS = {
    "no": (10, 30),
    "area": (30, 110),
    "kegiatan": (110, 200),
    "sub": (200, 290),
    "indikator": (290, 400),
    **{f"m{m}": (400 + (m - 1) * 15, 400 + m * 15) for m in range(1, 13)},
    "ket": (580, 680),
}
HEADINGS = {
    "no": "NO",
    "area": "AREA PERUBAHAN",
    "kegiatan": "KEGIATAN",
    "sub": "SUB KEGIATAN",
    "indikator": "INDIKATOR KEBERHASILAN",
    "ket": "KET",
}
LINE = 8.0


def cell(
    page: int,
    col: str | tuple[str, str],
    top: float,
    bottom: float,
    text: str = "",
    *,
    shaded: bool = False,
    mark: bool = False,
    full: bool = False,
) -> Cell:
    """Return a cell spanning one column (or a (first, last) column range) between top and bottom."""
    first, last = (col, col) if isinstance(col, str) else col
    x0, x1 = COLS[first][0], COLS[last][1]
    lines = max(1, text.count("\n") + 1) if text else 0
    text_bottom = (bottom - 2 if full else top + 2 + lines * LINE) if text else None
    return Cell(
        page,
        0,
        x0,
        top,
        x1,
        bottom,
        text,
        shaded,
        mark,
        text_bottom,
        LINE if text else None,
        (x1 - x0) * 0.9 if text else None,
    )


def header(
    page: int, top: float = 50.0, *, numbers_row: bool = True, names: dict[str, str] | None = None
) -> tuple[list[Cell], float]:
    """Return the two header rows (+ the column-number row) at top, and where the body starts."""
    names = {**HEADINGS, **(names or {})}
    cells = [
        cell(page, key, top, top + 20, names[key]) for key in ("no", "area", "kegiatan", "sub", "indikator", "ket")
    ]
    cells.append(cell(page, ("m1", "m12"), top, top + 10, "PELAKSANAAN (BULAN)"))
    cells += [cell(page, f"m{m}", top + 10, top + 20, str(m)) for m in range(1, 13)]
    bottom = top + 20
    if numbers_row:
        keys = ["no", "area", "kegiatan", "sub", "indikator", *(f"m{m}" for m in range(1, 13)), "ket"]
        cells += [cell(page, key, bottom, bottom + 8, str(i)) for i, key in enumerate(keys, start=1)]
        bottom += 8
    return cells, bottom


def months(page: int, top: float, bottom: float, marked: Sequence[int], *, char: str = "") -> list[Cell]:
    """Return the 12 month cells of one row, the marked ones shaded (or holding char)."""
    return [
        cell(
            page,
            f"m{m}",
            top,
            bottom,
            char if (char and m in marked) else "",
            shaded=not char and m in marked,
            mark=bool(char) and m in marked,
        )
        for m in range(1, 13)
    ]


def page_cells(page: int, cells: Sequence[Cell]) -> PageCells:
    """Return one page of cells."""
    return PageCells(page, 700.0, 500.0, tuple(cells))


@pytest.fixture(scope="module")
def small_plan() -> pd.DataFrame:
    return make_plan(SMALL_ROWS)


@pytest.fixture(scope="module")
def small_charts(small_plan: pd.DataFrame) -> list[tuple[str, bytes]]:
    return schedule_png(small_plan)


@pytest.fixture(scope="module")
def failing_report() -> tuple[pd.DataFrame, ValidationReport]:
    """A plan with an unknown area code (row 2) and a month 13 (row 4), and its validation report."""
    rows = [list(row) for row in SMALL_ROWS]
    rows[1][2] = "bukan_area"
    rows[3][10] = [13]
    plan = make_plan([tuple(row) for row in rows])
    return plan, validate_plan(plan)


@pytest.fixture(scope="module")
def replica_table() -> tuple[TableRead, list[tuple[float, float]]]:
    """The table read from the replica's LAMPIRAN pages, and the size of each PDF page in points."""
    with pdfplumber.open(REPLICA) as pdf:
        pages = [PdfplumberBackend().read_page(pdf.pages[n - 1], n) for n in LAMPIRAN_PAGES]
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    return read_table(pages), sizes
