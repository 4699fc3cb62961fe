"""Rows stage: given the cells of every LAMPIRAN page, return the plan's logical rows.

A logical row is one indikator (the leaf column's cell). A merged cell gives its text to every
row it spans; at a page break the repeated header and the column-number row are dropped, a row
that Word split over two pages is joined back, and a merged cell whose text flowed onto the next
page is joined with its tail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum

from .cells import Cell, PageCells
from .columns import ColumnMap, body_top_after, find_header
from .config import ExtractSettings
from .domain import load_domain
from .errors import TableNotFound
from .text import Marker, collapse, leading_marker, split_item_number

LEAF = "indikator"
SCHEDULE = "bulan"
# Fields whose merged cells run on over a page break (the continuation shows an empty cell).
CARRIED = ("area_no", "area", "kegiatan", "sub_kegiatan")
AREA_FIELDS = ("area_no", "area")
MIN_ROW_OVERLAP = 0.5
FULL_CELL_LINES = 2.2
LONG_LINE_SHARE = 0.6
CELL_PADDING = 4.0
SAME_TABLE_SHARE = 0.8
_TERMINAL = re.compile(r"[.;:!?]\s*$")
_DANGLING_MARKER = re.compile(r"^(\d{1,2}|[a-zA-Z])(\.\)|[.)])$")
_OPENING_PUNCTUATION = "(,;)/&-"
_FIRST_ITEMS = frozenset({"1", "a", "A"})


@dataclass(frozen=True)
class Segment:
    """The body of one page table, with the column map that reads it."""

    page: int
    cells: tuple[Cell, ...]
    columns: ColumnMap
    header_cells: tuple[Cell, ...] = ()


@dataclass(frozen=True)
class LogicalRow:
    """One indikator row: the text of each field and the scheduled months."""

    page: int
    texts: tuple[tuple[str, str], ...]
    months: tuple[int, ...]

    def text(self, name: str) -> str:
        """Given a field name, return the row's text in it ("" when none)."""
        return dict(self.texts).get(name, "")


@dataclass
class _Row:
    page: int
    top: float
    bottom: float
    refs: dict[str, list[int]] = field(default_factory=dict)
    months: set[int] = field(default_factory=set)


@dataclass
class _Store:
    """Cells by id, with the tails and continuations joined onto their head cell."""

    cells: list[Cell] = field(default_factory=list)
    head: dict[int, int] = field(default_factory=dict)
    tails: dict[int, list[int]] = field(default_factory=dict)

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


def _spans_row(cell: Cell, row: _Row) -> bool:
    """Given a cell and a row, return whether most of the smaller of the two lies in the other."""
    shared = _overlap(cell.top, cell.bottom, row.top, row.bottom)
    return shared > MIN_ROW_OVERLAP * min(cell.height, row.bottom - row.top)


def pages_to_segments(pages: Sequence[PageCells], settings: ExtractSettings) -> list[Segment]:
    """Given every page's cells, return the plan table's body segments, page by page.

    A page table with a header starts or re-maps the plan; one without a header continues it
    when it has the same width (some secretariats do not repeat the header).
    """
    segments: list[Segment] = []
    columns: ColumnMap | None = None
    for page in pages:
        for index in sorted({c.table for c in page.cells}):
            cells = [c for c in page.cells if c.table == index]
            header = find_header(cells, settings.heading_match_min)
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


def _cell_id(cell: Cell, store: _Store, ids: dict[Cell, int]) -> int:
    """Given a cell, return its id in the store, adding it the first time it is seen."""
    if cell not in ids:
        ids[cell] = store.add(cell)
    return ids[cell]


def _leaf_rows(segment: Segment, store: _Store, ids: dict[Cell, int]) -> list[_Row]:
    """Given a segment, return one row per leaf (indikator) cell cluster, top to bottom."""
    leaves = sorted((c for c in segment.cells if segment.columns.field_of(c) == LEAF), key=lambda c: c.top)
    rows: list[_Row] = []
    for cell in leaves:
        ident = _cell_id(cell, store, ids)
        if rows and _spans_row(cell, rows[-1]):
            rows[-1].bottom = max(rows[-1].bottom, cell.bottom)
        else:
            rows.append(_Row(segment.page, cell.top, cell.bottom))
        rows[-1].refs.setdefault(LEAF, []).append(ident)
    return rows


def _fill_rows(segment: Segment, rows: list[_Row], store: _Store, ids: dict[Cell, int]) -> None:
    """Given a segment's rows, give every non-leaf cell to each row it spans."""
    for cell in sorted(segment.cells, key=lambda c: (c.top, c.x0)):
        name = segment.columns.field_of(cell)
        if name is None or name == LEAF:
            continue
        for row in (r for r in rows if _spans_row(cell, r)):
            if name == SCHEDULE:
                month = segment.columns.month_of(cell)
                if month and (cell.shaded or cell.mark):
                    row.months.add(month)
            else:
                row.refs.setdefault(name, []).append(_cell_id(cell, store, ids))


def _is_column_numbers(row: _Row, store: _Store) -> bool:
    """Given a row, return whether it only numbers the columns (a repeated "1 2 3 ... 18" row)."""
    texts = [store.cells[i].text.strip() for ids in row.refs.values() for i in ids]
    filled = [t for t in texts if t]
    return len(filled) >= 4 and all(t.isdigit() for t in filled) and not row.months


def segment_to_rows(segment: Segment, store: _Store) -> list[_Row]:
    """Given one segment, return its rows with each field's cell ids and marked months."""
    ids: dict[Cell, int] = {}
    rows = _leaf_rows(segment, store, ids)
    _fill_rows(segment, rows, store, ids)
    return [r for r in rows if not _is_column_numbers(r, store)]


class Evidence(IntEnum):
    """How strongly the first cell of a page reads on from the last cell of the previous page."""

    NEW = 0  # opens the next item of the same numbered list
    NONE = 1  # the cell above had room left: its text ended there
    FULL = 2  # the cell above is full, nothing else tells
    WEAK = 3  # the cell above ends mid-sentence on a long line
    NUMBERED = 4  # the cell opens with a number of another style than the cell above
    STRONG = 5  # the text plainly reads on (lower case, a dangling word, a numbered cell going on unnumbered)


def _is_full(cell: Cell) -> bool:
    """Given a cell, return whether its text runs down to its bottom edge (no room was left)."""
    if cell.text_bottom is None or not cell.line_height:
        return False
    return cell.bottom - cell.text_bottom <= FULL_CELL_LINES * cell.line_height


def _dangles(text: str) -> bool:
    """Given a cell's text, return whether it ends on a list marker ("a."), a colon or a word like "dan"."""
    words = text.split()
    if not words:
        return False
    last = words[-1]
    return bool(_DANGLING_MARKER.match(last)) or last.endswith(":") or last.lower() in load_domain().continuation_words


def _continues_list(head: str, tail: str) -> bool:
    """Given two texts starting with markers of one style, return whether they are one list cell cut in two.

    A cell listing items ("1) Data Mutasi 2) Data Promosi") keeps its numbers; when the cut falls
    between two items, the head is such a list or the tail is one that does not start at 1.
    """
    head_is_list = split_item_number(head)[0] == ""
    tail_marker = leading_marker(tail)
    tail_is_list = split_item_number(tail)[0] == "" and tail_marker is not None
    return head_is_list or (tail_is_list and tail_marker is not None and tail_marker.value not in _FIRST_ITEMS)


def _follows_inner_item(head: str, marker: Marker) -> bool:
    """Given a cut cell's text and the marker opening the next page, return whether it numbers the next inner item.

    A long merged cell lists its own items ("... 5. Pelayanan Khusus kepada: 1) ..."); when its
    text flows onto the next page, that page opens with the next of them ("6. Pengelolaan ...").
    """
    if not marker.value.isdigit() or marker.value in _FIRST_ITEMS:
        return False
    punct = marker.style.removeprefix("digit")
    previous = re.escape(f"{int(marker.value) - 1}{punct}")
    return re.search(rf"(?:^|\s){previous}(?:\s|$)", head) is not None


def _reading_on(head: Cell, tail: Cell) -> Evidence:
    """Given a full cut cell and the cell after the break, return what the texts say about reading on."""
    first = tail.text.lstrip()[:1]
    marker_head, marker_tail = leading_marker(head.text), leading_marker(tail.text)
    # A numbered list's next item carries its number; text without one reads on.
    if first.islower() or first in _OPENING_PUNCTUATION or _dangles(head.text) or (marker_head and not marker_tail):
        return Evidence.STRONG
    if marker_tail and _follows_inner_item(head.text, marker_tail):
        return Evidence.STRONG
    if marker_tail and (marker_head is None or marker_head.style != marker_tail.style):
        return Evidence.NUMBERED
    long_last = (head.last_line_width or 0) >= LONG_LINE_SHARE * (head.width - CELL_PADDING)
    return Evidence.WEAK if long_last and not _TERMINAL.search(head.text) else Evidence.FULL


def evidence(head: Cell | None, tail: Cell | None) -> Evidence:
    """Given a cell ending a page and one opening the next, return how the second continues the first.

    Word continues a cell's text on the next page when a row breaks across pages: the cut cell
    is filled to its bottom edge, and the rest does not open the next item of the same list.
    """
    if head is None or tail is None or not head.text.strip() or not tail.text.strip():
        return Evidence.NONE
    marker_head, marker_tail = leading_marker(head.text), leading_marker(tail.text)
    if marker_head and marker_tail and marker_head.style == marker_tail.style:
        return Evidence.STRONG if _is_full(head) and _continues_list(head.text, tail.text) else Evidence.NEW
    if not _is_full(head):
        return Evidence.NONE
    return _reading_on(head, tail)


def _edge_cells(row: _Row, name: str, store: _Store, *, bottom: bool) -> list[int]:
    """Given a row and a field, return the ids of its cells along the row's bottom (or top) edge."""
    ids = list(dict.fromkeys(row.refs.get(name, [])))
    if not ids:
        return []
    if bottom:
        edge = max(store.cells[i].bottom for i in ids)
        return [i for i in ids if abs(store.cells[i].bottom - edge) <= 1.0]
    return [i for i in ids if abs(store.cells[i].top - row.top) <= 1.0]


def _field_cell(ids: Sequence[int], store: _Store) -> Cell | None:
    """Given a field's cells side by side (number cell, text cell), return them read as one cell."""
    cells = sorted((store.cells[i] for i in ids), key=lambda c: c.x0)
    if not cells:
        return None
    text = " ".join(c.text for c in cells if c.text.strip())
    main = max(cells, key=lambda c: (_is_full(c), len(c.text)))
    return replace(main, text=text)


def _field_evidence(last: _Row, first: _Row, name: str, store: _Store) -> Evidence | None:
    """Given the rows either side of a break and a field, return how it reads on (None: empty)."""
    tail = _field_cell(_edge_cells(first, name, store, bottom=False), store)
    if tail is None or not tail.text.strip():
        return None
    return evidence(_field_cell(_edge_cells(last, name, store, bottom=True), store), tail)


def _join_field(last: _Row, first: _Row, name: str, store: _Store) -> None:
    """Given the rows either side of a break and a field, join each cell opening the page to its head."""
    heads = [(i, store.cells[i]) for i in _edge_cells(last, name, store, bottom=True)]
    for tail_id in _edge_cells(first, name, store, bottom=False):
        tail = store.cells[tail_id]
        above = [i for i, h in heads if min(h.x1, tail.x1) - max(h.x0, tail.x0) > 0.5 * tail.width]
        if above:
            store.join(above[0], tail_id)


def _join_carried(last: _Row, first: _Row, store: _Store, continues: bool) -> bool:
    """Given the rows either side of a break, join merged cells running on; return whether one opens.

    A merged cell crossing the break shows an empty cell on the new page, or the rest of its
    text. In a row that goes on over the break no merged cell can open, so every one of its
    cells reads on unless it opens the next item of a list; in a row that starts anew the text
    must plainly read on. Once a level opens a new cell, the empty cells below it are their own.
    """
    for name in CARRIED:
        if not (_edge_cells(first, name, store, bottom=False) and _edge_cells(last, name, store, bottom=True)):
            continue
        grade = _field_evidence(last, first, name, store)
        if grade is None or grade == Evidence.STRONG or (continues and grade != Evidence.NEW):
            _join_field(last, first, name, store)
        else:
            return True
    return False


def _row_goes_on(grades: Sequence[Evidence], leaf_empty: bool, same_months: bool) -> bool:
    """Given the evidence of the own cells opening a page, return whether their row goes on from the last page.

    Either every own cell reads on and one of them plainly, or the indikator cell is empty and
    the others were cut off full, under the same month marks (Word repeats a cut row's shading).
    """
    if not grades:
        return True
    if min(grades) >= Evidence.WEAK and max(grades) == Evidence.STRONG:
        return True
    return leaf_empty and same_months and min(grades) >= Evidence.FULL


def _stitch(last: _Row, first: _Row, store: _Store) -> bool:
    """Given a page's last row and the next page's first, join what runs on; return if the row does."""
    own = sorted(set(first.refs) - set(CARRIED))
    grades = [g for g in (_field_evidence(last, first, n, store) for n in own) if g is not None]
    leaf_empty = _field_evidence(last, first, LEAF, store) is None
    same_months = not first.months or first.months == last.months
    continues = _row_goes_on(grades, leaf_empty, same_months)
    if _join_carried(last, first, store, continues) or not continues:
        return False
    for name in own:
        _join_field(last, first, name, store)
    return True


def _merge_into(last: _Row, first: _Row) -> None:
    """Given a row and its continuation on the next page, fold the continuation into the row."""
    for name, ids in first.refs.items():
        last.refs.setdefault(name, []).extend(i for i in ids if i not in last.refs.get(name, []))
    last.months |= first.months


def stitch_pages(pages: Iterable[list[_Row]], store: _Store) -> list[_Row]:
    """Given each page's rows in order, return one row list with page breaks stitched."""
    rows: list[_Row] = []
    for page_rows in pages:
        if rows and page_rows and _stitch(rows[-1], page_rows[0], store):
            _merge_into(rows[-1], page_rows[0])
            page_rows = page_rows[1:]
        rows.extend(page_rows)
    return rows


def _row_text(row: _Row, name: str, store: _Store) -> str:
    """Given a row and a field, return the field's text (each merged cell once, in order)."""
    roots: list[int] = []
    for ident in row.refs.get(name, []):
        root = store.root(ident)
        if root not in roots:
            roots.append(root)
    return " ".join(t for t in (store.text(r) for r in roots) if t)


def _finish(row: _Row, names: Sequence[str], store: _Store) -> LogicalRow:
    """Given a working row, return the frozen LogicalRow."""
    texts = tuple((name, _row_text(row, name, store)) for name in names)
    return LogicalRow(row.page, texts, tuple(sorted(row.months)))


def _has_content(row: LogicalRow, previous: LogicalRow | None) -> bool:
    """Given a row and the one before it, return whether it holds anything of its own."""
    if any(t for n, t in row.texts if n not in CARRIED):
        return True
    sub = row.text("sub_kegiatan")
    return bool(sub) and (previous is None or sub != previous.text("sub_kegiatan"))


def _uses_merged_cells(rows: Sequence[_Row], store: _Store) -> bool:
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
    new kegiatan does not inherit the previous kegiatan's sub kegiatan.
    """
    out: list[LogicalRow] = []
    for row in rows:
        texts = dict(row.texts)
        for level in _levels(levels):
            if any(texts.get(name) for name in level) or not out:
                break
            texts.update({name: out[-1].text(name) for name in level})
        out.append(LogicalRow(row.page, tuple(texts.items()), row.months))
    return out


@dataclass(frozen=True)
class TableRead:
    """The rows of the plan table, the segments they came from, and what each cell turned out to be."""

    rows: tuple[LogicalRow, ...]
    segments: tuple[Segment, ...]
    roles: dict[Cell, str]


def _roles(segments: Sequence[Segment], rows: Sequence[_Row], store: _Store) -> dict[Cell, str]:
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
                roles[cell] = "mark" if cell.shaded or cell.mark else "body"
            elif ident is None:
                roles[cell] = "unused"
            else:
                roles[cell] = "continued" if ident in joined else "merged" if uses.get(ident, 0) > 1 else "body"
    return roles


def read_table(pages: Sequence[PageCells], settings: ExtractSettings) -> TableRead:
    """Given every LAMPIRAN page's cells, return the plan's logical rows in document order, with how they were read.

    Empty area cells always take the area above. Empty kegiatan and sub kegiatan cells do so
    only in tables that never merge cells; where the secretariat merges cells, an empty cell of
    its own is printed empty (the seed has a kegiatan whose name was lost).
    """
    segments = pages_to_segments(pages, settings)
    store = _Store()
    per_page = [segment_to_rows(s, store) for s in segments]
    names = _field_names(segments)
    stitched = stitch_pages(per_page, store)
    levels = CARRIED[:2] if _uses_merged_cells(stitched, store) else CARRIED
    rows = _fill_down([_finish(r, names, store) for r in stitched], levels)
    kept: list[LogicalRow] = []
    for row in rows:
        if _has_content(row, kept[-1] if kept else None):
            kept.append(row)
    return TableRead(tuple(kept), tuple(segments), _roles(segments, stitched, store))


def cells_to_rows(pages: Sequence[PageCells], settings: ExtractSettings) -> list[LogicalRow]:
    """Given every LAMPIRAN page's cells, return the plan's logical rows in document order."""
    return list(read_table(pages, settings).rows)


def _field_names(segments: Sequence[Segment]) -> tuple[str, ...]:
    """Given the segments, return every field name seen, standard fields first."""
    names: list[str] = []
    for segment in segments:
        for span in segment.columns.spans:
            if span.field != SCHEDULE and span.field not in names:
                names.append(span.field)
    return tuple(names)
