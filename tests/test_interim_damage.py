"""Damaged interim files: each is treated as absent and made again, and one document's never stops a batch.

Every interim file is written under a temporary name and renamed into place; what a killed run left
(temporary files and staging folders of a process that has ended) is cleared by the next run. A
truncated cells-<backend>.parquet, an empty source.json or published.json is read as absent, with
--force and without. A worker process that dies takes only its own document with it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import publish
from pipeline.batch import extract_many
from pipeline.config import ExtractSettings
from pipeline.errors import OutputError
from pipeline.interim import Interim
from tests.fixtures.cli_runs import CliRun, child_env, error_lines_by_path, run_cli
from tests.fixtures.hostile import decree_copy, ended_pid, small_decree, worktree_env
from tests.fixtures.make_replica import REPO_ROOT

PLAIN = ExtractSettings(charts=False)
CELLS = "cells-pdfplumber.parquet"
# Runs the CLI with runner.extract ending its process at once for a PDF named dies.pdf, as an
# out-of-memory kill would. Worker processes are forked, so they inherit the change.
DYING_CLI = """
import os, sys
import pipeline.runner as runner

extract = runner.extract


def dying_extract(path, *args, **kwargs):
    if path.name == "dies.pdf":
        os._exit(9)
    return extract(path, *args, **kwargs)


runner.extract = dying_extract
sys.argv = ["python -m pipeline", *sys.argv[1:]]
from pipeline.cli import main

main()
"""


@pytest.fixture(scope="module")
def decree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small decree, typeset once for the module."""
    return small_decree(tmp_path_factory.mktemp("small-decree"))


@pytest.fixture
def extracted(decree: Path, tmp_path: Path) -> tuple[Path, Path, Path, pd.DataFrame]:
    """A decree extracted once: its path, the output and interim roots, and its plan."""
    pdf = decree_copy(decree, tmp_path / "in" / "sk.pdf", "sk")
    out, interim = tmp_path / "out", tmp_path / "interim"
    (outcome,) = extract_many([pdf], out, PLAIN, interim)
    assert outcome.status == 0, outcome.message
    return pdf, out, interim, pd.read_parquet(out / "sk" / "plan.parquet")


def _again(pdf: Path, out: Path, interim: Path, force: bool) -> bool:
    """Extract the PDF again; assert it succeeded and return whether it was skipped as up to date."""
    (outcome,) = extract_many([pdf], out, PLAIN, interim, force=force)
    assert outcome.status == 0, outcome.message
    return outcome.skipped


def _readable(path: Path) -> bool:
    """Given an interim file, return whether it reads as Parquet or JSON again."""
    if path.suffix == ".parquet":
        return len(pd.read_parquet(path)) > 0
    return json.loads(path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
@pytest.mark.parametrize("name", [CELLS, "source.json", "published.json"])
def test_a_broken_interim_file_reads_as_absent_and_is_made_again(extracted, name: str, force: bool) -> None:
    pdf, out, interim, plan = extracted
    broken = interim / "sk" / name
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2] if name == CELLS else b"")
    if name == CELLS and not force:
        (out / "sk" / "plan.parquet").unlink()  # otherwise up to date: the cells are not needed
    skipped = _again(pdf, out, interim, force)
    assert skipped == (name == "source.json" and not force), "only published.json says what is up to date"
    if not skipped:
        assert _readable(broken), f"{name} was not made again"
    pd.testing.assert_frame_equal(pd.read_parquet(out / "sk" / "plan.parquet"), plan)


def test_every_interim_file_is_written_under_a_temporary_name(decree: Path, tmp_path: Path, monkeypatch) -> None:
    written: list[Path] = []
    real = publish._write_file
    monkeypatch.setattr(publish, "_write_file", lambda path, data: (written.append(path), real(path, data)))
    pdf = decree_copy(decree, tmp_path / "in" / "sk.pdf", "sk")
    (outcome,) = extract_many([pdf], tmp_path / "out", ExtractSettings(charts=False, overlay=True), tmp_path / "im")
    assert outcome.status == 0, outcome.message
    folder = tmp_path / "im" / "sk"
    files = [p for p in folder.rglob("*") if p.is_file() and p.name != ".rencana-aksi-interim"]
    assert any(p.parent.name == "overlay" for p in files)
    temporaries = {(p.parent, p.name.split("-", 3)[-1]) for p in written if p.name.startswith(".tmp-")}
    direct = [str(p.relative_to(folder)) for p in files if (p.parent, p.name) not in temporaries]
    assert not direct, f"written in place, not under a temporary name: {direct}"


def test_what_ended_processes_left_is_cleared_and_what_live_ones_write_is_kept(extracted) -> None:
    pdf, out, interim, _ = extracted
    dead, live = ended_pid(), os.getpid()
    left = [
        out / f".tmp-{dead}-plans.parquet",
        interim / "sk" / f".tmp-{dead}-{CELLS}",
        interim / "sk" / f".tmp-{dead}-repaired.pdf",
    ]
    staged = out / f".sk.staging-{dead}"
    kept = out / f".tmp-{live}-plans.parquet"
    for path in (*left, kept, staged / "plan.csv"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a file")
    args = ["extract", pdf, "--out", out, "--interim", interim, "--force", "--no-charts", "--jobs", "1"]
    run = run_cli(args, env=worktree_env())
    assert run.status == 0, run.describe()
    assert not [p for p in left if p.exists()], "a killed run's temporary files are still there"
    assert not staged.exists()
    assert kept.read_bytes() == b"half a file", "a live process's temporary file was removed"


def _break_interim(folder: Path) -> None:
    """Given an extracted source's interim folder, put folders where two of its files go and cut a third short."""
    for name in ("published.json", "validation.html"):
        (folder / name).unlink()
        (folder / name).mkdir()
        (folder / name / "stray").write_bytes(b"")
    cells = folder / CELLS
    cells.write_bytes(cells.read_bytes()[:100])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_with_broken_interim_files_never_stops_the_batch(decree: Path, tmp_path: Path, jobs: int) -> None:
    pdfs = [decree_copy(decree, tmp_path / "in" / f"sk-{n}.pdf", f"sk {n}") for n in range(3)]
    out, interim = tmp_path / "out", tmp_path / "interim"
    assert all(o.status == 0 for o in extract_many(pdfs, out, PLAIN, interim))
    _break_interim(interim / "sk-1")
    args = ["extract", *pdfs, "--out", out, "--interim", interim, "--jobs", str(jobs), "--no-charts"]
    run = run_cli(args, env=worktree_env())
    assert "Traceback" not in run.stderr, run.describe()
    assert run.status == 0 and run.last_line == "1 extracted, 2 up to date", run.describe()
    assert all((out / p.stem / "plan.parquet").is_file() for p in pdfs)
    assert isinstance(json.loads((interim / "sk-1" / "published.json").read_text(encoding="utf-8")), dict)
    assert _readable(interim / "sk-1" / CELLS)


def test_a_worker_that_dies_takes_only_its_own_document(decree: Path, tmp_path: Path) -> None:
    pdfs = [decree_copy(decree, tmp_path / "in" / name, name) for name in ("sk-1.pdf", "dies.pdf", "sk-2.pdf")]
    out, interim = tmp_path / "out", tmp_path / "interim"
    args = [str(a) for a in ["extract", *pdfs, "--out", out, "--interim", interim, "--jobs", "2", "--no-charts"]]
    done = subprocess.run(
        [sys.executable, "-c", DYING_CLI, *args], capture_output=True, text=True, env=child_env(), cwd=REPO_ROOT,
        timeout=600, check=False,
    )  # fmt: skip
    run = CliRun(tuple(args), done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in run.stderr, run.describe()
    assert run.status == 2 and run.last_line == "2 extracted, 1 unreadable", run.describe()
    assert list(error_lines_by_path(run)) == [str(pdfs[1])], run.describe()
    assert "worker process" in error_lines_by_path(run)[str(pdfs[1])]
    assert (out / "sk-1" / "plan.parquet").is_file() and (out / "sk-2" / "plan.parquet").is_file()


def test_a_full_disk_in_interim_reads_as_cannot_write(tmp_path: Path, monkeypatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(publish, "_write_file", full)
    folder = tmp_path / "interim" / "sk"
    with pytest.raises(OutputError, match=f"^{re.escape(f'cannot write {folder}: No space left on device')}$"):
        Interim(folder).write_json("source.json", {"sha256": "0" * 64})
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")], "a partial file was left"


def test_a_killed_runs_temporary_corpus_file_is_cleared_when_the_next_run_starts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    left, kept = out / f".tmp-{ended_pid()}-plans.parquet", out / f".tmp-{os.getpid()}-plans.parquet"
    for path in (left, kept):
        path.write_bytes(b"half a file")
    outcomes = list(extract_many([tmp_path / "missing.pdf"], out, PLAIN, tmp_path / "interim"))
    assert [o.message for o in outcomes] == ["no such file"], "no document succeeds: plans.parquet is not written"
    assert not left.exists(), "the killed run's temporary file is still in the output root"
    assert kept.read_bytes() == b"half a file", "a live process's temporary file was removed"
