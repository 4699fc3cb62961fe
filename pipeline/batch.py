"""Batch extraction: many PDFs, each on its own, on a scheduler (worker processes, or a Dask cluster).

One document's failure never stops the others, not even one that ends its worker process; documents
whose SHA-256, pipeline version and settings already have a published output in this --out are
skipped unless forced, decided here before any document is handed to a scheduler. Each document's
output folder is chosen before any runs (`pipeline.placement`), so two PDFs of one name never write
the same folder. Where the jobs run is a `pipeline.schedulers.Scheduler`; the per-document
functions (`extract_job`, and `extract_or_raise` for schedulers that report failures themselves)
are plain and picklable.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import config
from .allocators import configure_allocators
from .config import ExtractSettings
from .errors import ExitCode, PipelineError
from .ingest import read_source, safe_stem
from .placement import is_up_to_date, output_stem, placed
from .publish import remove_dead_temps

if TYPE_CHECKING:
    from .schedulers import Scheduler
    from .sidecar import Sidecar

OUTCOME_LABELS = {ExitCode.OK: "extracted", ExitCode.INVALID: "failed validation", ExitCode.UNREADABLE: "unreadable"}
UP_TO_DATE = "up to date"
SAME_CONTENT = "same content as another file"
# The decree.json keys each row of plans.parquet carries, after doc_id.
CORPUS_KEYS = ("nomor", "satker", "tanggal", "mengubah_nomor", "source_path")
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
    # The path given first with the same bytes, which was extracted in this one's stead.
    same_as: Path | None = None

    @property
    def renamed(self) -> bool:
        """Return whether the output went to a folder other than the file's own stem (its name was taken)."""
        return bool(self.stem) and self.stem != safe_stem(self.path.stem)


@dataclass(frozen=True)
class Job:
    """One document to extract: its path, its output folder's name (None when its file cannot be read) and the
    other paths of the run that hold the same bytes."""

    path: Path
    stem: str | None
    aliases: tuple[Path, ...] = ()


def configure_process(debug: bool) -> None:
    """Set up a process that extracts: its logging and its allocators."""
    configure_logging(debug)
    configure_allocators()


def configure_logging(debug: bool) -> None:
    """Show the PDF libraries' warnings only with --debug; otherwise stderr keeps one line per document.

    pdfminer logs every oddity of a damaged file ("Invalid MediaBox ..."), which would bury the
    contract's `error:` line.
    """
    if debug:
        logging.basicConfig(level=logging.WARNING)
    elif not logging.getLogger().handlers:
        logging.getLogger().addHandler(logging.NullHandler())


@dataclass(frozen=True)
class RunOptions:
    """What every document of a run is extracted with: the output and interim roots, the settings, what to print."""

    out: Path
    settings: ExtractSettings
    interim: Path = config.INTERIM_DIR
    report: bool = False
    debug: bool = False


def extract_one(
    path: Path, out: Path, settings: ExtractSettings, interim: Path, report: bool = False, debug: bool = False,
    stem: str | None = None, aliases: Sequence[Path] = (),
) -> Outcome:  # fmt: skip
    """Given one PDF (its output folder's name, when placed already, and the other paths with its bytes), extract
    and publish it; return its Outcome.

    It never raises: every failure becomes the Outcome's status and message.
    """
    return extract_job(Job(path, stem, tuple(aliases)), RunOptions(out, settings, interim, report, debug))


def extract_job(job: Job, options: RunOptions, sidecar: Sidecar | None = None) -> Outcome:
    """Given a job, the run's options and its sidecar (default: this process), extract and publish it;
    return its Outcome. It never raises."""
    try:
        return extract_or_raise(job, options, sidecar)
    except Exception as exc:
        return failed(job.path, exc)


def extract_or_raise(job: Job, options: RunOptions, sidecar: Sidecar | None = None) -> Outcome:
    """Given a job and the run's options, extract and publish it; return its Outcome when it was published.

    Raises what stopped it: the PipelineError of a document that is invalid or unreadable, or an
    unexpected error as it is, so that a scheduler with its own record of failures keeps it.
    """
    start = time.perf_counter()
    from .render.explain import describe
    from .runner import extract
    from .sidecar import IN_PROCESS

    configure_process(options.debug)
    where = (options.out, options.settings, options.interim, job.stem, job.aliases)
    extraction = extract(job.path, *where, sidecar or IN_PROCESS)
    told = describe(extraction, options.settings) if options.report else ""
    return Outcome(
        job.path, ExitCode.OK, pages=extraction.decree.pages, rows=len(extraction.plan),
        seconds=time.perf_counter() - start, report=told, timings=extraction.timings, stem=extraction.source.stem,
    )  # fmt: skip


def failed(path: Path, exc: BaseException, trace: str | None = None) -> Outcome:
    """Given a document and what stopped it (and its traceback, when it came from elsewhere), return its Outcome.

    A PipelineError keeps its status and message; anything else is status 2, named by its type.
    """
    trace = "".join(traceback.format_exception(exc)) if trace is None else trace
    if isinstance(exc, PipelineError):
        return Outcome(path, exc.exit_code, str(exc), trace=trace)
    return Outcome(path, ExitCode.UNREADABLE, f"{type(exc).__name__}: {exc}", trace=trace)


def stopped(path: Path, exc: BaseException, trace: str | None = None) -> Outcome:
    """Given a document and what its worker's end raised (and its traceback, when it came from elsewhere),
    return its Outcome."""
    reason = WORKER_STOPPED.format(reason=type(exc).__name__)
    trace = "".join(traceback.format_exception(exc)) if trace is None else trace
    return Outcome(path, ExitCode.UNREADABLE, reason, trace=trace)


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


def _placed_job(
    path: Path, aliases: tuple[Path, ...], out: Path, settings: ExtractSettings, interim: Path, taken: dict[str, str]
) -> Job:
    """Given a PDF, the other paths of its bytes and the stems given so far in this run, return its job; take its stem.

    A file that cannot be read gets no stem: running it reports why. Raises OutputError when no
    folder is free for it.
    """
    try:
        source = read_source(path, settings.max_file_bytes)
    except PipelineError:
        return Job(path, None)
    stem = output_stem(source, out, interim, taken)
    taken[stem] = source.sha256
    return Job(path, stem, aliases)


def plan_jobs(
    paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path, force: bool
) -> tuple[list[Job], list[Outcome]]:
    """Given the batch, return the jobs to run and the outcomes known already.

    Paths holding the same bytes are extracted once, under the first of them; the others are
    listed in its decree.json `sources`. Output folders are given in argument order: a second
    source of the same stem with other bytes gets `<stem>-<doc_id[:8]>`.
    """
    taken: dict[str, str] = {}
    jobs: list[Job] = []
    known: list[Outcome] = []
    for path, aliases in content_groups(paths, settings.max_file_bytes).items():
        known.extend(Outcome(alias, ExitCode.OK, same_as=path) for alias in aliases)
        try:
            job = _placed_job(path, aliases, out, settings, interim, taken)
        except PipelineError as exc:
            known.append(Outcome(path, exc.exit_code, str(exc)))
            continue
        if not force and job.stem is not None and _is_up_to_date(job, out, settings, interim):
            known.append(Outcome(path, ExitCode.OK, skipped=True, stem=job.stem))
        else:
            jobs.append(job)
    return jobs, known


def _is_up_to_date(job: Job, out: Path, settings: ExtractSettings, interim: Path) -> bool:
    """Given a placed job, return whether its output folder already holds its output (False when unreadable)."""
    try:
        source = placed(read_source(job.path, settings.max_file_bytes), out, interim, job.stem)
    except PipelineError:
        return False
    return is_up_to_date(source, out, settings, interim, (job.path, *job.aliases))


def extract_many(
    paths: Sequence[Path], out: Path, settings: ExtractSettings, interim: Path = config.INTERIM_DIR,
    *, jobs: int = 1, force: bool = False, report: bool = False, debug: bool = False,
    scheduler: Scheduler | None = None,
) -> Iterator[Outcome]:  # fmt: skip
    """Given PDFs, yield each one's Outcome as it finishes (skipped ones first), on `scheduler` (default: `jobs`
    worker processes).

    What is up to date is decided before anything is scheduled, so a run with nothing to do starts
    no workers. Temporary files that a killed run left in the output root (`.tmp-<pid>-plans.parquet`)
    are removed first.
    """
    from .schedulers import ProcessPool

    remove_dead_temps(out)
    todo, known = plan_jobs(paths, out, settings, interim, force)
    yield from known
    if todo:
        yield from (scheduler or ProcessPool(jobs)).run(todo, RunOptions(out, settings, interim, report, debug))


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
    """Given the output root, return every published plan in one frame with its CORPUS_KEYS, and their SHA-256.

    Hidden folders are a run's staging or retired folders, never a published plan.
    """
    folders = [p for p in sorted(out.iterdir()) if not p.name.startswith(".")]
    found = [_published_plan(p) for p in folders if (p / config.PLAN_PARQUET).is_file()]
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
