"""Workbooks for the people who read the plans in Excel: plan.xlsx and diff.xlsx (openpyxl).

plan.xlsx holds the sheet "Rencana Aksi" (the plan, one row per indikator, with a frozen header,
an autofilter, widths fitted to the texts and the months as twelve Jan..Des tick columns next to
the `bulan` text) and the sheet "Keputusan" (the decree's metadata). diff.xlsx lists each change
with its old and new value side by side. Texts are written as text, never as formulas, and the
bytes are deterministic: fixed document dates and fixed times inside the zip.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from .domain import load_display, load_pages
from .records import months_of
from .write import LIST_SEPARATOR

PLAN_SHEET = "Rencana Aksi"
DECREE_SHEET = "Keputusan"
DIFF_SHEET = "Perubahan"
MONTH_TICK = "✓"
# The decree.json keys shown on the "Keputusan" sheet, in this order; lists are joined.
DECREE_KEYS = ("nomor", "tentang", "mengubah_nomor", "ditetapkan_di", "tanggal", "satker", "source", "source_path",
               "sources", "doc_id", "sha256", "pages", "lampiran_pages", "provenance")  # fmt: skip
DIFF_COLUMNS = ("change", "area_no", "row_old", "row_new", "renumbered", "similarity", "indikator_old",
                "indikator_new", "field", "old_value", "new_value")  # fmt: skip
MIN_WIDTH = 4
MAX_WIDTH = 60
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _cell_value(value: Any) -> Any:
    """Given a frame value, return what a cell holds: lists joined by ";" as in plan.csv, null as empty."""
    if isinstance(value, (list, tuple)) or getattr(value, "ndim", 0) > 0:
        items = value.tolist() if hasattr(value, "tolist") else value
        return LIST_SEPARATOR.join(str(item) for item in items)
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def _put_rows(sheet: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Given a sheet, its header and rows, write them; a text is always text (a leading "=" is no formula)."""
    sheet.append(list(header))
    for values in rows:
        sheet.append([_cell_value(v) for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _fit_widths(sheet: Any) -> None:
    """Given a filled sheet, set each column's width to its longest line, within MIN_WIDTH..MAX_WIDTH."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=0)
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if longest + 2 > MAX_WIDTH:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(sheet: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Given a sheet, fill it as a table: bold frozen header, autofilter over the rows, fitted widths."""
    from openpyxl.styles import Font

    _put_rows(sheet, header, rows)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_widths(sheet)


def plan_sheet_rows(plan: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """Given a plan, return the "Rencana Aksi" header and rows: its columns, with Jan..Des ticks after `bulan`."""
    months = list(load_display().month_abbreviations)
    columns = list(plan.columns)
    at = columns.index("bulan") + 1 if "bulan" in columns else len(columns)
    header = [*columns[:at], *months, *columns[at:]]
    rows = []
    for record in plan.to_dict("records"):
        values = [record[c] for c in columns]
        marked = set(months_of(record.get("bulan")))
        ticks = [MONTH_TICK if m in marked else None for m in range(1, len(months) + 1)]
        rows.append([*values[:at], *ticks, *values[at:]])
    return header, rows


def decree_sheet_rows(decree: Mapping[str, Any]) -> list[list[Any]]:
    """Given decree.json's mapping, return the "Keputusan" rows: key and value, the signatory split in two."""
    rows: list[list[Any]] = [[key, decree[key]] for key in DECREE_KEYS if key in decree]
    signatory = decree.get("penandatangan") or {}
    rows += [[f"penandatangan.{key}", value] for key, value in signatory.items()]
    return rows


def diff_sheet_rows(diff: pd.DataFrame) -> list[list[Any]]:
    """Given a diff table, return the "Perubahan" rows: one per changed field of a modified row, else one."""
    rows = []
    for record in diff.to_dict("records"):
        head = [record[c] for c in DIFF_COLUMNS[:8]]
        values = list(record.get("values") or [])
        for value in values or [{"field": None, "old_value": None, "new_value": None}]:
            rows.append([*head, value["field"], value["old_value"], value["new_value"]])
    return rows


def _workbook_bytes(workbook: Any) -> bytes:
    """Given a workbook, return its .xlsx bytes with fixed dates, so the same content gives the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "rencana-aksi"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(zipfile.ZipInfo(item.filename, ZIP_TIME), source.read(item.filename), zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def plan_xlsx(plan: pd.DataFrame, decree: Mapping[str, Any]) -> bytes:
    """Given a plan and its decree.json mapping, return plan.xlsx: sheets "Rencana Aksi" and "Keputusan"."""
    from openpyxl import Workbook

    workbook = Workbook()
    header, rows = plan_sheet_rows(plan)
    _table_sheet(workbook.active, header, rows)
    workbook.active.title = PLAN_SHEET
    words = load_pages()["workbook"]
    _table_sheet(workbook.create_sheet(DECREE_SHEET), [words["key"], words["value"]], decree_sheet_rows(decree))
    return _workbook_bytes(workbook)


def diff_xlsx(diff: pd.DataFrame) -> bytes:
    """Given a diff table, return diff.xlsx: sheet "Perubahan", each change's old and new value side by side."""
    from openpyxl import Workbook

    workbook = Workbook()
    _table_sheet(workbook.active, DIFF_COLUMNS, diff_sheet_rows(diff))
    workbook.active.title = DIFF_SHEET
    return _workbook_bytes(workbook)
