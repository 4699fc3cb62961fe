"""Batch extraction: many PDFs, each on its own, in parallel worker processes.

One document's failure never stops the others; documents whose SHA-256 and pipeline version
already have a published output are skipped unless forced. The per-document function is plain
and picklable, so it runs unchanged under Dask or Ray (`client.map(extract_one, paths, ...)`).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__, config
from .config import ExtractSettings
from .errors import ExitCode, PipelineError
from .ingest import read_source
from .interim import Interim

OUTCOME_LABELS = {ExitCode.OK: "extracted", ExitCode.INVALID: "failed validation", ExitCode.UNREADABLE: "unreadable"}
CORPUS_KEYS = ("nomor", "satker")
CHART_FILES = (config.SCHEDULE_HTML, config.REPORT_HTML)


@dataclass(frozen=True)
class Outcome:
    """What happened to one document: its status (0, 1, 2), the reason of a failure, and run facts."""

    path: Path
    status: ExitCode
    message: str = ""
    skipped: bool = False
    pages: int = 0
    rows: int = 0
    seconds: float = 0.0
    report: str = ""
    trace: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def _stamp(source_sha: str, settings: ExtractSettings) -> dict[str, str]:
    """Given a source digest and settings, return what a published output was made from."""
    return {"sha256": source_sha, "pipeline": __version__, "backend": settings.backend}


def _is_up_to_date(path: Path, out: Path, settings: ExtractSettings, interim: Path) -> bool:
    """Given a PDF, return whether out/<stem>/ already holds its output from this pipeline version."""
    try:
        source = read_source(path, settings.max_file_bytes)
    except PipelineError:
        return False
    stamp = Interim(interim / source.stem).read_json(config.PUBLISHED_STAMP)
    folder = out / source.stem
    names: tuple[str, ...] = (config.PLAN_PARQUET, config.PLAN_CSV, config.PLAN_XLSX, config.DECREE_JSON)
    # A folder published with --no-charts is not up to date for a run that asks for the charts.
    names += CHART_FILES if settings.charts else ()
    return stamp == _stamp(source.sha256, settings) and all((folder / n).exists() for n in names)


def configure_process(debug: bool) -> None:
    """Set up a process that extracts: its logging and Arrow's memory pool."""
    from .write import use_system_memory_pool

    configure_logging(debug)
    use_system_memory_pool()


def configure_logging(debug: bool) -> None:
    """Show the PDF libraries' warnings only with --debug; otherwise stderr keeps one line per document.

    pdfminer logs every oddity of a damaged file ("Invalid MediaBox ..."), which would bury the
    contract's `error:` line.
    """
    if debug:
        logging.basicConfig(level=logging.WARNING)
    elif not logging.getLogger().handlers:
        logging.getLogger().addHandler(logging.NullHandler())


def extract_one(
    path: Path, out: Path, settings: ExtractSettings, interim: Path, report: bool = False, debug: bool = False
) -> Outcome:
    """Given one PDF, extract and publish it; return its Outcome (never raises)."""
    from .render.explain import describe
    from .runner import extract

    configure_process(debug)
    start = time.perf_counter()
    try:
        extraction = extract(path, out, settings, interim)
    except PipelineError as exc:
        return Outcome(path, exc.exit_code, str(exc), trace=traceback.format_exc())
    except Exception as exc:
        return Outcome(path, ExitCode.UNREADABLE, f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())
    Interim(interim / extraction.source.stem).write_json(
        config.PUBLISHED_STAMP, _stamp(extraction.source.sha256, settings)
    )
    return Outcome(
        path, ExitCode.OK, pages=extraction.decree.pages, rows=len(extraction.plan),
        seconds=time.perf_counter() - start, report=describe(extraction, settings) if report else "",
        timings=extraction.timings,
    )  # fmt: skip


def _jobs(paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path, force: bool) -> list[Path]:
    """Given the batch, return the paths that need extracting."""
    return [p for p in paths if force or not _is_up_to_date(p, out, settings, interim)]


def extract_many(
    paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path = config.INTERIM_DIR,
    *, jobs: int = 1, force: bool = False, report: bool = False, debug: bool = False,
) -> Iterator[Outcome]:  # fmt: skip
    """Given PDFs, yield each one's Outcome as it finishes (skipped ones first), using `jobs` processes."""
    todo = _jobs(paths, out, settings, interim, force)
    for path in paths:
        if path not in todo:
            yield Outcome(path, ExitCode.OK, skipped=True)
    if jobs <= 1 or len(todo) <= 1:
        for path in todo:
            yield extract_one(path, out, settings, interim, report, debug)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures = [pool.submit(extract_one, p, out, settings, interim, report, debug) for p in todo]
        for future in as_completed(futures):
            yield future.result()


def summary_line(outcomes: Sequence[Outcome]) -> str:
    """Given every document's outcome, return the batch's closing line."""
    statuses = [o.status for o in outcomes]
    parts = [
        f"{statuses.count(code)} {label}"
        for code, label in OUTCOME_LABELS.items()
        if statuses.count(code) or code == ExitCode.OK
    ]
    skipped = sum(o.skipped for o in outcomes)
    return ", ".join(parts) + (f" ({skipped} up to date)" if skipped else "")


def _corpus_frame(out: Path) -> pd.DataFrame:
    """Given the output root, return every published plan in one frame with its decree's nomor and satker."""
    frames = [_published_plan(p) for p in sorted(out.iterdir()) if (p / config.PLAN_PARQUET).exists()]
    readable = [f for f in frames if f is not None]
    return pd.concat(readable, ignore_index=True) if readable else pd.DataFrame()


def _published_plan(folder: Path) -> pd.DataFrame | None:
    """Given a published folder, return its plan with the decree's nomor and satker (None when unreadable)."""
    try:
        plan = pd.read_parquet(folder / config.PLAN_PARQUET)
        decree = json.loads((folder / config.DECREE_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for key in reversed(CORPUS_KEYS):
        plan.insert(1, key, decree.get(key))
    return plan


def corpus_files(out: Path, to_bytes: Callable[[pd.DataFrame], bytes]) -> dict[str, bytes]:
    """Given the output root and a Parquet writer, return output/plans.parquet's bytes (empty when no plan)."""
    frame = _corpus_frame(out)
    return {config.CORPUS_PARQUET: to_bytes(frame)} if len(frame) else {}
