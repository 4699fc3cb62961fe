"""Pages: given an opened PDF, tell the decree's body pages from the LAMPIRAN pages that hold the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz

from .ingest import Document

LAMPIRAN = "LAMPIRAN"
LAMPIRAN_MATCH_MIN = 85.0
TOP_LINES = 4
MIN_TABLE_EDGES = 30

# Given a pdfplumber page and its 1-based number, return what a later stage needs from the page.
PageVisitor = Callable[[Any, int], Any]

_SPLITS: WeakKeyDictionary[Any, PageSplit] = WeakKeyDictionary()
_VISITED: WeakKeyDictionary[Any, dict[int, Any]] = WeakKeyDictionary()


@dataclass(frozen=True)
class PageSplit:
    """Which pages are the decree body, which are LAMPIRAN, which hold ruled tables, and the body text."""

    body_pages: tuple[int, ...]
    lampiran_pages: tuple[int, ...]
    table_pages: tuple[int, ...]
    body_text: str
    text_pages: tuple[int, ...]


def _opens_lampiran(text: str) -> bool:
    """Given a page's text, return whether one of its first lines is the LAMPIRAN heading."""
    for line in text.splitlines()[:TOP_LINES]:
        words = line.strip().split()
        if words and fuzz.ratio(words[0].upper().strip(":"), LAMPIRAN) >= LAMPIRAN_MATCH_MIN:
            return True
    return False


def _has_table(page: Any) -> bool:
    """Given a pdfplumber page, return whether it has enough ruling to hold a table."""
    return len(page.edges) >= MIN_TABLE_EDGES


def split_pages(document: Document, visit: PageVisitor | None = None) -> PageSplit:
    """Given an opened document, return its body/LAMPIRAN split and the body pages' text.

    The LAMPIRAN starts at the first page that opens with "LAMPIRAN" or, failing that, at the
    first page with a ruled table; the body is every page before it. The split is worked out
    once per opened PDF (the scan check and the stages both ask for it), in one pass that parses
    each page once and lets it go: `visit` is called on each table page while it is parsed and
    what it returns is kept for `visited`.
    """
    split = _SPLITS.get(document.pdf)
    if split is None:
        found: dict[int, Any] = {}
        split = _SPLITS[document.pdf] = _read_split(document, visit, found)
        _VISITED[document.pdf] = found
    return split


def visited(document: Document) -> dict[int, Any]:
    """Given a split document, return what the split's visitor returned for each table page."""
    return _VISITED.get(document.pdf, {})


def _read_split(document: Document, visit: PageVisitor | None, found: dict[int, Any]) -> PageSplit:
    """Given an opened document, read each page once, visit its table pages; return their split."""
    body: list[str] = []
    start = None
    text_pages, tables = [], []
    for number, page in enumerate(document.pdf.pages, start=1):
        if page.chars:
            text_pages.append(number)
        if start is None:
            text = page.extract_text() or ""
            if _opens_lampiran(text) or _has_table(page):
                start = number
            else:
                body.append(text)
        if start is not None and _has_table(page):
            tables.append(number)
            if visit is not None:
                found[number] = visit(page, number)
        # A parsed page holds megabytes of objects; a stage that asks again has it re-parsed.
        page.close()
    start = start or len(document.pdf.pages) + 1
    lampiran = tuple(range(start, len(document.pdf.pages) + 1))
    return PageSplit(tuple(range(1, start)), lampiran, tuple(tables), "\n".join(body), tuple(text_pages))
