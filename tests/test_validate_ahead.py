"""Where a run validates: a validator process reports what validation in the run's process reports."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import pipeline.validate.ahead as ahead
from pipeline.batch import Job, RunOptions
from pipeline.config import ExtractSettings
from pipeline.schedulers.pool import ProcessPool
from pipeline.validate.ahead import IN_PROCESS, ValidatorProcess, validator_for_run
from tests.fixtures.render import REPLICA
from tests.fixtures.validation_seed import plan_frame, plan_rows, seed_decree


def _faulty_plan() -> pd.DataFrame:
    """A seed plan whose second row names an area the domain does not know."""
    rows = plan_rows()
    rows[1]["area_code"] = "bukan_area"
    return plan_frame(rows)


@pytest.mark.parametrize("plan", [plan_frame(plan_rows()), _faulty_plan()], ids=["valid", "faulty"])
def test_the_validator_process_reports_what_this_process_reports(plan: pd.DataFrame) -> None:
    validator = ValidatorProcess()
    try:
        validator.ready()
        there = validator.validate(plan, seed_decree())
    finally:
        validator.close()
    here = IN_PROCESS.validate(plan, seed_decree())
    assert [(r.suite, r.success, r.failures, r.statistics) for r in there] == [
        (r.suite, r.success, r.failures, r.statistics) for r in here
    ]
    assert validator.peak_mb > 0


def test_the_faulty_plan_fails_in_the_validator_process() -> None:
    validator = ValidatorProcess()
    try:
        plan_report, decree_report = validator.validate(_faulty_plan(), seed_decree())
    finally:
        validator.close()
    assert not plan_report.success and any("area_code" in f for f in plan_report.failures)
    assert decree_report.success


def test_a_validator_process_that_dies_leaves_validation_to_this_process() -> None:
    validator = ValidatorProcess()
    try:
        validator.ready()
        # The validator's one worker ends as an out-of-memory kill would end it.
        validator._pool.submit(os._exit, 9)
        reports = validator.validate(plan_frame(plan_rows()), seed_decree())
    finally:
        validator.close()
    assert [r.success for r in reports] == [True, True]


def test_one_core_validates_in_this_process(monkeypatch) -> None:
    monkeypatch.setattr(ahead, "_cores", lambda: 1)
    with validator_for_run() as validator:
        assert validator is IN_PROCESS


def test_a_run_of_one_document_waits_for_the_suites_apart_from_validating(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ahead, "_cores", lambda: 2)
    monkeypatch.setattr(ahead.InProcess, "validate", lambda *_: pytest.fail("validated in the run's own process"))
    options = RunOptions(tmp_path / "out", ExtractSettings(charts=False), tmp_path / "interim")
    (outcome,) = ProcessPool(1).run([Job(REPLICA, None)], options)
    assert outcome.status == 0, outcome.message
    assert {"validator_ready", "validate"} <= set(outcome.timings)
    assert (tmp_path / "out" / REPLICA.stem / "plan.parquet").is_file()
