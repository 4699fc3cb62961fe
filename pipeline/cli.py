"""The command line: a thin Typer layer over the runner; errors become `error: <file>: <reason>`."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Annotated

import typer

from . import config
from .config import ExtractSettings
from .errors import PipelineError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_CHANGED = 0, 1, 2, 3
NO_CHANGES = "no changes"
OUTCOME_LABELS = {EXIT_OK: "extracted", EXIT_INVALID: "failed validation", EXIT_UNREADABLE: "unreadable"}


def _error_line(path: Path, exc: BaseException) -> str:
    """Given a file and an exception, return the contract's one-line error."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return f"error: {path}: {reason}"


def _run_one(path: Path, out: Path, settings: ExtractSettings, debug: bool) -> int:
    """Given one PDF, extract it and return its exit status (0, 1 or 2)."""
    from .runner import extract

    try:
        extract(path, out, settings)
    except PipelineError as exc:
        if debug:
            traceback.print_exc()
        typer.echo(_error_line(path, exc), err=True)
        return exc.exit_code
    except Exception as exc:
        if debug:
            traceback.print_exc()
        typer.echo(_error_line(path, exc), err=True)
        return EXIT_UNREADABLE
    return EXIT_OK


def _summary(statuses: list[int]) -> str:
    """Given each document's status, return the batch's closing line."""
    parts = [
        f"{statuses.count(code)} {label}"
        for code, label in OUTCOME_LABELS.items()
        if statuses.count(code) or code == EXIT_OK
    ]
    return ", ".join(parts)


@app.command()
def extract(
    pdfs: Annotated[list[Path], typer.Argument(help="Decree PDFs to extract.")],
    out: Annotated[Path, typer.Option(help="Output root; each PDF goes to OUT/<stem>/.")] = config.OUTPUT_DIR,
    backend: Annotated[str, typer.Option(help="Cell backend: pdfplumber or camelot.")] = config.DEFAULT_BACKEND,
    debug: Annotated[bool, typer.Option(help="Show Python tracebacks.")] = False,
) -> None:
    """Extract each PDF's action plan into OUT/<stem>/plan.parquet, plan.csv and decree.json."""
    from .backends import BACKENDS

    if backend not in BACKENDS:
        typer.echo(f"error: --backend must be one of {', '.join(BACKENDS)}", err=True)
        raise typer.Exit(EXIT_UNREADABLE)
    settings = ExtractSettings(backend=backend)
    statuses = [_run_one(path, out, settings, debug) for path in pdfs]
    typer.echo(_summary(statuses))
    raise typer.Exit(max(statuses))


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier plan: a PDF or an extracted folder.")],
    new: Annotated[Path, typer.Argument(help="The later plan: a PDF or an extracted folder.")],
    out: Annotated[Path, typer.Option(help="Folder for diff.parquet, diff.csv and diff.md.")],
    fail_on_change: Annotated[bool, typer.Option(help="Exit with status 3 when anything changed.")] = False,
    debug: Annotated[bool, typer.Option(help="Show Python tracebacks.")] = False,
) -> None:
    """Write what changed between two versions of a plan, paired by content."""
    from .runner import diff_files, load_plan
    from .write import publish

    settings = ExtractSettings()
    plans = []
    for path in (old, new):
        try:
            plans.append(load_plan(path, settings))
        except Exception as exc:
            if debug:
                traceback.print_exc()
            typer.echo(_error_line(path, exc), err=True)
            raise typer.Exit(getattr(exc, "exit_code", EXIT_UNREADABLE)) from None
    files, summary = diff_files(plans[0], plans[1], old.name, new.name)
    try:
        publish(out, files)
    except PipelineError as exc:
        typer.echo(_error_line(out, exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(summary)
    changed = summary != NO_CHANGES
    raise typer.Exit(EXIT_CHANGED if fail_on_change and changed else EXIT_OK)


def main() -> None:
    """Run the CLI."""
    app(prog_name="python -m pipeline")


if __name__ == "__main__":
    main()
