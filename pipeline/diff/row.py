"""The row model of the diff: one indikator row of a plan, its texts as compared and shown."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.records import months_of, record_text


@dataclass(frozen=True)
class Row:
    """One indikator row of a plan, texts with white space collapsed."""

    pos: int
    row: int
    area_no: int
    area_code: str
    area: str
    kegiatan_no: str
    kegiatan: str
    sub_kegiatan_no: str
    sub_kegiatan: str
    indikator_no: str
    indikator: str
    ket: str
    bulan: tuple[int, ...]

    def get(self, field: str) -> Any:
        """Given a plan column name, return this row's value of it."""
        return getattr(self, field)


Block = tuple[Row, ...]
Pair = tuple[Row | None, Row | None]


def _row_of(pos: int, rec: dict[str, Any]) -> Row:
    """Given a plan record and its position, return the row."""
    return Row(
        pos=pos,
        row=int(rec.get("row", pos + 1)),
        area_no=int(rec["area_no"]),
        area_code=record_text(rec, "area_code"),
        area=record_text(rec, "area"),
        kegiatan_no=record_text(rec, "kegiatan_no"),
        kegiatan=record_text(rec, "kegiatan"),
        sub_kegiatan_no=record_text(rec, "sub_kegiatan_no"),
        sub_kegiatan=record_text(rec, "sub_kegiatan"),
        indikator_no=record_text(rec, "indikator_no"),
        indikator=record_text(rec, "indikator"),
        ket=record_text(rec, "ket"),
        bulan=months_of(rec.get("bulan")),
    )


def rows_of(plan: pd.DataFrame) -> tuple[Row, ...]:
    """Given a plan DataFrame, return its rows in document order."""
    ordered = plan.sort_values("row", kind="stable") if "row" in plan.columns else plan
    return tuple(_row_of(i, rec) for i, rec in enumerate(ordered.to_dict("records")))


def rows_by_number(plan: pd.DataFrame) -> dict[int, Row]:
    """Given a plan, return its rows keyed by their `row` number."""
    return {row.row: row for row in rows_of(plan)}


def runs(rows: Iterable[Row], key: Callable[[Row], Hashable]) -> list[Block]:
    """Given rows, return the runs of consecutive rows sharing the same key."""
    return [tuple(run) for _, run in itertools.groupby(rows, key)]
