"""Batch extraction: skipping what is up to date, worker processes, --stats and output/plans.parquet."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pikepdf

from pipeline.batch import extract_many
from pipeline.config import ExtractSettings

ROOT = Path(__file__).resolve().parents[1]
REPLICA = ROOT / "raw" / "kpu-tegal-25-2021-replica.pdf"
REPLICA_ROWS, REPLICA_PAGES = 136, 11
STATS_LINE = re.compile(r"^stats: (\d+) pages in [\d.]+ s \([\d.]+ pages/s\)$", re.MULTILINE)


def _copy(tmp_path: Path, name: str, title: str) -> Path:
    """Return a copy of the replica under tmp_path with its own title (so its own SHA-256)."""
    path = tmp_path / name
    with pikepdf.open(REPLICA) as pdf:
        pdf.docinfo["/Title"] = title
        pdf.save(path)
    return path


def _skipped(path: Path, out: Path, interim: Path, settings: ExtractSettings, force: bool = False) -> bool:
    """Extract one PDF with extract_many; return whether it was skipped as up to date (it must succeed)."""
    (outcome,) = extract_many([path], out, settings, interim, jobs=1, force=force)
    assert outcome.status == 0, outcome.message
    return outcome.skipped


def test_an_up_to_date_output_is_skipped_unless_forced_or_charts_are_missing(tmp_path: Path) -> None:
    pdf = tmp_path / "keputusan.pdf"
    shutil.copy(REPLICA, pdf)
    out, interim = tmp_path / "out", tmp_path / "interim"
    plain, charted = ExtractSettings(charts=False), ExtractSettings(charts=True)
    assert not _skipped(pdf, out, interim, plain)
    assert _skipped(pdf, out, interim, plain)
    assert not _skipped(pdf, out, interim, plain, force=True)
    assert not _skipped(pdf, out, interim, charted), "published without charts, so not up to date for charts"
    assert (out / pdf.stem / "report.html").exists()
    assert _skipped(pdf, out, interim, charted)
    shutil.copy(REPLICA, pdf)  # same bytes: still up to date
    assert _skipped(pdf, out, interim, plain)
    _copy(tmp_path, pdf.name, "another version")
    assert not _skipped(pdf, out, interim, plain), "new bytes are a new version"


def test_the_cli_runs_workers_prints_stats_and_keeps_the_corpus_dataset(tmp_path: Path) -> None:
    pdfs = [_copy(tmp_path, f"kpu-{n}.pdf", f"copy {n}") for n in (1, 2)]
    out, interim = tmp_path / "out", tmp_path / "interim"
    command = [sys.executable, "-m", "pipeline", "extract", *map(str, pdfs), "--out", str(out)]
    command += ["--interim", str(interim), "--jobs", "2", "--no-charts", "--stats"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert first.returncode == 0, first.stderr
    assert "2 extracted" in first.stdout
    stats = STATS_LINE.search(first.stdout)
    assert stats and int(stats.group(1)) == 2 * REPLICA_PAGES
    corpus = pd.read_parquet(out / "plans.parquet")
    assert len(corpus) == 2 * REPLICA_ROWS
    decree = json.loads((out / "kpu-1" / "decree.json").read_text(encoding="utf-8"))
    assert corpus.groupby("doc_id").size().tolist() == [REPLICA_ROWS, REPLICA_ROWS]
    assert set(corpus["nomor"]) == {decree["nomor"]} and set(corpus["satker"]) == {decree["satker"]}
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0 and again.stdout.strip().splitlines()[-2] == "0 extracted, 2 up to date"


def test_the_same_bytes_under_several_names_are_extracted_once(tmp_path: Path) -> None:
    names = [tmp_path / "a" / "SK RB.pdf", tmp_path / "b" / "salinan.pdf", tmp_path / "c" / "kpu.pdf"]
    for name in names:
        name.parent.mkdir()
        shutil.copy(REPLICA, name)
    out, interim = tmp_path / "out", tmp_path / "interim"
    command = [sys.executable, "-m", "pipeline", "extract", *map(str, names), "--out", str(out)]
    command += ["--interim", str(interim), "--jobs", "2", "--no-charts"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == "1 extracted, 2 same content as another file"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["SK RB"]
    decree = json.loads((out / "SK RB" / "decree.json").read_text(encoding="utf-8"))
    assert decree["source_path"] == str(names[0]) and decree["sources"] == [str(n) for n in names]
    corpus = pd.read_parquet(out / "plans.parquet")
    assert len(corpus) == REPLICA_ROWS and set(corpus["source_path"]) == {str(names[0])}
    assert set(corpus["tanggal"]) == {decree["tanggal"]} and set(corpus["mengubah_nomor"]) == {decree["mengubah_nomor"]}
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert again.stdout.strip().splitlines()[-1] == "0 extracted, 1 up to date, 2 same content as another file"


def test_the_progress_bar_shows_n_of_total_the_file_and_the_time_from_the_start() -> None:
    import io

    from rich.console import Console

    from pipeline.batch import Outcome
    from pipeline.cli import _progress
    from pipeline.errors import ExitCode

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    paths = [Path(f"sk-{n}.pdf") for n in (1, 2, 3)]
    shown = _progress((Outcome(p, ExitCode.OK) for p in paths), len(paths), console)
    first = next(shown)
    assert first.path == paths[0]
    start = screen.getvalue()
    assert "0/3" in start and "0:00:00" in start, "the bar is drawn before the first document is done"
    assert [o.path for o in shown] == paths[1:]
    end = screen.getvalue()
    assert "3/3" in end and "done: sk-3.pdf" in end
