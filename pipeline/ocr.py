"""OCR: give a scanned decree (page images, no text layer) a text layer with OCRmyPDF and Tesseract.

Many secretariats publish the signed paper run through a scanner. OCRmyPDF straightens each page
image, turns pages that lie on their side, and lays Tesseract's Indonesian reading under the image
as invisible text, so the later stages read the OCR'd copy like any other PDF. The copy is kept in
the document's interim folder (named by the source's SHA-256), so a PDF is read once.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from .backends import SCAN_BACKEND
from .errors import UnreadableInput
from .ingest import Document
from .pages import PageSplit, split_pages
from .pdfopen import open_pdf
from .publish import temp_path

OCR_LANGUAGES = ("ind", "eng")
STOP_GRACE_S = 10.0
OCR_NOTE_PREFIX = "OCR:"
OCR_NEEDS = "OCR needs ocrmypdf and tesseract-ocr with tesseract-ocr-ind"
MISSING_OCR = f"scanned PDF without a text layer; {OCR_NEEDS}"
UNMAPPED_TEXT = (
    "the text layer is unusable: its fonts map the glyphs to no characters (text reads as (cid:NN)),"
    " or the text is drawn as shapes"
)
UNMAPPED_NOTE = "the text layer is unusable: the pages were read from their images"
# OCRmyPDF's exit code when Tesseract or a language model is missing.
MISSING_DEPENDENCY_EXIT = 3
# A page is a scan when one image covers at least this share of it.
MIN_IMAGE_COVER = 0.5
PLUGIN = "pipeline.ocr_plugin"
# Pages with a text layer are kept as they are, unless that layer is unusable (then every page is OCR'd).
SKIP_TEXT, FORCE_OCR = "--skip-text", "--force-ocr"
OCRMYPDF_ARGS = (
    "--deskew",
    "--rotate-pages",
    "--output-type",
    "pdf",
    "--optimize",
    "0",
    "--quiet",
)


def _visible_area(image: dict[str, Any], page: Any) -> float:
    """Given a pdfplumber image and its page, return the area of the image that lies on the page."""
    width = min(image["x1"], page.width) - max(image["x0"], 0)
    height = min(image["bottom"], page.height) - max(image["top"], 0)
    return float(max(width, 0) * max(height, 0))


def _image_cover(page: Any) -> float:
    """Given a pdfplumber page, return the share of its area that its largest image covers."""
    area = float(page.width) * float(page.height)
    if area <= 0 or not page.images:
        return 0.0
    return max(_visible_area(image, page) for image in page.images) / area


def _is_page_image(page: Any) -> bool:
    """Given a pdfplumber page, return whether it is a page image (a scan), whatever text lies over it."""
    return _image_cover(page) >= MIN_IMAGE_COVER


def _scanned_pages(document: Document, split: PageSplit) -> tuple[int, ...]:
    """Given a document and its page split, return the 1-based numbers of its pages that are images without text."""
    return tuple(
        n for n, page in enumerate(document.pdf.pages, start=1) if n not in split.text_pages and _is_page_image(page)
    )


def needs_ocr(document: Document, split: PageSplit) -> bool:
    """Given a document and its page split, return whether it must be OCR'd to be read.

    It must when pages are images without text and the plan table cannot be read without them:
    no ruled table was found, a LAMPIRAN page is such an image, or most pages are.
    """
    scans = _scanned_pages(document, split)
    if not scans:
        return False
    in_lampiran = bool(set(scans) & set(split.lampiran_pages))
    return not split.table_pages or in_lampiran or 2 * len(scans) > document.pages


def reads_as_scan(document: Document, split: PageSplit) -> bool:
    """Given a document and its page split, return whether its plan can only be read from page images.

    So it is when no page has a ruled vector table and the LAMPIRAN pages (every page, when no
    LAMPIRAN was found) are page images, whether or not the scanner laid OCR text over them.
    """
    pages = split.lampiran_pages or tuple(range(1, document.pages + 1))
    return not split.table_pages and any(_is_page_image(document.pdf.pages[n - 1]) for n in pages)


def _scan_split(document: Document, split: PageSplit) -> PageSplit:
    """Given an OCR'd document and its page split, return the split with its scanned LAMPIRAN pages as table pages.

    A scan's rules are ink in the page image, not vector lines, so the page split cannot see its
    tables; the scan backend finds them in the image.
    """
    scans = {n for n in split.lampiran_pages if _is_page_image(document.pdf.pages[n - 1])}
    tables = tuple(n for n in split.lampiran_pages if n in scans or n in split.table_pages)
    return replace(split, table_pages=tables)


def scan_pages(document: Document) -> PageSplit:
    """Given a document read as a scan, return its page split with its scanned LAMPIRAN pages as table pages."""
    split, _ = split_pages(document)
    return _scan_split(document, split)


def _require_ocr() -> None:
    """Raise UnreadableInput when OCRmyPDF (in this interpreter) or Tesseract is missing."""
    if importlib.util.find_spec("ocrmypdf") is None or shutil.which("tesseract") is None:
        raise UnreadableInput(MISSING_OCR)


def ocrmypdf_version() -> str:
    """Return the installed OCRmyPDF's version ("unknown" when it is not installed)."""
    try:
        return metadata.version("ocrmypdf")
    except metadata.PackageNotFoundError:
        return "unknown"


def _last_line(text: str) -> str:
    """Given a program's error output, return its last non-blank line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _stop_group(process: subprocess.Popen[str]) -> None:
    """Given a process started in its own session, stop it and every process it started (Tesseract).

    An interrupt lets OCRmyPDF remove its temporary files; what has not stopped by then is killed.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.communicate(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def _ocrmypdf_args(src: Path, out: Path, force: bool = False) -> list[str]:
    """Given an input and an output path, return the OCRmyPDF command line (this interpreter, our plugin).

    With `force`, every page is rasterized and OCR'd, its text layer replaced.
    """
    languages = "+".join(OCR_LANGUAGES)
    mode = FORCE_OCR if force else SKIP_TEXT
    args = [sys.executable, "-m", "ocrmypdf", "-l", languages, mode, *OCRMYPDF_ARGS]
    return [*args, "--plugin", PLUGIN, str(src), str(out)]


def _plugin_environment() -> dict[str, str]:
    """Return the environment for OCRmyPDF, with this package importable for the plugin."""
    root = str(Path(__file__).resolve().parent.parent)
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def run_ocrmypdf(src: Path, out: Path, timeout_s: float, force: bool = False) -> None:
    """Given an input and an output path, OCR src into out within timeout_s seconds (every page with `force`).

    Raises UnreadableInput when OCR is missing a part, fails, or runs over the time limit (then
    OCRmyPDF and the Tesseract processes it started are ended).
    """
    process = subprocess.Popen(
        _ocrmypdf_args(src, out, force),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=_plugin_environment(),
    )
    try:
        _, errors = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        _stop_group(process)
        raise UnreadableInput(f"scanned PDF: OCR did not finish within {timeout_s:g} s") from exc
    if process.returncode == MISSING_DEPENDENCY_EXIT:
        raise UnreadableInput(MISSING_OCR)
    if process.returncode != 0:
        raise UnreadableInput(f"scanned PDF: OCR failed (ocrmypdf exit {process.returncode}: {_last_line(errors)})")


def _ocr_copy(src: Path, out: Path, timeout_s: float, force: bool = False) -> Path:
    """Given a scanned PDF and where its OCR'd copy goes, return the copy, made when it is not there yet.

    It is written under a temporary name and renamed into place, so a killed run leaves no half copy.
    """
    if out.exists():
        return out
    _require_ocr()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = temp_path(out.parent, out.name)
    try:
        run_ocrmypdf(src, partial, timeout_s, force)
        return partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def ocr_document(document: Document, out: Path, timeout_s: float, force: bool = False) -> Document:
    """Given a scanned document and where its OCR'd copy goes, return the document opened on that copy.

    The copy is made once and reused (it lies in the interim folder keyed by the source's
    SHA-256). The given document stays open for its owner to close. Raises UnreadableInput when
    OCR is not installed, fails or runs over timeout_s.
    """
    copy = _ocr_copy(document.path, out, timeout_s, force)
    note = f"{OCR_NOTE_PREFIX} ocrmypdf {ocrmypdf_version()}, {'+'.join(OCR_LANGUAGES)}"
    notes = [*document.notes, note, *([UNMAPPED_NOTE] if force else [])]
    return Document(document.source, open_pdf(copy), copy, document.repaired, notes)


def has_unmapped_text(document: Document, split: PageSplit) -> bool:
    """Given a document and its page split, return whether its text layer is unusable.

    So it is when a LAMPIRAN page's glyphs mostly read as "(cid:NN)" or its text is drawn as
    shapes, or most pages that show text do.
    """
    unmapped = set(split.unmapped_pages)
    if not unmapped:
        return False
    shown = unmapped | set(split.text_pages)
    return bool(unmapped & set(split.lampiran_pages)) or 2 * len(unmapped) > len(shown)


def _ocr_unmapped(document: Document, out: Path, timeout_s: float) -> Document:
    """Given a document whose text layer is unusable, return it OCR'd from its page images (refused without OCR)."""
    try:
        return ocr_document(document, out, timeout_s, force=True)
    except UnreadableInput as exc:
        if str(exc) == MISSING_OCR:
            raise UnreadableInput(f"{UNMAPPED_TEXT}; {OCR_NEEDS}") from exc
        raise


def prepare_scan(
    document: Document, split: PageSplit, out: Path, timeout_s: float, backend: str
) -> tuple[Document, str]:
    """Given an opened document, its page split, where an OCR'd copy goes and the asked backend, return what to read.

    A scan without a text layer, or a PDF whose text layer maps glyphs to no characters, comes back
    OCR'd; a scan, OCR'd here or by the scanner, is read with the scan backend, and a scanner's
    layer in which no LAMPIRAN page is found is OCR'd anew; anything else comes back as it is,
    with the asked backend. Raises UnreadableInput as `ocr_document` does.
    """
    if has_unmapped_text(document, split):
        return _ocr_unmapped(document, out, timeout_s), SCAN_BACKEND
    if needs_ocr(document, split):
        return ocr_document(document, out, timeout_s), SCAN_BACKEND
    if reads_as_scan(document, split):
        if not split.lampiran_pages:
            # A scanner's layer over a page a few degrees askew breaks lines into single letters,
            # so "LAMPIRAN" is never read: the pages are OCR'd anew from their images.
            return ocr_document(document, out, timeout_s, force=True), SCAN_BACKEND
        return document, SCAN_BACKEND
    return document, backend
