"""Check an extracted plan and decree against the expectation suites kept as JSON in expectations/.

The suites are Great Expectations (GX 1.x) ExpectationSuite files, loaded at run time (gx.py). A
plan is validated together with columns derived from it, a decree as a one-row frame plus a frame
of its mengingat entries (frames.py); each suite's per-frame results are merged into one report,
whose failures and page are read off the GX result (results.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipeline.config import DECREE_SUITE, PLAN_SUITE
from pipeline.validate.frames import DECREE_FRAME, PLAN_FRAME, decree_check_frames, plan_check_frame, plan_parameters
from pipeline.validate.gx import PARTIAL_UNEXPECTED_COUNT, prepare_gx_import, prepare_suites, run_suite, suite_name
from pipeline.validate.results import ValidationReport, data_docs_html, merged_report, suite_view

__all__ = [
    "ValidationReport",
    "data_docs_html",
    "prepare_gx_import",
    "prepare_validation",
    "suite_view",
    "validate_decree",
    "validate_plan",
]

PLAN_RESULT_FORMAT: dict[str, Any] = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
    "unexpected_index_column_names": ["row"],
}
DECREE_RESULT_FORMAT: dict[str, Any] = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
}


def prepare_validation() -> None:
    """Build the process's GX context and both suites before the first document needs them."""
    prepare_suites({PLAN_SUITE: PLAN_FRAME, DECREE_SUITE: DECREE_FRAME})


def validate_plan(plan: pd.DataFrame) -> ValidationReport:
    """Given a plan frame (contract columns), return its report against expectations/plan.json."""
    frame = plan_check_frame(plan)
    parameters = plan_parameters(frame)
    parts = run_suite(PLAN_SUITE, {PLAN_FRAME: frame}, parameters, PLAN_RESULT_FORMAT)
    return merged_report(suite_name(PLAN_SUITE), parts, parameters)


def validate_decree(decree: Mapping[str, Any]) -> ValidationReport:
    """Given a decree.json dict, return its report against expectations/decree.json."""
    parts = run_suite(DECREE_SUITE, decree_check_frames(decree), {}, DECREE_RESULT_FORMAT)
    return merged_report(suite_name(DECREE_SUITE), parts, {})
