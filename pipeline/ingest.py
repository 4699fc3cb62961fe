"""Ingest stage: given a path, check it is a readable PDF and return it opened, with its identity."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .errors import UnreadableInput
from .inflation import check_inflation
from .pdfopen import open_pdf
from .publish import temp_path

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
HASH_CHUNK = 1 << 20
SEPARATORS = frozenset("/\\")
# Characters drawn as a slash: a folder name holding one would read as a path.
SLASH_LIKE = frozenset("\u2044\u2215\u2216\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c")
# Names the pipeline gives to files beside the per-document folders (out/plans.parquet, interim/<stem>.lock).
RESERVED_STEMS = (config.CORPUS_PARQUET,)
RESERVED_ENDINGS = (config.LOCK_SUFFIX,)
MAX_STEM_BYTES = 120
UNNAMED_STEM = "_"


@dataclass(frozen=True)
class Source:
    """A PDF's identity: where it is, its SHA-256 and the contract's doc_id."""

    path: Path
    sha256: str
    size: int
    # The folder name chosen by placement (`pipeline.placement`) when it is not the file's own stem.
    folder: str = ""

    @property
    def doc_id(self) -> str:
        """Return the first 16 hex digits of the SHA-256."""
        return self.sha256[:16]

    @property
    def stem(self) -> str:
        """Return the name of its output and interim folders: the file name without its suffix, made safe."""
        return self.folder or safe_stem(self.path.stem)


def _safe_char(ch: str) -> str:
    """Given one character of a file name, return it, or `_` for a separator, a slash look-alike or a control."""
    unsafe = ch in SEPARATORS or ch in SLASH_LIKE or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
    return "_" if unsafe else ch


def safe_stem(stem: str) -> str:
    """Given a file name's stem, return a folder name that stays inside its parent folder.

    A file named `...pdf` has the stem `..`: used as it is, `out/<stem>` would be the output
    root's parent. Path separators, characters drawn as a slash, control and format characters
    (a newline, a tab, a bidi override) become `_`, leading dots `_`, and the name is cut to
    MAX_STEM_BYTES of UTF-8. A name the pipeline gives to its own files beside the folders
    (`plans.parquet`, `<stem>.lock`) gets a trailing `_`.
    """
    cleaned = "".join(_safe_char(ch) for ch in stem).strip()
    undotted = cleaned.lstrip(".")
    cleaned = "_" * (len(cleaned) - len(undotted)) + undotted
    encoded = cleaned.encode("utf-8")[:MAX_STEM_BYTES]
    safe = encoded.decode("utf-8", errors="ignore").strip() or UNNAMED_STEM
    reserved = safe in RESERVED_STEMS or safe.endswith(RESERVED_ENDINGS)
    return f"{safe}_" if reserved else safe


@dataclass
class Document:
    """An opened PDF: its source, the pdfplumber handle (parsed once), and what ingest found."""

    source: Source
    pdf: Any
    path: Path
    repaired: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return len(self.pdf.pages)

    def page_size(self, number: int) -> tuple[float, float]:
        """Given a 1-based page number, return the page's width and height in points."""
        page = self.pdf.pages[number - 1]
        return float(page.width), float(page.height)

    def close(self) -> None:
        """Close the PDF handle."""
        self.pdf.close()


def read_source(path: Path, max_file_bytes: int = config.MAX_FILE_BYTES) -> Source:
    """Given a path, return its Source after checking it exists, is not too big and looks like a PDF."""
    if not path.exists():
        raise UnreadableInput("no such file")
    if not path.is_file():
        raise UnreadableInput("not a file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableInput("empty file")
    if size > max_file_bytes:
        raise UnreadableInput(f"file is {size} bytes, over the limit of {max_file_bytes}")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        head = handle.read(MAGIC_WINDOW)
        if PDF_MAGIC not in head:
            raise UnreadableInput("not a PDF (no %PDF- header)")
        digest.update(head)
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return Source(path, digest.hexdigest(), size)


def _open(path: Path) -> Any:
    """Given a PDF path, return it opened with pdfplumber with its page list read."""
    return open_pdf(path)


def _first_line(exc: BaseException) -> str:
    """Given an exception, return the first line of its message."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _has_content(page: Any) -> bool:
    """Given a pikepdf page, return whether any of its content streams can be read and holds data."""
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    try:
        return any(isinstance(s, pikepdf.Stream) and s.read_bytes() for s in streams)
    except pikepdf.PdfError:
        return False


def _lost_pages(pdf: Any) -> list[int]:
    """Given a PDF qpdf had to reconstruct, return the pages whose content did not survive."""
    return [number for number, page in enumerate(pdf.pages, start=1) if not _has_content(page)]


def _qpdf_check(path: Path, repaired: Path) -> tuple[Path, list[str]]:
    """Given a PDF, return the path to read it from and what qpdf had to repair.

    A file qpdf opens cleanly is read as it is. A damaged one (a cut download, a broken cross
    reference) is rewritten to `repaired` and read from there, unless pages lost their content,
    which no repair brings back. A file whose streams inflate past the limits is refused first.
    """
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            check_inflation(pdf)
            warnings = [w.split(": ", 1)[-1] for w in pdf.get_warnings()]
            if not warnings:
                return path, []
            lost = _lost_pages(pdf)
            if lost:
                pages = ", ".join(str(n) for n in lost[:5])
                raise UnreadableInput(f"damaged PDF: the content of page(s) {pages} is lost (is the file cut short?)")
            repaired.parent.mkdir(parents=True, exist_ok=True)
            partial = temp_path(repaired.parent, repaired.name)
            try:
                pdf.save(partial)
                os.replace(partial, repaired)
            finally:
                partial.unlink(missing_ok=True)
    except pikepdf.PasswordError as exc:
        raise UnreadableInput("encrypted PDF (a password is needed to open it)") from exc
    except pikepdf.PdfError as exc:
        raise UnreadableInput(f"damaged PDF, repair failed ({_first_line(exc)})") from exc
    return repaired, warnings


def open_document(source: Source, repaired: Path, max_pages: int = config.MAX_PAGES) -> Document:
    """Given a checked source and where a repaired copy goes, return it opened with pdfplumber.

    A damaged file is repaired with qpdf into `repaired` first.
    """
    path, repairs = _qpdf_check(source.path, repaired)
    try:
        pdf = _open(path)
    except Exception as exc:
        raise UnreadableInput(f"damaged PDF ({_first_line(exc)})") from exc
    notes = [f"repaired with qpdf: {'; '.join(repairs[:2])}"] if repairs else []
    document = Document(source, pdf, path, repaired=bool(repairs), notes=notes)
    _check_pages(document, max_pages)
    return document


def _check_pages(document: Document, max_pages: int) -> None:
    """Raise UnreadableInput when the document has no pages or too many."""
    if document.pages == 0:
        document.close()
        raise UnreadableInput("the PDF has no pages")
    if document.pages > max_pages:
        document.close()
        raise UnreadableInput(f"{document.pages} pages, over the limit of {max_pages}")
