"""Grid: given one page's table segment, return its rows, each field's cells and the marked months.

A row is one indikator (the leaf column's cell); a merged cell belongs to every row it spans.
Cells are kept once in a store, where the stitching of page breaks later joins a cell's tail
onto its head.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..backends.base import Cell
from ..columns import ColumnMap
from ..text import collapse
from .segments import Segment

LEAF = "indikator"
SCHEDULE = "bulan"
# Fields whose merged cells run on over a page break (the continuation shows an empty cell).
CARRIED = ("area_no", "area", "kegiatan", "sub_kegiatan")
AREA_FIELDS = ("area_no", "area")
MIN_ROW_OVERLAP = 0.5
MIN_NUMBER_CELLS = 4


@dataclass
class WorkRow:
    """A row being read: its page and extent, the ids of each field's cells, and its marked months."""

    page: int
    top: float
    bottom: float
    refs: dict[str, list[int]] = field(default_factory=dict)
    months: set[int] = field(default_factory=set)


@dataclass
class CellStore:
    """Cells by id, with the tails and continuations joined onto their head cell."""

    cells: list[Cell] = field(default_factory=list)
    head: dict[int, int] = field(default_factory=dict)
    tails: dict[int, list[int]] = field(default_factory=dict)

    @property
    def rules_tell(self) -> bool:
        """Return whether the producer's rules tell a cut cell: somewhere it leaves a cell open and closes others."""
        return any(cell.open_bottom is True for cell in self.cells)

    def add(self, cell: Cell) -> int:
        self.cells.append(cell)
        return len(self.cells) - 1

    def root(self, ident: int) -> int:
        while ident in self.head:
            ident = self.head[ident]
        return ident

    def join(self, head: int, tail: int) -> None:
        head, tail = self.root(head), self.root(tail)
        if head != tail:
            self.head[tail] = head
            self.tails.setdefault(head, []).extend([tail, *self.tails.pop(tail, [])])

    def text(self, ident: int) -> str:
        parts = [self.cells[ident].text, *(self.cells[t].text for t in self.tails.get(ident, []))]
        return collapse("\n".join(p for p in parts if p.strip()))


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    """Given two vertical ranges, return the length they share."""
    return max(0.0, min(a_bottom, b_bottom) - max(a_top, b_top))


def _spans_row(cell: Cell, row: WorkRow) -> bool:
    """Given a cell and a row, return whether most of the smaller of the two lies in the other."""
    shared = _overlap(cell.top, cell.bottom, row.top, row.bottom)
    return shared > MIN_ROW_OVERLAP * min(cell.height, row.bottom - row.top)


def _cell_id(cell: Cell, store: CellStore, ids: dict[Cell, int]) -> int:
    """Given a cell, return its id in the store, adding it the first time it is seen."""
    if cell not in ids:
        ids[cell] = store.add(cell)
    return ids[cell]


def _leaf_rows(segment: Segment, store: CellStore, ids: dict[Cell, int]) -> list[WorkRow]:
    """Given a segment, return one row per leaf (indikator) cell cluster, top to bottom."""
    columns = segment.columns
    leaves = sorted(
        (c for c in segment.cells if columns.field_of(c) == LEAF and not columns.is_area_row(c)), key=lambda c: c.top
    )
    rows: list[WorkRow] = []
    for cell in leaves:
        ident = _cell_id(cell, store, ids)
        if rows and _spans_row(cell, rows[-1]):
            rows[-1].bottom = max(rows[-1].bottom, cell.bottom)
        else:
            rows.append(WorkRow(segment.page, cell.top, cell.bottom))
        rows[-1].refs.setdefault(LEAF, []).append(ident)
    return rows


def _fill_rows(segment: Segment, rows: list[WorkRow], store: CellStore, ids: dict[Cell, int]) -> None:
    """Given a segment's rows, give every non-leaf cell to each row it spans."""
    for cell in sorted(segment.cells, key=lambda c: (c.top, c.x0)):
        name = segment.columns.field_of(cell)
        if name is None or name == LEAF or segment.columns.is_area_row(cell):
            continue
        for row in (r for r in rows if _spans_row(cell, r)):
            if name == SCHEDULE:
                if segment.columns.fills_schedule(cell):
                    row.months.update(segment.columns.months_covered(cell))
            else:
                row.refs.setdefault(name, []).append(_cell_id(cell, store, ids))


def _is_column_numbers(row: WorkRow, store: CellStore) -> bool:
    """Given a row, return whether it only numbers the columns (a repeated "1 2 3 ... 18" row)."""
    texts = [store.cells[i].text.strip() for ids in row.refs.values() for i in ids]
    filled = [t for t in texts if t]
    return len(filled) >= MIN_NUMBER_CELLS and all(t.isdigit() for t in filled) and not row.months


def _split_empty(cell: Cell, columns: ColumnMap) -> list[Cell]:
    """Given a body cell, return it cut at the header's column edges when it is empty and spans several columns.

    A merged cell that runs on over a page break is printed on the next page without the
    rules between its columns (a browser's separated borders): an empty box across NO, AREA,
    KEGIATAN and SUB KEGIATAN. Each column of it is an empty cell of its own.
    """
    spans = columns.spans_covered(cell)
    if cell.text.strip() or len(spans) < 2:
        return [cell]
    return [replace(cell, x0=max(cell.x0, s.x0), x1=min(cell.x1, s.x1)) for s in spans]


def segment_to_rows(segment: Segment, store: CellStore) -> list[WorkRow]:
    """Given one segment, return its rows with each field's cell ids and marked months."""
    ids: dict[Cell, int] = {}
    rows = _leaf_rows(segment, store, ids)
    _fill_rows(segment, rows, store, ids)
    return [r for r in rows if not _is_column_numbers(r, store)]
