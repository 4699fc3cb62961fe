"""Tests of plan.xlsx and diff.xlsx: read back with openpyxl, they hold what the Parquet files hold."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq

from pipeline.diff import diff_to_arrow
from pipeline.write import table_to_parquet_bytes
from pipeline.xlsx import diff_xlsx, plan_xlsx
from tests.fixtures.render import SMALL_ROWS, make_plan

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
DECREE = {
    "doc_id": "0123456789abcdef",
    "nomor": "25/HK.03.2/3376/2021",
    "tanggal": "2021-10-07",
    "penandatangan": {"jabatan": "SEKRETARIS", "nama": "ANDI BUDI HARJANTO"},
    "lampiran_pages": [3, 4],
}


def _sheet_records(data: bytes, sheet: str) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[dict]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(workbook[sheet].values)
    return workbook[sheet], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def assert_plan_workbook_matches(data: bytes, parquet: bytes, decree: dict) -> None:
    """The "Rencana Aksi" sheet holds the Parquet plan, ticks where `bulan` has the month; "Keputusan" the decree."""
    plan = pq.read_table(io.BytesIO(parquet)).to_pylist()
    sheet, records = _sheet_records(data, "Rencana Aksi")
    header = [c.value for c in sheet[1]]
    at = header.index("bulan") + 1
    assert header[at : at + 12] == MONTHS
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert len(records) == len(plan)
    for got, row in zip(records, plan, strict=True):
        for column, value in row.items():
            shown = ";".join(map(str, value)) if isinstance(value, list) else value
            shown = "" if shown is None else shown  # a null (no OCR confidence) is an empty cell
            assert (got[column] if got[column] is not None else "") == shown, column
        assert [m for i, m in enumerate(MONTHS, 1) if got[m] == "✓"] == [MONTHS[m - 1] for m in row["bulan"]]
    _, facts = _sheet_records(data, "Keputusan")
    shown = {f["Butir"]: f["Nilai"] for f in facts}
    assert shown["nomor"] == decree["nomor"] and shown["tanggal"] == decree["tanggal"]
    assert shown["penandatangan.nama"] == decree["penandatangan"]["nama"]


def test_plan_xlsx_holds_the_plan_and_the_decree() -> None:
    from pipeline.write import plan_to_arrow

    plan = make_plan(SMALL_ROWS)
    assert_plan_workbook_matches(plan_xlsx(plan, DECREE), table_to_parquet_bytes(plan_to_arrow(plan)), DECREE)


def test_plan_xlsx_writes_texts_as_text_and_the_same_bytes_twice() -> None:
    plan = make_plan(SMALL_ROWS)
    plan.loc[0, "ket"] = '=HYPERLINK("http://x")'
    data = plan_xlsx(plan, DECREE)
    sheet, records = _sheet_records(data, "Rencana Aksi")
    assert records[0]["ket"] == '=HYPERLINK("http://x")'
    assert sheet.cell(2, [c.value for c in sheet[1]].index("ket") + 1).data_type == "s"
    assert data == plan_xlsx(plan, DECREE)


def test_diff_xlsx_puts_old_and_new_side_by_side(known_diff: pd.DataFrame) -> None:
    diff = pq.read_table(io.BytesIO(table_to_parquet_bytes(diff_to_arrow(known_diff)))).to_pylist()
    _, records = _sheet_records(diff_xlsx(known_diff), "Perubahan")
    expected = [
        (d["change"], d["row_old"], d["row_new"], v["field"], v["old_value"], v["new_value"])
        for d in diff
        for v in d["values"] or [{"field": None, "old_value": None, "new_value": None}]
    ]
    got = [(r["change"], r["row_old"], r["row_new"], r["field"], r["old_value"], r["new_value"]) for r in records]
    assert got == expected
    assert ("modified", 10, 11, "bulan", "3", "4;5") in got


def test_the_published_plan_xlsx_matches_its_parquet(tmp_path: Path) -> None:
    from pipeline.config import ExtractSettings
    from pipeline.runner import extract
    from tests.test_end_to_end import REPLICA

    extract(REPLICA, tmp_path / "out", ExtractSettings(charts=False), tmp_path / "interim")
    folder = tmp_path / "out" / REPLICA.stem
    decree = json.loads((folder / "decree.json").read_text(encoding="utf-8"))
    assert_plan_workbook_matches((folder / "plan.xlsx").read_bytes(), (folder / "plan.parquet").read_bytes(), decree)
