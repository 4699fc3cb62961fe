"""Page images of the LAMPIRAN with every detected table cell outlined by the role it played.

For checking an extraction by eye: header cells, merged cells (spanning several rows), cells
continued across a page break, month marks, plain body cells and cells that fed no row each get
their own colour, explained by a legend strip added below the page.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..backends.base import Cell
from ..rows import TableRead

DEFAULT_RESOLUTION = 100
FILE_NAME = "page-{page:02d}.png"
Colour = tuple[int, int, int, int]


@dataclass(frozen=True)
class RoleStyle:
    """How the cells of one role are drawn, and what the legend calls them."""

    label: str
    stroke: Colour
    fill: Colour
    stroke_width: int


NO_FILL: Colour = (0, 0, 0, 0)
ROLE_STYLES: dict[str, RoleStyle] = {
    "body": RoleStyle("body", (110, 110, 110, 255), NO_FILL, 1),
    "header": RoleStyle("header", (31, 119, 180, 255), (31, 119, 180, 50), 2),
    "merged": RoleStyle("merged (spans rows)", (230, 115, 0, 255), (255, 150, 30, 80), 2),
    "continued": RoleStyle("continued over a page break", (190, 0, 160, 255), (220, 60, 200, 80), 2),
    "mark": RoleStyle("month mark", (20, 130, 40, 255), (40, 170, 60, 150), 1),
    "unused": RoleStyle("unused", (215, 25, 25, 255), NO_FILL, 2),
}
# Later roles are drawn over earlier ones.
DRAW_ORDER = ("body", "header", "merged", "continued", "mark", "unused")

# The legend strip, in inches so that it scales with the resolution.
LEGEND_HEIGHT = 0.34
LEGEND_TEXT = 0.13
LEGEND_SWATCH = 0.14
LEGEND_PADDING = 0.1
LEGEND_GAP = 0.22
LEGEND_BACKGROUND = (245, 245, 245)
LEGEND_RULE = (160, 160, 160)
LEGEND_TEXT_COLOUR = (30, 30, 30)


def _page_roles(table: TableRead, page: int) -> dict[Cell, str]:
    """Given the table read and a page number, return the role of every cell on that page."""
    return {cell: role for cell, role in table.roles.items() if cell.page == page}


def _draw_cells(image: Any, roles: Mapping[Cell, str]) -> None:
    """Given a pdfplumber PageImage and cell roles, outline every cell in its role's style."""
    for role in DRAW_ORDER:
        style = ROLE_STYLES[role]
        boxes = [(c.x0, c.top, c.x1, c.bottom) for c, r in roles.items() if r == role]
        image.draw_rects(boxes, fill=style.fill, stroke=style.stroke, stroke_width=style.stroke_width)


def _pixels(inches: float, resolution: int) -> int:
    """Given a length in inches and the resolution, return it in pixels (at least 1)."""
    return max(1, round(inches * resolution))


def _legend_entries(roles: Iterable[str]) -> list[tuple[RoleStyle, int]]:
    """Given the roles of a page's cells, return each role's style with its cell count, in draw order."""
    counts = Counter(roles)
    return [(ROLE_STYLES[role], counts.get(role, 0)) for role in DRAW_ORDER]


def _with_legend(page_image: Image.Image, entries: list[tuple[RoleStyle, int]], resolution: int) -> Image.Image:
    """Given the annotated page and the legend entries, return the page with the legend strip below it."""
    width, height = page_image.size
    strip = _pixels(LEGEND_HEIGHT, resolution)
    canvas = Image.new("RGB", (width, height + strip), LEGEND_BACKGROUND)
    canvas.paste(page_image, (0, 0))
    draw = ImageDraw.Draw(canvas, "RGBA")
    draw.line([(0, height), (width, height)], fill=LEGEND_RULE, width=1)
    font = ImageFont.load_default(size=_pixels(LEGEND_TEXT, resolution))
    swatch, padding, gap = (_pixels(v, resolution) for v in (LEGEND_SWATCH, LEGEND_PADDING, LEGEND_GAP))
    x, middle = padding, height + strip // 2
    for style, count in entries:
        box = (x, middle - swatch // 2, x + swatch, middle + swatch // 2)
        draw.rectangle(box, fill=(255, 255, 255), outline=None)
        draw.rectangle(box, fill=style.fill, outline=style.stroke[:3], width=max(1, style.stroke_width))
        text = f"{style.label}: {count}"
        draw.text((x + swatch + padding // 2, middle), text, fill=LEGEND_TEXT_COLOUR, font=font, anchor="lm")
        x += swatch + padding // 2 + round(draw.textlength(text, font=font)) + gap
    return canvas


def _png(image: Image.Image) -> bytes:
    """Given an image, return its PNG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def page_overlay_png(pdf: Any, table: TableRead, page: int, resolution: int = DEFAULT_RESOLUTION) -> bytes:
    """Given an open pdfplumber PDF, the table read from it and a 1-based page, return the page's overlay PNG."""
    image = pdf.pages[page - 1].to_image(resolution=resolution, antialias=True)
    roles = _page_roles(table, page)
    _draw_cells(image, roles)
    return _png(_with_legend(image.annotated, _legend_entries(roles.values()), resolution))


def overlay_pngs(pdf: Any, table: TableRead, resolution: int = DEFAULT_RESOLUTION) -> dict[str, bytes]:
    """Given an open pdfplumber PDF and the table read from it, return an overlay PNG per LAMPIRAN page.

    Keys are "page-03.png" and so on (1-based page numbers), in page order.
    """
    pages = sorted({segment.page for segment in table.segments})
    return {FILE_NAME.format(page=page): page_overlay_png(pdf, table, page, resolution) for page in pages}
