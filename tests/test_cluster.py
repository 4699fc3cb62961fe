"""The Dask scheduler: a LocalCluster of two worker processes does what the process pool does.

A handful of small decrees and two bad files (a decree without its table, a file that is not a
PDF) run once with `--jobs 2` and once with `--scheduler local --jobs 2`, in separate output and
interim roots: the outcomes, the exit status and every published byte must be the same, a second
cluster run must skip every published decree, and plans.parquet is rebuilt on the client.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.batch import Job, RunOptions, extract_job, extract_or_raise
from pipeline.config import ExtractSettings
from pipeline.errors import TableNotFound, UnreadableInput
from tests.fixtures import bad
from tests.fixtures.cli_runs import CliRun, Workspace, extract_args, run_cli, snapshot, workspace
from tests.fixtures.hostile import decree_copy, small_decree

pytest.importorskip("distributed")

DECREES = ("sk-1", "sk-2", "sk-3")
# bad.small_decree prints the replica's first area: its four indicator rows.
SMALL_DECREE_ROWS = 4
OPTIONS = ("--jobs", "2", "--no-charts")
# "ok: <path> (<rows> rows, <seconds> s)": the seconds differ between any two runs.
OK_LINE = re.compile(r"^ok: (?P<path>.+) \((?P<rows>\d+) rows, [\d.]+ s\)$")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The batch: three copies of the small decree (each its own bytes), a table-less decree and a non-PDF."""
    folder = tmp_path_factory.mktemp("cluster-in")
    source = small_decree(tmp_path_factory.mktemp("small-decree"))
    pdfs = [decree_copy(source, folder / f"{stem}.pdf", stem) for stem in DECREES]
    return [*pdfs, bad.body_pages_only(folder), bad.not_a_pdf(folder)]


def _outcomes(run: CliRun) -> tuple[int, str, set[str]]:
    """Given a run, return its exit status, its summary line and its outcome lines without their seconds."""
    lines = set(run.stderr_lines)
    for line in run.stdout.splitlines():
        found = OK_LINE.match(line)
        lines |= {f"ok: {found['path']} ({found['rows']} rows)"} if found else set()
    return run.status, run.last_line, lines


@pytest.fixture(scope="module")
def runs(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Workspace, CliRun]]:
    """The batch run by the process pool and by a LocalCluster, each in its own output and interim roots."""
    pool = workspace(tmp_path_factory.mktemp("pool"))
    cluster = workspace(tmp_path_factory.mktemp("cluster"))
    return {
        "pool": (pool, run_cli(extract_args(inputs, pool, *OPTIONS))),
        "cluster": (cluster, run_cli(extract_args(inputs, cluster, *OPTIONS, "--scheduler", "local"))),
    }


def test_the_cluster_gives_the_process_pools_outcomes_and_exit_status(runs) -> None:
    (_, pool), (_, cluster) = runs["pool"], runs["cluster"]
    assert "Traceback" not in cluster.stderr, cluster.describe()
    assert pool.status == 2 and pool.last_line == "3 extracted, 1 failed validation, 1 unreadable", pool.describe()
    assert _outcomes(cluster) == _outcomes(pool), cluster.describe()
    rows = {line for line in _outcomes(cluster)[2] if line.startswith("ok: ")}
    assert len(rows) == len(DECREES) and all(line.endswith(f"({SMALL_DECREE_ROWS} rows)") for line in rows)


def test_the_cluster_publishes_the_process_pools_bytes(runs) -> None:
    (pool, _), (cluster, _) = runs["pool"], runs["cluster"]
    for stem in DECREES:
        published = snapshot(cluster.out / stem)
        assert published and published == snapshot(pool.out / stem), stem
    assert not (cluster.out / "body-only").exists()
    assert sorted(p.name for p in cluster.out.iterdir()) == sorted(p.name for p in pool.out.iterdir())


def test_a_second_cluster_run_skips_what_is_published_and_rebuilds_plans_parquet(runs, inputs: list[Path]) -> None:
    cluster, _ = runs["cluster"]
    (cluster.out / "plans.parquet").unlink()
    again = run_cli(extract_args(inputs, cluster, *OPTIONS, "--scheduler", "local"))
    assert again.status == 2, again.describe()
    assert again.last_line == "0 extracted, 3 up to date, 1 failed validation, 1 unreadable", again.describe()
    corpus = pd.read_parquet(cluster.out / "plans.parquet")
    assert len(corpus) == len(DECREES) * SMALL_DECREE_ROWS
    assert sorted(set(corpus["source_path"])) == sorted(str(p) for p in inputs[: len(DECREES)])


def test_a_failed_document_is_a_failed_task_with_the_pipelines_error_and_message(inputs: list[Path], tmp_path) -> None:
    from distributed import Client, LocalCluster

    options = RunOptions(tmp_path / "out", ExtractSettings(charts=False), tmp_path / "interim")
    jobs = [Job(inputs[-2], "body-only"), Job(inputs[-1], None)]
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as local, Client(local) as client:
        futures = [client.submit(extract_or_raise, job, options, retries=0, pure=False) for job in jobs]
        errors = [future.exception() for future in futures]
        assert [future.status for future in futures] == ["error", "error"]
    assert isinstance(errors[0], TableNotFound) and isinstance(errors[1], UnreadableInput)
    assert [str(e) for e in errors] == [extract_job(job, options).message for job in jobs]
