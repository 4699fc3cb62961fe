"""Hierarchy stage: given logical rows, return the plan (area > kegiatan > sub kegiatan > indikator).

Item numbers are split off into the `*_no` columns, empty area and kegiatan cells inherit from the
row above, and each area name is matched to its canonical reform area with rapidfuzz against every
known wording, so "Penguatan Kelembagaan" resolves to `penataan_organisasi`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
from rapidfuzz import fuzz, process, utils

from .area_labels import cell_label, name_label
from .domain import load_domain
from .rows import LogicalRow, TableRead
from .schedule import BULAN, SCHEDULE_COLUMNS
from .schema import PLAN_COLUMNS
from .text import split_item_number

NUMBERED = ("kegiatan", "sub_kegiatan", "indikator")
STANDARD_FIELDS = ("area_no", "area", "kegiatan", "sub_kegiatan", "indikator", "ket")
# The decree prints "1 1. Adanya dokumen penetapan Kinerja": the indikator's number, then the cell's
# own "1.". Read from a scan, that is "11. Adanya": OCR loses the space between two digits alike. A
# scanned item whose number is one digit twice, between the items before and after it under the
# same parent numbered one less (or none: the list's first) and one more, is that one digit.
DOUBLED_NUMBER = re.compile(r"^(\d)\1(?=[.)])")


@dataclass(frozen=True)
class AreaMatch:
    """The canonical area an area name resolved to, the wording it matched and the score."""

    code: str | None
    wording: str
    score: float


@cache
def _wordings() -> tuple[tuple[str, str], ...]:
    """Return (wording, area code) for every known wording of every canonical area."""
    return tuple((w, a.code) for a in load_domain().areas for w in (a.name, *a.wordings))


@cache
def match_area(name: str, min_score: float) -> AreaMatch:
    """Given an area name as printed, return its canonical area (code None below min_score)."""
    choices = [w for w, _ in _wordings()]
    found = process.extractOne(name, choices, scorer=fuzz.WRatio, processor=utils.default_process)
    if found is None or found[1] < min_score:
        return AreaMatch(None, found[0] if found else "", found[1] if found else 0.0)
    return AreaMatch(_wordings()[found[2]][1], found[0], float(found[1]))


def _area_number(texts: dict[str, str], previous: tuple[int, str, str] | None) -> tuple[int, str, str]:
    """Given a row's texts and the area above, return (area number, area name, printed label).

    The label is read from the NO cell or glued to the name (`1`, `A.`, `VIII.`, `Area 1 -`). A
    new area whose number is missing or does not follow the area above (an OCR slip: "7" read as
    "6" or lost) takes the next number; a row of the same area keeps its number.
    """
    area = texts.get("area", "")
    no_cell = texts.get("area_no", "").strip()
    printed = cell_label(no_cell) if no_cell else name_label(area)
    if printed and not no_cell:
        area = area[printed.end :]
    number, label = (printed.number, printed.label) if printed else (None, no_cell)
    if previous is None:
        return number or 1, area, label
    if area == previous[1]:
        return previous[0], area, label or previous[2]
    return (number if number and number > previous[0] else previous[0] + 1), area, label


def _plan_row(texts: dict[str, str], area: tuple[int, str, str], min_score: float) -> dict[str, object]:
    """Given one row's texts and its (area number, name, label), return the plan record (without doc_id/row/page)."""
    area_no, name, label = area
    record: dict[str, object] = {
        "area_no": area_no,
        "area": name,
        "area_code": match_area(name, min_score).code,
        "area_label": label,
    }
    for name in NUMBERED:
        record[f"{name}_no"], record[name] = split_item_number(texts.get(name, ""))
    record["ket"] = texts.get("ket", "")
    for name, value in texts.items():
        if name not in STANDARD_FIELDS:
            record[name] = value
    return record


def rows_to_plan(rows: Sequence[LogicalRow], doc_id: str, min_score: float, schedule: str = BULAN) -> pd.DataFrame:
    """Given logical rows, the document id and the plan column the schedule fills, return the plan frame.

    The marks fill `bulan`, `triwulan` or `tahun` (`schedule`); the other two stay empty.
    """
    records = []
    previous: tuple[int, str, str] | None = None
    for index, (row, texts) in enumerate(zip(rows, _numbers_parted(rows), strict=True), start=1):
        area = _area_number(texts, previous)
        previous = area
        record = _plan_row(texts, area, min_score)
        record.update(doc_id=doc_id, row=index, page=row.page, **{key: [] for key in SCHEDULE_COLUMNS})
        record[schedule] = list(row.months)
        record["ocr_confidence"] = row.confidence
        records.append(record)
    extras = [c for r in records for c in r if c not in PLAN_COLUMNS]
    columns = list(PLAN_COLUMNS) + list(dict.fromkeys(extras))
    return pd.DataFrame.from_records(records, columns=columns)


def _numbers_parted(rows: Sequence[LogicalRow]) -> list[dict[str, str]]:
    """Given logical rows, return each one's texts with a scanned item's doubled number parted ("11. Adanya" is
    "1 1. Adanya") where its list says so (DOUBLED_NUMBER)."""
    texts = [dict(row.texts) for row in rows]
    for level, field in enumerate(NUMBERED):
        parents = ("area", *NUMBERED[:level])
        items = _items(texts, field, parents)
        for at, (parent, text, members) in enumerate(items):
            match = DOUBLED_NUMBER.match(text)
            if match is None or any(rows[i].confidence is None for i in members):
                continue
            digit = int(match.group(1))
            before = _sibling_number(items, at - 1, parent)
            after = _sibling_number(items, at + 1, parent)
            if before == digit - 1 and after == digit + 1:
                for i in members:
                    texts[i][field] = f"{digit} {text[1:]}"
    return texts


def _items(
    texts: Sequence[dict[str, str]], field: str, parents: tuple[str, ...]
) -> list[tuple[tuple[str, ...], str, list[int]]]:
    """Given the rows' texts, a numbered field and its parent fields, return its items in order: (parent texts,
    item text, the rows it spans); a merged cell is one item."""
    items: list[tuple[tuple[str, ...], str, list[int]]] = []
    for index, row in enumerate(texts):
        parent, text = tuple(row.get(name, "") for name in parents), row.get(field, "")
        if not text:
            continue
        if items and items[-1][:2] == (parent, text):
            items[-1][2].append(index)
        else:
            items.append((parent, text, [index]))
    return items


def _sibling_number(items: Sequence[tuple[tuple[str, ...], str, list[int]]], at: int, parent: tuple[str, ...]) -> int:
    """Given the items, a position and the parent, return the number of the item there under that parent (0 when
    there is none: the list starts or ends), or -1 when it carries no number."""
    if not 0 <= at < len(items) or items[at][0] != parent:
        return 0
    number = split_item_number(items[at][1])[0]
    return int(number) if number.isdigit() else -1


def table_schedule(table: TableRead) -> str:
    """Given the table read, return the plan column its schedule fills (its first header's; `bulan` when none)."""
    return table.segments[0].columns.schedule.column if table.segments else BULAN
