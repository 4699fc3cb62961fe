"""The runner: the list of stages one document goes through, and the diff of two plans.

`run_stages` is that list: pages -> ocr -> cells -> rows -> hierarchy -> decree -> validate; `extract`
publishes what passed. Each stage is a function from values to values; what a stage keeps for the
next run goes through the interim catalog (`pipeline.interim`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from . import config
from .backends import SCAN_BACKEND, page_reader
from .backends.base import Coverage, PageCells
from .cells import extract_cells
from .config import ExtractSettings
from .decree import DecreeRecord, decree_to_dict, parse_decree, satker_of
from .decree.model import unread_notes, without_refused
from .errors import PipelineError, UnreadableInput, ValidationFailed
from .hierarchy import rows_to_plan, table_schedule
from .hygiene import clean_plan
from .ingest import Document, Source, open_document, read_source
from .interim import Interim, claimed
from .ocr import prepare_scan, scan_pages
from .pages import PageSplit, split_pages
from .placement import placed, record_publication
from .publish import publish
from .records import mengingat_frame
from .render.report import chart_document, report_html_bytes
from .render.review import ReviewCell, review_cells
from .render.schedule import schedule_html
from .rows import UNUSED_ROLE, TableRead, read_table
from .schemes import scheme_of
from .sidecar import IN_PROCESS, Images, Sidecar
from .signature_block import signed_under_table
from .validate import ValidationReport, data_docs_html
from .write import frame_to_csv_bytes, json_bytes, plan_to_arrow, table_to_parquet_bytes
from .xlsx import diff_xlsx, plan_xlsx

PROVENANCE_KEY = "Subject"
PDF_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "pikepdf", "camelot", "PIL")
FIRST_WORDS = 8
Timings = dict[str, float]
T = TypeVar("T")


@dataclass
class Extraction:
    """What one document's run produced: the plan, the decree metadata and the validation reports."""

    source: Source
    plan: pd.DataFrame
    decree: DecreeRecord
    reports: list[ValidationReport]
    table: TableRead
    split: PageSplit
    backend: str
    coverage: dict[int, Coverage] = field(default_factory=dict)
    timings: Timings = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # A scan's least sure OCR cells with their crops, for report.html's review list.
    review: tuple[ReviewCell, ...] = ()

    @property
    def failures(self) -> list[str]:
        """Return why the plan cannot be published: table text in no cell or in no row, then failed checks."""
        checks = (f for r in self.reports for f in r.failures)
        return [*coverage_failures(self.coverage), *unplaced_failures(self.table), *checks]

    @property
    def valid(self) -> bool:
        """Return whether every glyph of the table is in a cell and every validation suite passed."""
        return not self.failures


def coverage_failures(coverage: dict[int, Coverage]) -> list[str]:
    """Given each table page's coverage, return one failure per page whose table has text or marks in no cell."""
    failures = []
    for page, found in sorted(coverage.items()):
        if found.uncovered:
            failures.append(f'text in no cell on page {page}: "{_first_words(found.uncovered)}"')
        if found.marks_left_out:
            failures.append(f"{found.marks_left_out} shaded marks in no cell on page {page}")
    return failures


def unplaced_failures(table: TableRead) -> list[str]:
    """Given the table read, return one failure per page whose cells hold text that reached no row of the plan."""
    unused: dict[int, list[str]] = {}
    for cell, role in table.roles.items():
        if role == UNUSED_ROLE and cell.text.strip():
            unused.setdefault(cell.page, []).append(cell.text)
    return [f'text in no row on page {page}: "{_first_words(tuple(texts))}"' for page, texts in sorted(unused.items())]


def _first_words(lines: tuple[str, ...]) -> str:
    """Given lines of text, return their first words, enough to find them on the page."""
    words = " ".join(lines).split()
    return " ".join(words[:FIRST_WORDS]) + (" ..." if len(words) > FIRST_WORDS else "")


def extract(
    path: Path,
    out_root: Path,
    settings: ExtractSettings,
    interim_root: Path = config.INTERIM_DIR,
    stem: str | None = None,
    aliases: Sequence[Path] = (),
    sidecar: Sidecar = IN_PROCESS,
) -> Extraction:
    """Given a PDF path (and its folder's name, when placed already), extract, validate and publish it.

    It goes to out_root/<stem>/ (`pipeline.placement`). `aliases` are the other paths of the run
    that hold the same bytes: decree.json lists them all in `sources`. `sidecar` checks the plan and
    decree and draws the schedule images (`pipeline.sidecar`). Raises a PipelineError:
    ValidationFailed leaves the previous output untouched.
    """
    source = placed(read_source(path, settings.max_file_bytes), out_root, interim_root, stem)
    with claimed(interim_root, source.stem, source.sha256) as interim:
        extraction = read_source_document(source, settings, interim, sidecar)
        names = (str(path), *(str(alias) for alias in aliases))
        extraction.decree = replace(extraction.decree, source_path=str(path), sources=names)
        if not extraction.valid:
            raise ValidationFailed(f"validation failed: {'; '.join(extraction.failures[:3])}")
        # The images are drawn (in the sidecar, when there is one) while the data files are written.
        document = chart_document(extraction.decree)
        images = sidecar.draw_schedule(extraction.plan, document) if settings.charts else None
        files = _timed(extraction.timings, "write", _output_files, extraction)
        if images is not None:
            files |= _timed(extraction.timings, "charts", _chart_files, extraction, document, images)
        publish(out_root / source.stem, files, interim_root / config.STAGING_DIR)
        record_publication(interim, out_root / source.stem, source, settings, (path, *aliases))
    return extraction


def read_source_document(
    source: Source, settings: ExtractSettings, interim: Interim, sidecar: Sidecar = IN_PROCESS
) -> Extraction:
    """Given a checked source, its interim folder and settings, open it, run every stage and return the extraction.

    A PDF that opened but breaks a PDF library while its pages are read is damaged: that is
    reported as such, not as a crash.
    """
    with ExitStack() as opened, _damage_as_unreadable():
        document = open_document(source, interim.path(config.REPAIRED_PDF), settings.max_pages)
        opened.callback(document.close)
        return run_stages(document, settings, interim, opened, sidecar)


def run_stages(
    document: Document,
    settings: ExtractSettings,
    interim: Interim,
    opened: ExitStack,
    sidecar: Sidecar = IN_PROCESS,
) -> Extraction:
    """Given an opened document, run every stage and return the extraction (not yet published).

    Each stage takes and returns values; its artifact is kept in `interim`. A document the OCR
    stage opens anew is closed with `opened`.
    """
    timings: Timings = {}
    split, read = _timed(timings, "pages", split_pages, document, page_reader(settings.backend))
    ocr = (interim.path(config.OCR_PDF), settings.ocr_timeout_s, settings.backend)
    ready, backend = _timed(timings, "ocr", prepare_scan, document, split, *ocr)
    if ready is not document:
        opened.callback(ready.close)
    if backend == SCAN_BACKEND:
        split, read = _timed(timings, "pages", scan_pages, ready), {}
    pages = _timed(timings, "cells", _cells, ready, split, backend, read, interim)
    table = _timed(timings, "rows", read_table, pages, settings.heading_match_min)
    plan_args = (table.rows, ready.source.doc_id, settings.area_match_min, table_schedule(table))
    plan = _timed(timings, "hierarchy", rows_to_plan, *plan_args)
    plan, dropped = clean_plan(plan)
    interim.write_json(config.HYGIENE_JSON, dropped)
    interim.write_frame(config.UNVALIDATED_PLAN, plan)
    decree = _timed(timings, "decree", _decree, ready, split, plan, table)
    # What the run waits for the suites beyond its own work: their whole build when validating here.
    _timed(timings, "validator_ready", sidecar.ready)
    reports = _timed(timings, "validate", sidecar.validate, plan, decree_to_dict(decree))
    decree = without_refused(decree, [column for report in reports for column in report.refused])
    _keep_validation(interim, reports)
    if settings.overlay:
        _timed(timings, "overlay", _write_overlay, ready, table, interim)
    coverage = {page.page: page.coverage for page in pages if page.coverage is not None}
    review = review_cells(Path(ready.path), pages) if backend == SCAN_BACKEND else ()
    notes = list(ready.notes)
    return Extraction(ready.source, plan, decree, reports, table, split, backend, coverage, timings, notes, review)


def _timed(timings: Timings, name: str, stage: Callable[..., T], *args: Any) -> T:
    """Given the timings, a stage's name, the stage and its arguments, return its result and add its duration."""
    start = time.perf_counter()
    result = stage(*args)
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    return result


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


def _cells(
    document: Document, split: PageSplit, backend: str, read: dict[int, PageCells], interim: Interim
) -> list[PageCells]:
    """Given the document, its split, the backend and the cells already read, return the LAMPIRAN cells.

    The cells a backend read for this source before are taken from interim/<stem>/cells-<backend>.parquet.
    """
    sizes = {n: document.page_size(n) for n in split.table_pages}
    cached = interim.read_cells(backend, sizes)
    if cached is not None:
        return cached
    pages = extract_cells(document, split.table_pages, backend, read)
    interim.write_cells(backend, pages)
    return pages


def _provenance(document: Document) -> str | None:
    """Given the document, return what its metadata says about its origin (e.g. a replica)."""
    value = document.pdf.metadata.get(PROVENANCE_KEY)
    return str(value) if value else None


def _decree(document: Document, split: PageSplit, plan: pd.DataFrame, table: TableRead) -> DecreeRecord:
    """Given the document, its page split, its plan and table, return what its decree.json holds.

    When the body pages print no signature, the one under the annex's table is read.
    """
    source = document.source
    decree = parse_decree(split.body_text)
    if decree.penandatangan is None and split.lampiran_pages:
        decree = replace(decree, penandatangan=signed_under_table(document.pdf, table, split.lampiran_pages[-1]))
    return DecreeRecord(
        decree,
        doc_id=source.doc_id,
        source=source.path.name,
        sha256=source.sha256,
        pages=document.pages,
        lampiran_pages=split.lampiran_pages,
        satker=satker_of(decree),
        provenance=_provenance(document),
        notes=(*document.notes, *unread_notes(decree)),
        scheme=scheme_of(code if isinstance(code, str) and code else None for code in plan["area_code"]),
    )


def _keep_validation(interim: Interim, reports: list[ValidationReport]) -> None:
    """Given the validation reports, keep their full results and page in the interim folder."""
    for report in reports:
        interim.write_text(config.VALIDATION_JSON.format(suite=report.suite), report.result_json)
    interim.write_text(config.VALIDATION_HTML, data_docs_html(reports))


def _write_overlay(document: Document, table: TableRead, interim: Interim) -> None:
    """Given the document and its table read, write interim/<stem>/overlay/page-NN.png."""
    from .render.overlay import overlay_pngs

    interim.write_files(config.OVERLAY_DIR, overlay_pngs(document.pdf, table))


def _output_files(extraction: Extraction) -> dict[str, bytes]:
    """Given a validated extraction, return the published data files and validation.html by name."""
    decree = decree_to_dict(extraction.decree)
    return {
        config.PLAN_PARQUET: table_to_parquet_bytes(plan_to_arrow(extraction.plan), [extraction.source.sha256]),
        config.PLAN_CSV: frame_to_csv_bytes(extraction.plan),
        config.PLAN_XLSX: plan_xlsx(extraction.plan, decree),
        config.DECREE_JSON: json_bytes(decree),
        config.MENGINGAT_CSV: frame_to_csv_bytes(mengingat_frame(decree["mengingat"])),
        config.VALIDATION_HTML: data_docs_html(extraction.reports).encode("utf-8"),
    }


def _chart_files(extraction: Extraction, document: str, images: Callable[[], Images]) -> dict[str, bytes]:
    """Given a validated extraction, how its charts name it and the call that returns its schedule images,
    return the images, schedule.html and report.html by name."""
    schedule = schedule_html(extraction.plan, document).encode("utf-8")
    pngs = images()
    files = dict(pngs)
    files[config.SCHEDULE_HTML] = schedule
    report = (extraction.plan, extraction.decree, extraction.reports, pngs, extraction.review)
    files[config.REPORT_HTML] = report_html_bytes(*report)
    return files


def load_plan(path: Path, settings: ExtractSettings, interim_root: Path = config.INTERIM_DIR) -> pd.DataFrame:
    """Given an extracted folder or a PDF, return its plan; a PDF is extracted into interim/ (cached by SHA-256)."""
    if path.is_dir():
        parquet = path / config.PLAN_PARQUET
        if not parquet.exists():
            raise UnreadableInput(f"no {config.PLAN_PARQUET} in this folder")
        return pd.read_parquet(parquet)
    source = read_source(path, settings.max_file_bytes)
    with claimed(interim_root, source.stem, source.sha256) as interim:
        cached = interim.read_frame(config.UNVALIDATED_PLAN)
        return cached if cached is not None else read_source_document(source, settings, interim).plan


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
        config.DIFF_XLSX: diff_xlsx(changes),
        config.DIFF_MD: markdown.encode("utf-8"),
    }
    return files, summary_line(changes)


__all__ = ["Extraction", "diff_files", "extract", "load_plan", "read_source_document", "run_stages"]
