"""Bad input on the command line: every unsuitable file gets one error line and leaves published output alone.

Each case of the corpus (tests/fixtures/bad.py, made afresh each session) runs as its own
`python -m pipeline extract` in a subprocess, with its own --out and --interim; the out folder holds
a previously published output under the file's stem, which must come through byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures import bad
from tests.fixtures.cli_runs import (
    CliRun,
    ReplicaRuns,
    Workspace,
    child_env,
    error_lines_by_path,
    extract_args,
    replica_runs,
    run_cli,
    run_concurrently,
    seed_previous,
    snapshot,
    workspace,
)
from tests.fixtures.make_replica import PLAN_CSV
from tests.fixtures.plans import PlanRow, load_plan

UNREADABLE, INVALID = 2, 1
NO_TABLE_WORDS = ("no action-plan table", "AREA PERUBAHAN", "KEGIATAN", "INDIKATOR KEBERHASILAN")
HEADINGS_FOUND_WORDS = ("indikator", "headings found", "AREA PERUBAHAN", "KEGIATAN", bad.UNKNOWN_INDIKATOR_HEADING)
BATCH_SUMMARY = "1 extracted, 1 failed validation, 2 unreadable"
BLOCKED = "blocked-output"
IN_THE_WAY = b"a file where the output folder should be\n"
EXPECTED_PLAN = tuple(load_plan(PLAN_CSV))


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, the exit status it must give and words its error reason must hold."""

    name: str
    make: Callable[[Path], Path]
    status: int
    words: tuple[str, ...]
    hide_ocr: bool = False
    plan: tuple[PlanRow, ...] = ()


@dataclass(frozen=True)
class Result:
    """One case's run: the file, its workspace, the output folder before the run, and the run."""

    path: Path
    space: Workspace
    before: dict[str, bytes]
    run: CliRun


REFUSED = (
    Case("not-a-pdf", bad.not_a_pdf, UNREADABLE, ("not a PDF",)),
    Case("empty", bad.empty, UNREADABLE, ("empty",)),
    Case("truncated-10", partial(bad.truncated, fraction=0.1), UNREADABLE, ("damaged",)),
    Case("truncated-50", partial(bad.truncated, fraction=0.5), UNREADABLE, ("damaged",)),
    Case("truncated-90", partial(bad.truncated, fraction=0.9), UNREADABLE, ("damaged",)),
    Case("corrupt-seed-1", partial(bad.corrupt, seed=1), UNREADABLE, ("damaged",)),
    Case("corrupt-seed-2", partial(bad.corrupt, seed=2), UNREADABLE, ("damaged",)),
    Case("corrupt-seed-3", partial(bad.corrupt, seed=3), UNREADABLE, ("damaged",)),
    Case("encrypted-user-password", bad.encrypted_user_password, UNREADABLE, ("encrypted", "password")),
    Case("encrypted-owner-only", bad.encrypted_owner_only, INVALID, HEADINGS_FOUND_WORDS),
    Case("no-pages", bad.no_pages, UNREADABLE, ("no pages",)),
    Case("body-pages-only", bad.body_pages_only, INVALID, NO_TABLE_WORDS),
    Case("other-decree", bad.other_decree, INVALID, NO_TABLE_WORDS),
    Case("unmapped-columns", bad.unmapped_columns, INVALID, HEADINGS_FOUND_WORDS),
    Case("missing", bad.missing, UNREADABLE, ("no such file",)),
    Case("scanned-without-ocr", bad.scanned, UNREADABLE, ("tesseract",), hide_ocr=True),
)
EXTRACTED = (
    Case("truncated-before-eof", bad.truncated_before_eof, 0, (), plan=EXPECTED_PLAN),
    Case("damaged-xref", bad.damaged_xref, 0, ("repair",), plan=tuple(bad.small_decree_rows())),
)


def _case_job(case: Case, root: Path) -> tuple[Result, Callable[[], CliRun]]:
    """Given a case and its folder, make its file, publish a previous output under its stem; return the job."""
    path = case.make(root / "in")
    space = workspace(root)
    before = seed_previous(space.out, path.stem) if case.status else {}
    env = child_env(PATH=str(_empty_folder(root / "bin"))) if case.hide_ocr else child_env()
    pending = Result(path, space, before, CliRun((), -1, "", ""))
    return pending, lambda: run_cli(extract_args([path], space, "--jobs", "1"), env=env)


def _empty_folder(folder: Path) -> Path:
    """Given a path, make it an empty folder and return it (a PATH with no programs on it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _blocked_job(root: Path) -> tuple[Result, Callable[[], CliRun]]:
    """Given a folder, put a file where a good decree's output folder goes; return the job extracting it."""
    path = bad.small_decree(root / "in")
    space = workspace(root)
    space.out.mkdir(parents=True)
    (space.out / path.stem).write_bytes(IN_THE_WAY)
    pending = Result(path, space, snapshot(space.out), CliRun((), -1, "", ""))
    return pending, lambda: run_cli(extract_args([path], space, "--jobs", "1"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Run every case (and the blocked output folder) once per session, a few at a time."""
    root = tmp_path_factory.mktemp("bad-input")
    prepared = {case.name: _case_job(case, root / case.name) for case in (*REFUSED, *EXTRACTED)}
    prepared[BLOCKED] = _blocked_job(root / BLOCKED)
    runs = run_concurrently({name: job for name, (_, job) in prepared.items()})
    return {name: Result(r.path, r.space, r.before, runs[name]) for name, (r, _) in prepared.items()}


@pytest.fixture(scope="session")
def replica(tmp_path_factory: pytest.TempPathFactory) -> ReplicaRuns:
    """Return the session's extractions of the replica."""
    return replica_runs(tmp_path_factory.getbasetemp())


def _assert_one_error_line(run: CliRun, path: Path, words: tuple[str, ...]) -> None:
    """Assert that stderr is exactly one `error: <path>: <reason>` line whose reason holds every word."""
    assert "Traceback" not in run.stderr, run.describe()
    assert len(run.stderr_lines) == 1, run.describe()
    line = run.stderr_lines[0]
    assert re.fullmatch(re.escape(f"error: {path}: ") + r"\S.*", line), run.describe()
    missing = [w for w in words if w.lower() not in line.lower()]
    assert not missing, f"reason lacks {missing}\n{run.describe()}"


def _assert_whole_plan(folder: Path, expected: tuple[PlanRow, ...]) -> None:
    """Assert that folder holds the whole plan the PDF was typeset from: every row, every area, every page."""
    plan = pd.read_parquet(folder / "plan.parquet")
    assert len(plan) == len(expected)
    assert sorted(plan["area_no"].unique().tolist()) == sorted({int(r.area_no) for r in expected})
    assert plan["indikator"].tolist() == [r.indikator for r in expected]


def _params(cases: tuple[Case, ...]) -> list[object]:
    """Given cases, return them as pytest parameters named by case, OCR cases marked as pending."""
    return [pytest.param(c, id=c.name) for c in cases]


@pytest.mark.parametrize("case", _params(REFUSED))
def test_bad_input_is_refused_with_one_error_line_and_the_previous_output_kept(
    corpus: dict[str, Result], case: Case
) -> None:
    result = corpus[case.name]
    assert result.run.status == case.status, result.run.describe()
    _assert_one_error_line(result.run, result.path, case.words)
    assert snapshot(result.space.out) == result.before, "the previously published output changed"


@pytest.mark.parametrize("case", _params(EXTRACTED))
def test_a_repairable_file_is_extracted_whole(corpus: dict[str, Result], case: Case) -> None:
    result = corpus[case.name]
    run = result.run
    assert run.status == 0, run.describe()
    assert "Traceback" not in run.stderr and "error:" not in run.stderr, run.describe()
    assert all(str(result.path) in line for line in run.stderr_lines), "stderr holds lines about no document"
    folder = result.space.out / result.path.stem
    _assert_whole_plan(folder, case.plan)
    told = run.stdout + (folder / "decree.json").read_text(encoding="utf-8")
    missing = [w for w in case.words if w.lower() not in told.lower()]
    assert not missing, f"neither the run's output nor decree.json mentions {missing}\n{run.describe()}"


def test_an_output_folder_that_cannot_be_written_is_one_error_line(corpus: dict[str, Result]) -> None:
    result = corpus[BLOCKED]
    blocked = result.space.out / result.path.stem
    assert result.run.status == UNREADABLE, result.run.describe()
    _assert_one_error_line(result.run, result.path, ("cannot write", str(blocked)))
    assert snapshot(result.space.out) == result.before, "the file in the output folder's place changed"


def test_a_batch_extracts_the_good_file_and_reports_each_bad_one(replica: ReplicaRuns) -> None:
    run = replica.batch
    good, *refused = replica.batch_files
    assert run.status == UNREADABLE, run.describe()
    assert run.last_line == BATCH_SUMMARY, run.describe()
    assert "Traceback" not in run.stderr, run.describe()
    reasons = error_lines_by_path(run)
    assert len(run.stderr_lines) == len(refused) == len(reasons), run.describe()
    assert set(reasons) == {str(p) for p in refused}, run.describe()
    _assert_whole_plan(replica.batch_space.out / good.stem, EXPECTED_PLAN)
    for path in refused:
        stem = f"{path.stem}/"
        kept = {k: v for k, v in replica.batch_before.items() if k.startswith(stem)}
        now = {k: v for k, v in snapshot(replica.batch_space.out).items() if k.startswith(stem)}
        assert now == kept, f"{path.name}: the previously published output changed"
