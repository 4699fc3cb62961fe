"""Tests of the validate stage: the suites in expectations/ pass good data and catch each fault."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.config import DECREE_SUITE, PLAN_SUITE
from pipeline.domain import load_domain
from pipeline.schema import PLAN_COLUMNS
from pipeline.validate import validate_decree, validate_plan
from tests.fixtures.validation_seed import (
    COMPOUND_KEY,
    DOC_ID,
    assert_fails_on,
    plan_frame,
    plan_rows,
    renumber,
    seed_decree,
)

# --- the suite files -------------------------------------------------------------------------


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


# --- plan ------------------------------------------------------------------------------------


def test_valid_plan_passes() -> None:
    valid_plan_report = validate_plan(plan_frame(plan_rows()))
    suite = json.loads(PLAN_SUITE.read_text(encoding="utf-8"))
    assert valid_plan_report.success, valid_plan_report.failures
    assert valid_plan_report.failures == ()
    assert valid_plan_report.suite == "plan"
    assert valid_plan_report.statistics == {
        "evaluated": len(suite["expectations"]),
        "successful": len(suite["expectations"]),
        "unsuccessful": 0,
    }


def test_area_no_above_eight_fails() -> None:
    rows = plan_rows()
    rows[-1]["area_no"] = 9
    assert_fails_on(validate_plan(plan_frame(rows)), "area_no", "[9]", "(row 12)")


def test_a_scan_with_more_than_one_row_in_ten_read_unsure_fails_and_one_so_row_passes() -> None:
    rows = [{**row, "ocr_confidence": 0.9} for row in plan_rows()]
    rows[3]["ocr_confidence"] = 0.3
    assert validate_plan(plan_frame(rows)).success  # 1 of 12 rows
    rows[7]["ocr_confidence"] = 0.45
    report = validate_plan(plan_frame(rows))  # 2 of 12 rows
    assert_fails_on(report, "ocr_confidence", "mostly=0.9", "2 of 12 values unexpected", "(row 4, 8)")


def test_area_no_decreasing_fails() -> None:
    rows = plan_rows()
    rows[2]["area_no"] = 3  # row 3 jumps to area 3; row 4 falls back to area 2
    report = validate_plan(plan_frame(rows))
    assert_fails_on(report, "area_no", "expect_column_values_to_be_increasing", "(row 4)")


def test_unknown_area_code_fails() -> None:
    rows = plan_rows()
    rows[2]["area_code"] = "penguatan_sdm"
    assert_fails_on(validate_plan(plan_frame(rows)), "area_code", '"penguatan_sdm"', "(row 3)")


def test_unresolved_area_code_fails_quoting_the_area_as_printed() -> None:
    rows = plan_rows()
    rows[2].update(area="Pengadaan Barang dan Jasa", area_code=None)
    report = validate_plan(plan_frame(rows))
    assert_fails_on(report, "area_unmatched", '"Pengadaan Barang dan Jasa"', "(row 3)")


def test_duplicate_row_number_fails() -> None:
    rows = plan_rows()
    rows[3]["row"] = 3
    report = validate_plan(plan_frame(rows))
    assert_fails_on(report, "row", "expect_column_values_to_be_unique", "[3, 3]")


def test_gap_in_row_numbers_fails() -> None:
    rows = plan_rows()
    rows[-1]["row"] = len(rows) + 1
    assert_fails_on(validate_plan(plan_frame(rows)), "row", "max_value=12", "[13]")


def test_duplicated_compound_key_fails() -> None:
    rows = plan_rows()
    rows[1]["sub_kegiatan"] = rows[0]["sub_kegiatan"]
    rows[1]["indikator"] = rows[0]["indikator"]
    assert_fails_on(validate_plan(plan_frame(rows)), COMPOUND_KEY, "2 of 12 values unexpected")


def test_area_missing_in_the_middle_fails() -> None:
    rows = renumber([row for row in plan_rows() if row["area_no"] != 4])
    assert_fails_on(validate_plan(plan_frame(rows)), "area_no", "missing [4]")


def test_bad_doc_id_fails() -> None:
    rows = [{**row, "doc_id": DOC_ID.upper()} for row in plan_rows()]
    assert_fails_on(validate_plan(plan_frame(rows)), "doc_id", f'"{DOC_ID.upper()}"')


def test_plan_mixing_two_documents_fails() -> None:
    rows = plan_rows()
    rows[-1]["doc_id"] = "0123456789abcdef"
    assert_fails_on(validate_plan(plan_frame(rows)), "doc_id", "observed 2")


def test_page_going_back_fails() -> None:
    rows = plan_rows()
    rows[-1]["page"] = 2
    assert_fails_on(validate_plan(plan_frame(rows)), "page", "(row 12)")


def test_missing_contract_column_fails() -> None:
    plan = plan_frame(plan_rows()).drop(columns=["kegiatan_no"])
    report = validate_plan(plan)
    assert_fails_on(report, "table", "columns_to_match_set", 'missing ["kegiatan_no"]')


def test_empty_plan_fails() -> None:
    report = validate_plan(plan_frame([]))
    assert not report.success
    assert any(line.startswith("table: expect_table_row_count") for line in report.failures)


# --- decree ----------------------------------------------------------------------------------


def test_seed_decree_passes() -> None:
    report = validate_decree(seed_decree())
    assert report.success, report.failures
    assert report.suite == "decree"
    assert report.statistics["unsuccessful"] == 0


def test_decree_number_of_the_amended_decree_is_accepted() -> None:
    decree = seed_decree() | {"nomor": "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021"}
    decree["mengubah_nomor"] = None
    report = validate_decree(decree)
    assert report.success, report.failures


@pytest.mark.parametrize("nomor", ["25/HK.03.2/3376", "HK.03.2/3376/2021"])
def test_bad_decree_number_fails(nomor: str) -> None:
    assert_fails_on(validate_decree(seed_decree() | {"nomor": nomor}), "nomor", f'"{nomor}"')


@pytest.mark.parametrize("tanggal", ["7 Oktober 2021", "2021-02-30"])
def test_bad_decree_date_fails(tanggal: str) -> None:
    report = validate_decree(seed_decree() | {"tanggal": tanggal})
    assert_fails_on(report, "tanggal", f'"{tanggal}"')


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
    assert_fails_on(validate_decree(seed_decree() | change), subject)


def test_decree_without_mengingat_fails() -> None:
    report = validate_decree(seed_decree() | {"mengingat": []})
    assert_fails_on(report, "table", "observed 0")
