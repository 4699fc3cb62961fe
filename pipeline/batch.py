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
from typing import Any

import pandas as pd

from . import __version__, config
from .config import ExtractSettings
from .errors import ExitCode, PipelineError
from .ingest import read_source
from .interim import Interim

OUTCOME_LABELS = {ExitCode.OK: "extracted", ExitCode.INVALID: "failed validation", ExitCode.UNREADABLE: "unreadable"}
UP_TO_DATE = "up to date"
SAME_CONTENT = "same content as another file"
# The decree.json keys each row of plans.parquet carries, after doc_id.
CORPUS_KEYS = ("nomor", "satker", "tanggal", "mengubah_nomor", "source_path")
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
    # The path given first with the same bytes, which was extracted in this one's stead.
    same_as: Path | None = None


def _stamp(source_sha: str, settings: ExtractSettings, names: Sequence[Path]) -> dict[str, Any]:
    """Given a source digest, settings and the paths holding it, return what a published output was made from."""
    return {
        "sha256": source_sha,
        "pipeline": __version__,
        "backend": settings.backend,
        "sources": list(map(str, names)),
    }


def _is_up_to_date(path: Path, out: Path, settings: ExtractSettings, interim: Path, aliases: Sequence[Path]) -> bool:
    """Given a PDF and its aliases, return whether out/<stem>/ already holds its output from this pipeline version."""
    try:
        source = read_source(path, settings.max_file_bytes)
    except PipelineError:
        return False
    stamp = Interim(interim / source.stem).read_json(config.PUBLISHED_STAMP)
    folder = out / source.stem
    names: tuple[str, ...] = (config.PLAN_PARQUET, config.PLAN_CSV, config.PLAN_XLSX, config.DECREE_JSON)
    # A folder published with --no-charts is not up to date for a run that asks for the charts.
    names += CHART_FILES if settings.charts else ()
    made_from = _stamp(source.sha256, settings, (path, *aliases))
    return stamp == made_from and all((folder / n).exists() for n in names)


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
    path: Path, out: Path, settings: ExtractSettings, interim: Path, report: bool = False, debug: bool = False,
    aliases: Sequence[Path] = (),
) -> Outcome:  # fmt: skip
    """Given one PDF (and the other paths with its bytes), extract and publish it; return its Outcome (never raises)."""
    from .render.explain import describe
    from .runner import extract

    configure_process(debug)
    start = time.perf_counter()
    try:
        extraction = extract(path, out, settings, interim, aliases)
    except PipelineError as exc:
        return Outcome(path, exc.exit_code, str(exc), trace=traceback.format_exc())
    except Exception as exc:
        return Outcome(path, ExitCode.UNREADABLE, f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())
    Interim(interim / extraction.source.stem).write_json(
        config.PUBLISHED_STAMP, _stamp(extraction.source.sha256, settings, (path, *aliases))
    )
    return Outcome(
        path, ExitCode.OK, pages=extraction.decree.pages, rows=len(extraction.plan),
        seconds=time.perf_counter() - start, report=describe(extraction, settings) if report else "",
        timings=extraction.timings,
    )  # fmt: skip


def content_groups(paths: Sequence[Path], max_file_bytes: int) -> dict[Path, tuple[Path, ...]]:
    """Given the batch's paths, return each first path of a content (SHA-256) with the later paths of the same bytes.

    A path that cannot be read is a group of its own: extracting it reports why.
    """
    groups: dict[str, list[Path]] = {}
    for path in paths:
        try:
            key = read_source(path, max_file_bytes).sha256
        except PipelineError:
            key = f"unreadable:{len(groups)}"
        groups.setdefault(key, []).append(path)
    return {names[0]: tuple(names[1:]) for names in groups.values()}


def extract_many(
    paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path = config.INTERIM_DIR,
    *, jobs: int = 1, force: bool = False, report: bool = False, debug: bool = False,
) -> Iterator[Outcome]:  # fmt: skip
    """Given PDFs, yield each one's Outcome as it finishes (skipped ones first), using `jobs` processes.

    Paths holding the same bytes are extracted once, under the first of them; the others are
    listed in its decree.json `sources`.
    """
    groups = content_groups(paths, settings.max_file_bytes)
    for first, aliases in groups.items():
        yield from (Outcome(alias, ExitCode.OK, same_as=first) for alias in aliases)
    todo = [p for p, a in groups.items() if force or not _is_up_to_date(p, out, settings, interim, a)]
    yield from (Outcome(path, ExitCode.OK, skipped=True) for path in groups if path not in todo)
    if jobs <= 1 or len(todo) <= 1:
        for path in todo:
            yield extract_one(path, out, settings, interim, report, debug, groups[path])
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures = [pool.submit(extract_one, p, out, settings, interim, report, debug, groups[p]) for p in todo]
        for future in as_completed(futures):
            yield future.result()


def summary_line(outcomes: Sequence[Outcome]) -> str:
    """Given every document's outcome, return the batch's closing line, e.g. "0 extracted, 6 up to date"."""
    done = [o for o in outcomes if o.status == ExitCode.OK]
    counts = {
        OUTCOME_LABELS[ExitCode.OK]: sum(1 for o in done if not o.skipped and o.same_as is None),
        UP_TO_DATE: sum(o.skipped for o in done),
        SAME_CONTENT: sum(o.same_as is not None for o in done),
    }
    counts |= {label: sum(o.status == code for o in outcomes) for code, label in OUTCOME_LABELS.items() if code}
    first = OUTCOME_LABELS[ExitCode.OK]
    return ", ".join(f"{n} {label}" for label, n in counts.items() if n or label == first)


def _corpus_frame(out: Path) -> tuple[pd.DataFrame, list[str]]:
    """Given the output root, return every published plan in one frame with its CORPUS_KEYS, and their SHA-256."""
    found = [_published_plan(p) for p in sorted(out.iterdir()) if (p / config.PLAN_PARQUET).exists()]
    readable: list[tuple[pd.DataFrame, str]] = []
    for plan in found:
        # The same source published in several folders (by earlier runs) counts once.
        if plan is not None and not (plan[1] and plan[1] in {sha for _, sha in readable}):
            readable.append(plan)
    if not readable:
        return pd.DataFrame(), []
    return pd.concat([plan for plan, _ in readable], ignore_index=True), [sha for _, sha in readable]


def _published_plan(folder: Path) -> tuple[pd.DataFrame, str] | None:
    """Given a published folder, return its plan with the decree's CORPUS_KEYS, and the source's SHA-256.

    None when the folder cannot be read.
    """
    try:
        plan = pd.read_parquet(folder / config.PLAN_PARQUET)
        decree = json.loads((folder / config.DECREE_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for key in reversed(CORPUS_KEYS):
        plan.insert(1, key, decree.get(key))
    return plan, str(decree.get("sha256") or "")


def corpus_files(out: Path, to_bytes: Callable[[pd.DataFrame, Sequence[str]], bytes]) -> dict[str, bytes]:
    """Given the output root and a Parquet writer (frame, source SHA-256s), return plans.parquet's bytes.

    Empty when no plan is published under the root.
    """
    frame, sources = _corpus_frame(out)
    return {config.CORPUS_PARQUET: to_bytes(frame, sources)} if len(frame) else {}
