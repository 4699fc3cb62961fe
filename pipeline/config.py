"""Every path and tunable setting, defined once."""

from __future__ import annotations

import os
import sysconfig
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository's root in a checkout (the tests and fixtures live there); nothing the installed
# package does depends on it.
ROOT = PACKAGE_DIR.parent
# Where a run reads and writes by default: relative to the working directory, as `make` and
# the README use them, whether the package runs from a checkout or from site-packages.
RAW_DIR = Path("raw")
# PIPELINE_INTERIM moves the stage artifacts elsewhere (tests keep runs apart with it).
INTERIM_DIR = Path(os.environ.get("PIPELINE_INTERIM", "interim"))
OUTPUT_DIR = Path("output")
# The validation suites live in the checkout's expectations/; an installed package carries them
# as its data files (share/rencana-aksi/expectations under the environment's prefix).
SUITES_DATA_DIR = Path("share") / "rencana-aksi" / "expectations"


def _expectations_dir() -> Path:
    """Return the folder of the validation suites: the checkout's, else the installed package's."""
    checkout = ROOT / "expectations"
    if (checkout / "plan.json").is_file():
        return checkout
    return Path(sysconfig.get_path("data")) / SUITES_DATA_DIR


EXPECTATIONS_DIR = _expectations_dir()
PLAN_SUITE = EXPECTATIONS_DIR / "plan.json"
DECREE_SUITE = EXPECTATIONS_DIR / "decree.json"

PLAN_PARQUET = "plan.parquet"
PLAN_CSV = "plan.csv"
PLAN_XLSX = "plan.xlsx"
DECREE_JSON = "decree.json"
MENGINGAT_CSV = "mengingat.csv"
CORPUS_PARQUET = "plans.parquet"
SCHEDULE_HTML = "schedule.html"
REPORT_HTML = "report.html"
VALIDATION_HTML = "validation.html"
DIFF_HTML = "diff.html"
DIFF_PARQUET = "diff.parquet"
DIFF_CSV = "diff.csv"
DIFF_XLSX = "diff.xlsx"
DIFF_MD = "diff.md"
SCHEDULE_PNG = "schedule.png"
SCHEDULE_PNG_NEXT = "schedule-{number}.png"
# out/<stem>/: a folder the pipeline published carries this marker; only such a folder is ever replaced.
OUTPUT_MARKER = ".rencana-aksi-output"
OUTPUT_FILES = (PLAN_PARQUET, PLAN_CSV, DECREE_JSON, MENGINGAT_CSV, SCHEDULE_HTML, REPORT_HTML, VALIDATION_HTML)

# interim/<stem>/: each stage's artifact, named once here.
INTERIM_MARKER = ".rencana-aksi-interim"
SOURCE_STAMP = "source.json"
PUBLISHED_STAMP = "published.json"
HYGIENE_JSON = "hygiene.json"
REPAIRED_PDF = "repaired.pdf"
OCR_PDF = "ocr.pdf"
CELLS_PARQUET = "cells-{backend}.parquet"
COVERAGE_JSON = "coverage-{backend}.json"
UNVALIDATED_PLAN = "plan-unvalidated.parquet"
VALIDATION_JSON = "validation-{suite}.json"
OVERLAY_DIR = "overlay"
LOCK_SUFFIX = ".lock"
# interim/.staging/: each output folder is written there, then replaces out/<stem>/ (a stem never starts with a dot).
STAGING_DIR = ".staging"

DEFAULT_BACKEND = "pdfplumber"
HEADING_MATCH_MIN = 80.0
AREA_MATCH_MIN = 70.0
MAX_PAGES = 500
MAX_FILE_BYTES = 200 * 1024 * 1024
# What reading one page may inflate (a decree's page inflates to ~100 KB): one stream, and all of a page's.
MAX_INFLATED_STREAM_MB = 16
MAX_INFLATED_PAGE_MB = 32
# Glyphs and drawn shapes on one page (a decree's table page has a few thousand): each costs ~2 KB parsed.
MAX_PAGE_OBJECTS = 100_000
OCR_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class ExtractSettings:
    """Settings of one extraction run."""

    backend: str = DEFAULT_BACKEND
    heading_match_min: float = HEADING_MATCH_MIN
    area_match_min: float = AREA_MATCH_MIN
    max_pages: int = MAX_PAGES
    max_file_bytes: int = MAX_FILE_BYTES
    ocr_timeout_s: float = OCR_TIMEOUT_S
    charts: bool = True
    overlay: bool = False
