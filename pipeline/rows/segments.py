"""Segments: given every LAMPIRAN page's cells, return the plan table's body on each page with its column map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..backends.base import Cell, PageCells
from ..columns import ColumnMap, body_top_after, find_header
from ..config import HEADING_MATCH_MIN
from ..domain import load_domain
from ..errors import TableNotFound

SAME_TABLE_SHARE = 0.8


@dataclass(frozen=True)
class Segment:
    """The body of one page table, with the column map that reads it."""

    page: int
    cells: tuple[Cell, ...]
    columns: ColumnMap
    header_cells: tuple[Cell, ...] = ()


def pages_to_segments(pages: Sequence[PageCells], heading_match_min: float = HEADING_MATCH_MIN) -> list[Segment]:
    """Given every page's cells, return the plan table's body segments, page by page.

    A page table with a header starts or re-maps the plan; one without a header continues it
    when it has the same width (some secretariats do not repeat the header).
    """
    segments: list[Segment] = []
    columns: ColumnMap | None = None
    for page in pages:
        for index in sorted({c.table for c in page.cells}):
            cells = [c for c in page.cells if c.table == index]
            header = find_header(cells, heading_match_min)
            if header is not None:
                columns, top = header.columns, header.body_top
            elif columns is not None and _same_table(cells, columns):
                top = body_top_after(cells, min(c.top for c in cells))
            else:
                continue
            body = tuple(c for c in cells if c.top >= top - 1.0)
            head = tuple(c for c in cells if c.top < top - 1.0)
            segments.append(Segment(page.page, body, columns, head))
    if not segments:
        raise TableNotFound(_not_found_reason())
    return segments


def _same_table(cells: Sequence[Cell], columns: ColumnMap) -> bool:
    """Given a header-less page table, return whether it lines up with the mapped table."""
    x0, x1 = min(c.x0 for c in cells), max(c.x1 for c in cells)
    shared = min(x1, columns.x1) - max(x0, columns.x0)
    return shared >= SAME_TABLE_SHARE * max(x1 - x0, columns.x1 - columns.x0)


def _not_found_reason() -> str:
    """Return the one-line reason for a PDF without an action-plan table."""
    looked = "; ".join(spec.wordings[0] for spec in load_domain().headings)
    return f"no action-plan table found (looked for headings: {looked})"
