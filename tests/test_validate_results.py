"""Tests of the reports read off GX results: one result per suite in the file's order, and the page."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.config import DECREE_SUITE, PLAN_SUITE
from pipeline.domain import load_pages
from pipeline.validate import ValidationReport, data_docs_html, validate_decree, validate_plan
from pipeline.validate.frames import plan_check_frame
from pipeline.validate.results import expectation_key
from tests.fixtures.validation_seed import SEED_ROWS, plan_frame, plan_rows, seed_decree


@pytest.fixture(scope="module")
def valid_plan_report() -> ValidationReport:
    return validate_plan(plan_frame(plan_rows()))


# --- merged results --------------------------------------------------------------------------


def test_result_json_is_the_gx_result(valid_plan_report: ValidationReport) -> None:
    result = json.loads(valid_plan_report.result_json)
    suite = json.loads(PLAN_SUITE.read_text(encoding="utf-8"))
    assert result["suite_name"] == "plan"
    assert result["success"] is True
    assert [r["expectation_config"]["type"] for r in result["results"]] == [e["type"] for e in suite["expectations"]]
    assert result["suite_parameters"]["row_count"] == len(SEED_ROWS)


def test_decree_frames_merge_into_one_result_in_the_file_order() -> None:
    suite = json.loads(DECREE_SUITE.read_text(encoding="utf-8"))
    result = json.loads(validate_decree(seed_decree()).result_json)
    assert result["suite_name"] == "decree"
    assert [r["expectation_config"]["type"] for r in result["results"]] == [e["type"] for e in suite["expectations"]]
    assert list(result["meta"]["batches"]) == ["decree", "mengingat"]
    assert result["statistics"]["evaluated_expectations"] == len(suite["expectations"])


# --- data docs -------------------------------------------------------------------------------


def test_data_docs_page_lists_each_suite_and_escapes_values() -> None:
    rows = [{**row, "doc_id": "<b>bad</b>"} for row in plan_rows()]
    reports = [validate_plan(plan_frame(rows)), validate_decree(seed_decree())]
    page = data_docs_html(reports)
    assert page.startswith("<!DOCTYPE html>")
    assert "Tabel rencana aksi (plan.parquet)" in page and "Keputusan (decree.json)" in page
    assert page.count("<tr><td>") == sum(r.statistics["evaluated"] for r in reports)
    assert page.count(">GAGAL<") == len(reports[0].failures) == 1
    assert "&lt;b&gt;bad&lt;/b&gt;" in page
    assert "<b>bad</b>" not in page


# English words the Data Docs page used to print; none may be left on the Indonesian pages.
ENGLISH_WORDS = ("passed", "failed", "expectations", "evaluated", "Column", "Observed", "values unexpected",
                 "missing", "(row ")  # fmt: skip


@pytest.mark.parametrize("suite_file", [PLAN_SUITE, DECREE_SUITE], ids=["plan", "decree"])
def test_every_expectation_has_an_indonesian_sentence(suite_file) -> None:
    suite = json.loads(suite_file.read_text(encoding="utf-8"))
    said = load_pages()["expectations"][suite["name"]]
    keys = [expectation_key(e) for e in suite["expectations"]]
    assert sorted(keys) == sorted(said), "pages.yaml names exactly the suite's expectations"
    assert all(said[key]["sentence"].strip() for key in keys)


def test_data_docs_page_is_indonesian_with_output_columns_only() -> None:
    rows = plan_rows()
    rows[1] = {**rows[1], "bulan": [13]}
    plan = plan_frame(rows)
    page = data_docs_html([validate_plan(plan), validate_decree(seed_decree())])
    assert '<html lang="id">' in page
    text = re.sub(r"<[^>]+>", " ", page)
    derived = set(plan_check_frame(plan).columns) - set(plan.columns)
    assert derived and not [name for name in derived if name in text]
    assert not [word for word in ENGLISH_WORDS if word in text.replace("expect_", "")]
    # The failing month is told in a sentence about the table, with its row and the GX call under it.
    assert "Bulan pelaksanaan paling akhir tiap baris antara 1 dan 12." in text
    assert "1 dari 12 nilai tidak sesuai, mis. [13] (baris 2)" in text
    assert "Ekspresi GX:" in text and "expect_column_values_to_be_between(min_value=1, max_value=12)" in text
