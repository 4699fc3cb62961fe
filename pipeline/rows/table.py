"""The table: given every LAMPIRAN page's cells, return the plan's logical rows in document order.

segments -> rows per page -> page breaks stitched -> fields filled down -> rows with content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..backends.base import Cell, PageCells
from ..columns import ColumnMap
from ..config import HEADING_MATCH_MIN
from .area_rows import AREA, give_area_rows
from .grid import AREA_FIELDS, CARRIED, SCHEDULE, CellStore, WorkRow, segment_to_rows
from .segments import Segment, pages_to_segments
from .stitch import stitch_pages

# The role of a cell whose text reached no row of the plan.
UNUSED_ROLE = "unused"


@dataclass(frozen=True)
class LogicalRow:
    """One indikator row: the text of each field, the scheduled months and the lowest OCR confidence of its cells."""

    page: int
    texts: tuple[tuple[str, str], ...]
    months: tuple[int, ...]
    confidence: float | None = None

    def text(self, name: str) -> str:
        """Given a field name, return the row's text in it ("" when none)."""
        return dict(self.texts).get(name, "")


def _row_text(row: WorkRow, name: str, store: CellStore) -> str:
    """Given a row and a field, return the field's text (each merged cell once, in order)."""
    roots: list[int] = []
    for ident in row.refs.get(name, []):
        root = store.root(ident)
        if root not in roots:
            roots.append(root)
    return " ".join(t for t in (store.text(r) for r in roots) if t)


def _row_confidence(row: WorkRow, names: Sequence[str], store: CellStore) -> float | None:
    """Given a row and its fields, return the lowest OCR confidence among its cells and their tails (None: no OCR)."""
    scores = [
        store.cells[i].ocr_confidence
        for name in names
        for ident in row.refs.get(name, [])
        for i in (store.root(ident), *store.tails.get(store.root(ident), []))
    ]
    known = [s for s in scores if s is not None]
    return min(known) if known else None


def _finish(row: WorkRow, names: Sequence[str], store: CellStore) -> LogicalRow:
    """Given a working row, return the frozen LogicalRow."""
    texts = tuple((name, _row_text(row, name, store)) for name in names)
    return LogicalRow(row.page, texts, tuple(sorted(row.months)), _row_confidence(row, names, store))


def _has_content(row: LogicalRow, previous: LogicalRow | None) -> bool:
    """Given a row and the one before it, return whether it holds anything of its own."""
    if any(t for n, t in row.texts if n not in CARRIED):
        return True
    sub = row.text("sub_kegiatan")
    return bool(sub) and (previous is None or sub != previous.text("sub_kegiatan"))


def _uses_merged_cells(rows: Sequence[WorkRow], store: CellStore) -> bool:
    """Given the rows, return whether any area or kegiatan cell spans more than one row."""
    seen: set[int] = set()
    for row in rows:
        for name in CARRIED[:3]:
            roots = {store.root(i) for i in row.refs.get(name, [])}
            if roots & seen:
                return True
            seen |= roots
    return False


def _levels(names: Sequence[str]) -> list[tuple[str, ...]]:
    """Given carried field names, return them as levels; the area's NO and name are one level."""
    area = tuple(n for n in names if n in AREA_FIELDS)
    return ([area] if area else []) + [(n,) for n in names if n not in AREA_FIELDS]


def _fill_down(rows: list[LogicalRow], levels: Sequence[str]) -> list[LogicalRow]:
    """Given rows, return them with empty cells of the given levels filled from the row above.

    A level is filled only while every level above it was filled too, so a row that opens a
    new kegiatan does not inherit the previous kegiatan's sub kegiatan. A level whose filled
    fields repeat the row above counts as filled from it.
    """
    out: list[LogicalRow] = []
    for row in rows:
        texts = dict(row.texts)
        for level in _levels(levels):
            own = {name: texts[name] for name in level if texts.get(name)}
            if not out or (own and any(out[-1].text(name) != text for name, text in own.items())):
                break
            # A level whose printed part repeats the row above is that row's: a browser that
            # draws the area's box shorter than its rows leaves the NO above and an empty gap.
            texts.update({name: out[-1].text(name) for name in level})
        out.append(LogicalRow(row.page, tuple(texts.items()), row.months, row.confidence))
    return out


@dataclass(frozen=True)
class TableRead:
    """The rows of the plan table, the segments they came from, and what each cell turned out to be."""

    rows: tuple[LogicalRow, ...]
    segments: tuple[Segment, ...]
    roles: dict[Cell, str]


def _schedule_role(cell: Cell, columns: ColumnMap) -> str:
    """Given a cell in the schedule and the column map, return its role: a mark, a plain month cell, or unused text.

    A month cell holds a mark or nothing (the column-number row holds its number); any other
    text in it is read into no row, and must be named. Under a split schedule (`Target | Rp`)
    a value schedules its column: it is a mark.
    """
    text = cell.text.strip()
    if text and not cell.mark and not text.isdigit() and not columns.schedule.split:
        return UNUSED_ROLE
    return "mark" if columns.fills_schedule(cell) else "body"


def _roles(segments: Sequence[Segment], rows: Sequence[WorkRow], store: CellStore) -> dict[Cell, str]:
    """Given the segments and stitched rows, return each cell's role: header, merged, continued, mark, body, unused."""
    uses: dict[int, int] = {}
    for row in rows:
        for used in {i for refs in row.refs.values() for i in refs}:
            uses[used] = uses.get(used, 0) + 1
    joined = set(store.head) | set(store.tails)
    ids = {cell: i for i, cell in enumerate(store.cells)}
    roles: dict[Cell, str] = {}
    for segment in segments:
        roles.update(dict.fromkeys(segment.header_cells, "header"))
        for cell in segment.cells:
            ident = ids.get(cell)
            if segment.columns.field_of(cell) == SCHEDULE:
                roles[cell] = _schedule_role(cell, segment.columns)
            elif ident is None:
                roles[cell] = UNUSED_ROLE
            else:
                roles[cell] = "continued" if ident in joined else "merged" if uses.get(ident, 0) > 1 else "body"
    return roles


def read_table(pages: Sequence[PageCells], heading_match_min: float = HEADING_MATCH_MIN) -> TableRead:
    """Given every LAMPIRAN page's cells, return the plan's logical rows in document order, with how they were read.

    Empty area cells always take the area above. Empty kegiatan and sub kegiatan cells do so
    only in tables that never merge cells; where the secretariat merges cells, an empty cell of
    its own is printed empty (the seed has a kegiatan whose name was lost).
    """
    segments = pages_to_segments(pages, heading_match_min)
    store = CellStore()
    per_page = [segment_to_rows(s, store) for s in segments]
    give_area_rows(segments, per_page, store)
    names = _field_names(segments)
    stitched = stitch_pages(per_page, store)
    levels = CARRIED[:2] if _uses_merged_cells(stitched, store) else CARRIED
    rows = _fill_down([_finish(r, names, store) for r in stitched], levels)
    kept: list[LogicalRow] = []
    for row in rows:
        if _has_content(row, kept[-1] if kept else None):
            kept.append(row)
    return TableRead(tuple(kept), tuple(segments), _roles(segments, stitched, store))


def cells_to_rows(pages: Sequence[PageCells], heading_match_min: float = HEADING_MATCH_MIN) -> list[LogicalRow]:
    """Given every LAMPIRAN page's cells, return the plan's logical rows in document order."""
    return list(read_table(pages, heading_match_min).rows)


def _field_names(segments: Sequence[Segment]) -> tuple[str, ...]:
    """Given the segments, return every field name seen, standard fields first; the area's when printed as rows."""
    names: list[str] = [AREA] if any(s.columns.area_rows for s in segments) else []
    for segment in segments:
        for span in segment.columns.spans:
            if span.field != SCHEDULE and span.field not in names:
                names.append(span.field)
    return tuple(names)
