"""Ingest stage: given a path, check it is a readable PDF and return it opened, with its identity."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber

from .config import ExtractSettings
from .errors import UnreadableInput

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """A PDF's identity: where it is, its SHA-256 and the contract's doc_id."""

    path: Path
    sha256: str
    size: int

    @property
    def doc_id(self) -> str:
        """Return the first 16 hex digits of the SHA-256."""
        return self.sha256[:16]

    @property
    def stem(self) -> str:
        """Return the file name without its suffix (the output folder's name)."""
        return self.path.stem


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

    def close(self) -> None:
        """Close the PDF handle."""
        self.pdf.close()


def read_source(path: Path, settings: ExtractSettings) -> Source:
    """Given a path, return its Source after checking it exists, is not too big and looks like a PDF."""
    if not path.exists():
        raise UnreadableInput("no such file")
    if not path.is_file():
        raise UnreadableInput("not a file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableInput("empty file")
    if size > settings.max_file_bytes:
        raise UnreadableInput(f"file is {size} bytes, over the limit of {settings.max_file_bytes}")
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
    pdf = pdfplumber.open(path)
    _ = pdf.pages
    return pdf


def _repair(path: Path, work_dir: Path) -> Path:
    """Given a damaged PDF, return the path of a copy rewritten by qpdf (through pikepdf)."""
    import pikepdf

    work_dir.mkdir(parents=True, exist_ok=True)
    repaired = work_dir / "repaired.pdf"
    try:
        with pikepdf.open(path) as pdf:
            pdf.save(repaired)
    except pikepdf.PasswordError as exc:
        raise UnreadableInput("encrypted PDF (a password is needed to open it)") from exc
    except Exception as exc:
        raise UnreadableInput(f"damaged PDF, repair failed ({_first_line(exc)})") from exc
    return repaired


def _first_line(exc: BaseException) -> str:
    """Given an exception, return the first line of its message."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def open_document(source: Source, settings: ExtractSettings, work_dir: Path) -> Document:
    """Given a checked source, return it opened; a damaged file is repaired into work_dir first."""
    try:
        document = Document(source, _open(source.path), source.path)
    except Exception as exc:
        if _encrypted(source.path):
            raise UnreadableInput("encrypted PDF (a password is needed to open it)") from exc
        repaired = _repair(source.path, work_dir)
        try:
            document = Document(
                source, _open(repaired), repaired, repaired=True, notes=[f"repaired with qpdf ({_first_line(exc)})"]
            )
        except Exception as again:
            raise UnreadableInput(f"damaged PDF ({_first_line(again)})") from again
    _check_pages(document, settings)
    return document


def _encrypted(path: Path) -> bool:
    """Given a PDF path, return whether pikepdf needs a password to open it."""
    import pikepdf

    try:
        pikepdf.open(path).close()
    except pikepdf.PasswordError:
        return True
    except Exception:
        return False
    return False


def _check_pages(document: Document, settings: ExtractSettings) -> None:
    """Raise UnreadableInput when the document has no pages or too many."""
    if document.pages == 0:
        document.close()
        raise UnreadableInput("the PDF has no pages")
    if document.pages > settings.max_pages:
        document.close()
        raise UnreadableInput(f"{document.pages} pages, over the limit of {settings.max_pages}")


def has_text_layer(page: Any) -> bool:
    """Given a pdfplumber page, return whether it has any text to read."""
    return bool(page.chars)
