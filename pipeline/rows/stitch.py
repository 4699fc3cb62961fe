"""Stitching: given each page's rows, join a row and the merged cells that a page break cut in two.

A row that breaks across pages continues on the next one with cells of its own; a merged cell
whose text flowed on shows its tail there. What reads on is judged from the cells on either
side of the break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from enum import IntEnum

from ..backends.base import Cell
from ..domain import load_domain
from ..text import Marker, leading_marker, split_item_number
from .grid import CARRIED, LEAF, CellStore, WorkRow

FULL_CELL_LINES = 2.2
LONG_LINE_SHARE = 0.6
CELL_PADDING = 4.0
RUN_ON_SLACK_PT = 5.0
_TERMINAL = re.compile(r"[.;:!?]\s*$")
_DANGLING_MARKER = re.compile(r"^(\d{1,2}|[a-zA-Z])(\.\)|[.)])$")
_OPENING_PUNCTUATION = "(,;)/&-"
_FIRST_ITEMS = frozenset({"1", "a", "A"})


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
    is filled to its bottom edge, and the rest does not open the next item of the same list. A
    browser or a spreadsheet leaves a cut cell open at the page's end and closes the others: there
    the rules alone tell.
    """
    if head is None or tail is None or not tail.text.strip():
        return Evidence.NONE
    # A browser moves all of a cut cell's text onto the next page when no line of it fits:
    # the cell left open above it is empty ("Aplikasi SMART (Kementerian Keuangan)").
    if head.open_bottom is not None:
        return Evidence.STRONG if head.open_bottom else Evidence.NEW
    if not head.text.strip():
        return Evidence.NONE
    marker_head, marker_tail = leading_marker(head.text), leading_marker(tail.text)
    if marker_head and marker_tail and marker_head.style == marker_tail.style:
        return Evidence.STRONG if _is_full(head) and _continues_list(head.text, tail.text) else Evidence.NEW
    if not _is_full(head):
        return Evidence.NONE
    return _reading_on(head, tail)


def _edge_cells(row: WorkRow, name: str, store: CellStore, *, bottom: bool) -> list[int]:
    """Given a row and a field, return the ids of its cells along the row's bottom (or top) edge."""
    ids = list(dict.fromkeys(row.refs.get(name, [])))
    if not ids:
        return []
    if bottom:
        edge = max(store.cells[i].bottom for i in ids)
        return [i for i in ids if abs(store.cells[i].bottom - edge) <= 1.0]
    # The first row of a page also holds the cells that start above it: merged cells running on
    # (a browser with separated borders may start such a box a few points below the row's top).
    return [i for i in ids if store.cells[i].top <= row.top + RUN_ON_SLACK_PT]


def _field_cell(ids: Sequence[int], store: CellStore) -> Cell | None:
    """Given a field's cells side by side (number cell, text cell), return them read as one cell."""
    cells = sorted((store.cells[i] for i in ids), key=lambda c: c.x0)
    if not cells:
        return None
    text = " ".join(c.text for c in cells if c.text.strip())
    main = max(cells, key=lambda c: (_is_full(c), len(c.text)))
    return replace(main, text=text)


def _field_evidence(last: WorkRow, first: WorkRow, name: str, store: CellStore) -> Evidence | None:
    """Given the rows either side of a break and a field, return how it reads on (None: empty, nothing tells)."""
    tail = _field_cell(_edge_cells(first, name, store, bottom=False), store)
    head = _field_cell(_edge_cells(last, name, store, bottom=True), store)
    # A producer that closes a cut cell at the page's end (Word) says nothing by closing it.
    if head is not None and head.open_bottom is not None and not store.rules_tell:
        head = replace(head, open_bottom=None)
    if tail is None or not tail.text.strip():
        # An empty cell under one that a browser or spreadsheet closed at the page's end is a
        # cell of its own: the seed's row "3. Monitoring, Evaluasi, Pelaporan dan Tindak Lanjut
        # atas Pengelolaan Benturan Kepentingan" has no KEGIATAN.
        return Evidence.NEW if head is not None and head.open_bottom is False else None
    return evidence(head, tail)


def _join_field(last: WorkRow, first: WorkRow, name: str, store: CellStore) -> None:
    """Given the rows either side of a break and a field, join each cell opening the page to its head."""
    heads = [(i, store.cells[i]) for i in _edge_cells(last, name, store, bottom=True)]
    for tail_id in _edge_cells(first, name, store, bottom=False):
        tail = store.cells[tail_id]
        # The narrower of the two lies mostly under the other (a cell the page break left as
        # wide as two columns takes its column's head).
        above = [i for i, h in heads if min(h.x1, tail.x1) - max(h.x0, tail.x0) > 0.5 * min(h.width, tail.width)]
        if above:
            store.join(above[0], tail_id)


def _join_carried(last: WorkRow, first: WorkRow, store: CellStore, continues: bool) -> bool:
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


def _only_marks(row: WorkRow, store: CellStore) -> bool:
    """Given a page's last row, return whether it holds month marks and no text of its own."""
    own = set(row.refs) - set(CARRIED)
    return bool(row.months) and not any(store.cells[i].text.strip() for name in own for i in row.refs[name])


def _stitch(last: WorkRow, first: WorkRow, store: CellStore) -> bool:
    """Given a page's last row and the next page's first, join what runs on; return if the row does."""
    own = sorted(set(first.refs) - set(CARRIED))
    if _only_marks(last, store):
        # A browser prints a row cut by the break with a line too short for its text: the page
        # ends on the row's marks alone, and its text opens the next page.
        _join_carried(last, first, store, continues=True)
        return True
    grades = [g for g in (_field_evidence(last, first, n, store) for n in own) if g is not None]
    leaf_empty = _field_evidence(last, first, LEAF, store) is None
    same_months = not first.months or first.months == last.months
    continues = _row_goes_on(grades, leaf_empty, same_months)
    if _join_carried(last, first, store, continues) or not continues:
        return False
    for name in own:
        _join_field(last, first, name, store)
    return True


def _merge_into(last: WorkRow, first: WorkRow) -> None:
    """Given a row and its continuation on the next page, fold the continuation into the row."""
    for name, ids in first.refs.items():
        last.refs.setdefault(name, []).extend(i for i in ids if i not in last.refs.get(name, []))
    last.months |= first.months


def _under_merged_cells(rows: list[WorkRow], previous: WorkRow | None) -> list[WorkRow]:
    """Given a page's rows and the row before them, return them with a carried column that has no cell taken from above.

    A merged cell that runs over a whole page shows no cell on that page, not even an empty one
    (a browser draws no rule above or below it there): its rows lie under the cell above, and
    so does the empty cell that closes it on the page after.
    """
    for row in rows:
        if previous is not None:
            for name in CARRIED:
                if name not in row.refs and name in previous.refs:
                    row.refs[name] = list(previous.refs[name])
        previous = row
    return rows


def stitch_pages(pages: Iterable[list[WorkRow]], store: CellStore) -> list[WorkRow]:
    """Given each page's rows in order, return one row list with page breaks stitched."""
    rows: list[WorkRow] = []
    for page_rows in pages:
        if rows and page_rows and _stitch(rows[-1], page_rows[0], store):
            _merge_into(rows[-1], page_rows[0])
            page_rows = page_rows[1:]
        rows.extend(_under_merged_cells(page_rows, rows[-1] if rows else None))
    return rows
