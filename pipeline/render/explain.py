"""How the table was found: a short account of one extraction for `--report`."""

from __future__ import annotations

from collections import Counter

from ..config import ExtractSettings
from ..hierarchy import match_area
from ..runner import Extraction

PERFECT = 100.0


def _page_ranges(pages: list[int]) -> str:
    """Given sorted page numbers, return them as ranges ("3-11, 13")."""
    ranges: list[str] = []
    for page in pages:
        if ranges and int(ranges[-1].split("-")[-1]) == page - 1:
            ranges[-1] = f"{ranges[-1].split('-')[0]}-{page}"
        else:
            ranges.append(str(page))
    return ", ".join(ranges) or "none"


def _columns_line(extraction: Extraction) -> str:
    """Given an extraction, return its column mapping with match scores."""
    columns = extraction.table.segments[0].columns
    parts = [
        f"{span.heading!r} -> {span.field}" + (" (extra)" if span.extra else f" ({span.score:.0f})")
        for span in columns.spans
    ]
    months = f"; {len(columns.months)} month columns" if columns.months else "; no month columns"
    return "  columns: " + ", ".join(parts) + months


def _fuzzy_line(extraction: Extraction, settings: ExtractSettings) -> str:
    """Given an extraction, return how many headings and area names needed a fuzzy match."""
    headings = {(s.heading, s.score) for seg in extraction.table.segments for s in seg.columns.spans if not s.extra}
    areas = sorted(set(extraction.plan["area"]))
    scores = [score for _, score in headings] + [match_area(a, settings.area_match_min).score for a in areas]
    fuzzy = sum(score < PERFECT for score in scores)
    share = fuzzy / len(scores) if scores else 0.0
    return f"  fuzzy repair: {fuzzy} of {len(scores)} headings and area names ({share:.0%})"


def describe(extraction: Extraction, settings: ExtractSettings) -> str:
    """Given an extraction and its settings, return a few lines telling how its table was found."""
    table, split = extraction.table, extraction.split
    pages = sorted({s.page for s in table.segments})
    headed = sorted({s.page for s in table.segments if s.header_cells})
    roles = Counter(table.roles.values())
    ocr = next((n for n in extraction.notes if n.startswith("OCR")), "no")
    lampiran = _page_ranges(list(split.lampiran_pages))
    return "\n".join([
        f"{extraction.source.path}: {extraction.decree.pages} pages, LAMPIRAN {lampiran}, "
        f"table on {_page_ranges(pages)} (header on {_page_ranges(headed)}), backend {extraction.backend}, OCR {ocr}",
        _columns_line(extraction),
        f"  cells: {len(table.roles)} ({roles['header']} header, {roles['merged']} merged, "
        f"{roles['continued']} continued over a page break, {roles['mark']} month marks)",
        _fuzzy_line(extraction, settings),
        f"  rows: {len(extraction.plan)} in {extraction.plan['area_no'].nunique()} areas",
        *_coverage_lines(extraction),
    ])  # fmt: skip


def _coverage_lines(extraction: Extraction) -> list[str]:
    """Given an extraction, return one line per table page: the grid strategy and how many glyphs its cells hold."""
    lines = []
    for page, found in sorted(extraction.coverage.items()):
        held = "all in cells" if found.complete else f"{found.left_out} glyphs, {found.marks_left_out} marks in no cell"
        lines.append(f"  page {page}: grid {found.strategy}, {found.glyphs} glyphs, {held}")
    return lines
