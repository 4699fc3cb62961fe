"""Grid: given one page's table segment, return its rows, each field's cells and the marked months.

A row is one indikator (the leaf column's cell); a merged cell belongs to every row it spans.
Cells are kept once in a store, where the stitching of page breaks later joins a cell's tail
onto its head.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..backends.base import Cell
from ..text import collapse
from .segments import Segment

LEAF = "indikator"
SCHEDULE = "bulan"
# Fields whose merged cells run on over a page break (the continuation shows an empty cell).
CARRIED = ("area_no", "area", "kegiatan", "sub_kegiatan")
AREA_FIELDS = ("area_no", "area")
MIN_ROW_OVERLAP = 0.5
MIN_NUMBER_CELLS = 4
MIN_ROW_PT = 6.0


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
    # Separated borders leave a gap a few points tall between boxes; where no box closes it, the
    # gap reads as a cell: empty and lower than a line of text, it is no row.
    columns = segment.columns
    leaves = [c for c in segment.cells if columns.field_of(c) == LEAF and not columns.is_area_row(c)]
    leaves = sorted((c for c in leaves if c.text.strip() or c.height >= MIN_ROW_PT), key=lambda c: c.top)
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


def _carried_row(segment: Segment) -> list[WorkRow]:
    """Given a segment with no leaf cell, return one row over its merged cells' text, if any.

    A merged cell whose text is longer than a page fills a page of its own with no indikator
    beside it (the seed's SUB KEGIATAN "Membangun dan menerapkan variabel dan indikator Zona Hijau
    Pelayanan Publik: ..."): that page is one row, the middle of the row it runs on from.
    """
    carried = [c for c in segment.cells if segment.columns.field_of(c) in CARRIED and c.text.strip()]
    if not carried:
        return []
    return [WorkRow(segment.page, min(c.top for c in carried), max(c.bottom for c in carried))]


def segment_to_rows(segment: Segment, store: CellStore) -> list[WorkRow]:
    """Given one segment, return its rows with each field's cell ids and marked months."""
    ids: dict[Cell, int] = {}
    rows = _leaf_rows(segment, store, ids) or _carried_row(segment)
    _fill_rows(segment, rows, store, ids)
    return [r for r in rows if not _is_column_numbers(r, store)]
