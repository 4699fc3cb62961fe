"""A quarter schedule split into sub-columns: `TW I` over `Target | Rp`; a value in either schedules the quarter."""

from __future__ import annotations

from conftest import cell, header, page_cells

from pipeline.backends.base import Cell
from pipeline.columns import find_header
from pipeline.rows import read_table

MIN_SCORE = 80.0
# Four quarters over the twelve month columns of conftest's grid: three months' width each,
# split into Target (the first month and a half) and Rp.
QUARTER_MONTHS = ((1, 3), (4, 6), (7, 9), (10, 12))
QUARTER_WIDTH = 45.0
SUB_WIDTH = QUARTER_WIDTH / 2
SCHEDULE_LEFT = 400.0
SCHEDULE_RIGHT = SCHEDULE_LEFT + 4 * QUARTER_WIDTH


def _quarter_header(page: int) -> tuple[list[Cell], float]:
    """Return a header whose schedule is TW I..TW IV, each over Target | Rp, and where the body starts."""
    top = 50.0
    # The month header's text headings, three rows deep; its month cells give way to the quarters.
    outside = (c for c in header(page, top, numbers_row=False)[0] if not SCHEDULE_LEFT <= c.cx <= SCHEDULE_RIGHT)
    cells = [_widen(c, top + 30) for c in outside]
    cells.append(cell(page, ("m1", "m12"), top, top + 10, "WAKTU PELAKSANAAN (TRIWULAN)"))
    for q, (first, last) in enumerate(QUARTER_MONTHS, start=1):
        cells.append(cell(page, (f"m{first}", f"m{last}"), top + 10, top + 20, f"TW {'I' * q if q < 4 else 'IV'}"))
        left = SCHEDULE_LEFT + (q - 1) * QUARTER_WIDTH
        cells += [
            _sub(page, left, top + 20, top + 30, "Target"),
            _sub(page, left + SUB_WIDTH, top + 20, top + 30, "Rp"),
        ]
    return cells, top + 30


def _widen(c: Cell, bottom: float) -> Cell:
    return Cell(c.page, c.table, c.x0, c.top, c.x1, bottom, c.text)


def _sub(page: int, x0: float, top: float, bottom: float, text: str = "") -> Cell:
    return Cell(page, 0, x0, top, x0 + SUB_WIDTH, bottom, text, text_bottom=top + 8 if text else None)


def _row(page: int, top: float, indikator: str, subs: dict[int, str]) -> list[Cell]:
    """Return one plan row; `subs` gives the text of sub-cells by position 0..7 (Target I, Rp I, Target II ...)."""
    bottom = top + 20
    row = [
        cell(page, "no", top, bottom, "1"),
        cell(page, "area", top, bottom, "Manajemen Perubahan"),
        cell(page, "kegiatan", top, bottom, "1. Tim RB"),
        cell(page, "sub", top, bottom, ""),
        cell(page, "indikator", top, bottom, indikator),
        cell(page, "ket", top, bottom, ""),
    ]
    return row + [_sub(page, SCHEDULE_LEFT + i * SUB_WIDTH, top, bottom, subs.get(i, "")) for i in range(8)]


def test_the_header_is_a_split_quarter_schedule_ending_under_its_sub_columns() -> None:
    head, bottom = _quarter_header(1)
    found = find_header(head + _row(1, bottom, "1. SK", {}), MIN_SCORE)
    assert found is not None
    schedule = found.columns.schedule
    assert (schedule.column, schedule.values, schedule.split) == ("triwulan", (1, 2, 3, 4), True)
    assert found.body_top == bottom
    assert "target" not in {s.field for s in found.columns.spans}


def test_a_target_or_a_budget_schedules_its_quarter() -> None:
    head, top = _quarter_header(1)
    body = [
        *_row(1, top, "1. Target alone", {0: "25%"}),
        *_row(1, top + 20, "2. Budget alone", {3: "5.000"}),
        *_row(1, top + 40, "3. Both, a tick", {4: "√", 5: "5.000", 7: "2.500.000"}),
        *_row(1, top + 60, "4. None", {}),
    ]
    table = read_table([page_cells(1, head + body)], MIN_SCORE)
    assert [(r.text("indikator"), r.months) for r in table.rows] == [
        ("1. Target alone", (1,)),
        ("2. Budget alone", (2,)),
        ("3. Both, a tick", (3, 4)),
        ("4. None", ()),
    ]
    values = {c.text: role for c, role in table.roles.items() if c.text in {"25%", "5.000", "2.500.000"}}
    assert values == {"25%": "mark", "5.000": "mark", "2.500.000": "mark"}
