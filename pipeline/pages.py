"""Pages: given an opened PDF, tell the decree's body pages from the LAMPIRAN pages that hold the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz

from .ingest import Document

LAMPIRAN = "LAMPIRAN"
LAMPIRAN_MATCH_MIN = 85.0
TOP_LINES = 4
MIN_TABLE_EDGES = 30
# pdfplumber's cache of pdfminer's layout tree, from which a page's objects (chars, rects...) are made.
LAYOUT_CACHE = "_layout"


_SPLITS: WeakKeyDictionary[Any, PageSplit] = WeakKeyDictionary()


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


def split_pages(document: Document) -> PageSplit:
    """Given an opened document, return its body/LAMPIRAN split and the body pages' text.

    The LAMPIRAN starts at the first page that opens with "LAMPIRAN" or, failing that, at the
    first page with a ruled table; the body is every page before it. The split is worked out
    once per opened PDF (the scan check and the stages both ask for it).
    """
    split = _SPLITS.get(document.pdf)
    if split is None:
        split = _SPLITS[document.pdf] = _read_split(document)
    return split


def _read_split(document: Document) -> PageSplit:
    """Given an opened document, read its pages once and return their split."""
    body: list[str] = []
    start = None
    text_pages = []
    for number, page in enumerate(document.pdf.pages, start=1):
        if page.chars:
            text_pages.append(number)
        if start is None:
            text = page.extract_text() or ""
            if _opens_lampiran(text) or _has_table(page):
                start = number
            else:
                body.append(text)
        # Later stages read only the page's objects; the layout tree they were made from holds
        # over a quarter of a parsed page's memory, so it goes (asked for again, it is re-parsed).
        page.flush_cache([LAYOUT_CACHE])
    start = start or len(document.pdf.pages) + 1
    lampiran = tuple(range(start, len(document.pdf.pages) + 1))
    tables = tuple(n for n in lampiran if _has_table(document.pdf.pages[n - 1]))
    return PageSplit(tuple(range(1, start)), lampiran, tables, "\n".join(body), tuple(text_pages))
