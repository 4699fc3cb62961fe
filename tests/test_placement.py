"""Placement: which output folder a source goes to, and when its output there is up to date.

Up to date means the same bytes, pipeline version and settings, and the plan published in this
very --out. Two PDFs of the same name from different folders never overwrite each other's plan:
the second one, with other bytes, goes to `<stem>-<doc_id[:8]>`, with one worker or two.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import extract_many
from pipeline.config import ExtractSettings
from tests.fixtures.cli_runs import run_cli
from tests.fixtures.hostile import decree_copy, published_sha, sha256, small_decree, worktree_env

PLAIN = ExtractSettings(charts=False)


@pytest.fixture(scope="module")
def decree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small decree, typeset once for the module."""
    return small_decree(tmp_path_factory.mktemp("small-decree"))


def _skipped(path: Path, out: Path, interim: Path) -> bool:
    """Extract one PDF into out; return whether it was skipped as up to date (it must succeed)."""
    (outcome,) = extract_many([path], out, PLAIN, interim, jobs=1)
    assert outcome.status == 0, outcome.message
    return outcome.skipped


def test_an_output_in_another_out_folder_does_not_make_this_one_up_to_date(decree: Path, tmp_path: Path) -> None:
    doc, interim = tmp_path / "in" / "doc.pdf", tmp_path / "interim"
    a, b = tmp_path / "A", tmp_path / "B"
    decree_copy(decree, doc, "the first decree")
    first = sha256(doc)
    assert not _skipped(doc, a, interim)
    decree_copy(decree, doc, "the decree that replaced it")
    assert not _skipped(doc, b, interim)

    assert not _skipped(doc, a, interim), "A holds the first decree: it is not up to date"

    assert published_sha(a / "doc") == sha256(doc) != first
    assert sorted(p.name for p in a.iterdir()) == ["doc"], "the new version of doc.pdf belongs in A/doc"
    records = json.loads((interim / "doc" / "published.json").read_text(encoding="utf-8"))
    assert set(records) == {str((a / "doc").resolve()), str((b / "doc").resolve())}
    assert {r["source"] for r in records.values()} == {str(doc.resolve())}
    assert _skipped(doc, a, interim) and _skipped(doc, b, interim)


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_pdfs_of_one_name_in_two_folders_keep_both_plans(decree: Path, tmp_path: Path, jobs: int) -> None:
    a = decree_copy(decree, tmp_path / "in" / "a" / "sk.pdf", "sk of folder a")
    b = decree_copy(decree, tmp_path / "in" / "b" / "sk.pdf", "sk of folder b")
    out, interim = tmp_path / "out", tmp_path / "interim"
    args = ["extract", a, b, "--out", out, "--interim", interim, "--jobs", str(jobs), "--no-charts"]

    run = run_cli(args, env=worktree_env())

    assert run.status == 0, run.describe()
    assert run.last_line == "2 extracted", run.describe()
    assert published_sha(out / "sk") == sha256(a)
    assert published_sha(out / f"sk-{sha256(b)[:8]}") == sha256(b)
    assert f"in sk-{sha256(b)[:8]}/" in run.stdout, "the run says where the second one went"
    again = run_cli(args, env=worktree_env())
    assert again.status == 0 and again.last_line == "0 extracted, 2 up to date", again.describe()


def test_a_pdf_of_a_taken_name_in_a_later_run_goes_beside_the_first(decree: Path, tmp_path: Path) -> None:
    a = decree_copy(decree, tmp_path / "in" / "a" / "sk.pdf", "sk of folder a")
    b = decree_copy(decree, tmp_path / "in" / "b" / "sk.pdf", "sk of folder b")
    out, interim = tmp_path / "out", tmp_path / "interim"
    assert not _skipped(a, out, interim)
    assert not _skipped(b, out, interim)
    assert published_sha(out / "sk") == sha256(a), "the plan of in/a/sk.pdf was overwritten"
    assert published_sha(out / f"sk-{sha256(b)[:8]}") == sha256(b)
