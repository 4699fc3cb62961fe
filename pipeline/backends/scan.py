"""scan backend: the ruled grid, the month marks and each cell's text read from the page image.

A scanned decree has no vector lines and no fill rectangles: its rules, shading and check marks
are ink in a page image. Each page is rendered in greyscale and straightened by the slope of its
rules (OCRmyPDF's deskew leaves a sparse page a little crooked); long thin runs of ink are the
rules, and their crossings give the grid, with a cell boundary kept only where a rule is drawn
along it, so merged cells come out merged. Each cell with ink is read by OCR from its own crop
(`cellocr`), an OCR text layer kept where it reads the same, and the words are put together by
the same rules as the other backends, then OCR's slips mended from the document's own words
(`ocrwords`); a cell is shaded when most of its inside is grey, and holds a mark when one
glyph-sized blot of ink (√ x •) sits in it and OCR does not read it as writing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
import numpy.typing as npt

from ..config import OCR_PDF
from . import cellocr
from ._shared import GridPos, chars_by_box, make_cell, merged_groups
from .base import Box, Cell, PageCells
from .blots import Blot, Dark, has_mark, ink_blots, is_mark_blot, is_word_blot, reads_as_text
from .colour_ink import print_grey
from .coverage import cells_coverage
from .image import (
    MIN_RULE_PT,
    POINTS_PER_INCH,
    WHITE,
    Grey,
    Mask,
    Rules,
    drawn_rules,
    ink_mask,
    render_rgb,
    rule_masks,
    without_rule_ink,
)
from .ocrwords import mended_pages

if TYPE_CHECKING:
    from ..ingest import Document

RENDER_DPI = 200
RAW_OCR_FOLDER = "cell-ocr"
IMAGE_GRID = "image grid"
# Runs of rule pixels closer than this are one rule (a thick or doubled line).
RULE_MERGE_PT = 2.5
# The page's slope is measured on horizontal rules at least this long; smaller slopes are left alone.
SLOPE_RULE_PT = 100.0
MIN_SKEW_DEGREES = 0.03
MAX_SKEW_DEGREES = 5.0
# A table is a connected web of rules at least this wide and tall.
MIN_TABLE_PT = 40.0
# A cell boundary is drawn when rule ink covers this share of it, looked for this far either side.
MIN_BORDER_COVER = 0.6
BORDER_BAND_PT = 1.5
# Inside a cell, this much next to each border belongs to the border (line width, scan blur).
BORDER_INSET_PT = 2.0
# A crop for OCR reaches this close to the borders (their ink is painted out).
CROP_INSET_PT = 0.5
# A lone number is cropped this far round its ink, and its reading is taken at this confidence
# (Tesseract reads a tick as "19" at 0.55, a printed number at 0.73 and above).
BLOT_MARGIN_PT = 3.0
MIN_BLOT_CONFIDENCE = 0.7
# A cell is shaded when its median darkness (0 white .. 1 black) reaches this: a fill covers it.
SHADE_DARKNESS = 0.10
# A row of cells most of which read as short numbers numbers the columns ("1 2 3 ... 18", or the month numbers).
MIN_NUMBER_SHARE = 0.5
MIN_NUMBER_CELLS = 4
MAX_NUMBER_CHARS = 3

PixelBox = tuple[int, int, int, int]
_IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


@dataclass(frozen=True)
class Straight:
    """A page image turned level, its rules, and the affine map (2x3) from the page's pixels to the level image's."""

    grey: Grey
    rules: Rules
    to_level: npt.NDArray[np.float64]


@dataclass(frozen=True)
class Grid:
    """One table's rule positions in pixels and its merged cells as pixel boxes (x0, top, x1, bottom)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[PixelBox, ...]


def _table_regions(rules: Rules, scale: float) -> list[PixelBox]:
    """Given a page's rules, return the pixel boxes of the webs of rules big enough to be tables, top to bottom."""
    lines = (rules.horizontal | rules.vertical).astype(np.uint8)
    web = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(web, connectivity=8)
    least = MIN_TABLE_PT * scale
    height, width = lines.shape
    boxes = [
        (int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h, _ in stats[1:count]
        if w >= least and h >= least and not _at_image_edge((x, y, x + w, y + h), width, height)
    ]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _at_image_edge(box: PixelBox, width: int, height: int) -> bool:
    """Given a web's pixel box and the image's size, return whether it reaches the image's edge.

    A printed table keeps the printer's margin; runs along the very edge are the paper's: a
    photocopy prints its edges as dark bands whose runs pass for rules all round the page.
    """
    x0, y0, x1, y1 = box
    return x0 <= 0 or y0 <= 0 or x1 >= width or y1 >= height


def _rule_positions(profile: npt.NDArray[np.int64], min_length: float, merge: float) -> tuple[float, ...]:
    """Given how many rule pixels each row (or column) holds, return the centres of the rules."""
    hits = np.flatnonzero(profile >= min_length)
    if hits.size == 0:
        return ()
    groups: list[list[int]] = [[int(hits[0])]]
    for index in hits[1:]:
        if index - groups[-1][-1] <= merge:
            groups[-1].append(int(index))
        else:
            groups.append([int(index)])
    return tuple((g[0] + g[-1]) / 2 for g in groups)


def _cover(strip: Mask) -> float:
    """Given the rule pixels along a boundary (boundary along axis 0, band across axis 1), return the share drawn."""
    if strip.size == 0:
        return 0.0
    return float(strip.any(axis=1).mean())


def _inset(start: float, end: float, band: int) -> slice:
    """Given a span's ends in pixels and the band, return the span without its ends where the crossing rules lie.

    A span too short for that (two rules a few pixels apart) is judged whole: an empty strip would
    say "no rule" and merge the cells on either side of a rule that is drawn.
    """
    inset = band + 1
    if int(end) - int(start) <= 2 * inset:
        return slice(int(start), int(end))
    return slice(int(start) + inset, int(end) - inset)


def _has_vertical(rules: Rules, x: float, top: float, bottom: float, band: int) -> bool:
    """Given a rule position x and a span top..bottom in pixels, return whether a vertical rule runs there."""
    strip = rules.vertical[_inset(top, bottom, band), max(0, int(x) - band) : int(x) + band + 1]
    return _cover(strip) >= MIN_BORDER_COVER


def _has_horizontal(rules: Rules, y: float, left: float, right: float, band: int) -> bool:
    """Given a rule position y and a span left..right in pixels, return whether a horizontal rule runs there."""
    strip = rules.horizontal[max(0, int(y) - band) : int(y) + band + 1, _inset(left, right, band)]
    return _cover(strip.T) >= MIN_BORDER_COVER


def _merged(rules: Rules, xs: Sequence[float], ys: Sequence[float], band: int) -> list[list[GridPos]]:
    """Given the rules and the grid lines, return the grid positions of each merged cell (no rule between them)."""
    return merged_groups(
        len(ys) - 1,
        len(xs) - 1,
        lambda r, c: not _has_vertical(rules, xs[c + 1], ys[r], ys[r + 1], band),
        lambda r, c: not _has_horizontal(rules, ys[r + 1], xs[c], xs[c + 1], band),
    )


def _group_box(group: Sequence[GridPos], xs: Sequence[float], ys: Sequence[float]) -> PixelBox:
    """Given the grid positions of a merged cell and the rule positions, return its pixel box."""
    rows, cols = [r for r, _ in group], [c for _, c in group]
    return (round(xs[min(cols)]), round(ys[min(rows)]), round(xs[max(cols) + 1]), round(ys[max(rows) + 1]))


def _region_grid(rules: Rules, region: PixelBox, scale: float) -> Grid:
    """Given a page's rules and one table region, return the table's grid and merged cells."""
    x0, y0, x1, y1 = region
    local = Rules(rules.horizontal[y0:y1, x0:x1], rules.vertical[y0:y1, x0:x1])
    least, merge = MIN_RULE_PT * scale, RULE_MERGE_PT * scale
    xs = tuple(x0 + x for x in _rule_positions(local.vertical.sum(axis=0), least, merge))
    ys = tuple(y0 + y for y in _rule_positions(local.horizontal.sum(axis=1), least, merge))
    if len(xs) < 2 or len(ys) < 2:
        return Grid(xs, ys, ())
    band = max(1, round(BORDER_BAND_PT * scale))
    return Grid(xs, ys, tuple(_group_box(g, xs, ys) for g in _merged(rules, xs, ys, band)))


def darkness(grey: Grey, box: PixelBox, scale: float) -> Dark:
    """Given a page image and a cell's pixel box, return the darkness (0..1) inside it, borders left out."""
    inset = round(BORDER_INSET_PT * scale)
    x0, top, x1, bottom = box
    inside = grey[top + inset : bottom - inset, x0 + inset : x1 - inset]
    return 1.0 - inside.astype(np.float32) / 255.0


def is_shaded_inside(dark: Dark) -> bool:
    """Given a cell's inside darkness, return whether a fill covers it (most of it is grey or darker)."""
    return dark.size > 0 and float(np.median(dark)) >= SHADE_DARKNESS


def rule_slope(horizontal: Mask, scale: float) -> float:
    """Given the horizontal rule mask, return the median slope (dy/dx) of its long rules (0 when none)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal.astype(np.uint8), connectivity=8)
    slopes = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < SLOPE_RULE_PT * scale:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        slopes.append(float(np.polyfit(xs, ys, 1)[0]))
    return float(np.median(slopes)) if slopes else 0.0


def straighten(grey: Grey, scale: float) -> Straight:
    """Given a page image, return it turned so that its rules run level, with its rules and the map there."""
    rules = rule_masks(ink_mask(grey, scale), scale)
    degrees = math.degrees(math.atan(rule_slope(rules.horizontal, scale)))
    if not MIN_SKEW_DEGREES <= abs(degrees) <= MAX_SKEW_DEGREES:
        return Straight(grey, rules, _IDENTITY)
    height, width = grey.shape
    turn = np.asarray(cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0), dtype=np.float64)
    level = np.asarray(cv2.warpAffine(grey, turn, (width, height), borderValue=WHITE), dtype=np.uint8)
    return Straight(level, rule_masks(ink_mask(level, scale), scale), turn)


def _level_chars(chars: Sequence[dict[str, Any]], straight: Straight, scale: float) -> list[dict[str, Any]]:
    """Given the page's chars, return copies moved with the page as it was levelled (each char keeps its size).

    The cells are read in the level image, so the chars are moved there rather than the cells
    turned back: a table's rows then keep one top and bottom across the page, as in a born-digital PDF.
    """
    if straight.to_level is _IDENTITY:
        return list(chars)
    moved = []
    for char in chars:
        centre = np.array([(char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2]) * scale
        dx, dy = (float(d) for d in (straight.to_level @ np.append(centre, 1.0) - centre) / scale)
        shifted = {"x0": char["x0"] + dx, "x1": char["x1"] + dx, "top": char["top"] + dy, "bottom": char["bottom"] + dy}
        moved.append({**char, **shifted, "doctop": char["doctop"] + dy})
    return moved


def _points(box: PixelBox, scale: float) -> Box:
    """Given a pixel box, return it in PDF points."""
    return (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale)


def _inside(box: PixelBox, scale: float, inset_pt: float = BORDER_INSET_PT) -> PixelBox:
    """Given a cell's pixel box, return its inside, inset_pt next to each border left out."""
    inset = round(inset_pt * scale)
    return (box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset)


def _to_read(grey: Grey, grid: Grid, blots: Sequence[Sequence[Blot]], scale: float) -> list[int]:
    """Given a level page image, a grid and its cells' blots of ink, return the cells to OCR one by one: those with
    ink.

    A tall merged cell holding one number has little ink for its size, so one glyph-sized blot is enough.
    """
    if not cellocr.tesseract_available():
        return []
    return [i for i, (box, b) in enumerate(zip(grid.cells, blots, strict=True)) if _inked(grey, box, b, scale)]


def _inked(grey: Grey, box: PixelBox, blots: Sequence[Blot], scale: float) -> bool:
    """Given a level page image, a cell's pixel box, its blots of ink and pixels per point, return whether the
    image holds ink there to read."""
    return cellocr.has_ink(grey, _inside(box, scale)) or is_mark_blot(blots, scale)


def _cell_reads(
    straight: Straight,
    grid: Grid,
    dark: Sequence[Dark],
    blots: Sequence[Sequence[Blot]],
    scale: float,
    keep: Path | None,
) -> dict[int, list[dict[str, Any]]]:
    """Given a level page, a grid, its cells' darkness and blots, and where raw OCR goes, return the OCR chars by
    cell.

    Text may sit down on a cell's bottom rule, so a crop reaches to the rule and the rule's own
    ink is painted out rather than cut off. A cell holding one blot (a lone number) is cropped
    close round its ink and read in black and white; unless the blot is a word whose letters ran
    together, it is a lone glyph, read again as one line when read as nothing.
    """
    chosen = _to_read(straight.grey, grid, blots, scale)
    text = without_rule_ink(straight.grey, drawn_rules(straight.rules, scale))
    dpi = scale * POINTS_PER_INCH
    margin = round(BLOT_MARGIN_PT * scale)
    crops, again = [], []
    for i in chosen:
        inside = _inside(grid.cells[i], scale, CROP_INSET_PT)
        blot, word = is_mark_blot(blots[i], scale), is_word_blot(blots[i])
        if blot:
            box = cellocr.ink_box(text, inside, margin)
            crops.append(cellocr.crop(text, box, dpi, binary=True, lone=not word))
        else:
            crops.append(cellocr.crop(text, inside, dpi))
        # A mark or a shaded month is no text to look for twice; a heading whose letters ran together is.
        again.append((not blot or word) and not is_shaded_inside(dark[i]))
    return dict(zip(chosen, cellocr.read_crops(crops, again, scale, keep), strict=True))


def _grid_cells(
    straight: Straight,
    grid: Grid,
    chars: Sequence[dict[str, Any]],
    at: tuple[int, int],
    scale: float,
    keep: Path | None,
    ocr_layer: bool,
) -> tuple[list[Cell], int]:
    """Given a level page image, one table's grid, the levelled chars, (page, table) and whether those chars are
    an OCR layer, return the table's cells and how many of them kept the text layer's text.
    """
    number, index = at
    boxes = [_points(b, scale) for b in grid.cells]
    dark = [darkness(straight.grey, pixels, scale) for pixels in grid.cells]
    blots = [ink_blots(d) for d in dark]
    reads = _cell_reads(straight, grid, dark, blots, scale, keep)
    cells, kept = [], 0
    for i, (box, inside) in enumerate(zip(boxes, chars_by_box(chars, boxes), strict=True)):
        layer = make_cell(number, index, box, inside, False)
        # A glyph or two of an OCR layer, no writing, where the image holds no ink is the layer's reading
        # of a shaded month or a speck ("(" in the shaded month 12 of a scanner's layer).
        if ocr_layer and not reads_as_text(layer.text) and not _inked(straight.grey, grid.cells[i], blots[i], scale):
            layer = make_cell(number, index, box, [], False)
        blot = is_mark_blot(blots[i], scale)
        cell = _chosen_cell(layer, reads.get(i) if ocr_layer or not layer.text else None, box, blot)
        kept += bool(cell.text) and cell is layer
        cells.append(replace(cell, shaded=is_shaded_inside(dark[i]), mark=has_mark(blots[i], cell.text, scale)))
    return cells, kept


def _chosen_cell(layer: Cell, read: Sequence[dict[str, Any]] | None, box: Box, blot: bool) -> Cell:
    """Given a cell as the text layer has it, its OCR chars (None: not read) and whether it holds one blot of ink,
    return the cell with the better text.

    The cell's own OCR is taken unless the layer reads the same. A cell holding one blot (a month
    mark, a lone number, "NO.") takes its OCR only when that reads as writing: a tick read on its
    own is any letter or two, or a number read unsure, and whether it is a mark is told by its ink.
    """
    if not read:
        return layer
    ocr = make_cell(layer.page, layer.table, box, read, False)
    sure = min(float(c["ocr_confidence"]) for c in read) >= MIN_BLOT_CONFIDENCE
    if blot and not (sure and reads_as_text(ocr.text)):
        return layer
    if cellocr.agrees(layer.text, ocr.text):
        return replace(layer, ocr_confidence=ocr.ocr_confidence)
    return ocr


def _is_number_text(text: str) -> bool:
    """Given a cell's OCR text, return whether it reads as a short number, perhaps with OCR noise ("11.", "9:")."""
    stripped = "".join(text.split())
    return any(ch.isdigit() for ch in stripped) and len(stripped) <= MAX_NUMBER_CHARS


def _numbered(cell: Cell) -> Cell:
    """Given a cell of a numbering row, return it holding only the digits OCR read, and no mark."""
    digits = "".join(ch for ch in cell.text if ch.isdigit()) if _is_number_text(cell.text) else ""
    return replace(cell, text=digits, mark=False)


def _clean_number_rows(cells: Sequence[Cell]) -> list[Cell]:
    """Given a table's cells, return them with the rows that number the columns cleaned of OCR noise.

    In such a row OCR drops lone digits and reads others with a stray letter or stop; a blot of
    ink there is an unread digit, not a month mark.
    """
    bands: dict[tuple[float, float], list[int]] = {}
    for i, cell in enumerate(cells):
        bands.setdefault((round(cell.top, 1), round(cell.bottom, 1)), []).append(i)
    out = list(cells)
    for members in bands.values():
        numbers = sum(_is_number_text(cells[i].text) for i in members)
        if len(members) >= MIN_NUMBER_CELLS and numbers >= MIN_NUMBER_SHARE * len(members):
            for i in members:
                out[i] = _numbered(cells[i])
    return out


def page_grids(rules: Rules, scale: float) -> list[Grid]:
    """Given a page's rules, return the grid of each table on it, top to bottom."""
    grids = [_region_grid(rules, region, scale) for region in _table_regions(rules, scale)]
    return [g for g in grids if g.cells]


def _strategy(cells: Sequence[Cell], kept: int) -> str:
    """Given a page's cells and how many kept the text layer's text, return the page's strategy for --report."""
    read = sum(bool(c.text) for c in cells)
    return f"{IMAGE_GRID}, text of {read} cells: {kept} from the text layer, {read - kept} by cell OCR"


def _has_ocr_layer(page: Any) -> bool:
    """Given a pdfplumber page, return whether its text is an OCR layer: invisible text laid over the image.

    Visible text was typeset: it is the text itself and is kept where it is. An OCR layer was read
    from the whole page and is checked against each cell's own OCR.
    """
    return bool(getattr(page, "invisible_chars", ())) or not page.chars


def page_to_cells(grey: Grey, page: Any, number: int, dpi: int = RENDER_DPI, keep: Path | None = None) -> PageCells:
    """Given a page's greyscale rendering, its pdfplumber page and 1-based number, return its table cells.

    The raw cell OCR is kept in the folder keep, when one is given.
    """
    scale = dpi / POINTS_PER_INCH
    straight = straighten(grey, scale)
    chars = _level_chars(page.chars, straight, scale)
    cells: list[Cell] = []
    kept = 0
    for index, grid in enumerate(page_grids(straight.rules, scale)):
        table, from_layer = _grid_cells(straight, grid, chars, (number, index), scale, keep, _has_ocr_layer(page))
        cells.extend(_clean_number_rows(table))
        kept += from_layer
    coverage = cells_coverage(chars, cells, _strategy(cells, kept))
    return PageCells(number, float(page.width), float(page.height), tuple(cells), coverage)


def _rendered(path: Any, pages: Sequence[int], dpi: int) -> Iterator[tuple[int, Grey]]:
    """Given a PDF path and 1-based page numbers, yield each page's print as grey, one page in memory at a time.

    A colour scan is rendered in colour, so that the stamp's and the signature's ink can be
    told from the print and left out (`colour_ink`) before the grid, text and marks are read.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in pages:
            yield number, print_grey(render_rgb(pdf, number - 1, dpi), dpi / POINTS_PER_INCH)
    finally:
        pdf.close()


def _raw_ocr_folder(document: Document) -> Path | None:
    """Given a document, return the interim folder for its raw cell OCR: beside the OCR'd copy, when it is one."""
    path = Path(document.path)
    return path.parent / RAW_OCR_FOLDER if path.name == OCR_PDF else None


class ScanBackend:
    """The grid, the marks and the cells' text from the page image."""

    name = "scan"

    def read_cells(self, document: Document, pages: Sequence[int]) -> list[PageCells]:
        """Given an opened (OCR'd) document and 1-based page numbers, return the cells found in each page image."""
        keep = _raw_ocr_folder(document)
        read = [
            page_to_cells(grey, document.pdf.pages[number - 1], number, RENDER_DPI, keep)
            for number, grey in _rendered(document.path, pages, RENDER_DPI)
        ]
        return mended_pages(read)
