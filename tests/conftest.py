"""Shared test helpers: build small cell grids in code; the diff tests' plans as fixtures."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.cells import Cell, PageCells

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
