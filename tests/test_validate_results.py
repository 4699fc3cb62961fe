"""Tests of the reports read off GX results: one result per suite in the file's order, and the page."""

from __future__ import annotations

import json

import pytest

from pipeline.config import DECREE_SUITE, PLAN_SUITE
from pipeline.validate import ValidationReport, data_docs_html, validate_decree, validate_plan
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
    assert "<code>plan</code>" in page and "<code>decree</code>" in page
    assert page.count("<tr><td>") == sum(r.statistics["evaluated"] for r in reports)
    assert page.count(">FAIL<") == len(reports[0].failures) == 1
    assert "&lt;b&gt;bad&lt;/b&gt;" in page
    assert "<b>bad</b>" not in page
