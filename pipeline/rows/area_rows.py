"""Area rows: given the segments and their rows, give each row the full-width area row printed above it.

A table without an area column prints each area as a row of its own across the table
(`1. MANAJEMEN PERUBAHAN`) above its kegiatan. Each such cell is the area of the rows under it
down to the next one. Rows opening a page above its first area row lie under the area above
them: the page break's stitching carries it down, unless the last page ended on an area row
with no row under it there, whose rows are these.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends.base import Cell
from ..errors import ColumnMappingError
from .grid import CellStore, WorkRow
from .segments import Segment

AREA = "area"
# Points by which a row may start above the bottom of the area row over it (rules drawn thick).
ROW_TOLERANCE = 1.0


def area_row_cells(segment: Segment) -> list[Cell]:
    """Given a segment of a table without an area column, return its full-width area rows, top to bottom."""
    return sorted((c for c in segment.cells if segment.columns.is_area_row(c)), key=lambda c: c.top)


def _area_above(row: WorkRow, areas: Sequence[tuple[Cell, int]]) -> int | None:
    """Given a row and the page's area rows with their ids, return the id of the last area row above it."""
    above = [ident for cell, ident in areas if cell.bottom <= row.top + ROW_TOLERANCE]
    return above[-1] if above else None


def give_area_rows(segments: Sequence[Segment], per_page: Sequence[list[WorkRow]], store: CellStore) -> None:
    """Given the segments, their rows and the cell store, file each row under the area row above it.

    Raises ColumnMappingError when a table without an area column has no area row either.
    """
    pending: int | None = None
    found = False
    for segment, rows in zip(segments, per_page, strict=True):
        areas = [(cell, store.add(cell)) for cell in area_row_cells(segment)]
        found = found or bool(areas)
        for row in rows:
            ident = _area_above(row, areas)
            if ident is None:
                ident = pending
            if ident is not None:
                row.refs[AREA] = [ident]
        if areas:
            last_cell, last_id = areas[-1]
            below = any(row.top >= last_cell.bottom - ROW_TOLERANCE for row in rows)
            pending = None if below else last_id
        elif rows:
            pending = None
    if not found and any(s.columns.area_rows for s in segments):
        columns = next(s.columns for s in segments if s.columns.area_rows)
        headings = ", ".join(span.heading for span in columns.spans) or "none"
        raise ColumnMappingError(f"no column for area, and no area row above the kegiatan (headings found: {headings})")
