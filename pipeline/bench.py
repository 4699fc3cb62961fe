"""Benchmark: the pipeline's cost per page against the pdfplumber floor and two table-extraction peers.

Usage: python -m pipeline.bench [--set NAME=VALUE ...] [--camelot-all] [--tracemalloc] [--profile] [--batch N]

One run measures, on the replica decree and on a 50-page decree typeset from the same plan:
the floor (pdfplumber opening every page and reading its chars, which any text-based extractor
pays), the peers (pdfplumber `extract_tables()` and camelot's lattice flavor on the LAMPIRAN
table pages) and the pipeline end to end (reading the pages and their cells, rows, hierarchy,
decree, validation and the published files), with its stages timed separately; what the runner
does outside its timed stages (hashing and checking the file, publishing) is one more line.
"pipeline" is the extraction without the charts and report.html; "pipeline_with_charts" is
what `make extract` does by default, measured on the replica beside it. Each measurement runs in
a fresh interpreter, set up as the CLI's worker processes are, so that its peak resident memory
is its own; imports and the first Great Expectations context are timed apart and left out of
the per-page figures. On the replica the pipeline and the floor run five times, the others
twice, and the run with the least CPU counts. Results are printed and written to interim/bench.json.

`--set backend=camelot` changes a pipeline setting (an ExtractSettings field) for every pipeline
run ("pipeline" keeps charts off unless `--set charts=true`).
`--camelot-all` runs camelot on the 50-page decree too (slow). `--tracemalloc` adds a run of the
pipeline on the replica under tracemalloc for the Python-heap peak (its timings are not used).
`--profile` writes a pyinstrument profile of the pipeline on the replica to interim/.
`--batch N` instead times `python -m pipeline extract` (without charts) on N distinct decrees with
`--jobs 1` and with one job per core, and writes interim/bench-batch.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__, config

REPLICA_PDF = config.RAW_DIR / "kpu-tegal-25-2021-replica.pdf"
BENCH_DIR = config.INTERIM_DIR / "bench"
LARGE_PDF = BENCH_DIR / "plan-50.pdf"
RESULT_JSON = config.INTERIM_DIR / "bench.json"
BATCH_DIR = BENCH_DIR / "batch"
BATCH_JSON = config.INTERIM_DIR / "bench-batch.json"
PROFILE_TEXT = config.INTERIM_DIR / "bench-profile.txt"
PROFILE_HTML = config.INTERIM_DIR / "bench-profile.html"
FIXTURE_DIR = config.ROOT / "tests" / "fixtures"
LARGE_SOURCES = (
    FIXTURE_DIR / "tegal_25_2021" / "plan.csv",
    FIXTURE_DIR / "tegal_25_2021" / "decree.yaml",
    FIXTURE_DIR / "typeset.py",
    FIXTURE_DIR / "layouts.py",
)
# How many times each of the eight areas' rows is printed: the replica's plan grown to 50 pages.
LARGE_COPIES = (6, 6, 7, 6, 6, 6, 6, 6)
COPY_SUFFIX = "tahap"

FLOOR, PDFPLUMBER, CAMELOT, PIPELINE = "floor", "pdfplumber_tables", "camelot_lattice", "pipeline"
PIPELINE_CHARTS = "pipeline_with_charts"
PIPELINE_KINDS = (PIPELINE, PIPELINE_CHARTS)
# What an extraction imports after the runner, besides its backend and, when asked, its charts.
RUN_MODULES = ("pipeline.batch", "pipeline.render.explain", "pikepdf", "pyarrow.parquet", "rapidfuzz")
CHART_MODULES = ("pipeline.render.schedule", "pipeline.render.report")
OVERLAY_MODULE = "pipeline.render.overlay"
# Runs per measurement on the replica (the one with the least CPU counts): more for the two
# the main target compares; the 50-page decree runs once.
REPEATS = 2
TARGET_REPEATS = 5
TRACED = "pipeline_tracemalloc"
MAX_FLOOR_RATIO = 1.5
MAX_PEAK_MB = 300.0
KIB_PER_MIB = 1024.0
LABEL_WIDTH = 40
CHILD_TIMEOUT_S = 600
PROFILE_INTERVAL_S = 0.001


@dataclass(frozen=True)
class Sample:
    """One measurement in a fresh interpreter: wall and CPU seconds, resident memory, details."""

    kind: str
    wall: float
    cpu: float
    rss_ready_mb: float
    rss_peak_mb: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Bench:
    """A document under test: its name, path and pages, and the LAMPIRAN table pages."""

    name: str
    path: Path
    pages: int = 0
    table_pages: tuple[int, ...] = ()


# --- inputs ------------------------------------------------------------------------------------


def _stale(target: Path, sources: Sequence[Path]) -> bool:
    """Given a built file and what it is built from, return whether it is missing or older."""
    if not target.exists():
        return True
    built = target.stat().st_mtime
    return any(source.exists() and source.stat().st_mtime > built for source in sources)


def _import_fixtures() -> None:
    """Make the test fixtures (the typesetter) importable from the repository root."""
    root = str(config.ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)


def _copied_rows(rows: Sequence[Any], copies: Sequence[int]) -> list[Any]:
    """Given plan rows and copies per area, return the rows with each area's kegiatan repeated.

    Each copy gets kegiatan numbers after the area's last one and a distinct name, so the grown
    plan still has one row per (area, kegiatan, sub kegiatan, indikator).
    """
    by_area: dict[str, list[Any]] = {}
    for row in rows:
        by_area.setdefault(row.area_no, []).append(row)
    grown: list[Any] = []
    for area_rows, count in zip(by_area.values(), copies, strict=True):
        last = max(int(r.kegiatan_no) for r in area_rows if r.kegiatan_no.isdigit())
        grown += area_rows
        for copy in range(1, count):
            grown += [
                replace(
                    r, kegiatan_no=str(int(r.kegiatan_no) + copy * last), kegiatan=f"{r.kegiatan} {COPY_SUFFIX} {copy}"
                )
                for r in area_rows
                if r.kegiatan_no.isdigit()
            ]
    return grown


def build_large_pdf(out: Path = LARGE_PDF) -> Path:
    """Given an output path, typeset the replica's decree with its plan grown to 50 pages there."""
    _import_fixtures()
    from tests.fixtures.layouts import REPLICA
    from tests.fixtures.plans import load_decree_body, load_plan
    from tests.fixtures.typeset import render_decree_pdf

    rows = _copied_rows(load_plan(LARGE_SOURCES[0]), LARGE_COPIES)
    out.parent.mkdir(parents=True, exist_ok=True)
    render_decree_pdf(rows, load_decree_body(LARGE_SOURCES[1]), REPLICA, out)
    return out


def bench_inputs() -> list[Bench]:
    """Return the documents to measure, building the 50-page one when it is missing or stale."""
    if not REPLICA_PDF.exists():
        _import_fixtures()
        from tests.fixtures.make_replica import build_replica

        build_replica(REPLICA_PDF)
    if _stale(LARGE_PDF, LARGE_SOURCES):
        build_large_pdf(LARGE_PDF)
    return [Bench("replica", REPLICA_PDF), Bench("plan-50", LARGE_PDF)]


# --- measurements (each in its own interpreter) ------------------------------------------------


def _rss_mb() -> float:
    """Return this process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


def _measured(
    kind: str, work: Callable[[], dict[str, Any]], repeats: int, detail: dict[str, Any] | None = None
) -> Sample:
    """Given a kind, a unit of work and how many times to run it, return its sample.

    The seconds are those of the run that took the least CPU (as `timeit` reports the fastest),
    which leaves out what else the machine was doing; the peak memory is the process's over every run.
    """
    ready = _rss_mb()
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        found = work()
        runs.append((time.process_time() - cpu, time.perf_counter() - wall, found))
    cpu, wall, found = min(runs, key=lambda run: run[0])
    seconds = {"cpu_runs": [run[0] for run in runs], "wall_runs": [run[1] for run in runs]}
    return Sample(kind, wall, cpu, ready, _rss_mb(), {**(detail or {}), **found, **seconds})


def _floor(path: Path) -> dict[str, Any]:
    """Given a PDF, open every page with pdfplumber, read its chars, and return the char count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return {"chars": sum(len(page.chars) for page in pdf.pages)}


def _pdfplumber_tables(path: Path, pages: Sequence[int]) -> dict[str, Any]:
    """Given a PDF and 1-based pages, run pdfplumber's extract_tables() on them; return the table count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return {"tables": sum(len(pdf.pages[n - 1].extract_tables()) for n in pages)}


def _camelot_lattice(path: Path, pages: Sequence[int]) -> dict[str, Any]:
    """Given a PDF and 1-based pages, run camelot's lattice flavor on them; return the table count."""
    import camelot

    return {"tables": len(camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor="lattice"))}


def _warm_validation() -> float:
    """Create the process's GX context and suites by validating empty inputs; return the seconds."""
    import pandas as pd

    from .schema import PLAN_COLUMNS
    from .validate import validate_decree, validate_plan

    start = time.perf_counter()
    validate_plan(pd.DataFrame(columns=list(PLAN_COLUMNS)))
    validate_decree({})
    return time.perf_counter() - start


def _pipeline(path: Path, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Given a PDF and settings to change, extract it with a fresh interim folder into a temporary output.

    Return the stage timings, the pages and the table pages.
    """
    from .config import ExtractSettings
    from .runner import extract

    with tempfile.TemporaryDirectory() as interim, tempfile.TemporaryDirectory() as out:
        extraction = extract(path, Path(out), ExtractSettings(**overrides), Path(interim))
    split = extraction.split
    return {
        "stages": dict(extraction.timings),
        "rows": len(extraction.plan),
        "valid": extraction.valid,
        "pages": len(split.body_pages) + len(split.lampiran_pages),
        "table_pages": list(split.table_pages),
    }


def _run_modules(overrides: Mapping[str, Any]) -> list[str]:
    """Given the settings a run changes, return the modules (beyond the runner and GX) that run imports."""
    from .backends import BACKENDS
    from .config import ExtractSettings

    settings = ExtractSettings(**overrides)
    modules = [*RUN_MODULES, f"{__package__}.backends.{BACKENDS[settings.backend]}"]
    return modules + list(CHART_MODULES) * settings.charts + [OVERLAY_MODULE] * settings.overlay


def _import_pipeline(overrides: Mapping[str, Any]) -> dict[str, float]:
    """Import what a run with these settings imports, and GX, so that timings leave imports out.

    Return the seconds of each part. The process is then set up as the CLI's worker processes are.
    """
    start = time.perf_counter()
    from . import runner  # noqa: F401
    from .validate import prepare_gx_import

    prepare_gx_import()

    middle = time.perf_counter()
    import great_expectations  # noqa: F401

    after_gx = time.perf_counter()
    for module in _run_modules(overrides):
        importlib.import_module(module)
    end = time.perf_counter()
    from .batch import configure_process

    configure_process(debug=False)
    return {"import_runner": middle - start, "import_gx": after_gx - middle, "import_rest": end - after_gx}


def kind_settings(kind: str, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Given a pipeline measurement kind and the settings asked for, return the settings it runs with."""
    if kind == PIPELINE_CHARTS:
        return {**overrides, "charts": True}
    return {"charts": False, **overrides}


def measure(kind: str, path: Path, pages: Sequence[int], overrides: Mapping[str, Any], repeats: int = 1) -> Sample:
    """Given a measurement kind, a PDF, its table pages, pipeline settings to change and the runs, return the sample."""
    import pdfplumber  # noqa: F401

    if kind == FLOOR:
        return _measured(kind, lambda: _floor(path), repeats)
    if kind == PDFPLUMBER:
        return _measured(kind, lambda: _pdfplumber_tables(path, pages), repeats)
    if kind == CAMELOT:
        import camelot  # noqa: F401

        return _measured(kind, lambda: _camelot_lattice(path, pages), repeats)
    settings = kind_settings(kind, overrides)
    one_off = _import_pipeline(settings)
    one_off["gx_first_context"] = _warm_validation()
    if kind == TRACED:
        tracemalloc.start()
        sample = _measured(kind, lambda: _pipeline(path, settings), 1, one_off)
        return replace(sample, detail={**sample.detail, "traced_peak_mb": tracemalloc.get_traced_memory()[1] / 2**20})
    return _measured(kind, lambda: _pipeline(path, settings), repeats, one_off)


def _child(kind: str, bench: Bench, overrides: Mapping[str, Any], repeats: int) -> Sample:
    """Given a kind, a document, pipeline settings to change and the runs, measure in a fresh interpreter."""
    command = [sys.executable, "-m", "pipeline.bench", "--settings", json.dumps(overrides), "--repeats", str(repeats)]
    command += ["--measure", kind, str(bench.path)]
    command += [str(n) for n in bench.table_pages]
    done = subprocess.run(
        command, cwd=config.ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} on {bench.name} failed:\n{done.stderr.strip()}")
    return Sample(**json.loads(done.stdout.strip().splitlines()[-1]))


def python_start_seconds() -> float:
    """Return the wall seconds of a fresh interpreter that does nothing."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], cwd=config.ROOT, check=True)
    return time.perf_counter() - start


def measure_document(
    bench: Bench, kinds: Sequence[str], overrides: Mapping[str, Any], repeats: Mapping[str, int]
) -> tuple[Bench, dict[str, Sample]]:
    """Given a document, the measurements beyond the pipeline and floor, pipeline settings to change and
    the runs per measurement kind, return the document with its pages known and each sample by kind."""
    samples = {PIPELINE: _child(PIPELINE, bench, overrides, repeats.get(PIPELINE, 1))}
    detail = samples[PIPELINE].detail
    bench = replace(bench, pages=detail["pages"], table_pages=tuple(detail["table_pages"]))
    samples |= {kind: _child(kind, bench, overrides, repeats.get(kind, 1)) for kind in (FLOOR, *kinds)}
    return bench, samples


def _repeats(first: bool) -> dict[str, int]:
    """Given whether this is the replica, return the runs per measurement kind."""
    if not first:
        return {}
    return {kind: REPEATS for kind in (PIPELINE_CHARTS, PDFPLUMBER, CAMELOT)} | dict.fromkeys(
        (PIPELINE, FLOOR), TARGET_REPEATS
    )


# --- summary -----------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float | None:
    """Given two figures, return their ratio (None when the denominator is zero)."""
    return numerator / denominator if denominator else None


def document_summary(bench: Bench, samples: dict[str, Sample]) -> dict[str, Any]:
    """Given a document and its samples, return seconds per page, ratios and memory."""
    pipeline = samples[PIPELINE]
    stages = pipeline.detail["stages"]
    per_page = {
        kind: {"wall": s.wall / bench.pages, "cpu": s.cpu / bench.pages}
        for kind, s in samples.items()
        if kind != TRACED
    }
    ratios = {
        f"{run}/{kind}": {clock: _ratio(per_page[run][clock], figures[clock]) for clock in ("wall", "cpu")}
        for run in PIPELINE_KINDS
        if run in per_page
        for kind, figures in per_page.items()
        if kind not in PIPELINE_KINDS
    }
    return {
        "name": bench.name,
        "path": str(bench.path.relative_to(config.ROOT) if bench.path.is_relative_to(config.ROOT) else bench.path),
        "pages": bench.pages,
        "table_pages": list(bench.table_pages),
        "seconds_per_page": per_page,
        "stage_seconds_per_page": {name: value / bench.pages for name, value in stages.items()},
        "outside_stages_seconds_per_page": (pipeline.wall - sum(stages.values())) / bench.pages,
        "ratios": ratios,
        "one_off_seconds": {
            k: pipeline.detail[k] for k in ("import_runner", "import_gx", "import_rest", "gx_first_context")
        },
        "memory_mb": {kind: {"ready": s.rss_ready_mb, "peak": s.rss_peak_mb} for kind, s in samples.items()},
        "traced_peak_mb": samples[TRACED].detail["traced_peak_mb"] if TRACED in samples else None,
        "samples": {kind: asdict(s) for kind, s in samples.items()},
    }


def _target(name: str, document: str, value: float | None, limit: float) -> dict[str, Any]:
    """Given a target's figure and the limit it must not pass, return the target record."""
    return {
        "target": name,
        "document": document,
        "value": value,
        "limit": limit,
        "met": value is not None and value <= limit,
    }


def targets(summaries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given the document summaries (replica first, 50-page last), return each target's verdict."""
    replica, large = summaries[0], summaries[-1]
    ratios, memory = replica["ratios"], large["memory_mb"][PIPELINE]
    found = [
        _target("pipeline/floor, CPU per page", replica["name"], ratios[f"pipeline/{FLOOR}"]["cpu"], MAX_FLOOR_RATIO)
    ]
    if f"pipeline/{CAMELOT}" in ratios:
        found.append(
            _target("pipeline/camelot, CPU per page", replica["name"], ratios[f"pipeline/{CAMELOT}"]["cpu"], 1.0)
        )
    found.append(_target("pipeline peak RSS, MiB", large["name"], memory["peak"], MAX_PEAK_MB))
    found.append(
        _target("pipeline peak RSS above imports, MiB", large["name"], memory["peak"] - memory["ready"], MAX_PEAK_MB)
    )
    return found


def _row(label: str, wall: float | None, cpu: float | None = None, ratio: float | None = None, mb: str = "") -> str:
    """Given a table row's figures, return it formatted."""
    cells = [f"{v:10.4f}" if v is not None else " " * 10 for v in (wall, cpu)]
    shown = f"{ratio:7.2f}x" if ratio is not None else " " * 8
    return f"  {label:<{LABEL_WIDTH}}{cells[0]}{cells[1]}  {shown}  {mb}"


def _sample_rows(summary: dict[str, Any]) -> list[str]:
    """Given a document summary, return its table rows: each measurement, then the pipeline's stages."""
    lines = []
    for kind, figures in summary["seconds_per_page"].items():
        ratio = summary["ratios"].get(f"pipeline/{kind}", {}).get("cpu")
        memory = summary["memory_mb"][kind]
        mb = f"{memory['peak']:6.0f} ({memory['peak'] - memory['ready']:+.0f})"
        lines.append(_row(kind, figures["wall"], figures["cpu"], ratio, mb))
    for stage, seconds in summary["stage_seconds_per_page"].items():
        lines.append(_row(f"  pipeline: {stage}", seconds))
    lines.append(_row("  pipeline: outside the timed stages", summary["outside_stages_seconds_per_page"]))
    charts = summary["ratios"].get(f"{PIPELINE_CHARTS}/{FLOOR}")
    if charts:
        lines.append(f"  {PIPELINE_CHARTS}/{FLOOR}: {charts['cpu']:.2f}x CPU")
    return lines


def render_report(result: dict[str, Any]) -> str:
    """Given the bench result, return the printed table."""
    header = _row("seconds per page", None, None).rstrip()
    title = f"{'':{LABEL_WIDTH + 2}}{'wall':>10}{'CPU':>10}  pipeline/x  peak RSS MiB (above ready)"
    lines = [title, header, f"settings: {json.dumps(result['settings']) if result['settings'] else 'defaults'}"]
    for summary in result["documents"]:
        lines.append(f"{summary['name']} ({summary['pages']} pages, {len(summary['table_pages'])} table pages)")
        lines += _sample_rows(summary)
        if summary["traced_peak_mb"] is not None:
            lines.append(f"  pipeline tracemalloc peak: {summary['traced_peak_mb']:.0f} MiB")
    one_off = result["one_off_seconds"]
    lines.append("one-off seconds (not in the per-page figures)")
    lines += [_row(name, seconds) for name, seconds in one_off.items()]
    lines.append("targets")
    for t in result["targets"]:
        verdict = "met" if t["met"] else "MISSED"
        lines.append(f"  {t['target']} ({t['document']}): {t['value']:.2f} vs {t['limit']:g}  {verdict}")
    return "\n".join(lines)


# --- batch -------------------------------------------------------------------------------------


def _batch_sources(folder: Path) -> list[Path]:
    """Given the batch folder, return whole decrees (body and plan) typeset in each reportlab corpus layout."""
    _import_fixtures()
    from tests.fixtures.corpus import CORPUS, REPORTLAB
    from tests.fixtures.plans import load_decree_body, load_plan
    from tests.fixtures.typeset import render_decree_pdf

    layouts = {f.layout for f in CORPUS if f.engine == REPORTLAB}
    sources = []
    for number, layout in enumerate(sorted(layouts, key=repr), start=1):
        path = folder / f"layout-{number}.pdf"
        if _stale(path, LARGE_SOURCES):
            render_decree_pdf(load_plan(LARGE_SOURCES[0]), load_decree_body(LARGE_SOURCES[1]), layout, path)
        sources.append(path)
    return sources


def build_batch(count: int, folder: Path = BATCH_DIR) -> list[Path]:
    """Given a count, write that many distinct decree PDFs into folder (the decree typeset in the
    corpus layouts in turn, each copy with its own title and so its own SHA-256); return their paths."""
    import pikepdf

    folder.mkdir(parents=True, exist_ok=True)
    sources = _batch_sources(folder)
    paths = []
    for index in range(count):
        path = folder / f"decree-{index + 1:02d}.pdf"
        if _stale(path, [sources[index % len(sources)]]):
            with pikepdf.open(sources[index % len(sources)]) as pdf:
                pdf.docinfo["/Title"] = f"batch copy {index + 1}"
                pdf.save(path)
        paths.append(path)
    return paths


def _timed_batch(paths: Sequence[Path], jobs: int) -> dict[str, Any]:
    """Given PDFs and a number of worker processes, extract them all with the CLI; return the wall time and pages."""
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as interim:
        command = [sys.executable, "-m", "pipeline", "extract", *map(str, paths), "--out", out]
        command += ["--interim", interim, "--jobs", str(jobs), "--no-charts", "--force", "--stats"]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=config.ROOT, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"batch with --jobs {jobs} failed:\n{done.stderr.strip()}")
    stats = next(line for line in done.stdout.splitlines() if line.startswith("stats:"))
    return {"jobs": jobs, "seconds": seconds, "stats": stats}


def run_batch(count: int) -> dict[str, Any]:
    """Given a count, extract that many documents with one worker and with one per core; return both runs."""
    paths = build_batch(count)
    runs = [_timed_batch(paths, jobs) for jobs in sorted({1, os.cpu_count() or 1})]
    result = {"documents": count, "cpus": os.cpu_count(), "runs": runs}
    BATCH_JSON.parent.mkdir(parents=True, exist_ok=True)
    BATCH_JSON.write_text(json.dumps(result, indent=2) + "\n")
    return result


# --- profile -----------------------------------------------------------------------------------


def profile_pipeline(overrides: Mapping[str, Any], path: Path = REPLICA_PDF) -> str:
    """Given settings to change and a PDF, profile one warm pipeline run; write text and HTML; return the text."""
    from pyinstrument import Profiler

    _import_pipeline(overrides)
    _warm_validation()
    profiler = Profiler(interval=PROFILE_INTERVAL_S)
    with profiler:
        _pipeline(path, overrides)
    text: str = profiler.output_text(color=False, unicode=True)
    PROFILE_TEXT.parent.mkdir(parents=True, exist_ok=True)
    PROFILE_TEXT.write_text(text)
    PROFILE_HTML.write_text(profiler.output_html())
    return text


# --- command line ------------------------------------------------------------------------------


def _kinds(first: bool, camelot_all: bool, traced: bool) -> list[str]:
    """Given whether this is the replica and the options, return the measurements beyond pipeline and floor."""
    peers = [PIPELINE_CHARTS, PDFPLUMBER] * first + [CAMELOT] * (first or camelot_all)
    return peers + [TRACED] * (first and traced)


def run(camelot_all: bool, traced: bool, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Measure every document and return the whole result (also written to interim/bench.json).

    The peers run on the replica only (and camelot on the 50-page decree when asked), which keeps
    the whole run within two minutes.
    """
    python_start = python_start_seconds()
    summaries = []
    for index, bench in enumerate(bench_inputs()):
        kinds = _kinds(index == 0, camelot_all, traced)
        measured, samples = measure_document(bench, kinds, overrides, _repeats(index == 0))
        summaries.append(document_summary(measured, samples))
    result = {
        "pipeline_version": __version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "settings": dict(overrides),
        "one_off_seconds": {
            "python start-up": python_start,
            "import pipeline.runner": summaries[0]["one_off_seconds"]["import_runner"],
            "import great_expectations (after it)": summaries[0]["one_off_seconds"]["import_gx"],
            "import the other pipeline modules": summaries[0]["one_off_seconds"]["import_rest"],
            "GX first context and suites": summaries[0]["one_off_seconds"]["gx_first_context"],
        },
        "documents": summaries,
        "targets": targets(summaries),
    }
    RESULT_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULT_JSON.write_text(json.dumps(result, indent=2) + "\n")
    return result


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Given the command-line arguments, return them parsed."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--camelot-all", action="store_true", help="run camelot on the 50-page decree too")
    parser.add_argument("--tracemalloc", action="store_true", help="add a traced pipeline run on the replica")
    parser.add_argument("--profile", action="store_true", help="write a pyinstrument profile of the pipeline")
    parser.add_argument(
        "--batch", type=int, metavar="N", help="only time the CLI on N documents with one worker and one per core"
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="change a pipeline setting, e.g. charts=false"
    )
    parser.add_argument("--settings", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs="+", metavar=("KIND", "PDF"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _setting(text: str) -> tuple[str, Any]:
    """Given NAME=VALUE, return the name and the value read as JSON (plain text when it is not JSON)."""
    name, _, value = text.partition("=")
    try:
        return name.strip(), json.loads(value)
    except json.JSONDecodeError:
        return name.strip(), value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with --measure, one measurement) and return the exit status."""
    args = _arguments(sys.argv[1:] if argv is None else argv)
    overrides = json.loads(args.settings) | dict(_setting(text) for text in args.set)
    if args.measure:
        kind, pdf, *pages = args.measure
        sample = measure(kind, Path(pdf), [int(n) for n in pages], overrides, args.repeats)
        print(json.dumps(asdict(sample)))
        return 0
    if args.profile:
        print(profile_pipeline(overrides))
        return 0
    if args.batch:
        batch = run_batch(args.batch)
        for done in batch["runs"]:
            print(f"--jobs {done['jobs']}: {done['seconds']:.1f} s wall; {done['stats']}")
        print(f"written to {BATCH_JSON.relative_to(config.ROOT)}")
        return 0
    result = run(args.camelot_all, args.tracemalloc, overrides)
    print(render_report(result))
    print(f"written to {RESULT_JSON.relative_to(config.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
