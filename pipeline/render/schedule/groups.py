"""The plan as the schedule shows it: rows grouped by area, then by kegiatan, in document order.

Each row keeps its numbers, label text, months and full texts (for hovering); each area its
canonical name and its colour (data/colours.yaml), the same in every document.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...domain import load_colours, load_display, load_domain
from ...records import months_of, record_text

MONTHS = tuple(range(1, 13))
# Text that stands for a row when its indikator cell is empty, in order of preference.
LABEL_TEXT_COLUMNS = ("indikator", "sub_kegiatan", "ket")
NUMBER_COLUMNS = ("kegiatan_no", "sub_kegiatan_no", "indikator_no")


@dataclass(frozen=True)
class ScheduleRow:
    """One indikator line: its number, label text, months and full texts (for hovering)."""

    row: int
    number: str
    text: str
    months: tuple[int, ...]
    details: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        """Return "<kegiatan_no>.<sub_kegiatan_no>.<indikator_no> <text>" (empty numbers left out)."""
        return f"{self.number} {self.text}".strip()

    @property
    def hover(self) -> str:
        """Return the row's full texts, one "Field: text" line each."""
        return "\n".join(f"{name}: {text}" for name, text in self.details if text)


@dataclass(frozen=True)
class KegiatanGroup:
    """The consecutive rows of one kegiatan."""

    number: str
    text: str
    rows: tuple[ScheduleRow, ...]

    @property
    def label(self) -> str:
        """Return "<kegiatan_no>. <kegiatan>" ("(tanpa kegiatan)" standing for an empty kegiatan cell)."""
        text = self.text or load_display().no_kegiatan
        return f"{self.number}. {text}" if self.number else text

    @property
    def months(self) -> tuple[int, ...]:
        """Return the months in which any of its rows is scheduled."""
        return tuple(sorted({m for row in self.rows for m in row.months}))


@dataclass(frozen=True)
class AreaGroup:
    """The consecutive rows of one area, by kegiatan, with the area's canonical name and colour."""

    area_no: int
    area: str
    area_code: str
    canonical: str
    colour: str
    kegiatan: tuple[KegiatanGroup, ...]

    @property
    def label(self) -> str:
        """Return "<area_no>. <area as printed>"."""
        return f"{self.area_no}. {self.area}"

    @property
    def rows(self) -> tuple[ScheduleRow, ...]:
        """Return the area's rows in document order."""
        return tuple(row for group in self.kegiatan for row in group.rows)


def area_colours() -> dict[str, str]:
    """Return the fixed colour (#RRGGBB) of every canonical area code."""
    return dict(load_colours().by_code)


def area_colour(code: str | None) -> str:
    """Given an area code (None when the area matched none), return its colour."""
    colours = load_colours()
    return colours.by_code.get(code or "", colours.unknown)


def _number(record: dict[str, Any], name: str) -> int:
    """Given a plan record and an integer column, return its value (0 for missing or null)."""
    text = record_text(record, name)
    return int(float(text)) if text else 0


def _record_to_row(record: dict[str, Any]) -> ScheduleRow:
    """Given one plan record, return its schedule line."""
    number = ".".join(n for n in (record_text(record, c) for c in NUMBER_COLUMNS) if n)
    text = next((t for t in (record_text(record, c) for c in LABEL_TEXT_COLUMNS) if t), "")
    # A month outside 1..12 is the validation's to report; the schedule has no column for it.
    months = tuple(m for m in months_of(record.get("bulan")) if m in MONTHS)
    words = load_display()
    details = tuple((title, record_text(record, name)) for name, title in words.hover_fields)
    shown = ", ".join(words.month_abbreviations[m - 1] for m in months) or words.no_months
    details += ((words.months_field, shown),)
    return ScheduleRow(_number(record, "row"), number, text, months, details)


def _canonical_name(code: str) -> str:
    """Given an area code, return its canonical name ("" when unknown)."""
    return next((a.name for a in load_domain().areas if a.code == code), "")


def _kegiatan_groups(records: Iterable[dict[str, Any]]) -> tuple[KegiatanGroup, ...]:
    """Given the records of one area, return its runs of rows sharing a kegiatan."""
    runs = itertools.groupby(records, key=lambda r: (record_text(r, "kegiatan_no"), record_text(r, "kegiatan")))
    return tuple(KegiatanGroup(no, text, tuple(map(_record_to_row, group))) for (no, text), group in runs)


def plan_to_areas(plan: pd.DataFrame) -> list[AreaGroup]:
    """Given a plan, return its rows grouped by area then kegiatan, in document order."""
    records = plan.to_dict("records")
    runs = itertools.groupby(records, key=lambda r: (_number(r, "area_no"), record_text(r, "area")))
    areas = []
    for (area_no, area), group in runs:
        rows = list(group)
        code = record_text(rows[0], "area_code")
        areas.append(
            AreaGroup(area_no, area, code, _canonical_name(code), area_colour(code or None), _kegiatan_groups(rows))
        )
    return areas


def plan_doc_id(plan: pd.DataFrame) -> str:
    """Given a plan, return its doc_id ("" when it has none)."""
    values = plan["doc_id"].dropna().unique() if "doc_id" in plan.columns else []
    return str(values[0]) if len(values) == 1 else ""


def document_label(plan: pd.DataFrame, document: str = "") -> str:
    """Given a plan and the name of its document (office and nomor, "" when unknown), return how charts name it.

    Without a name the charts fall back to the plan's doc_id ("" when it has none).
    """
    doc_id = plan_doc_id(plan)
    return document or (load_display().document_id.format(doc_id=doc_id) if doc_id else "")
