"""The schedule chart's lines packed into A4 landscape pages.

A plan longer than one page is split over several images, whole areas per image where they fit;
an area longer than a page goes on over the next images, its headings repeated with "(lanjutan)".
The first image is `schedule.png`, the next ones `schedule-2.png`, `schedule-3.png`, ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ... import config
from ...domain import load_display
from .groups import AreaGroup

CHART_NAME = config.SCHEDULE_PNG
CHART_NAME_NEXT = config.SCHEDULE_PNG_NEXT

# A4 landscape at DPI; the layout is in points (1/72 inch), y growing downwards.
DPI = 150
PAGE_WIDTH_PX = 1754
PAGE_HEIGHT_PX = 1240
POINTS_PER_INCH = 72.0
PAGE_WIDTH = PAGE_WIDTH_PX / DPI * POINTS_PER_INCH
PAGE_HEIGHT = PAGE_HEIGHT_PX / DPI * POINTS_PER_INCH
HEADER_TOP = 36.0
HEADER_HEIGHT = 14.0
BOTTOM_MARGIN = 14.0
LINE_HEIGHT = 11.0


@dataclass(frozen=True)
class ChartLine:
    """One line of the chart: an area heading, a kegiatan heading or an indikator row."""

    kind: str
    text: str
    colour: str
    months: tuple[int, ...] = ()
    note: str = ""


def _area_note(area: AreaGroup) -> str:
    """Given an area, return its canonical name when it is printed otherwise."""
    return "" if area.canonical.casefold() in ("", area.area.casefold()) else area.canonical


def _area_lines(area: AreaGroup) -> list[ChartLine]:
    """Given an area, return its chart lines: its heading, then each kegiatan heading and its rows."""
    lines = [ChartLine("area", area.label, area.colour, note=_area_note(area))]
    for group in area.kegiatan:
        lines.append(ChartLine("kegiatan", group.label, area.colour, group.months))
        lines += [ChartLine("row", row.label, area.colour, row.months) for row in group.rows]
    return lines


def _page_capacity() -> int:
    """Return how many lines fit on one A4 page."""
    return int((PAGE_HEIGHT - HEADER_TOP - HEADER_HEIGHT - BOTTOM_MARGIN) // LINE_HEIGHT)


def _cut(lines: Sequence[ChartLine], room: int) -> int:
    """Given an area's remaining lines and the room left, return where to cut (never after a heading)."""
    cut = room
    while cut > 1 and lines[cut - 1].kind != "row":
        cut -= 1
    return cut if lines[cut - 1].kind == "row" else room


def _continued(done: Sequence[ChartLine], rest: Sequence[ChartLine]) -> list[ChartLine]:
    """Given the lines of an area already shown and those still to come, return the repeated headings."""
    area = next(line for line in done if line.kind == "area")
    continued = load_display().continued
    heads = [ChartLine("area", f"{area.text} {continued}", area.colour, note=area.note)]
    if rest[0].kind == "row":
        kegiatan = next(line for line in reversed(done) if line.kind == "kegiatan")
        heads.append(ChartLine("kegiatan", f"{kegiatan.text} {continued}", kegiatan.colour, kegiatan.months))
    return heads


def _paginate(areas: Sequence[list[ChartLine]], capacity: int) -> list[list[ChartLine]]:
    """Given every area's lines, return them packed into pages of at most capacity lines.

    An area that does not fit in what is left of a page starts the next one; one longer than a
    page is cut after a row and goes on with its headings repeated.
    """
    pages: list[list[ChartLine]] = []
    current: list[ChartLine] = []
    for lines in areas:
        if current and len(current) + len(lines) > capacity:
            pages.append(current)
            current = []
        shown: list[ChartLine] = []
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


def chart_pages(areas: Sequence[AreaGroup]) -> list[list[ChartLine]]:
    """Given the plan's areas, return the lines of each chart page (one page even for an empty plan)."""
    return _paginate([_area_lines(area) for area in areas], _page_capacity())


def line_top(index: int) -> float:
    """Given a line's 0-based place on the page, return its top."""
    return HEADER_TOP + HEADER_HEIGHT + index * LINE_HEIGHT


def page_height(lines: Sequence[ChartLine]) -> float:
    """Given a page's lines, return the image height in points (at most A4's)."""
    return min(PAGE_HEIGHT, line_top(len(lines)) + BOTTOM_MARGIN)
