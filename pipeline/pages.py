"""Pages: given an opened PDF, tell the decree's body pages from the LAMPIRAN pages that hold the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .backends.base import PageCells, PageReader
from .ingest import Document

LAMPIRAN = "LAMPIRAN"
LAMPIRAN_MATCH_MIN = 85.0
TOP_LINES = 4
MIN_TABLE_EDGES = 30
# After the LAMPIRAN has started, a page holding the table's last few rows may have fewer rules:
# a producer that draws each rule once across the table draws a few rows' grid with a score of them.
MIN_CONTINUED_TABLE_EDGES = 12
# pdfminer's text for a glyph whose font maps it to no character: "(cid:NN)".
UNMAPPED_GLYPH = "(cid:"
# A page without a single glyph that draws this many curves shows its text as outlines (shapes).
MIN_OUTLINE_CURVES = 200


@dataclass(frozen=True)
class PageSplit:
    """Which pages are the decree body, which are LAMPIRAN, which hold ruled tables, and the body text."""

    body_pages: tuple[int, ...]
    lampiran_pages: tuple[int, ...]
    table_pages: tuple[int, ...]
    body_text: str
    text_pages: tuple[int, ...]
    # Pages most of whose glyphs map to no character, or whose text is drawn as shapes: no text layer to read.
    unmapped_pages: tuple[int, ...] = ()


def _opens_lampiran(text: str) -> bool:
    """Given a page's text, return whether one of its first lines is the LAMPIRAN heading."""
    for line in text.splitlines()[:TOP_LINES]:
        words = line.strip().split()
        if words and fuzz.ratio(words[0].upper().strip(":"), LAMPIRAN) >= LAMPIRAN_MATCH_MIN:
            return True
    return False


def _is_unmapped(chars: list[dict[str, Any]]) -> bool:
    """Given a page's chars, return whether most of them are glyphs mapped to no character ("(cid:NN)")."""
    unmapped = sum(1 for char in chars if char["text"].startswith(UNMAPPED_GLYPH))
    return 2 * unmapped > len(chars)


def _has_unusable_text(page: Any) -> bool:
    """Given a pdfplumber page, return whether its text is there but unreadable: "(cid:NN)" glyphs, or outlines."""
    if page.chars:
        return _is_unmapped(page.chars)
    return len(page.curves) >= MIN_OUTLINE_CURVES


def _has_table(page: Any, started: bool = False) -> bool:
    """Given a pdfplumber page and whether the LAMPIRAN has started, return whether it has ruling to hold a table."""
    return len(page.edges) >= (MIN_CONTINUED_TABLE_EDGES if started else MIN_TABLE_EDGES)


def split_pages(document: Document, reader: PageReader | None = None) -> tuple[PageSplit, dict[int, PageCells]]:
    """Given an opened document and a backend's page reader, return its page split and the cells read.

    The LAMPIRAN starts at the first page that opens with "LAMPIRAN" or, failing that, at the
    first page with a ruled table; the body is every page before it. One pass parses each page
    once and lets it go; `reader` reads each table page's cells while it is parsed, so the cells
    stage need not parse it again.
    """
    body: list[str] = []
    start = None
    text_pages, tables, unmapped = [], [], []
    read: dict[int, PageCells] = {}
    for number, page in enumerate(document.pdf.pages, start=1):
        if page.chars:
            text_pages.append(number)
        if _has_unusable_text(page):
            unmapped.append(number)
        ruled = _has_table(page, started=start is not None)
        if start is None:
            text = page.extract_text() or ""
            if _opens_lampiran(text) or ruled:
                start = number
            else:
                body.append(text)
        if start is not None and ruled:
            tables.append(number)
            if reader is not None:
                read[number] = reader.read_page(page, number)
        # A parsed page holds megabytes of objects; a stage that asks again has it re-parsed.
        page.close()
    start = start or len(document.pdf.pages) + 1
    lampiran = tuple(range(start, len(document.pdf.pages) + 1))
    body_pages = tuple(range(1, start))
    split = PageSplit(body_pages, lampiran, tuple(tables), "\n".join(body), tuple(text_pages), tuple(unmapped))
    return split, read
