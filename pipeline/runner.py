"""The runner: wires the stages for one document and keeps each stage's artifact in interim/<stem>/."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, config
from .backends import backend_page_reader
from .cells import PageCells, cells_to_frame, extract_cells, frame_to_cells
from .config import ExtractSettings
from .decree import decree_to_dict, parse_decree
from .errors import PipelineError, UnreadableInput, ValidationFailed
from .hierarchy import rows_to_plan
from .ingest import Document, Source, open_document, read_source
from .ocr import SCAN_BACKEND, prepare_document, scan_split
from .pages import PageSplit, split_pages, visited
from .rows import TableRead, read_table
from .validate import ValidationReport, data_docs_html, validate_decree, validate_plan
from .write import (
    frame_to_csv_bytes,
    json_bytes,
    locked,
    plan_to_arrow,
    publish,
    table_to_parquet_bytes,
)

PROVENANCE_KEY = "Subject"
PDF_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "pikepdf", "camelot", "PIL")
LOCK_SUFFIX = ".lock"
UNVALIDATED_PLAN = "plan-unvalidated.parquet"


@dataclass
class Extraction:
    """What one document's run produced: the plan, the decree metadata and the validation reports."""

    source: Source
    plan: pd.DataFrame
    decree: dict[str, Any]
    reports: list[ValidationReport]
    table: TableRead
    split: PageSplit
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Return whether every validation suite passed."""
        return all(r.success for r in self.reports)


def interim_dir(source: Source, root: Path) -> Path:
    """Given a source, return its interim folder, emptied when it holds another version's artifacts."""
    folder = root / source.stem
    stamp = folder / "source.json"
    expected = {"sha256": source.sha256, "pipeline": __version__}
    if stamp.exists() and json.loads(stamp.read_text()) != expected:
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(expected) + "\n")
    return folder


def _timed(timings: dict[str, float], name: str, step: Callable[[], Any]) -> Any:
    """Run step, record its duration under name, and return its result."""
    start = time.perf_counter()
    result = step()
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    return result


def _cells(document: Document, split: PageSplit, settings: ExtractSettings, work: Path) -> list[PageCells]:
    """Given the document, return the LAMPIRAN cells, reusing interim/<stem>/cells-<backend>.parquet."""
    cached = work / f"cells-{settings.backend}.parquet"
    sizes = {
        n: (float(document.pdf.pages[n - 1].width), float(document.pdf.pages[n - 1].height)) for n in split.table_pages
    }
    if cached.exists():
        return frame_to_cells(pd.read_parquet(cached), sizes)
    read = visited(document) if backend_page_reader(settings.backend) else {}
    if all(n in read for n in split.table_pages):
        pages = [read[n] for n in split.table_pages]
    else:
        pages = extract_cells(document, split.table_pages, settings.backend)
    cells_to_frame(pages).to_parquet(cached, index=False)
    return pages


def _provenance(document: Document) -> str | None:
    """Given the document, return what its metadata says about its origin (e.g. a replica)."""
    value = document.pdf.metadata.get(PROVENANCE_KEY)
    return str(value) if value else None


def _decree(document: Document, split: PageSplit) -> dict[str, Any]:
    """Given the document and its page split, return decree.json's content."""
    source = document.source
    decree = decree_to_dict(
        parse_decree(split.body_text),
        doc_id=source.doc_id,
        source=source.path.name,
        sha256=source.sha256,
        pages=document.pages,
        lampiran_pages=list(split.lampiran_pages),
    )
    decree["provenance"] = _provenance(document)
    decree["notes"] = list(document.notes)
    return decree


def _write_overlay(document: Document, table: TableRead, work: Path) -> None:
    """Given the document and its table read, write interim/<stem>/overlay/page-NN.png."""
    from .overlay import overlay_pngs

    folder = work / config.OVERLAY_DIR
    folder.mkdir(exist_ok=True)
    for name, data in overlay_pngs(document.pdf, table).items():
        (folder / name).write_bytes(data)


def run_stages(
    document: Document, settings: ExtractSettings, work: Path, timings: dict[str, float] | None = None
) -> Extraction:
    """Given an opened document, run every stage and return the extraction (not yet published).

    A PDF that opened but breaks a PDF library while its pages are read is damaged: that is
    reported as such, not as a crash.
    """
    with _damage_as_unreadable():
        return _run_stages(document, settings, work, {} if timings is None else timings)


@contextmanager
def _damage_as_unreadable() -> Iterator[None]:
    """Turn an error a PDF library raises while reading pages into UnreadableInput("damaged PDF (...)")."""
    try:
        yield
    except PipelineError:
        raise
    except Exception as exc:
        if not type(exc).__module__.startswith(PDF_LIBRARIES):
            raise
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UnreadableInput(f"damaged PDF ({reason})") from exc


def _prepared(document: Document, settings: ExtractSettings, work: Path) -> tuple[Document, ExtractSettings]:
    """Given an opened document, return it ready to read (OCR'd when it is a scan) and the settings for it."""
    with _damage_as_unreadable():
        return prepare_document(document, work, settings, backend_page_reader(settings.backend))


def _split(document: Document, settings: ExtractSettings) -> PageSplit:
    """Given a document, return its page split; a scan's ruled tables are ink, which only the scan backend sees."""
    split = split_pages(document)
    return scan_split(document, split) if settings.backend == SCAN_BACKEND else split


def _run_stages(document: Document, settings: ExtractSettings, work: Path, timings: dict[str, float]) -> Extraction:
    """Given an opened document and the stage timings so far, run every stage and return the extraction."""
    split = _timed(timings, "pages", lambda: _split(document, settings))
    pages = _timed(timings, "cells", lambda: _cells(document, split, settings, work))
    table = _timed(timings, "rows", lambda: read_table(pages, settings))
    plan = _timed(
        timings, "hierarchy", lambda: rows_to_plan(table.rows, document.source.doc_id, settings.area_match_min)
    )
    plan.to_parquet(work / UNVALIDATED_PLAN, index=False)
    decree = _timed(timings, "decree", lambda: _decree(document, split))
    reports = _timed(timings, "validate", lambda: [validate_plan(plan), validate_decree(decree)])
    for report in reports:
        (work / f"validation-{report.suite}.json").write_text(report.result_json)
    (work / config.VALIDATION_HTML).write_text(data_docs_html(reports), encoding="utf-8")
    if settings.overlay:
        _timed(timings, "overlay", lambda: _write_overlay(document, table, work))
    return Extraction(document.source, plan, decree, reports, table, split, timings, list(document.notes))


def output_files(extraction: Extraction, settings: ExtractSettings) -> dict[str, bytes]:
    """Given a validated extraction, return the published files by name (charts and report when asked)."""
    files = {
        config.PLAN_PARQUET: table_to_parquet_bytes(plan_to_arrow(extraction.plan)),
        config.PLAN_CSV: frame_to_csv_bytes(extraction.plan),
        config.DECREE_JSON: json_bytes(extraction.decree),
        config.MENGINGAT_CSV: frame_to_csv_bytes(mengingat_frame_from(extraction.decree)),
        config.VALIDATION_HTML: data_docs_html(extraction.reports).encode("utf-8"),
    }
    if settings.charts:
        from .report import render_report
        from .schedule import schedule_html, schedule_png

        charts = schedule_png(extraction.plan)
        files.update(charts)
        files[config.SCHEDULE_HTML] = schedule_html(extraction.plan).encode("utf-8")
        report = render_report(extraction.plan, extraction.decree, extraction.reports, charts)
        files[config.REPORT_HTML] = report.encode("utf-8")
    return files


def mengingat_frame_from(decree: dict[str, Any]) -> pd.DataFrame:
    """Given decree.json's content, return the legal-basis table."""
    return pd.DataFrame(decree["mengingat"], columns=["no", "jenis", "nomor", "tahun", "tentang"])


def extract(
    path: Path, out_root: Path, settings: ExtractSettings, interim_root: Path = config.INTERIM_DIR
) -> Extraction:
    """Given a PDF path, extract, validate and publish it to out_root/<stem>/; return the extraction.

    Raises a PipelineError: ValidationFailed leaves the previous output untouched.
    """
    source = read_source(path, settings)
    with locked(interim_root / f"{source.stem}{LOCK_SUFFIX}"):
        work = interim_dir(source, interim_root)
        document = open_document(source, settings, work)
        try:
            # The page split parses each page once and, with pdfplumber, reads its cells then.
            timings: dict[str, float] = {}
            document, settings = _timed(timings, "pages", lambda: _prepared(document, settings, work))
            extraction = run_stages(document, settings, work, timings)
        finally:
            document.close()
        if not extraction.valid:
            failures = [f for r in extraction.reports for f in r.failures]
            raise ValidationFailed(f"validation failed: {'; '.join(failures[:3])}")
        publish(out_root / source.stem, _timed(extraction.timings, "write", lambda: output_files(extraction, settings)))
    return extraction


def load_plan(path: Path, settings: ExtractSettings, interim_root: Path = config.INTERIM_DIR) -> pd.DataFrame:
    """Given an extracted folder or a PDF, return its plan; a PDF is extracted into interim/ (cached by SHA-256)."""
    if path.is_dir():
        parquet = path / config.PLAN_PARQUET
        if not parquet.exists():
            raise UnreadableInput(f"no {config.PLAN_PARQUET} in this folder")
        return pd.read_parquet(parquet)
    source = read_source(path, settings)
    with locked(interim_root / f"{source.stem}{LOCK_SUFFIX}"):
        work = interim_dir(source, interim_root)
        cached = work / UNVALIDATED_PLAN
        if cached.exists():
            return pd.read_parquet(cached)
        document = open_document(source, settings, work)
        try:
            document, settings = _prepared(document, settings, work)
            return run_stages(document, settings, work).plan
        finally:
            document.close()


def diff_files(old: pd.DataFrame, new: pd.DataFrame, old_label: str, new_label: str) -> tuple[dict[str, bytes], str]:
    """Given two plans, return the diff's files by name and its one-line summary."""
    from .diff import diff_plans, diff_to_arrow, render_diff_html, render_diff_markdown, summary_line

    changes = diff_plans(old, new)
    markdown = render_diff_markdown(changes, old, new, old_label=old_label, new_label=new_label)
    page = render_diff_html(changes, old, new, old_label=old_label, new_label=new_label)
    files = {
        config.DIFF_HTML: page.encode("utf-8"),
        config.DIFF_PARQUET: table_to_parquet_bytes(diff_to_arrow(changes)),
        config.DIFF_CSV: frame_to_csv_bytes(changes),
        config.DIFF_MD: markdown.encode("utf-8"),
    }
    return files, summary_line(changes)


__all__ = ["Extraction", "PipelineError", "diff_files", "extract", "load_plan", "output_files"]
