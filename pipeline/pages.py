"""Pages: given an opened PDF, tell the decree's body pages from the LAMPIRAN pages that hold the plan."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .ingest import Document

LAMPIRAN = "LAMPIRAN"
LAMPIRAN_MATCH_MIN = 85.0
TOP_LINES = 4
MIN_TABLE_EDGES = 30
# pdfplumber's cache of pdfminer's layout tree, from which the page's objects are made.
LAYOUT_CACHE = "_layout"


@dataclass(frozen=True)
class PageSplit:
    """Which pages are the decree body, which are LAMPIRAN, which hold ruled tables, and the body text."""

    body_pages: tuple[int, ...]
    lampiran_pages: tuple[int, ...]
    table_pages: tuple[int, ...]
    body_text: str
    text_pages: tuple[int, ...]


@dataclass(frozen=True)
class _PageRead:
    """What the split needs of one page: whether it has text and a table, and its text when asked."""

    has_text: bool
    has_table: bool
    text: str | None


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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block, then restore it as it was.

    Parsing a page makes tens of thousands of acyclic dicts that stay alive; every collection
    walks all of them again and frees next to nothing (a third of the parse time at 50 pages).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_page(page: Any, with_text: bool) -> _PageRead:
    """Given a pdfplumber page, parse it once and return what the split needs of it.

    The layout tree is dropped once the page's objects are made from it: later stages read only
    the objects, and the tree would roughly double what a parsed page holds in memory.
    """
    read = _PageRead(bool(page.chars), _has_table(page), (page.extract_text() or "") if with_text else None)
    page.flush_cache([LAYOUT_CACHE])
    return read


def split_pages(document: Document) -> PageSplit:
    """Given an opened document, return its body/LAMPIRAN split and the body pages' text.

    The LAMPIRAN starts at the first page that opens with "LAMPIRAN" or, failing that, at the
    first page with a ruled table; the body is every page before it.
    """
    reads: list[_PageRead] = []
    start = None
    with _collector_paused():
        for number, page in enumerate(document.pdf.pages, start=1):
            read = _read_page(page, with_text=start is None)
            if start is None and (_opens_lampiran(read.text or "") or read.has_table):
                start = number
            reads.append(read)
    start = start or len(reads) + 1
    lampiran = tuple(range(start, len(reads) + 1))
    tables = tuple(n for n in lampiran if reads[n - 1].has_table)
    body_text = "\n".join(read.text or "" for read in reads[: start - 1])
    text_pages = tuple(n for n, read in enumerate(reads, start=1) if read.has_text)
    return PageSplit(tuple(range(1, start)), lampiran, tables, body_text, text_pages)
