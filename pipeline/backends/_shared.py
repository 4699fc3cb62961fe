"""Helpers every backend uses: assigning chars to cells, reading text and fills."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from statistics import median
from typing import Any

import numpy as np
from pdfplumber.utils import cluster_objects, extract_text
from pdfplumber.utils.text import LIGATURES

from ..domain import load_domain
from .base import Cell, Coverage

Box = tuple[float, float, float, float]
# A (row, column) position in a table's full grid, before merged cells are folded back.
GridPos = tuple[int, int]
WHITE_LUMINANCE = 0.92
# Points between the two rectangles of a border drawn as a ring: the border's width.
RING_INSET_PT = 3.0
MIN_FILL_COVER = 0.6
LINE_TOLERANCE = 3.0
# Points around a table's region within which a glyph still belongs to the table (a rule's width).
REGION_SLACK = 1.0
# Points of gap between two chars beyond which they are separate words.
WORD_GAP = 1.5
# Points of room beyond the next letter's width that a line cut inside a word may leave.
FORCED_BREAK_SLACK = 1.0


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


def _is_mark_text(text: str) -> bool:
    """Given a cell's text, return whether it is a month mark (√ ✓ v x • ...)."""
    stripped = "".join(text.split())
    return bool(stripped) and all(ch in load_domain().month_marks for ch in stripped)


def _centres(chars: Sequence[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Given chars, return the x and y of their centres."""
    cx = np.array([(c["x0"] + c["x1"]) / 2 for c in chars], dtype=float)
    cy = np.array([(c["top"] + c["bottom"]) / 2 for c in chars], dtype=float)
    return cx, cy


def _inside(cx: np.ndarray, cy: np.ndarray, box: Box, slack: float = 0.0) -> np.ndarray:
    """Given char centres and a box, return which centres lie in the box (grown by slack)."""
    x0, top, x1, bottom = box
    return (cx >= x0 - slack) & (cx <= x1 + slack) & (cy >= top - slack) & (cy <= bottom + slack)


def bounding_box(boxes: Sequence[Box]) -> Box:
    """Given boxes, return the smallest box that holds them all."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def uncovered_glyphs(
    chars: Sequence[dict[str, Any]], boxes: Sequence[Box], regions: Sequence[Box]
) -> list[dict[str, Any]]:
    """Given a page's chars, its cell boxes and its table regions, return the glyphs in a region but in no cell.

    Only glyphs count: a space is no ink.
    """
    glyphs = [c for c in chars if c["text"].strip()]
    if not glyphs or not regions:
        return []
    cx, cy = _centres(glyphs)
    in_region = np.zeros(len(glyphs), dtype=bool)
    for region in regions:
        in_region |= _inside(cx, cy, region, REGION_SLACK)
    in_cell = np.zeros(len(glyphs), dtype=bool)
    for box in boxes:
        in_cell |= _inside(cx, cy, box)
    return [glyphs[i] for i in np.flatnonzero(in_region & ~in_cell).tolist()]


def coverage_of(
    chars: Sequence[dict[str, Any]], boxes: Sequence[Box], regions: Sequence[Box], strategy: str
) -> Coverage:
    """Given a page's chars, its cell boxes, its table regions and the strategy, return the cells' coverage.

    The glyphs left out are given as the text of each line they make, top to bottom.
    """
    left = uncovered_glyphs(chars, boxes, regions)
    lines = cluster_objects(left, itemgetter("top"), LINE_TOLERANCE)
    text = tuple(line_words_text(sorted(line, key=itemgetter("x0"))) for line in lines)
    return Coverage(strategy, glyph_count(chars, regions), text, len(left))


def glyph_count(chars: Sequence[dict[str, Any]], regions: Sequence[Box]) -> int:
    """Given a page's chars and its table regions, return how many glyphs lie in the regions."""
    glyphs = [c for c in chars if c["text"].strip()]
    if not glyphs or not regions:
        return 0
    cx, cy = _centres(glyphs)
    inside = np.zeros(len(glyphs), dtype=bool)
    for region in regions:
        inside |= _inside(cx, cy, region, REGION_SLACK)
    return int(inside.sum())


def cells_coverage(chars: Sequence[dict[str, Any]], cells: Sequence[Cell], strategy: str) -> Coverage:
    """Given a page's chars, the cells a strategy found and its name, return how well the cells hold the glyphs.

    Each table's region is the box around its cells.
    """
    tables: dict[int, list[Box]] = {}
    for cell in cells:
        tables.setdefault(cell.table, []).append((cell.x0, cell.top, cell.x1, cell.bottom))
    regions = [bounding_box(boxes) for boxes in tables.values()]
    boxes = [box for table in tables.values() for box in table]
    return coverage_of(chars, boxes, regions, strategy)


def chars_by_box(chars: Sequence[dict[str, Any]], boxes: Sequence[Box]) -> list[list[dict[str, Any]]]:
    """Given page chars and cell boxes (x0, top, x1, bottom), return the chars whose centre lies in each box.

    The smallest box wins when boxes nest (a merged header over its sub-cells), the first of
    equal ones when they are the same size. Boxes are visited largest first, each taking its
    chars from the ones before, so memory stays one row of flags per box.
    """
    buckets: list[list[dict[str, Any]]] = [[] for _ in boxes]
    if not chars or not boxes:
        return buckets
    cx, cy = _centres(chars)
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


def _luminance(color: Any) -> float:
    """Given a pdfplumber colour (grey, RGB or CMYK tuple), return its luminance 0..1."""
    if color is None:
        return 1.0
    values = [float(v) for v in (color if isinstance(color, (tuple, list)) else (color,))]
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        r, g, b = values
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(values) == 4:
        c, m, y, k = values
        return (1 - k) * (1 - (0.3 * c + 0.59 * m + 0.11 * y))
    return 1.0


def filled_boxes(rects: Sequence[dict[str, Any]]) -> list[Box]:
    """Given page rects, return the boxes of those filled with a non-white colour, borders drawn as rings left out."""
    fills = [r for r in rects if r.get("fill") and _luminance(r.get("non_stroking_color")) < WHITE_LUMINANCE]
    rings = _ring_parts(fills)
    return [(r["x0"], r["top"], r["x1"], r["bottom"]) for i, r in enumerate(fills) if i not in rings]


def _ring_parts(fills: Sequence[dict[str, Any]]) -> set[int]:
    """Given filled rects, return the indices of those that draw a border as a ring.

    A browser draws a cell's border as one even-odd path of two rectangles, the cell and the
    same less the border's width; pdfminer reports the two as separate filled rectangles, which
    would read as a cell painted over. A rectangle with another of its colour just inside it
    (within RING_INSET_PT on every side) is such a ring.
    """
    odd = [i for i, r in enumerate(fills) if r.get("evenodd")]
    if len(odd) < 2:
        return set()
    b = np.array([(fills[i]["x0"], fills[i]["top"], fills[i]["x1"], fills[i]["bottom"]) for i in odd], dtype=float)
    colours = [str(fills[i].get("non_stroking_color")) for i in odd]
    inset = b[None, :, :] - b[:, None, :]  # [outer, inner, side]: inner minus outer
    inside = (inset[..., 0] >= -0.01) & (inset[..., 1] >= -0.01) & (inset[..., 2] <= 0.01) & (inset[..., 3] <= 0.01)
    close = (np.abs(inset) <= RING_INSET_PT).all(axis=2)
    distinct = np.abs(inset).max(axis=2) > 0.01
    rings: set[int] = set()
    for outer, inner in zip(*np.nonzero(inside & close & distinct), strict=True):
        if colours[outer] == colours[inner]:
            rings.update((odd[int(outer)], odd[int(inner)]))
    return rings


def _covered_area(box: Box, fills: Sequence[Box]) -> float:
    """Given a cell box and fills, return the area the fills cover inside the box, added in order."""
    x0, top, x1, bottom = box
    covered = 0.0
    for fx0, ftop, fx1, fbottom in fills:
        w = min(x1, fx1) - max(x0, fx0)
        h = min(bottom, fbottom) - max(top, ftop)
        if w > 0 and h > 0:
            covered += w * h
    return covered


def shaded_boxes(boxes: Sequence[Box], fills: Sequence[Box]) -> list[bool]:
    """Given cell boxes and the page's filled boxes, return for each cell whether fills cover most of it."""
    if not boxes or not fills:
        return [is_shaded(box, fills) for box in boxes]
    b, f = np.array(boxes, dtype=float), np.array(fills, dtype=float)
    # Only the fills that overlap a cell are added up, in page order, as is_shaded does one cell at a time.
    overlaps = (np.minimum(b[:, None, 2], f[None, :, 2]) - np.maximum(b[:, None, 0], f[None, :, 0]) > 0) & (
        np.minimum(b[:, None, 3], f[None, :, 3]) - np.maximum(b[:, None, 1], f[None, :, 1]) > 0
    )
    return [
        _covered_area(box, [fills[j] for j in np.flatnonzero(row).tolist()]) / _area(box) >= MIN_FILL_COVER
        for box, row in zip(boxes, overlaps, strict=True)
    ]


def _area(box: Box) -> float:
    """Given a box, return its area, never zero."""
    x0, top, x1, bottom = box
    return max((x1 - x0) * (bottom - top), 1e-6)


def is_shaded(box: Box, fills: Sequence[Box]) -> bool:
    """Given a cell box and the page's filled boxes, return whether fills cover most of the cell."""
    return _covered_area(box, fills) / _area(box) >= MIN_FILL_COVER


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


def line_words_text(line: Sequence[dict[str, Any]]) -> str:
    """Given the chars of one printed line, return what pdfplumber's `extract_text` returns for them.

    Upright text, by far the usual, is read here the way pdfplumber's WordExtractor reads it
    (words split at blanks and at gaps over WORD_GAP, ligatures expanded, words joined by one
    space), without building its word and text maps; anything else goes to pdfplumber.
    """
    if not all(c["upright"] for c in line):
        return str(extract_text(list(line), x_tolerance=WORD_GAP, y_tolerance=LINE_TOLERANCE))
    rows = cluster_objects(list(line), itemgetter("top"), LINE_TOLERANCE)
    words = [_word(chars) for row in rows for chars in _word_chars(sorted(row, key=itemgetter("x0")))]
    lines = cluster_objects(words, itemgetter("top"), LINE_TOLERANCE)
    return "\n".join(" ".join(word["text"] for word in words_in_line) for words_in_line in lines)


def _word_chars(chars: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Given a line's chars from left to right, yield the chars of each word."""
    current: list[dict[str, Any]] = []
    for char in chars:
        if char["text"].isspace():
            if current:
                yield current
            current = []
            continue
        if current and _begins_word(current[-1], char):
            yield current
            current = []
        current.append(char)
    if current:
        yield current


def _begins_word(previous: dict[str, Any], char: dict[str, Any]) -> bool:
    """Given the last char of a word and the next char, return whether the next one starts a new word."""
    return bool(
        char["x0"] < previous["x0"]
        or char["x0"] > previous["x1"] + WORD_GAP
        or abs(char["top"] - previous["top"]) > LINE_TOLERANCE
    )


def _word(chars: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Given a word's chars, return its text (ligatures expanded) and top."""
    text = "".join(LIGATURES.get(c["text"], c["text"] or "") for c in chars)
    return {"text": text, "top": min(c["top"] for c in chars)}


def _cut_inside_word(line: Sequence[dict[str, Any]], following: Sequence[dict[str, Any]], room: float) -> bool:
    """Given one line, the next line and the room a full line has, return whether a word was cut between them.

    A word wider than its column is cut between letters with no hyphen: the line is that one
    word, the next line's first letter would not have fitted after it, and goes on in lower case.
    """
    words = "".join(c["text"] for c in sorted(line, key=itemgetter("x0"))).strip()
    first = min(following, key=itemgetter("x0"))
    if not first["text"].islower() or not words or any(ch.isspace() for ch in words):
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
        cut = room and _cut_inside_word(line, lines[index + 1], room)
        out += text + ("" if cut else "\n")
    return out


def make_cell(page: int, table: int, box: Box, chars: Sequence[dict[str, Any]], shaded: bool) -> Cell:
    """Given a cell box, its chars and fill state, return the Cell record."""
    text = cell_text(chars, box) if chars else ""
    text_bottom, line_height, last_width = _text_geometry(chars)
    return Cell(
        page=page,
        table=table,
        x0=box[0],
        top=box[1],
        x1=box[2],
        bottom=box[3],
        text=text.strip(" \n"),
        shaded=shaded,
        mark=_is_mark_text(text),
        text_bottom=text_bottom,
        line_height=line_height,
        last_line_width=last_width,
    )
