"""The command line: a thin Typer layer over the library; errors become `error: <file>: <reason>`."""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import config
from .config import ExtractSettings
from .errors import ExitCode, PipelineError, SchedulerError

if TYPE_CHECKING:
    from rich.console import Console

    from .batch import Outcome

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
PROGRAM = "rencana-aksi"

NO_CHANGES = "no changes"


def printable(text: str) -> str:
    """Given a text, return it with every control character escaped (a newline as \\n), so it prints on one line.

    A file name may hold a newline or a terminal's escape sequence: printed as it is, it would
    forge a second `error:` line or recolour the terminal.
    """
    return "".join(ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text)


def _is_control(ch: str) -> bool:
    """Given a character, return whether it is a control, format or line-separator character."""
    import unicodedata

    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _show_version(value: bool) -> None:
    """Print the pipeline's version and stop, when --version is given."""
    if value:
        from . import __version__

        typer.echo(f"{PROGRAM} {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Extract the Rencana Aksi table of KPU decree PDFs into validated Parquet, CSV and Excel."""


def _error_line(path: Path, reason: object) -> str:
    """Given a file and a reason, return the contract's one-line error."""
    text = " ".join(str(reason).split()) or "unknown error"
    return f"error: {printable(str(path))}: {printable(text)}"


def _progress(outcomes: Iterator[Outcome], total: int, console: Console | None = None) -> Iterator[Outcome]:
    """Given the batch's outcomes, yield them while a progress bar runs on a terminal.

    The bar shows n/total, the file finished last and the elapsed time; its spinner and clock run
    from the start, before the first worker has finished anything.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = console or Console(stderr=True)
    if total < 2 or not console.is_terminal:
        yield from outcomes
        return
    columns = (SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[last]}"))  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("extracting", total=total, last="")
        bar.refresh()
        for outcome in outcomes:
            bar.update(task, advance=1, last=f"done: {outcome.path.name}")
            yield outcome


def _say(outcome: Outcome, debug: bool, report: bool, many: bool) -> None:
    """Given one document's outcome, print its error, report or log line."""
    if outcome.status:
        if debug and outcome.trace:
            typer.echo(outcome.trace.rstrip(), err=True)
        typer.echo(_error_line(outcome.path, outcome.message), err=True)
        return
    if report and outcome.report:
        typer.echo(outcome.report)
    elif many and not sys.stderr.isatty():
        state = "up to date" if outcome.skipped else f"{outcome.rows} rows, {outcome.seconds:.1f} s"
        if outcome.same_as is not None:
            state = f"same content as {printable(str(outcome.same_as))}"
        where = f", in {printable(outcome.stem)}/" if outcome.renamed else ""
        typer.echo(f"ok: {printable(str(outcome.path))} ({state}{where})")


def _write_corpus(out: Path) -> tuple[ExitCode, bool]:
    """Rewrite OUT/plans.parquet from every plan published under OUT; return the run's status and whether any was."""
    from .batch import corpus_files
    from .publish import publish_files
    from .write import plan_to_arrow, table_to_parquet_bytes

    try:
        files = corpus_files(out, lambda frame, sources: table_to_parquet_bytes(plan_to_arrow(frame), sources))
        if files:
            publish_files(out, files)
    except PipelineError as exc:
        typer.echo(_error_line(out / config.CORPUS_PARQUET, exc), err=True)
        return exc.exit_code, False
    except OSError as exc:
        typer.echo(_error_line(out / config.CORPUS_PARQUET, f"cannot write {out}: {exc.strerror or exc}"), err=True)
        return ExitCode.UNREADABLE, False
    return ExitCode.OK, bool(files)


def _stats(outcomes: Iterable[Outcome], seconds: float) -> str:
    """Given the outcomes and the wall time, return the run's throughput line."""
    pages = sum(o.pages for o in outcomes)
    return f"stats: {pages} pages in {seconds:.1f} s ({pages / seconds if seconds else 0:.2f} pages/s)"


def _said(run: Iterator[Outcome], total: int, debug: bool, report: bool, scheduler: str | None) -> list[Outcome]:
    """Given the batch's outcomes, print each as it comes under the progress bar; return them all.

    A cluster that cannot be started or reached ends the run with its one error line.
    """
    outcomes: list[Outcome] = []
    try:
        for outcome in _progress(run, total):
            _say(outcome, debug, report, total > 1)
            outcomes.append(outcome)
    except SchedulerError as exc:
        typer.echo(_error_line(Path(scheduler or "--scheduler"), exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    return outcomes


@app.command()
def extract(
    pdfs: Annotated[list[Path], typer.Argument(help="Decree PDFs to extract.")],
    out: Annotated[Path, typer.Option(help="Output root; each PDF goes to OUT/<stem>/.")] = config.OUTPUT_DIR,
    backend: Annotated[str, typer.Option(help="Cell backend: pdfplumber, camelot or scan.")] = config.DEFAULT_BACKEND,
    jobs: Annotated[int, typer.Option(help="Worker processes (default: one per core); a LocalCluster's workers.")] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run on a Dask cluster: `local` (a LocalCluster) or a scheduler's address (tcp://host:8786)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Extract even when the output is up to date.")] = False,
    report: Annotated[bool, typer.Option(help="Print how each table was found.")] = False,
    stats: Annotated[bool, typer.Option(help="Print pages per second for the run.")] = False,
    interim: Annotated[Path, typer.Option(help="Folder for stage artifacts.")] = config.INTERIM_DIR,
    charts: Annotated[bool, typer.Option(help="Write schedule.png, schedule.html and report.html.")] = True,
    overlay: Annotated[
        bool, typer.Option(help="Draw what was detected on each page: interim/<stem>/overlay/.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show Python tracebacks.")] = False,
) -> None:
    """Extract each PDF's action plan into OUT/<stem>/plan.parquet, plan.csv and decree.json."""
    from .backends import BACKEND_NAMES
    from .batch import extract_many, summary_line
    from .schedulers import scheduler_for

    if backend not in BACKEND_NAMES:
        typer.echo(f"error: --backend must be one of {', '.join(BACKEND_NAMES)}", err=True)
        raise typer.Exit(ExitCode.UNREADABLE)
    start = time.perf_counter()
    settings = ExtractSettings(backend=backend, charts=charts, overlay=overlay)
    workers = jobs or os.cpu_count() or 1
    where = scheduler_for(scheduler, workers)
    run = extract_many(pdfs, out, settings, interim, force=force, report=report, debug=debug, scheduler=where)
    outcomes = _said(run, len(pdfs), debug, report, scheduler)
    corpus = _write_corpus(out)[0] if any(o.status == ExitCode.OK for o in outcomes) else ExitCode.OK
    typer.echo(summary_line(outcomes))
    if stats:
        typer.echo(_stats(outcomes, time.perf_counter() - start))
    raise typer.Exit(max(corpus, *(o.status for o in outcomes)))


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier plan: a PDF or an extracted folder.")],
    new: Annotated[Path, typer.Argument(help="The later plan: a PDF or an extracted folder.")],
    out: Annotated[Path, typer.Option(help="Folder for diff.parquet, diff.csv and diff.md.")],
    fail_on_change: Annotated[bool, typer.Option(help="Exit with status 3 when anything changed.")] = False,
    interim: Annotated[Path, typer.Option(help="Folder for stage artifacts.")] = config.INTERIM_DIR,
    debug: Annotated[bool, typer.Option(help="Show Python tracebacks.")] = False,
) -> None:
    """Write what changed between two versions of a plan, paired by content."""
    from .batch import configure_logging
    from .publish import publish_files
    from .runner import diff_files, load_plan

    configure_logging(debug)
    settings = ExtractSettings()
    plans = []
    for path in (old, new):
        try:
            plans.append(load_plan(path, settings, interim))
        except Exception as exc:
            if debug:
                traceback.print_exc()
            typer.echo(_error_line(path, exc), err=True)
            raise typer.Exit(getattr(exc, "exit_code", ExitCode.UNREADABLE)) from None
    files, summary = diff_files(plans[0], plans[1], old.name, new.name)
    try:
        publish_files(out, files)
    except PipelineError as exc:
        typer.echo(_error_line(out, exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(summary)
    raise typer.Exit(ExitCode.CHANGED if fail_on_change and summary != NO_CHANGES else ExitCode.OK)


@app.command()
def corpus(
    out: Annotated[Path, typer.Option(help="Output root whose published folders are gathered.")] = config.OUTPUT_DIR,
) -> None:
    """Rebuild OUT/plans.parquet from the plans published under OUT, without extracting anything."""
    status, written = _write_corpus(out) if out.is_dir() else (ExitCode.OK, False)
    if status != ExitCode.OK:
        raise typer.Exit(status)
    if not written:
        typer.echo(_error_line(out, "no published plan in this folder"), err=True)
        raise typer.Exit(ExitCode.UNREADABLE)
    typer.echo(f"wrote {out / config.CORPUS_PARQUET}")


def main() -> None:
    """Run the CLI."""
    invoked = Path(sys.argv[0]).name if sys.argv else ""
    try:
        app(prog_name=PROGRAM if invoked.startswith(PROGRAM) else "python -m pipeline")
    finally:
        # Every file is published by now. Left to the garbage collector, the objects of a run
        # (pdfminer's, GX's) are traced once more as the interpreter exits: about a tenth of a
        # short decree's run. Frozen, they are freed with the process.
        gc.freeze()


if __name__ == "__main__":
    main()
