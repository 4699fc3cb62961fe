"""Write stage: contract types, CSV lists, deterministic bytes."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import __version__
from pipeline.errors import OutputError
from pipeline.schema import CONTRACT_VERSION, PLAN_COLUMNS, PLAN_SCHEMA
from pipeline.write import frame_to_csv_bytes, plan_to_arrow, table_to_parquet_bytes


def _plan() -> pd.DataFrame:
    record = {
        "doc_id": "0123456789abcdef",
        "row": 1,
        "area_no": 1,
        "area": "Penguatan Kelembagaan",
        "area_code": "penataan_organisasi",
        "kegiatan_no": "1",
        "kegiatan": "Evaluasi Organisasi",
        "sub_kegiatan_no": "",
        "sub_kegiatan": "",
        "indikator_no": "1",
        "indikator": "Dokumentasi",
        "ket": "",
        "bulan": [1, 2, 12],
        "page": 5,
        "area_label": "1",
        "triwulan": [],
        "tahun": [],
        "penanggung_jawab": "Kasubbag Umum",
    }
    return pd.DataFrame([record, {**record, "row": 2, "bulan": []}])


def test_parquet_has_the_contract_types_plus_extra_string_columns():
    table = pq.read_table(io.BytesIO(table_to_parquet_bytes(plan_to_arrow(_plan()))))
    assert table.schema.names == [*PLAN_COLUMNS, "penanggung_jawab"]
    for field in PLAN_SCHEMA:
        assert table.schema.field(field.name).type == field.type
    assert str(table.schema.field("penanggung_jawab").type) == "string"
    assert table.column("bulan").to_pylist() == [[1, 2, 12], []]


def test_parquet_bytes_are_deterministic():
    assert table_to_parquet_bytes(plan_to_arrow(_plan())) == table_to_parquet_bytes(plan_to_arrow(_plan()))


# What the contract leaves empty as "" or [] and never null (shared/contract.md).
# The contract's never-null fields, and the added area_label, triwulan and tahun ("" and [] when none).
NEVER_NULL = {"doc_id", "row", "area_no", "area", "kegiatan_no", "kegiatan", "sub_kegiatan_no", "sub_kegiatan",
              "indikator_no", "indikator", "ket", "bulan", "page", "area_label", "triwulan", "tahun"}  # fmt: skip


def test_parquet_describes_itself_without_a_timestamp():
    sha = "ab" * 32
    table = pq.read_table(io.BytesIO(table_to_parquet_bytes(plan_to_arrow(_plan()), [sha])))
    assert {f.name for f in table.schema if not f.nullable} == NEVER_NULL
    metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    assert metadata == {
        "rencana_aksi.contract": CONTRACT_VERSION,
        "rencana_aksi.pipeline": __version__,
        "rencana_aksi.source_sha256": sha,
    }


def test_a_null_where_the_contract_never_leaves_one_is_refused():
    plan = _plan().astype({"ket": object})
    plan.loc[1, "ket"] = None
    with pytest.raises(OutputError, match="ket"):
        table_to_parquet_bytes(plan_to_arrow(plan))


def test_csv_writes_months_joined_by_semicolons():
    text = frame_to_csv_bytes(_plan()).decode("utf-8").splitlines()
    assert text[0].split(",")[-6:] == ["bulan", "page", "area_label", "triwulan", "tahun", "penanggung_jawab"]
    assert text[1].endswith(",1;2;12,5,1,,,Kasubbag Umum")
    assert text[2].endswith(",,5,1,,,Kasubbag Umum")


FORMULAS = ('=HYPERLINK("http://x")', "+62 812", "-", "-5%", "@SUM(A1)", "\tdata", "\rdata")


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_text_that_starts_like_a_formula_gets_a_leading_quote_and_parquet_keeps_it_as_printed():
    plan = pd.concat([_plan().iloc[:1]] * len(FORMULAS), ignore_index=True)
    plan["indikator"] = list(FORMULAS)
    plan["ket"] = ["Dokumentasi", "= 1", "x-y", "", "a@b", "-", "+"]
    plan["bulan"] = [[1, 2, 3]] * len(FORMULAS)
    rows = _csv_rows(frame_to_csv_bytes(plan))
    assert [r["indikator"] for r in rows] == ["'" + text.replace("\r", "\n") for text in FORMULAS]
    assert [r["ket"] for r in rows] == ["Dokumentasi", "'= 1", "x-y", "", "a@b", "'-", "'+"]
    assert {r["bulan"] for r in rows} == {"1;2;3"} and {r["row"] for r in rows} == {"1"}
    printed = pq.read_table(io.BytesIO(table_to_parquet_bytes(plan_to_arrow(plan)))).column("indikator").to_pylist()
    assert printed == list(FORMULAS)


def test_diff_and_mengingat_csv_guard_text_but_not_numbers():
    from pipeline.records import mengingat_frame

    diff = pd.DataFrame(
        {"change": ["modified"], "area_no": [1], "row_old": [-2], "indikator_old": ["=1+1"],
         "fields": [["indikator", "ket"]], "similarity": [-0.5]}
    )  # fmt: skip
    (row,) = _csv_rows(frame_to_csv_bytes(diff))
    assert row == {"change": "modified", "area_no": "1", "row_old": "-2", "indikator_old": "'=1+1",
                   "fields": "indikator;ket", "similarity": "-0.5"}  # fmt: skip
    entries = [{"no": 1, "jenis": "Undang-Undang", "nomor": "-7", "tahun": 2017, "tentang": "@Pemilihan Umum"}]
    (legal,) = _csv_rows(frame_to_csv_bytes(mengingat_frame(entries)))
    assert (legal["no"], legal["nomor"], legal["tahun"], legal["tentang"]) == ("1", "'-7", "2017", "'@Pemilihan Umum")
