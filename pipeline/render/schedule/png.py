"""The schedule chart drawn with matplotlib: one PNG per page, A4 landscape.

One line per indikator under its area and kegiatan headings, twelve month columns with a bar
where the indikator is scheduled, in the area's colour. Fonts are matplotlib's own DejaVu files
and the PNG carries no software metadata, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.typing import RcKeyType
from PIL import Image

from ...domain import load_display
from .glyphs import FONT_FAMILY, GlyphText, fit_text, text_width
from .groups import MONTHS, document_label, plan_to_areas
from .pages import (
    DPI,
    HEADER_HEIGHT,
    HEADER_TOP,
    LINE_HEIGHT,
    PAGE_WIDTH,
    PAGE_WIDTH_PX,
    POINTS_PER_INCH,
    ChartLine,
    chart_name,
    chart_pages,
    line_top,
    page_height,
)

MARGIN = 20.0
TITLE_BASELINE = 24.0
# Room kept between the title and the document's name beside it.
TITLE_GAP = 24.0
MONTH_WIDTH = 26.0
LABEL_GAP = 8.0
INDENTS = {"area": 4.0, "kegiatan": 6.0, "row": 14.0}
BAR_PADDING = 2.0
KEGIATAN_BAR_HEIGHT = 3.0
AREA_STRIPE = 3.0
AREA_TINT = 0.16
BAR_ZORDER = 2

TEXT_COLOUR = "#1A1A1A"
NOTE_COLOUR = "#555555"
BAND_COLOUR = "#F1F1F1"
GRID_COLOUR = "#D0D0D0"
QUARTER_COLOUR = "#8C8C8C"
RC_PARAMS: dict[RcKeyType, Any] = {
    "font.family": FONT_FAMILY,
    "svg.hashsalt": "schedule",
    "path.simplify": False,
    "text.antialiased": True,
}
# The page is opaque, so it is written as RGB without software metadata, at zlib's fastest level:
# a chart is mostly flat colour, which that level packs as small as the default one, in less time.
PNG_MODE = "RGB"
PNG_COMPRESS_LEVEL = 1


def _grid_left() -> float:
    """Return the x of the first month column."""
    return PAGE_WIDTH - MARGIN - len(MONTHS) * MONTH_WIDTH


def _runs(months: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Given ascending months, return runs of consecutive months as (first, last)."""
    for _, run in itertools.groupby(enumerate(months), key=lambda pair: pair[1] - pair[0]):
        values = [month for _, month in run]
        yield values[0], values[-1]


def _month_bars(line: ChartLine, top: float) -> list[Rectangle]:
    """Given a line and its top, return the bars of its scheduled months (runs drawn as one bar)."""
    if line.kind == "kegiatan":
        y, height = top + LINE_HEIGHT - KEGIATAN_BAR_HEIGHT - 1.0, KEGIATAN_BAR_HEIGHT
    else:
        y, height = top + BAR_PADDING, LINE_HEIGHT - 2 * BAR_PADDING
    left = _grid_left()
    return [
        Rectangle(
            (left + (first - 1) * MONTH_WIDTH + BAR_PADDING, y),
            (last - first + 1) * MONTH_WIDTH - 2 * BAR_PADDING,
            height,
            facecolor=line.colour,
            edgecolor="none",
        )
        for first, last in _runs(line.months)
    ]


def _backgrounds(lines: Sequence[ChartLine]) -> list[Rectangle]:
    """Given a page's lines, return the area bands and the banding of every other row."""
    patches: list[Rectangle] = []
    width = PAGE_WIDTH - 2 * MARGIN
    for index, line in enumerate(lines):
        top = line_top(index)
        if line.kind == "area":
            patches.append(Rectangle((MARGIN, top), width, LINE_HEIGHT, facecolor=line.colour, alpha=AREA_TINT))
            patches.append(Rectangle((MARGIN, top), AREA_STRIPE, LINE_HEIGHT, facecolor=line.colour))
        elif line.kind == "row" and index % 2:
            patches.append(Rectangle((MARGIN, top), width, LINE_HEIGHT, facecolor=BAND_COLOUR))
    return patches


def _grid(lines: Sequence[ChartLine]) -> LineCollection:
    """Given a page's lines, return the month column rules (quarters darker)."""
    left, top, bottom = _grid_left(), HEADER_TOP, line_top(len(lines))
    xs = [left + m * MONTH_WIDTH for m in range(len(MONTHS) + 1)]
    colours = [QUARTER_COLOUR if m % 3 == 0 else GRID_COLOUR for m in range(len(MONTHS) + 1)]
    widths = [0.8 if m % 3 == 0 else 0.5 for m in range(len(MONTHS) + 1)]
    return LineCollection([[(x, top), (x, bottom)] for x in xs], colors=colours, linewidths=widths)


def _draw_text(ax: Any, x: float, y: float, text: str, kind: str, **style: Any) -> None:
    """Draw text of a kind, as written, with its left (or given) anchor at x and its vertical centre at y."""
    style.setdefault("ha", "left")
    style.setdefault("color", TEXT_COLOUR)
    # Cell text is the decree's, never markup: "$x^2$" stays dollars and a caret.
    ax.add_artist(GlyphText(x, y, text, kind, **style))


def _draw_header(ax: Any, index: int, count: int, document: str) -> None:
    """Draw the page's title, the document with the image's place among the images, and the month names."""
    words = load_display()
    _draw_text(ax, MARGIN, TITLE_BASELINE - 6, words.schedule_title, "title")
    place = words.image_place.format(number=index + 1, count=count)
    if document:
        room = PAGE_WIDTH - 2 * MARGIN - text_width(words.schedule_title, "title") - TITLE_GAP
        place = fit_text(words.document_place.format(document=document, place=place), "note", room)
    _draw_text(ax, PAGE_WIDTH - MARGIN, TITLE_BASELINE - 6, place, "note", ha="right", color=NOTE_COLOUR)
    middle = HEADER_TOP + HEADER_HEIGHT / 2
    for month, name in zip(MONTHS, words.month_abbreviations, strict=True):
        _draw_text(ax, _grid_left() + (month - 0.5) * MONTH_WIDTH, middle, name, "header", ha="center")
    _draw_text(ax, MARGIN + INDENTS["row"], middle, words.label_heading, "header")


def _draw_labels(ax: Any, lines: Sequence[ChartLine]) -> None:
    """Draw every line's label, cut to the room left of the month columns."""
    for index, line in enumerate(lines):
        x = MARGIN + INDENTS[line.kind]
        room = _grid_left() - LABEL_GAP - x
        middle = line_top(index) + LINE_HEIGHT / 2
        label = fit_text(line.text, line.kind, room)
        _draw_text(ax, x, middle, label, line.kind)
        if line.note:
            note_x = x + text_width(label, line.kind) + LABEL_GAP
            note = fit_text(line.note, "aside", _grid_left() - LABEL_GAP - note_x)
            _draw_text(ax, note_x, middle, note, "aside", color=NOTE_COLOUR)


def _draw_unscheduled(ax: Any, lines: Sequence[ChartLine]) -> None:
    """Draw "tanpa jadwal" across the month columns of every row without a scheduled month."""
    centre = _grid_left() + len(MONTHS) * MONTH_WIDTH / 2
    for index, line in enumerate(lines):
        if line.kind == "row" and not line.months:
            middle = line_top(index) + LINE_HEIGHT / 2
            _draw_text(ax, centre, middle, load_display().no_months, "aside", ha="center", color=NOTE_COLOUR)


def _page_figure(lines: Sequence[ChartLine], index: int, count: int, document: str) -> Figure:
    """Given one page's lines and its place among the images, return its figure on an Agg canvas."""
    height_px = round(page_height(lines) / POINTS_PER_INCH * DPI)
    figure = Figure(figsize=(PAGE_WIDTH_PX / DPI, height_px / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, PAGE_WIDTH)
    ax.set_ylim(height_px / DPI * POINTS_PER_INCH, 0)
    ax.set_axis_off()
    ax.add_collection(PatchCollection(_backgrounds(lines), match_original=True, zorder=0))
    ax.add_collection(_grid(lines))
    bars = [bar for i, line in enumerate(lines) for bar in _month_bars(line, line_top(i))]
    ax.add_collection(PatchCollection(bars, match_original=True, zorder=BAR_ZORDER))
    _draw_header(ax, index, count, document)
    _draw_labels(ax, lines)
    _draw_unscheduled(ax, lines)
    return figure


def _png_bytes(figure: Figure) -> bytes:
    """Given a page's figure, draw it and return it as an RGB PNG.

    Each page gets a renderer of its own size, dropped once its PNG is made: a renderer kept for
    the run (or one per page with the canvas) held a page-sized buffer after the charts were drawn.
    """
    size = figure.canvas.get_width_height()
    renderer = RendererAgg(*size, DPI)
    figure.draw(renderer)
    image = Image.frombuffer("RGBA", size, renderer.buffer_rgba(), "raw", "RGBA", 0, 1).convert(PNG_MODE)
    del renderer
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def schedule_figures(plan: pd.DataFrame, document: str = "") -> Iterator[Figure]:
    """Given a plan and its document's name, yield the figure of each chart page in turn (one drawn at a time)."""
    pages = chart_pages(plan_to_areas(plan))
    label = document_label(plan, document)
    with matplotlib.rc_context(RC_PARAMS):
        for index, lines in enumerate(pages):
            yield _page_figure(lines, index, len(pages), label)


def schedule_png(plan: pd.DataFrame, document: str = "") -> list[tuple[str, bytes]]:
    """Given a plan and its document's name, return its Gantt-style schedule as [(file name, PNG bytes)].

    One A4 landscape page each, named schedule.png, then schedule-2.png, ... when the plan needs
    more than one page. Each names the document (office and nomor; the doc_id when not given).
    """
    pngs = []
    with matplotlib.rc_context(RC_PARAMS):
        for index, figure in enumerate(schedule_figures(plan, document)):
            pngs.append((chart_name(index), _png_bytes(figure)))
            # A figure's artists refer to one another; cleared, they go now, not at the next full collection.
            figure.clear()
    return pngs
