"""Where a run validates and draws: a sidecar process reports and draws what the run's process would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline.sidecar as sidecars
from pipeline.batch import Job, RunOptions
from pipeline.config import ExtractSettings
from pipeline.schedulers.pool import ProcessPool
from pipeline.sidecar import IN_PROCESS, SidecarProcess, sidecar_for_run
from tests.fixtures.render import REPLICA
from tests.fixtures.validation_seed import plan_frame, plan_rows, seed_decree

DOCUMENT = "KPU Kota Tegal · 25/HK.03.2/3376/2021"


def _faulty_plan() -> pd.DataFrame:
    """A seed plan whose second row names an area the domain does not know."""
    rows = plan_rows()
    rows[1]["area_code"] = "bukan_area"
    return plan_frame(rows)


@pytest.mark.parametrize("plan", [plan_frame(plan_rows()), _faulty_plan()], ids=["valid", "faulty"])
def test_the_sidecar_reports_what_this_process_reports(plan: pd.DataFrame) -> None:
    sidecar = SidecarProcess(charts=False)
    try:
        sidecar.ready()
        there = sidecar.validate(plan, seed_decree())
    finally:
        sidecar.close()
    here = IN_PROCESS.validate(plan, seed_decree())
    assert [(r.suite, r.success, r.failures, r.statistics) for r in there] == [
        (r.suite, r.success, r.failures, r.statistics) for r in here
    ]
    assert sidecar.peak_mb > 0


def test_the_faulty_plan_fails_in_the_sidecar() -> None:
    sidecar = SidecarProcess(charts=False)
    try:
        plan_report, decree_report = sidecar.validate(_faulty_plan(), seed_decree())
    finally:
        sidecar.close()
    assert not plan_report.success and any("area_code" in f for f in plan_report.failures)
    assert decree_report.success


def test_the_sidecar_draws_the_images_this_process_draws() -> None:
    plan = plan_frame(plan_rows())
    sidecar = SidecarProcess()
    try:
        there = sidecar.draw_schedule(plan, DOCUMENT)()
    finally:
        sidecar.close()
    here = IN_PROCESS.draw_schedule(plan, DOCUMENT)()
    assert [name for name, _ in there] == [name for name, _ in here] == ["schedule.png"]
    # The same plan always gives the same bytes, in whichever process it is drawn.
    assert there == here


# Run in a fresh interpreter: this one imported matplotlib already, and a forked sidecar would inherit it.
SIDECAR_IMPORTS = """
import sys
from pipeline.sidecar import SidecarProcess

def imported():
    return "matplotlib" in sys.modules

sidecar = SidecarProcess(charts=sys.argv[1] == "charts")
sidecar.ready()
print(sidecar._pool.submit(imported).result())
sidecar.close()
"""


@pytest.mark.parametrize("charts", [True, False])
def test_a_sidecar_imports_the_chart_renderer_only_for_a_run_that_draws(charts: bool) -> None:
    mode = "charts" if charts else "no-charts"
    done = subprocess.run([sys.executable, "-c", SIDECAR_IMPORTS, mode], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(charts)


def test_a_sidecar_that_dies_leaves_validation_and_drawing_to_this_process() -> None:
    plan = plan_frame(plan_rows())
    sidecar = SidecarProcess()
    try:
        sidecar.ready()
        # The sidecar's one worker ends as an out-of-memory kill would end it.
        sidecar._pool.submit(os._exit, 9)
        reports = sidecar.validate(plan, seed_decree())
        images = sidecar.draw_schedule(plan, DOCUMENT)()
    finally:
        sidecar.close()
    assert [r.success for r in reports] == [True, True]
    assert images == IN_PROCESS.draw_schedule(plan, DOCUMENT)()


def test_one_core_validates_and_draws_in_this_process(monkeypatch) -> None:
    monkeypatch.setattr(sidecars, "_cores", lambda: 1)
    with sidecar_for_run() as sidecar:
        assert sidecar is IN_PROCESS


def test_a_run_of_one_document_waits_for_the_suites_apart_from_validating(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sidecars, "_cores", lambda: 2)
    monkeypatch.setattr(sidecars.InProcess, "validate", lambda *_: pytest.fail("validated in the run's own process"))
    options = RunOptions(tmp_path / "out", ExtractSettings(charts=False), tmp_path / "interim")
    (outcome,) = ProcessPool(1).run([Job(REPLICA, None)], options)
    assert outcome.status == 0, outcome.message
    assert {"validator_ready", "validate"} <= set(outcome.timings)
    assert (tmp_path / "out" / REPLICA.stem / "plan.parquet").is_file()


def test_the_runs_own_process_imports_no_matplotlib_for_its_charts() -> None:
    code = "import sys, pipeline.runner, pipeline.batch; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_run_of_one_document_draws_its_images_in_the_sidecar(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sidecars, "_cores", lambda: 2)
    monkeypatch.setattr(sidecars.InProcess, "draw_schedule", lambda *_: pytest.fail("drawn in the run's own process"))
    options = RunOptions(tmp_path / "out", ExtractSettings(), tmp_path / "interim")
    (outcome,) = ProcessPool(1).run([Job(REPLICA, None)], options)
    assert outcome.status == 0, outcome.message
    published = tmp_path / "out" / REPLICA.stem
    assert (published / "schedule.png").read_bytes().startswith(b"\x89PNG")
    assert {"schedule.html", "report.html"} <= {path.name for path in published.iterdir()}
