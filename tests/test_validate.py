"""Tests of the validate stage: the suites in expectations/ pass good data and catch each fault."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from pipeline.config import DECREE_SUITE, PLAN_SUITE
from pipeline.domain import load_domain
from pipeline.schema import PLAN_COLUMNS, PLAN_SCHEMA
from pipeline.validate import ValidationReport, data_docs_html, validate_decree, validate_plan

DOC_ID = "bc33c9242dcba3c1"
COMPOUND_KEY = "area, kegiatan, sub_kegiatan, indikator"

# (area_no, area, area_code, kegiatan, sub_kegiatan, indikator, ket, bulan, page), read off the
# LAMPIRAN of KPU Kota Tegal 25/HK.03.2/3376/2021 (months chosen by hand). Area 4's second row
# leaves the indikator cell empty, as the decree does.
SEED_ROWS = [
    (
        1,
        "Penguatan Kelembagaan",
        "penataan_organisasi",
        "Evaluasi Organisasi",
        "FGD Evaluasi Organisasi di lingkungan unit/satuan kerja",
        "Dokumentasi laporan FGD Evaluasi Organisasi;",
        "Dokumentasi laporan FGD Evaluasi Organisasi;",
        [3, 4],
        3,
    ),
    (
        1,
        "Penguatan Kelembagaan",
        "penataan_organisasi",
        "Evaluasi Organisasi",
        "Pengisian Kuesioner Evaluasi Organisasi",
        "Pelaporan Kuesioner Evaluasi Organisasi kepada KPU RI dan Kemenpan RB",
        "Laporan Kuesioner Evaluasi Organisasi",
        [5],
        3,
    ),
    (
        2,
        "Penguatan Sistem Manajemen SDM ASN",
        "penataan_sdm",
        "Pembangunan Sistem Merit",
        "Penerapan Pengukuran Kinerja Individu",
        "Seluruh pegawai memiliki Sasaran Kinerja Pegawai",
        "SKP (jan-Jul 21)",
        [1, 7],
        3,
    ),
    (
        2,
        "Penguatan Sistem Manajemen SDM ASN",
        "penataan_sdm",
        "Pembangunan Sistem Merit",
        "Penerapan Pengukuran Kinerja Individu",
        "Pengukuran periode Sasaran kinerja Individu",
        "SKP (jan-Jul 21)",
        [],
        3,
    ),
    (
        3,
        "Manajemen Perubahan",
        "manajemen_perubahan",
        "Perencanaan Reformasi Birokrasi",
        "Pembentukan Tim Reformasi Birokrasi/Penanggung Jawab Reformasi KPU Kota Tegal",
        "Terbentuknya Tim Reformasi Birokrasi/Penanggung Jawab Reformasi KPU Kota Tegal",
        "SK Tim Reformasi Birokrasi/Penanggung Jawab Reformasi KPU Kota Tegal",
        [1],
        4,
    ),
    (
        4,
        "Penguatan Akuntabilitas",
        "penguatan_akuntabilitas",
        "Penguatan Sistem Akuntabilitas Kinerja Instansi Pemerintah",
        "Penyusunan dan penetapan Renstra Satuan Kerja",
        "Renstra satuan kerja Renstra hasil reviu",
        "Dokumen Renstra KPU Kota Tegal Tahun 2020 - 2024",
        [2, 3],
        5,
    ),
    (
        4,
        "Penguatan Akuntabilitas",
        "penguatan_akuntabilitas",
        "Penguatan Sistem Akuntabilitas Kinerja Instansi Pemerintah",
        "Reviu Renstra Satuan Kerja",
        "",
        "",
        [10, 11, 12],
        5,
    ),
    (
        5,
        "Penataan Tatalaksana",
        "penataan_tatalaksana",
        "Peningkatan peta laksana proses bisnis serta SOP",
        "Penyusunan peta proses bisnis dan SOP",
        "Seluruh peta proses bisnis telah disusun sesuai dengan pedoman penyusunan Peta Proses Bisnis;",
        "Tersusunnya SOP",
        [6],
        6,
    ),
    (
        6,
        "Peningkatan Kualitas Pelayanan Publik",
        "pelayanan_publik",
        "Penguatan pelayanan prima",
        "",
        "Pelaksanaan rekomendasi hasil evaluasi terhadap setiap jenis layanan internal",
        "",
        [8, 9],
        7,
    ),
    (
        7,
        "Penguatan Peraturan Perundang - Undangan/ Deregulasi Kebijakan",
        "deregulasi_kebijakan",
        "Evaluasi secara berkala produk peraturan perundang-undangan",
        "Pemetaan Naskah Dinas Pengaturan dan Penetapan di lingkungan unit kerja/satuan kerja",
        "Adanya data perundang undangan di KPU Kota Tegal",
        "Laporan monev",
        [12],
        8,
    ),
    (
        8,
        "Penguatan Pengawasan",
        "penguatan_pengawasan",
        "",
        "Pencanangan Zona Integritas di Lingkungan Unit/Satuan Kerja;",
        "Terbentuknya Tim Zona integritas;",
        "SK Tim Zona Integritas",
        [1, 2],
        8,
    ),
    (
        8,
        "Penguatan Pengawasan",
        "penguatan_pengawasan",
        "",
        "Penyusunan Rencana Aksi Zona Integritas di Lingkungan Unit/Satuan Kerja",
        "Adanya Rencana kerja Zona Integritas yang sudah dilegalkan.",
        "Dokumen Piagam Integritas",
        [2, 3],
        9,
    ),
]

SEED_MENGINGAT = [
    ("1", "Undang-Undang", "25", 2004, "Sistem Perencanaan Pembangunan nasional"),
    ("2", "Undang-Undang", "7", 2017, "Pemilihan Umum"),
    ("3", "Peraturan Presiden", "18", 2010, "Grand Design Reformasi Birokrasi 2010-2025"),
    (
        "3",
        "Peraturan Presiden",
        "105",
        2018,
        "Kedudukan, Tugas, Fungsi, Wewenang, Organisasi dan Tata Kerja Sekretariat Jenderal Komisi Pemilihan Umum",
    ),
    ("4", "Peraturan Presiden", "18", 2020, "Rencana Pembangunan Jangka Menengah Nasional Tahun 2020-2024"),
    ("5", "Peraturan Komisi Pemilihan Umum", "8", 2019, "Tata Kerja Komisi Pemilihan Umum"),
    (
        "6",
        "Peraturan Komisi Pemilihan Umum",
        "14",
        2020,
        "Tugas, Fungsi, Susunan Organisasi, dan Tata Kerja Sekretariat Jenderal Komisi Pemilihan Umum",
    ),
]


def _plan_rows() -> list[dict[str, Any]]:
    """Return fresh contract rows of the seed plan, numbered 1..n in document order."""
    return [
        {
            "doc_id": DOC_ID,
            "row": number,
            "area_no": area_no,
            "area": area,
            "area_code": code,
            "kegiatan_no": "1",
            "kegiatan": kegiatan,
            "sub_kegiatan_no": "1" if sub else "",
            "sub_kegiatan": sub,
            "indikator_no": "1" if indikator else "",
            "indikator": indikator,
            "ket": ket,
            "bulan": bulan,
            "page": page,
        }
        for number, (area_no, area, code, kegiatan, sub, indikator, ket, bulan, page) in enumerate(SEED_ROWS, start=1)
    ]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Given contract rows, return them as plan.parquet reads back (Arrow types of the contract)."""
    return pa.Table.from_pylist(rows, schema=PLAN_SCHEMA).to_pandas()


def _renumber(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given rows, return them with `row` set to 1..n again."""
    return [{**row, "row": number} for number, row in enumerate(rows, start=1)]


def _seed_decree() -> dict[str, Any]:
    """Return the decree.json of KPU Kota Tegal 25/HK.03.2/3376/2021, written from the seed."""
    return {
        "doc_id": DOC_ID,
        "source": "000_bc33c9242dcba3c1.pdf",
        "pages": 12,
        "nomor": "25/HK.03.2/3376/2021",
        "tentang": "PERUBAHAN KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL NOMOR: "
        "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021 TENTANG RENCANA AKSI REFORMASI BIROKRASI DI "
        "LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA TEGAL",
        "mengubah_nomor": "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
        "ditetapkan_di": "Tegal",
        "tanggal": "2021-10-07",
        "penandatangan": {
            "jabatan": "SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL",
            "nama": "ANDI BUDI HARJANTO",
        },
        "menimbang": ["bahwa berdasarkan Diktum Keempat Keputusan Komisi Pemilihan Umum ..."],
        "mengingat": [
            {"no": no, "jenis": jenis, "nomor": nomor, "tahun": tahun, "tentang": tentang}
            for no, jenis, nomor, tahun, tentang in SEED_MENGINGAT
        ],
        "diktum": [{"label": "KESATU", "text": "Menetapkan ..."}],
        "lampiran_pages": [3, 4, 5, 6, 7, 8, 9],
    }


def _assert_fails_on(report: ValidationReport, subject: str, *expected: str) -> None:
    """Assert the report failed only on `subject`, and some failure line holds each `expected`."""
    assert not report.success
    assert report.failures, "a failed report lists its failures"
    assert all(line.startswith(f"{subject}: ") for line in report.failures), report.failures
    for text in expected:
        assert any(text in line for line in report.failures), (text, report.failures)
    assert report.statistics["unsuccessful"] == len(report.failures)


@pytest.fixture(scope="module")
def valid_plan_report() -> ValidationReport:
    return validate_plan(_frame(_plan_rows()))


# --- the suite files ---------------------------------------------------------------------------


def _plan_kwargs(expectation_type: str, column: str | None = None) -> dict[str, Any]:
    """Return the kwargs of the plan suite's expectation of this type (and column)."""
    suite = json.loads(PLAN_SUITE.read_text(encoding="utf-8"))
    (kwargs,) = [
        e["kwargs"]
        for e in suite["expectations"]
        if e["type"] == expectation_type and e["kwargs"].get("column") == column
    ]
    return dict(kwargs)


def test_plan_suite_area_codes_are_the_domain_areas() -> None:
    value_set = _plan_kwargs("expect_column_values_to_be_in_set", "area_code")["value_set"]
    assert sorted(value_set) == sorted(load_domain().area_codes)
    assert len(value_set) == 8


def test_plan_suite_requires_every_contract_column() -> None:
    column_set = _plan_kwargs("expect_table_columns_to_match_set")["column_set"]
    assert set(column_set) == set(PLAN_COLUMNS)


def test_decree_suite_names_a_frame_for_every_expectation() -> None:
    suite = json.loads(DECREE_SUITE.read_text(encoding="utf-8"))
    frames = {e["meta"]["frame"] for e in suite["expectations"]}
    assert frames == {"decree", "mengingat"}


# --- plan --------------------------------------------------------------------------------------


def test_valid_plan_passes(valid_plan_report: ValidationReport) -> None:
    suite = json.loads(PLAN_SUITE.read_text(encoding="utf-8"))
    assert valid_plan_report.success, valid_plan_report.failures
    assert valid_plan_report.failures == ()
    assert valid_plan_report.suite == "plan"
    assert valid_plan_report.statistics == {
        "evaluated": len(suite["expectations"]),
        "successful": len(suite["expectations"]),
        "unsuccessful": 0,
    }


def test_result_json_is_the_gx_result(valid_plan_report: ValidationReport) -> None:
    result = json.loads(valid_plan_report.result_json)
    suite = json.loads(PLAN_SUITE.read_text(encoding="utf-8"))
    assert result["suite_name"] == "plan"
    assert result["success"] is True
    assert [r["expectation_config"]["type"] for r in result["results"]] == [e["type"] for e in suite["expectations"]]
    assert result["suite_parameters"]["row_count"] == len(SEED_ROWS)


def test_plan_from_python_lists_and_extra_columns_passes() -> None:
    plan = pd.DataFrame(_plan_rows()).assign(penanggung_jawab="Sub Bagian Hukum")
    report = validate_plan(plan)
    assert report.success, report.failures


def test_area_no_above_eight_fails() -> None:
    rows = _plan_rows()
    rows[-1]["area_no"] = 9
    _assert_fails_on(validate_plan(_frame(rows)), "area_no", "[9]", "(row 12)")


def test_area_no_decreasing_fails() -> None:
    rows = _plan_rows()
    rows[2]["area_no"] = 3  # row 3 jumps to area 3; row 4 falls back to area 2
    report = validate_plan(_frame(rows))
    _assert_fails_on(report, "area_no", "expect_column_values_to_be_increasing", "(row 4)")


def test_row_without_indikator_sub_kegiatan_or_ket_fails() -> None:
    rows = _plan_rows()
    rows[8].update(indikator="", sub_kegiatan="  ", ket="")
    _assert_fails_on(validate_plan(_frame(rows)), "indikator_or_fallback", "(row 9)")


def test_unknown_area_code_fails() -> None:
    rows = _plan_rows()
    rows[2]["area_code"] = "penguatan_sdm"
    _assert_fails_on(validate_plan(_frame(rows)), "area_code", '"penguatan_sdm"', "(row 3)")


def test_unresolved_area_code_fails() -> None:
    rows = _plan_rows()
    rows[2]["area_code"] = None
    report = validate_plan(_frame(rows))
    _assert_fails_on(report, "area_code", "expect_column_values_to_not_be_null")


def test_month_thirteen_fails() -> None:
    rows = _plan_rows()
    rows[6]["bulan"] = [12, 13]
    _assert_fails_on(validate_plan(_frame(rows)), "bulan_max", "[13]", "(row 7)")


def test_months_out_of_order_fail() -> None:
    rows = _plan_rows()
    rows[0]["bulan"] = [4, 3]
    _assert_fails_on(validate_plan(_frame(rows)), "bulan_ascending", "(row 1)")


def test_duplicate_row_number_fails() -> None:
    rows = _plan_rows()
    rows[3]["row"] = 3
    report = validate_plan(_frame(rows))
    _assert_fails_on(report, "row", "expect_column_values_to_be_unique", "[3, 3]")


def test_gap_in_row_numbers_fails() -> None:
    rows = _plan_rows()
    rows[-1]["row"] = len(rows) + 1
    _assert_fails_on(validate_plan(_frame(rows)), "row", "max_value=12", "[13]")


def test_duplicated_compound_key_fails() -> None:
    rows = _plan_rows()
    rows[1]["sub_kegiatan"] = rows[0]["sub_kegiatan"]
    rows[1]["indikator"] = rows[0]["indikator"]
    _assert_fails_on(validate_plan(_frame(rows)), COMPOUND_KEY, "2 of 12 values unexpected")


def test_area_missing_in_the_middle_fails() -> None:
    rows = _renumber([row for row in _plan_rows() if row["area_no"] != 4])
    _assert_fails_on(validate_plan(_frame(rows)), "area_no", "missing [4]")


def test_bad_doc_id_fails() -> None:
    rows = [{**row, "doc_id": DOC_ID.upper()} for row in _plan_rows()]
    _assert_fails_on(validate_plan(_frame(rows)), "doc_id", f'"{DOC_ID.upper()}"')


def test_plan_mixing_two_documents_fails() -> None:
    rows = _plan_rows()
    rows[-1]["doc_id"] = "0123456789abcdef"
    _assert_fails_on(validate_plan(_frame(rows)), "doc_id", "observed 2")


def test_page_going_back_fails() -> None:
    rows = _plan_rows()
    rows[-1]["page"] = 2
    _assert_fails_on(validate_plan(_frame(rows)), "page", "(row 12)")


def test_missing_contract_column_fails() -> None:
    plan = _frame(_plan_rows()).drop(columns=["kegiatan_no"])
    report = validate_plan(plan)
    _assert_fails_on(report, "table", "columns_to_match_set", 'missing ["kegiatan_no"]')


def test_empty_plan_fails() -> None:
    report = validate_plan(_frame([]))
    assert not report.success
    assert any(line.startswith("table: expect_table_row_count") for line in report.failures)


# --- decree ------------------------------------------------------------------------------------


def test_seed_decree_passes() -> None:
    report = validate_decree(_seed_decree())
    assert report.success, report.failures
    assert report.suite == "decree"
    assert report.statistics["unsuccessful"] == 0


def test_decree_number_of_the_amended_decree_is_accepted() -> None:
    decree = _seed_decree() | {"nomor": "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021"}
    decree["mengubah_nomor"] = None
    report = validate_decree(decree)
    assert report.success, report.failures


def test_decree_without_signatory_fails() -> None:
    report = validate_decree(_seed_decree() | {"penandatangan": None})
    _assert_fails_on(report, "penandatangan_nama", "expect_column_values_to_not_be_null")


@pytest.mark.parametrize("nomor", ["25/HK.03.2/3376", "HK.03.2/3376/2021"])
def test_bad_decree_number_fails(nomor: str) -> None:
    _assert_fails_on(validate_decree(_seed_decree() | {"nomor": nomor}), "nomor", f'"{nomor}"')


@pytest.mark.parametrize("tanggal", ["7 Oktober 2021", "2021-02-30"])
def test_bad_decree_date_fails(tanggal: str) -> None:
    report = validate_decree(_seed_decree() | {"tanggal": tanggal})
    _assert_fails_on(report, "tanggal", f'"{tanggal}"')


@pytest.mark.parametrize("tahun", [None, "21"])
def test_mengingat_without_a_year_fails(tahun: object) -> None:
    decree = _seed_decree()
    decree["mengingat"][1]["tahun"] = tahun
    _assert_fails_on(validate_decree(decree), "tahun")


@pytest.mark.parametrize(
    ("change", "subject"),
    [
        ({"doc_id": None}, "doc_id"),
        ({"tanggal": None}, "tanggal"),
        ({"mengubah_nomor": "Nomor 11 Tahun 2021"}, "mengubah_nomor"),
        ({"penandatangan": {"jabatan": "SEKRETARIS", "nama": "  "}}, "penandatangan_nama"),
    ],
)
def test_decree_missing_or_malformed_field_fails(change: dict[str, Any], subject: str) -> None:
    _assert_fails_on(validate_decree(_seed_decree() | change), subject)


def test_decree_without_mengingat_fails() -> None:
    report = validate_decree(_seed_decree() | {"mengingat": []})
    _assert_fails_on(report, "table", "observed 0")


# --- data docs ---------------------------------------------------------------------------------


def test_data_docs_page_lists_each_suite_and_escapes_values() -> None:
    rows = [{**row, "doc_id": "<b>bad</b>"} for row in _plan_rows()]
    reports = [validate_plan(_frame(rows)), validate_decree(_seed_decree())]
    page = data_docs_html(reports)
    assert page.startswith("<!DOCTYPE html>")
    assert "<code>plan</code>" in page and "<code>decree</code>" in page
    assert page.count("<tr><td>") == sum(r.statistics["evaluated"] for r in reports)
    assert page.count(">FAIL<") == len(reports[0].failures) == 1
    assert "&lt;b&gt;bad&lt;/b&gt;" in page
    assert "<b>bad</b>" not in page


DEFERRED_CHECK = """
import sys
from pipeline.validate import validate_decree
validate_decree({})
print(sorted(type(sys.modules[name]).__name__ for name in ("altair", "scipy.stats")))
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
print(round(float(kl.stats.entropy([0.5, 0.5], [0.9, 0.1])), 4), type(sys.modules["scipy.stats"]).__name__)
"""


def test_modules_gx_imports_for_unused_expectations_load_only_when_used() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", DEFERRED_CHECK], cwd=root, capture_output=True, text=True, check=True, timeout=300
    )
    stand_ins, used = done.stdout.strip().splitlines()
    assert stand_ins == "['_DeferredModule', '_DeferredModule']"
    # KL(0.5,0.5 || 0.9,0.1) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1)
    assert used == "0.5108 module"
