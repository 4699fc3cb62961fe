"""Hostile file names: nothing outside the pipeline's own folders is ever written, replaced or removed.

A PDF named `...pdf` has the stem `..`, `..pdf` the stem `.`: used as they are, out/<stem> would be
the output root's parent or the root itself. The CLI runs inside a folder that holds a canary file
and the default-like `output/` and `interim/` folders, with such names and others (a newline, a tab,
a slash look-alike, a name of 254 bytes); after it, everything outside the two folders is as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import STAGING_DIR
from pipeline.errors import OutputError
from pipeline.ingest import safe_stem
from pipeline.publish import publish
from tests.fixtures.cli_runs import (
    PREVIOUS_DOC_ID,
    CliRun,
    error_lines_by_path,
    run_cli,
    seed_previous,
    snapshot,
)
from tests.fixtures.hostile import decree_copy, published_sha, sha256, small_decree, worktree_env

CANARY = b"this file belongs to the person running the pipeline\n"
HOSTILE_NAMES = ("...pdf", "a\nb.pdf", "c\td.pdf", "x\u2215y.pdf", "x\uff0fz.pdf", "k" * 250 + ".pdf")
OUT, INTERIM = "output", "interim"


@pytest.fixture(scope="module")
def decree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small decree, typeset once for the module."""
    return small_decree(tmp_path_factory.mktemp("small-decree"))


def _extract(cwd: Path, *args: str | Path) -> CliRun:
    """Given the folder to run in and the arguments after `extract`, run the CLI there without charts."""
    return run_cli(["extract", *args, "--jobs", "1", "--no-charts"], env=worktree_env(), cwd=cwd)


def _outside(root: Path, *inside: str) -> dict[str, bytes]:
    """Given a folder, return a snapshot of every file under it but those in the named sub-folders."""
    return {k: v for k, v in snapshot(root).items() if Path(k).parts[0] not in inside}


def _assert_children_only(out: Path) -> None:
    """Assert that every published folder lies directly in out, under a plain name (and that interim's staging
    folder, the pipeline's own, holds nothing once the run is over)."""
    for folder in out.iterdir():
        if folder.name == STAGING_DIR:
            assert not list(folder.iterdir()), "a staged output was left behind"
            continue
        assert folder.name not in (".", "..") and not folder.name.startswith(".")
        assert all(ch.isprintable() for ch in folder.name), repr(folder.name)
        assert folder.resolve().parent == out.resolve()


def test_dot_and_control_names_never_make_the_output_the_root_or_its_parent(decree: Path, tmp_path: Path) -> None:
    root = tmp_path / "work"
    root.mkdir()
    (root / "canary.txt").write_bytes(CANARY)
    first = [decree_copy(decree, root / name, f"salinan {n}") for n, name in enumerate(HOSTILE_NAMES)]
    second = decree_copy(decree, root / "in" / "...pdf", "another decree of the same name")
    before = _outside(root, OUT, INTERIM)

    runs = [
        _extract(root, *(p.name for p in first), "--out", OUT, "--interim", INTERIM),
        _extract(root, "in/...pdf", "--out", OUT, "--interim", INTERIM),
    ]

    for run in runs:
        assert run.status == 0, run.describe()
    assert (root / "canary.txt").read_bytes() == CANARY
    assert _outside(root, OUT, INTERIM) == before, "files outside output/ and interim/ changed"
    out = root / OUT
    _assert_children_only(out)
    _assert_children_only(root / INTERIM)
    first_dots, second_dots = out / "__", out / f"__-{sha256(second)[:8]}"
    assert published_sha(first_dots) == sha256(first[0]), "the first ...pdf was overwritten"
    assert published_sha(second_dots) == sha256(second)
    for path in first:
        assert published_sha(out / safe_stem(path.stem)) == sha256(path), repr(path.name)
    corpus = pd.read_parquet(out / "plans.parquet")
    assert corpus["doc_id"].nunique() == len(first) + 1


def test_a_plan_named_dot_never_replaces_the_other_plans_or_plans_parquet(decree: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    seed_previous(out, "other")
    (out / "plans.parquet").write_bytes((out / "other" / "plan.parquet").read_bytes())
    dot = decree_copy(decree, tmp_path / "in" / "..pdf", "dot")
    before = snapshot(out / "other")

    run = _extract(tmp_path, dot, "--out", out, "--interim", tmp_path / "interim")

    assert run.status == 0, run.describe()
    assert snapshot(out / "other") == before
    assert published_sha(out / "_") == sha256(dot)
    corpus = pd.read_parquet(out / "plans.parquet")
    assert set(corpus["doc_id"]) == {PREVIOUS_DOC_ID, sha256(dot)[:16]}


def test_a_folder_of_someone_elses_files_under_the_stem_is_never_replaced(decree: Path, tmp_path: Path) -> None:
    out = tmp_path / "Documents"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "diary.txt").write_bytes(CANARY)
    notes = decree_copy(decree, tmp_path / "in" / "notes.pdf", "notes")
    before = snapshot(out)

    run = _extract(tmp_path, notes, "--out", out, "--interim", tmp_path / "interim")

    assert run.status == 2, run.describe()
    reason = error_lines_by_path(run)[str(notes)]
    assert reason.startswith(f"cannot write {out / 'notes'}: the folder holds files this pipeline did not make")
    assert snapshot(out) == before


def test_a_newline_in_a_file_name_cannot_forge_a_second_error_line(tmp_path: Path) -> None:
    forged = tmp_path / "sk.pdf\nerror: forged.pdf: \x1b[31mall is well"
    run = _extract(tmp_path, forged, "--out", tmp_path / "out", "--interim", tmp_path / "interim")
    assert run.status == 2, run.describe()
    assert len(run.stderr_lines) == 1, run.describe()
    assert run.stderr_lines[0] == f"error: {tmp_path}/sk.pdf\\nerror: forged.pdf: \\x1b[31mall is well: no such file"


def test_publish_refuses_a_folder_outside_its_root_before_writing_or_removing(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "out").mkdir(parents=True)
    (root / "canary.txt").write_bytes(CANARY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "out" / "linked").symlink_to(elsewhere)
    for folder in (root / "out" / "..", root / "out" / "linked"):
        with pytest.raises(OutputError, match="cannot write"):
            publish(folder, {"plan.csv": b"x"})
    with pytest.raises(OutputError, match="did not make"):
        publish(root / "out" / ".", {"plan.csv": b"x"})  # Path("out/.") is out itself
    assert (root / "canary.txt").read_bytes() == CANARY
    assert sorted(p.name for p in root.iterdir()) == ["canary.txt", "out"]
    assert list(elsewhere.iterdir()) == []


def test_publish_clears_only_its_own_stems_leftovers_of_ended_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    live = out / f".doc.staging-{os.getppid()}"
    live.mkdir(parents=True)
    (live / "plan.csv").write_bytes(b"another run is writing this")
    publish(out / "*", {"plan.csv": b"new"})  # a file named *.pdf: its stem is a glob pattern
    assert (live / "plan.csv").read_bytes() == b"another run is writing this"
    assert (out / "*" / "plan.csv").read_bytes() == b"new"
