"""The plan's schedule for people: a Gantt-style chart (PNG, A4 landscape) and an HTML page.

One line per indikator, grouped by area and kegiatan in document order, twelve month columns
filled where the indikator is scheduled. Each area keeps one colour in every document (from
data/colours.yaml). A plan longer than one A4 page is split over several images, whole areas
per image where they fit; an area longer than a page goes on over the next images, its heading
repeated with "(lanjutan)". The first image is always `schedule.png`, the next ones
`schedule-2.png`, `schedule-3.png`, ... The same plan always gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.typing import RcKeyType

from ..domain import load_colours, load_display, load_domain
from ..records import months_of, record_text
from ..templating import render

CHART_NAME = "schedule.png"
CHART_NAME_NEXT = "schedule-{number}.png"
SCHEDULE_TEMPLATE = "schedule.html.j2"
MONTHS = tuple(range(1, 13))
# Text that stands for a row when its indikator cell is empty, in order of preference.
LABEL_TEXT_COLUMNS = ("indikator", "sub_kegiatan", "ket")
NUMBER_COLUMNS = ("kegiatan_no", "sub_kegiatan_no", "indikator_no")

# A4 landscape at DPI; the layout below is in points (1/72 inch), y growing downwards.
DPI = 150
PAGE_WIDTH_PX = 1754
PAGE_HEIGHT_PX = 1240
POINTS_PER_INCH = 72.0
PAGE_WIDTH = PAGE_WIDTH_PX / DPI * POINTS_PER_INCH
PAGE_HEIGHT = PAGE_HEIGHT_PX / DPI * POINTS_PER_INCH
MARGIN = 20.0
TITLE_BASELINE = 24.0
HEADER_TOP = 36.0
HEADER_HEIGHT = 14.0
BOTTOM_MARGIN = 14.0
LINE_HEIGHT = 11.0
MONTH_WIDTH = 26.0
LABEL_GAP = 8.0
INDENTS = {"area": 4.0, "kegiatan": 6.0, "row": 14.0}
BAR_PADDING = 2.0
KEGIATAN_BAR_HEIGHT = 3.0
AREA_STRIPE = 3.0
AREA_TINT = 0.16

FONT_FAMILY = "DejaVu Sans"
# The font files shipped with matplotlib, named by path so that no system font of the same name
# is picked instead: every machine then draws the same glyphs and the same bytes.
FONT_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}
FONT_SIZES = {"title": 12.0, "note": 7.5, "aside": 7.5, "header": 7.5, "area": 8.5, "kegiatan": 7.5, "row": 7.5}
FONT_FACES = {
    "title": "bold",
    "note": "normal",
    "aside": "italic",
    "header": "bold",
    "area": "bold",
    "kegiatan": "bold",
    "row": "normal",
}
TEXT_COLOUR = "#1A1A1A"
NOTE_COLOUR = "#555555"
BAND_COLOUR = "#F1F1F1"
GRID_COLOUR = "#D0D0D0"
QUARTER_COLOUR = "#8C8C8C"
ELLIPSIS = "…"
WIDTH_SAFETY = 1.02
RC_PARAMS: dict[RcKeyType, Any] = {
    "font.family": FONT_FAMILY,
    "svg.hashsalt": "schedule",
    "path.simplify": False,
    "text.antialiased": True,
}
PNG_METADATA: dict[str, str | None] = {"Software": None}


@dataclass(frozen=True)
class ScheduleRow:
    """One indikator line: its number, label text, months and full texts (for hovering)."""

    row: int
    number: str
    text: str
    months: tuple[int, ...]
    details: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        """Return "<kegiatan_no>.<sub_kegiatan_no>.<indikator_no> <text>" (empty numbers left out)."""
        return f"{self.number} {self.text}".strip()

    @property
    def hover(self) -> str:
        """Return the row's full texts, one "Field: text" line each."""
        return "\n".join(f"{name}: {text}" for name, text in self.details if text)


@dataclass(frozen=True)
class KegiatanGroup:
    """The consecutive rows of one kegiatan."""

    number: str
    text: str
    rows: tuple[ScheduleRow, ...]

    @property
    def label(self) -> str:
        """Return "<kegiatan_no>. <kegiatan>" ("(tanpa kegiatan)" standing for an empty kegiatan cell)."""
        text = self.text or load_display().no_kegiatan
        return f"{self.number}. {text}" if self.number else text

    @property
    def months(self) -> tuple[int, ...]:
        """Return the months in which any of its rows is scheduled."""
        return tuple(sorted({m for row in self.rows for m in row.months}))


@dataclass(frozen=True)
class AreaGroup:
    """The consecutive rows of one area, by kegiatan, with the area's canonical name and colour."""

    area_no: int
    area: str
    area_code: str
    canonical: str
    colour: str
    kegiatan: tuple[KegiatanGroup, ...]

    @property
    def label(self) -> str:
        """Return "<area_no>. <area as printed>"."""
        return f"{self.area_no}. {self.area}"

    @property
    def rows(self) -> tuple[ScheduleRow, ...]:
        """Return the area's rows in document order."""
        return tuple(row for group in self.kegiatan for row in group.rows)


@dataclass(frozen=True)
class _Line:
    """One line of the chart: an area heading, a kegiatan heading or an indikator row."""

    kind: str
    text: str
    colour: str
    months: tuple[int, ...] = ()
    note: str = ""


# --- colours and grouping -------------------------------------------------------------------


def area_colours() -> dict[str, str]:
    """Return the fixed colour (#RRGGBB) of every canonical area code."""
    return dict(load_colours().by_code)


def area_colour(code: str | None) -> str:
    """Given an area code (None when the area matched none), return its colour."""
    colours = load_colours()
    return colours.by_code.get(code or "", colours.unknown)


def _number(record: dict[str, Any], name: str) -> int:
    """Given a plan record and an integer column, return its value (0 for missing or null)."""
    text = record_text(record, name)
    return int(float(text)) if text else 0


def _record_to_row(record: dict[str, Any]) -> ScheduleRow:
    """Given one plan record, return its schedule line."""
    number = ".".join(n for n in (record_text(record, c) for c in NUMBER_COLUMNS) if n)
    text = next((t for t in (record_text(record, c) for c in LABEL_TEXT_COLUMNS) if t), "")
    # A month outside 1..12 is the validation's to report; the schedule has no column for it.
    months = tuple(m for m in months_of(record.get("bulan")) if m in MONTHS)
    words = load_display()
    details = tuple((title, record_text(record, name)) for name, title in words.hover_fields)
    shown = ", ".join(words.month_abbreviations[m - 1] for m in months) or words.no_months
    details += ((words.months_field, shown),)
    return ScheduleRow(_number(record, "row"), number, text, months, details)


def _canonical_name(code: str) -> str:
    """Given an area code, return its canonical name ("" when unknown)."""
    return next((a.name for a in load_domain().areas if a.code == code), "")


def _kegiatan_groups(records: Iterable[dict[str, Any]]) -> tuple[KegiatanGroup, ...]:
    """Given the records of one area, return its runs of rows sharing a kegiatan."""
    runs = itertools.groupby(records, key=lambda r: (record_text(r, "kegiatan_no"), record_text(r, "kegiatan")))
    return tuple(KegiatanGroup(no, text, tuple(map(_record_to_row, group))) for (no, text), group in runs)


def plan_to_areas(plan: pd.DataFrame) -> list[AreaGroup]:
    """Given a plan, return its rows grouped by area then kegiatan, in document order."""
    records = plan.to_dict("records")
    runs = itertools.groupby(records, key=lambda r: (_number(r, "area_no"), record_text(r, "area")))
    areas = []
    for (area_no, area), group in runs:
        rows = list(group)
        code = record_text(rows[0], "area_code")
        areas.append(
            AreaGroup(area_no, area, code, _canonical_name(code), area_colour(code or None), _kegiatan_groups(rows))
        )
    return areas


# --- pages of the chart ---------------------------------------------------------------------


def _area_note(area: AreaGroup) -> str:
    """Given an area, return its canonical name when it is printed otherwise."""
    return "" if area.canonical.casefold() in ("", area.area.casefold()) else area.canonical


def _area_lines(area: AreaGroup) -> list[_Line]:
    """Given an area, return its chart lines: its heading, then each kegiatan heading and its rows."""
    lines = [_Line("area", area.label, area.colour, note=_area_note(area))]
    for group in area.kegiatan:
        lines.append(_Line("kegiatan", group.label, area.colour, group.months))
        lines += [_Line("row", row.label, area.colour, row.months) for row in group.rows]
    return lines


def _capacity() -> int:
    """Return how many lines fit on one A4 page."""
    return int((PAGE_HEIGHT - HEADER_TOP - HEADER_HEIGHT - BOTTOM_MARGIN) // LINE_HEIGHT)


def _cut(lines: Sequence[_Line], room: int) -> int:
    """Given an area's remaining lines and the room left, return where to cut (never after a heading)."""
    cut = room
    while cut > 1 and lines[cut - 1].kind != "row":
        cut -= 1
    return cut if lines[cut - 1].kind == "row" else room


def _continued(done: Sequence[_Line], rest: Sequence[_Line]) -> list[_Line]:
    """Given the lines of an area already shown and those still to come, return the repeated headings."""
    area = next(line for line in done if line.kind == "area")
    continued = load_display().continued
    heads = [_Line("area", f"{area.text} {continued}", area.colour, note=area.note)]
    if rest[0].kind == "row":
        kegiatan = next(line for line in reversed(done) if line.kind == "kegiatan")
        heads.append(_Line("kegiatan", f"{kegiatan.text} {continued}", kegiatan.colour, kegiatan.months))
    return heads


def _paginate(areas: Sequence[list[_Line]], capacity: int) -> list[list[_Line]]:
    """Given every area's lines, return them packed into pages of at most capacity lines.

    An area that does not fit in what is left of a page starts the next one; one longer than a
    page is cut after a row and goes on with its headings repeated.
    """
    pages: list[list[_Line]] = []
    current: list[_Line] = []
    for lines in areas:
        if current and len(current) + len(lines) > capacity:
            pages.append(current)
            current = []
        shown: list[_Line] = []
        while len(current) + len(lines) > capacity:
            cut = _cut(lines, capacity - len(current))
            shown += lines[:cut]
            pages.append(current + lines[:cut])
            current, lines = _continued(shown, lines[cut:]), lines[cut:]
        current += lines
    return [*pages, current] if current or not pages else pages


def chart_name(index: int) -> str:
    """Given a 0-based image index, return its file name (schedule.png, schedule-2.png, ...)."""
    return CHART_NAME if index == 0 else CHART_NAME_NEXT.format(number=index + 1)


# --- drawing --------------------------------------------------------------------------------


@cache
def _font(kind: str) -> FontProperties:
    """Given a text kind (title, area, kegiatan, row, ...), return its font."""
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILES[FONT_FACES[kind]]
    return FontProperties(fname=path, size=FONT_SIZES[kind])


@cache
def _char_width(char: str, kind: str) -> float:
    """Given one character and a text kind, return its advance in points."""
    width, _, _ = TextToPath().get_text_width_height_descent(char, _font(kind), ismath=False)
    return float(width)


def _text_width(text: str, kind: str) -> float:
    """Given a text and its kind, return about how wide it is drawn, in points."""
    # Summed advances, measured once per character: laying out every candidate cut is slow.
    return sum(_char_width(char, kind) for char in text) * WIDTH_SAFETY


def fit_text(text: str, kind: str, width: float) -> str:
    """Given a label, its kind and the width available, return it cut at a word and ended with "…" to fit."""
    if _text_width(text, kind) <= width:
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if _text_width(" ".join(words[:middle]) + ELLIPSIS, kind) <= width:
            low = middle
        else:
            high = middle - 1
    if low:
        return " ".join(words[:low]).rstrip(",;:") + ELLIPSIS
    cut = next((n for n in range(len(text), 0, -1) if _text_width(text[:n] + ELLIPSIS, kind) <= width), 0)
    return text[:cut] + ELLIPSIS


def _grid_left() -> float:
    """Return the x of the first month column."""
    return PAGE_WIDTH - MARGIN - len(MONTHS) * MONTH_WIDTH


def _line_top(index: int) -> float:
    """Given a line's 0-based place on the page, return its top."""
    return HEADER_TOP + HEADER_HEIGHT + index * LINE_HEIGHT


def _runs(months: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Given ascending months, return runs of consecutive months as (first, last)."""
    for _, run in itertools.groupby(enumerate(months), key=lambda pair: pair[1] - pair[0]):
        values = [month for _, month in run]
        yield values[0], values[-1]


def _month_bars(line: _Line, top: float) -> list[Rectangle]:
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


def _backgrounds(lines: Sequence[_Line]) -> list[Rectangle]:
    """Given a page's lines, return the area bands and the banding of every other row."""
    patches: list[Rectangle] = []
    width = PAGE_WIDTH - 2 * MARGIN
    for index, line in enumerate(lines):
        top = _line_top(index)
        if line.kind == "area":
            patches.append(Rectangle((MARGIN, top), width, LINE_HEIGHT, facecolor=line.colour, alpha=AREA_TINT))
            patches.append(Rectangle((MARGIN, top), AREA_STRIPE, LINE_HEIGHT, facecolor=line.colour))
        elif line.kind == "row" and index % 2:
            patches.append(Rectangle((MARGIN, top), width, LINE_HEIGHT, facecolor=BAND_COLOUR))
    return patches


def _grid(lines: Sequence[_Line]) -> LineCollection:
    """Given a page's lines, return the month column rules (quarters darker)."""
    left, top, bottom = _grid_left(), HEADER_TOP, _line_top(len(lines))
    xs = [left + m * MONTH_WIDTH for m in range(len(MONTHS) + 1)]
    colours = [QUARTER_COLOUR if m % 3 == 0 else GRID_COLOUR for m in range(len(MONTHS) + 1)]
    widths = [0.8 if m % 3 == 0 else 0.5 for m in range(len(MONTHS) + 1)]
    return LineCollection([[(x, top), (x, bottom)] for x in xs], colors=colours, linewidths=widths)


def _draw_text(ax: Any, x: float, y: float, text: str, kind: str, **style: Any) -> None:
    """Draw text of a kind with its left (or given) anchor at x and its vertical centre at y."""
    style.setdefault("ha", "left")
    style.setdefault("color", TEXT_COLOUR)
    ax.text(x, y, text, fontproperties=_font(kind), va="center", **style)


def _draw_header(ax: Any, index: int, count: int, doc_id: str) -> None:
    """Draw the page's title, its place among the images and the month names."""
    words = load_display()
    _draw_text(ax, MARGIN, TITLE_BASELINE - 6, words.schedule_title, "title")
    place = words.image_place.format(number=index + 1, count=count)
    if doc_id:
        place = words.document_place.format(doc_id=doc_id, place=place)
    _draw_text(ax, PAGE_WIDTH - MARGIN, TITLE_BASELINE - 6, place, "note", ha="right", color=NOTE_COLOUR)
    middle = HEADER_TOP + HEADER_HEIGHT / 2
    for month, name in zip(MONTHS, words.month_abbreviations, strict=True):
        _draw_text(ax, _grid_left() + (month - 0.5) * MONTH_WIDTH, middle, name, "header", ha="center")
    _draw_text(ax, MARGIN + INDENTS["row"], middle, words.label_heading, "header")


def _draw_labels(ax: Any, lines: Sequence[_Line]) -> None:
    """Draw every line's label, cut to the room left of the month columns."""
    for index, line in enumerate(lines):
        x = MARGIN + INDENTS[line.kind]
        room = _grid_left() - LABEL_GAP - x
        middle = _line_top(index) + LINE_HEIGHT / 2
        label = fit_text(line.text, line.kind, room)
        _draw_text(ax, x, middle, label, line.kind)
        if line.note:
            note_x = x + _text_width(label, line.kind) + LABEL_GAP
            note = fit_text(line.note, "aside", _grid_left() - LABEL_GAP - note_x)
            _draw_text(ax, note_x, middle, note, "aside", color=NOTE_COLOUR)


def _draw_unscheduled(ax: Any, lines: Sequence[_Line]) -> None:
    """Draw "tanpa jadwal" across the month columns of every row without a scheduled month."""
    centre = _grid_left() + len(MONTHS) * MONTH_WIDTH / 2
    for index, line in enumerate(lines):
        if line.kind == "row" and not line.months:
            middle = _line_top(index) + LINE_HEIGHT / 2
            _draw_text(ax, centre, middle, load_display().no_months, "aside", ha="center", color=NOTE_COLOUR)


def _page_height(lines: Sequence[_Line]) -> float:
    """Given a page's lines, return the image height in points (at most A4's)."""
    return min(PAGE_HEIGHT, _line_top(len(lines)) + BOTTOM_MARGIN)


def _page_png(lines: Sequence[_Line], index: int, count: int, doc_id: str) -> bytes:
    """Given one page's lines and its place among the images, return the PNG."""
    height = _page_height(lines)
    height_px = round(height / POINTS_PER_INCH * DPI)
    with matplotlib.rc_context(RC_PARAMS):
        figure = Figure(figsize=(PAGE_WIDTH_PX / DPI, height_px / DPI), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, PAGE_WIDTH)
        ax.set_ylim(height_px / DPI * POINTS_PER_INCH, 0)
        ax.set_axis_off()
        ax.add_collection(PatchCollection(_backgrounds(lines), match_original=True, zorder=0))
        ax.add_collection(_grid(lines))
        bars = [bar for i, line in enumerate(lines) for bar in _month_bars(line, _line_top(i))]
        ax.add_collection(PatchCollection(bars, match_original=True, zorder=2))
        _draw_header(ax, index, count, doc_id)
        _draw_labels(ax, lines)
        _draw_unscheduled(ax, lines)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _doc_id(plan: pd.DataFrame) -> str:
    """Given a plan, return its doc_id ("" when it has none)."""
    values = plan["doc_id"].dropna().unique() if "doc_id" in plan.columns else []
    return str(values[0]) if len(values) == 1 else ""


def schedule_png(plan: pd.DataFrame) -> list[tuple[str, bytes]]:
    """Given a plan, return its Gantt-style schedule as [(file name, PNG bytes)], one A4 landscape page each.

    Names are schedule.png, then schedule-2.png, ... when the plan needs more than one page.
    """
    areas = [_area_lines(area) for area in plan_to_areas(plan)]
    pages = _paginate(areas, _capacity())
    doc_id = _doc_id(plan)
    return [(chart_name(i), _page_png(lines, i, len(pages), doc_id)) for i, lines in enumerate(pages)]


# --- HTML -----------------------------------------------------------------------------------


def _legend(areas: Sequence[AreaGroup]) -> list[dict[str, str]]:
    """Given the plan's areas, return the colour legend: every canonical area, then any unknown one."""
    entries = [{"name": a.name, "colour": area_colour(a.code)} for a in load_domain().areas]
    if any(area.area_code not in area_colours() for area in areas):
        entries.append({"name": load_display().unknown_area, "colour": area_colour(None)})
    return entries


def schedule_html(plan: pd.DataFrame) -> str:
    """Given a plan, return a self-contained HTML page of its schedule (no script, no external file).

    Areas are collapsible sections, rows are grouped by kegiatan, and hovering a row shows its
    full texts.
    """
    areas = plan_to_areas(plan)
    words = load_display()
    return render(
        SCHEDULE_TEMPLATE,
        title=words.schedule_title,
        doc_id=_doc_id(plan),
        areas=areas,
        legend=_legend(areas),
        months=list(zip(MONTHS, words.month_abbreviations, strict=True)),
        row_count=len(plan),
        label_heading=words.label_heading,
        no_months=words.no_months,
    )
