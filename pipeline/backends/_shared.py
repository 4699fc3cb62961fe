"""Helpers every backend uses: assigning chars to cells, reading text and fills."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from operator import itemgetter
from statistics import median
from typing import Any

import numpy as np
from pdfplumber.utils import cluster_objects

from ..marks import is_mark_text
from ..text import MAY_CUT
from .base import Box, Cell
from .coverage import centres
from .words import LINE_TOLERANCE, line_words_text

# A (row, column) position in a table's full grid, before merged cells are folded back.
GridPos = tuple[int, int]
# Points within which a rule lies along a cell's edge, and the share of the edge it must run along.
RULE_TOLERANCE = 1.5
DRAWN_SHARE = 0.5
# Points between lines of text that hang below a table's last rule and still read as one block.
HANG_GAP_PT = 2.0
# Points of room beyond the next letter's width that a line cut inside a word may leave.
FORCED_BREAK_SLACK = 1.0
# Points a glyph may reach over a column edge and still lie on its side of it.
CUT_SLACK = 1.0
# Points between the two rules of a doubled border (separated borders, a ring).
DOUBLE_RULE_PT = 3.0


def merged_groups(
    rows: int, cols: int, open_right: Callable[[int, int], bool], open_below: Callable[[int, int], bool]
) -> list[list[GridPos]]:
    """Given a grid's size and whether each position's right and bottom borders are undrawn, return its merged cells.

    Positions with no border between them are one cell, so a cell the author merged stays one
    (a union-find over the grid); each merged cell is its positions, the list ordered by the first.
    """
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def root(pos: GridPos) -> GridPos:
        while parent[pos] != pos:
            parent[pos] = parent[parent[pos]]
            pos = parent[pos]
        return pos

    for r, c in list(parent):
        if c + 1 < cols and open_right(r, c):
            parent[root((r, c + 1))] = root((r, c))
        if r + 1 < rows and open_below(r, c):
            parent[root((r + 1, c))] = root((r, c))
    groups: dict[GridPos, list[GridPos]] = {}
    for pos in parent:
        groups.setdefault(root(pos), []).append(pos)
    return sorted(groups.values(), key=min)


def chars_by_box(chars: Sequence[dict[str, Any]], boxes: Sequence[Box]) -> list[list[dict[str, Any]]]:
    """Given page chars and cell boxes (x0, top, x1, bottom), return the chars whose centre lies in each box.

    The smallest box wins when boxes nest (a merged header over its sub-cells), the first of
    equal ones when they are the same size. Boxes are visited largest first, each taking its
    chars from the ones before, so memory stays one row of flags per box.
    """
    buckets: list[list[dict[str, Any]]] = [[] for _ in boxes]
    if not chars or not boxes:
        return buckets
    cx, cy = centres(chars)
    b = np.array(boxes, dtype=float)
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    owner = np.full(len(chars), -1)
    # Largest first; among equal areas the lowest index comes last, so it is the one that stays.
    for j in np.lexsort((-np.arange(len(boxes)), -area)):
        x0, top, x1, bottom = b[j]
        owner[(cx >= x0) & (cx <= x1) & (cy >= top) & (cy <= bottom)] = j
    for i in np.flatnonzero(owner >= 0).tolist():
        buckets[owner[i]].append(chars[i])
    return buckets


def _text_geometry(chars: Sequence[dict[str, Any]]) -> tuple[float | None, float | None, float | None]:
    """Given a cell's chars, return (bottom of the text, line height, width of the last line)."""
    if not chars:
        return None, None, None
    bottom = max(c["bottom"] for c in chars)
    height = median(c["bottom"] - c["top"] for c in chars)
    last = [c for c in chars if c["bottom"] > bottom - height / 2]
    return bottom, height, max(c["x1"] for c in last) - min(c["x0"] for c in last)


def _line_text(line: Sequence[dict[str, Any]]) -> str:
    """Given the chars of one line, return its text, keeping a space the line ends on.

    Word's PDF export keeps the space at which it broke a line, so "kebutuhan/ " ends a line
    broken at a space while "unit/" ends a line broken inside "unit/satuan".
    """
    text = line_words_text(line)
    ends_blank = max(line, key=lambda c: c["x1"])["text"].isspace()
    return text + " " if ends_blank and text else text


def _may_cut_word(text: str, line: Sequence[dict[str, Any]], following: Sequence[dict[str, Any]], room: float) -> bool:
    """Given a line's text and chars, the next line and the room a full line has, return whether a word may be cut.

    A word wider than its column is cut between letters with no hyphen: the line is that one
    word, the next line's first letter would not have fitted after it, and goes on in lower case.
    A line that one long word fills and that breaks at a space looks the same on the page, so
    this says only "may"; the words of the whole document decide (`text.resolve_cuts`).
    """
    first = min(following, key=itemgetter("x0"))
    if not first["text"].islower() or not text.strip() or any(ch.isspace() for ch in text.strip()):
        return False
    used = max(c["x1"] for c in line) - min(c["x0"] for c in line)
    return room - used < (first["x1"] - first["x0"]) + FORCED_BREAK_SLACK


def cell_text(chars: Sequence[dict[str, Any]], box: Box | None = None) -> str:
    """Given a cell's chars and its box, return its text, one line per printed line.

    The room a line has is the cell's width less its padding, measured on the left and taken
    to be the same on the right.
    """
    lines = cluster_objects(list(chars), itemgetter("top"), LINE_TOLERANCE)
    texts = [_line_text(line) for line in lines]
    room = 0.0
    if box is not None and chars:
        room = (box[2] - box[0]) - 2 * max(0.0, min(c["x0"] for c in chars) - box[0])
    out = ""
    for index, (line, text) in enumerate(zip(lines, texts, strict=True)):
        if index + 1 == len(lines):
            return out + text
        cut = room and _may_cut_word(text, line, lines[index + 1], room)
        out += text + (MAY_CUT if cut else "\n")
    return out


def make_cell(page: int, table: int, box: Box, chars: Sequence[dict[str, Any]], shaded: bool) -> Cell:
    """Given a cell box, its chars and fill state, return the Cell record."""
    text = cell_text(chars, box) if chars else ""
    text_bottom, line_height, last_width = _text_geometry(chars)
    glyphs = [c["x0"] for c in chars if c["text"].strip()]
    return Cell(
        page=page,
        table=table,
        x0=box[0],
        top=box[1],
        x1=box[2],
        bottom=box[3],
        text=text.strip(" \n"),
        shaded=shaded,
        mark=is_mark_text(text),
        text_bottom=text_bottom,
        line_height=line_height,
        last_line_width=last_width,
        text_left=min(glyphs) if glyphs else None,
        ocr_confidence=_lowest_confidence(chars),
    )


def _lowest_confidence(chars: Sequence[dict[str, Any]]) -> float | None:
    """Given a cell's chars, return the lowest OCR word confidence among them (None: no char was OCR'd)."""
    scores = [float(c["ocr_confidence"]) for c in chars if c.get("ocr_confidence") is not None]
    return min(scores) if scores else None


def horizontal_rules(page: Any) -> list[dict[str, Any]]:
    """Given a pdfplumber page, return its horizontal edges: stroked lines and the sides of rects."""
    return [e for e in page.edges if e["orientation"] == "h"]


def _drawn(rules: Sequence[dict[str, Any]], y: float, x0: float, x1: float) -> bool:
    """Given the page's horizontal rules, a height and a span, return whether a rule is drawn along most of the span."""
    along = [e for e in rules if abs(e["top"] - y) <= RULE_TOLERANCE]
    covered = sum(max(0.0, min(x1, e["x1"]) - max(x0, e["x0"])) for e in along)
    return covered >= DRAWN_SHARE * (x1 - x0)


def open_bottoms(
    rules: Sequence[dict[str, Any]], frame: Box, boxes: Sequence[Box], floors: Sequence[float] = ()
) -> list[bool | None]:
    """Given the page's rules, a table's frame, its boxes and its cells' floors, return which cells are open at its end.

    At the frame's bottom a cell is closed when a rule is drawn along it. Where the producer
    closes some cells there and leaves others open (a browser or a spreadsheet leaves open the
    merged cells a page break cuts), an open cell reads on (True) and a closed one ends (False).
    Where it closes them all, each is False; where it leaves them all open (some producers leave
    the whole last row open at every break), nothing is known (None), as for cells above the end.
    With separated borders each cut cell ends, open, where its text ends, and only the cells whose
    text did not fit run down to the frame's end: those read on.
    """
    at_end = [abs(box[3] - frame[3]) <= RULE_TOLERANCE for box in boxes]
    drawn = [end and _drawn(rules, box[3], box[0], box[2]) for box, end in zip(boxes, at_end, strict=True)]
    cut_short = any(y < frame[3] - RULE_TOLERANCE for y in floors)
    if not any(drawn) and not cut_short:
        return [None] * len(boxes)
    return [(not closed) if end else None for end, closed in zip(at_end, drawn, strict=True)]


def _centre(char: dict[str, Any]) -> tuple[float, float]:
    """Given a char, return its centre."""
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def hanging_glyphs(
    chars: Sequence[dict[str, Any]], boxes: Sequence[Box], region: Box
) -> tuple[dict[int, list[dict[str, Any]]], Box]:
    """Given the page's chars, a table's cell boxes and its region, return the glyphs hanging below its last rule.

    A browser prints the text that does not fit a cell cut by a page break below the table's
    last rule ("Whistle Blowing System di Lingkungan" over the rule, "Unit/Satuan Kerja" under
    it). Lines that start at the rule, and the lines that follow them without a gap, belong to
    the cell above them; they are returned by that cell's index, with the region grown to hold
    every hanging glyph (one under no cell stays in no cell).
    """
    x0, top, x1, bottom = region
    last = [i for i, box in enumerate(boxes) if abs(box[3] - bottom) <= RULE_TOLERANCE]
    pending = [c for c in chars if c["text"].strip() and x0 <= _centre(c)[0] <= x1 and _centre(c)[1] > bottom]
    reach = bottom
    taken: dict[int, list[dict[str, Any]]] = {}
    grew = True
    while grew:
        near = [c for c in pending if c["top"] <= reach + HANG_GAP_PT]
        pending = [c for c in pending if c["top"] > reach + HANG_GAP_PT]
        grew = bool(near)
        for char in near:
            reach = max(reach, char["bottom"])
            owner = next((i for i in last if boxes[i][0] <= _centre(char)[0] <= boxes[i][2]), None)
            if owner is not None:
                taken.setdefault(owner, []).append(char)
    return taken, (x0, top, x1, reach)


def column_edges(boxes: Sequence[Box]) -> list[float]:
    """Given a table's cell boxes, return the column edges its first band of cells (the header) draws."""
    top = min(box[1] for box in boxes)
    first = [box for box in boxes if abs(box[1] - top) <= RULE_TOLERANCE]
    return sorted({round(x, 1) for box in first for x in (box[0], box[2])})


def falls_apart(chars: Sequence[dict[str, Any]], edge: float) -> bool:
    """Given a cell's chars and a header column edge inside it, return whether its text parts there.

    A rule an office forgot leaves two cells of one row as one ("1 Penerapan Pengukuran Kinerja
    Individu" beside "1 Seluruh pegawai memiliki Sasaran Kinerja Pegawai"): there is text on both
    sides of the edge and no glyph across it. A merged cell whose text runs across the edge, or
    lies on one side of it, is one cell.
    """
    glyphs = [c for c in chars if c["text"].strip()]
    left = [c for c in glyphs if c["x1"] <= edge + CUT_SLACK]
    right = [c for c in glyphs if c["x0"] >= edge - CUT_SLACK]
    return bool(left) and bool(right) and len(left) + len(right) == len(glyphs)


def split_where_text_parts(boxes: Sequence[Box], texts: Sequence[Sequence[dict[str, Any]]]) -> list[Box]:
    """Given a table's cell boxes and their chars, return the boxes cut at each header column edge their text parts at.

    A grid finder that sees no rule where an office left one out gives two cells of a row as one
    (`falls_apart`); cutting the box at the header's column edge gives each its own.
    """
    edges = column_edges(boxes) if boxes else []
    out: list[Box] = []
    for box, chars in zip(boxes, texts, strict=True):
        x0, top, x1, bottom = box
        cuts = [e for e in edges if x0 + CUT_SLACK < e < x1 - CUT_SLACK and falls_apart(chars, e)]
        out.extend((a, top, b, bottom) for a, b in itertools.pairwise([x0, *cuts, x1]))
    return out


def split_at_rules(boxes: Sequence[Box], rules: Sequence[dict[str, Any]]) -> list[Box]:
    """Given cell boxes and the page's horizontal rules, return the boxes cut where a rule runs across one.

    An image line finder drops a rule that meets no vertical at its end (an office left out the
    rule left of INDIKATOR in a few row groups), and so runs the indikator cells above and below
    it together. The rule is still drawn on the page: a cell it crosses is two cells. Rules
    closer together than a doubled border are one.
    """
    out: list[Box] = []
    for x0, top, x1, bottom in boxes:
        inside = sorted({e["top"] for e in rules if top + RULE_TOLERANCE < e["top"] < bottom - RULE_TOLERANCE})
        cuts: list[float] = []
        for y in inside:
            if (not cuts or y - cuts[-1] > DOUBLE_RULE_PT) and _drawn(rules, y, x0, x1):
                cuts.append(y)
        out.extend((x0, a, x1, b) for a, b in itertools.pairwise([top, *cuts, bottom]))
    return out
