"""Batch extraction: many PDFs, each on its own, in parallel worker processes.

One document's failure never stops the others, not even one that ends its worker process; documents
whose SHA-256, pipeline version and settings already have a published output in this --out are
skipped unless forced. Each document's output folder is chosen before any runs (`pipeline.placement`),
so two PDFs of one name never write the same folder. The per-document function is plain and
picklable, so it runs unchanged under Dask or Ray (`client.map(extract_one, paths, ...)`).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from . import config
from .config import ExtractSettings
from .errors import ExitCode, PipelineError
from .ingest import read_source, safe_stem
from .placement import is_up_to_date, output_stem, placed
from .write import remove_dead_temps

OUTCOME_LABELS = {ExitCode.OK: "extracted", ExitCode.INVALID: "failed validation", ExitCode.UNREADABLE: "unreadable"}
CORPUS_KEYS = ("nomor", "satker")
WORKER_STOPPED = "the worker process extracting it stopped ({reason}): killed, or out of memory?"


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
    stem: str = ""

    @property
    def renamed(self) -> bool:
        """Return whether the output went to a folder other than the file's own stem (its name was taken)."""
        return bool(self.stem) and self.stem != safe_stem(self.path.stem)


@dataclass(frozen=True)
class Job:
    """One document to extract: its path and its output folder's name (None when its file cannot be read)."""

    path: Path
    stem: str | None


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
    stem: str | None = None,
) -> Outcome:  # fmt: skip
    """Given one PDF (and its output folder's name, when placed already), extract and publish it; return its Outcome.

    It never raises: every failure becomes the Outcome's status and message.
    """
    start = time.perf_counter()
    try:
        from .render.explain import describe
        from .runner import extract

        configure_process(debug)
        extraction = extract(path, out, settings, interim, stem)
        told = describe(extraction, settings) if report else ""
    except PipelineError as exc:
        return Outcome(path, exc.exit_code, str(exc), trace=traceback.format_exc())
    except Exception as exc:
        return Outcome(path, ExitCode.UNREADABLE, f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())
    return Outcome(
        path, ExitCode.OK, pages=extraction.decree.pages, rows=len(extraction.plan),
        seconds=time.perf_counter() - start, report=told, timings=extraction.timings, stem=extraction.source.stem,
    )  # fmt: skip


def _placed_job(path: Path, out: Path, settings: ExtractSettings, interim: Path, taken: dict[str, str]) -> Job:
    """Given a PDF and the stems given so far in this run, return its job and take its stem.

    A file that cannot be read gets no stem: running it reports why. Raises OutputError when no
    folder is free for it.
    """
    try:
        source = read_source(path, settings.max_file_bytes)
    except PipelineError:
        return Job(path, None)
    stem = output_stem(source, out, interim, taken)
    taken[stem] = source.sha256
    return Job(path, stem)


def plan_jobs(
    paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path, force: bool
) -> tuple[list[Job], list[Outcome], list[Job]]:
    """Given the batch, return the jobs to run, the outcomes known already, and the jobs that repeat an earlier one.

    Output folders are given in argument order: a second source of the same stem with other bytes
    gets `<stem>-<doc_id[:8]>`. A job whose folder an earlier job of the same bytes has (the same
    file given twice, or a copy) runs after the others, when it is up to date.
    """
    taken: dict[str, str] = {}
    jobs: list[Job] = []
    known: list[Outcome] = []
    repeats: list[Job] = []
    for path in paths:
        try:
            job = _placed_job(path, out, settings, interim, taken)
        except PipelineError as exc:
            known.append(Outcome(path, exc.exit_code, str(exc)))
            continue
        if job.stem is not None and any(j.stem == job.stem for j in jobs):
            repeats.append(job)
        elif not force and job.stem is not None and _is_up_to_date(job, out, settings, interim):
            known.append(Outcome(path, ExitCode.OK, skipped=True, stem=job.stem))
        else:
            jobs.append(job)
    return jobs, known, repeats


def _is_up_to_date(job: Job, out: Path, settings: ExtractSettings, interim: Path) -> bool:
    """Given a placed job, return whether its output folder already holds its output (False when unreadable)."""
    try:
        source = placed(read_source(job.path, settings.max_file_bytes), out, interim, job.stem)
    except PipelineError:
        return False
    return is_up_to_date(source, out, settings, interim)


def _stopped(path: Path, exc: BaseException) -> Outcome:
    """Given a document and what its worker's end raised, return its Outcome."""
    reason = WORKER_STOPPED.format(reason=type(exc).__name__)
    return Outcome(path, ExitCode.UNREADABLE, reason, trace="".join(traceback.format_exception(exc)))


def _alone(job: Job, run: Callable[[Job], Outcome]) -> Outcome:
    """Given a job whose pool broke, run it in a worker of its own, so only a document that ends its worker fails."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(run, job)
        try:
            return future.result()
        except BrokenProcessPool as exc:
            return _stopped(job.path, exc)


def _in_workers(jobs: Sequence[Job], workers: int, run: Callable[[Job], Outcome]) -> Iterator[Outcome]:
    """Given jobs and a number of worker processes, yield each job's Outcome as it finishes.

    When a worker process ends (killed, out of memory), the pool breaks and every unfinished job
    fails with it: each of those is run again alone.
    """
    broken: list[Job] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[Outcome], Job] = {pool.submit(run, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
    for job in broken:
        yield _alone(job, run)


def extract_many(
    paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path = config.INTERIM_DIR,
    *, jobs: int = 1, force: bool = False, report: bool = False, debug: bool = False,
) -> Iterator[Outcome]:  # fmt: skip
    """Given PDFs, yield each one's Outcome as it finishes (skipped ones first), using `jobs` processes.

    Temporary files that a killed run left in the output root (`.tmp-<pid>-plans.parquet`) are removed first.
    """
    remove_dead_temps(out)
    todo, known, repeats = plan_jobs(paths, out, settings, interim, force)
    yield from known
    run = partial(_run_job, out=out, settings=settings, interim=interim, report=report, debug=debug)
    if jobs <= 1 or len(todo) <= 1:
        yield from map(run, todo)
    else:
        yield from _in_workers(todo, min(jobs, len(todo)), run)
    for job in repeats:
        skipped = not force and _is_up_to_date(job, out, settings, interim)
        yield Outcome(job.path, ExitCode.OK, skipped=True, stem=job.stem or "") if skipped else run(job)


def _run_job(job: Job, out: Path, settings: ExtractSettings, interim: Path, report: bool, debug: bool) -> Outcome:
    """Given a job and the run's options, return extract_one's Outcome for it."""
    return extract_one(job.path, out, settings, interim, report, debug, job.stem)


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
    """Given the output root, return every published plan in one frame with its decree's nomor and satker.

    Hidden folders are a run's staging or retired folders, never a published plan.
    """
    folders = [p for p in sorted(out.iterdir()) if not p.name.startswith(".")]
    frames = [_published_plan(p) for p in folders if (p / config.PLAN_PARQUET).is_file()]
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
