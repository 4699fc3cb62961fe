"""The schedule chart's text: its fonts, widths, cut labels, and a text artist drawn from glyph outlines.

Agg rasterizes a text glyph by glyph, laying the whole string out again for every draw, which was
most of a chart's cost. `GlyphText` is a matplotlib `Text` (its string, font, colour and anchor
read as any text artist's) that is drawn as one filled path: each character's outline is made once
per process and font, and a label is its characters' outlines placed at their summed advances,
the same widths that `fit_text` measures.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, cast

import matplotlib
import numpy as np
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path as GlyphPath
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D

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
ELLIPSIS = "…"
WIDTH_SAFETY = 1.02
# Where a line's box is measured from, as matplotlib does for one line of text: the tallest and
# deepest of these letters, so that every label of a kind shares one baseline offset.
LINE_METRIC_TEXT = "lp"
ANCHOR_SHARE = {"left": 0.0, "center": 0.5, "right": 1.0}
# A character's outline: its vertices (points, origin at its left baseline) and their path codes.
Outline = tuple[np.ndarray, np.ndarray]
_EMPTY: Outline = (np.zeros((0, 2)), np.zeros(0, dtype=GlyphPath.code_type))


@cache
def font(kind: str) -> FontProperties:
    """Given a text kind (title, area, kegiatan, row, ...), return its font."""
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILES[FONT_FACES[kind]]
    return FontProperties(fname=path, size=FONT_SIZES[kind])


@cache
def _char_width(char: str, kind: str) -> float:
    """Given one character and a text kind, return its advance in points."""
    width, _, _ = TextToPath().get_text_width_height_descent(char, font(kind), ismath=False)
    return float(width)


@cache
def _char_outline(char: str, kind: str) -> Outline:
    """Given one character and a text kind, return its outline."""
    vertices, codes = TextToPath().get_text_path(font(kind), char)
    if not len(vertices):
        return _EMPTY
    # get_text_path draws at TextToPath's own size; scaled to the font's size in points.
    scale = FONT_SIZES[kind] / TextToPath.FONT_SCALE
    return np.asarray(vertices, dtype=float) * scale, np.asarray(codes, dtype=GlyphPath.code_type)


@cache
def _line_box(kind: str) -> tuple[float, float]:
    """Given a text kind, return its line height and descent in points."""
    _, height, descent = TextToPath().get_text_width_height_descent(LINE_METRIC_TEXT, font(kind), ismath=False)
    return float(height), float(descent)


def text_width(text: str, kind: str) -> float:
    """Given a text and its kind, return about how wide it is drawn, in points."""
    # Summed advances, measured once per character: laying out every candidate cut is slow.
    return sum(_char_width(char, kind) for char in text) * WIDTH_SAFETY


def fit_text(text: str, kind: str, width: float) -> str:
    """Given a label, its kind and the width available, return it cut at a word and ended with "…" to fit."""
    if text_width(text, kind) <= width:
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(" ".join(words[:middle]) + ELLIPSIS, kind) <= width:
            low = middle
        else:
            high = middle - 1
    if low:
        return " ".join(words[:low]).rstrip(",;:") + ELLIPSIS
    cut = next((n for n in range(len(text), 0, -1) if text_width(text[:n] + ELLIPSIS, kind) <= width), 0)
    return text[:cut] + ELLIPSIS


def text_outline(text: str, kind: str) -> tuple[GlyphPath, float]:
    """Given a text and its kind, return its outline (points, origin at its left baseline) and its advance."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    x = 0.0
    for char in text:
        points, char_codes = _char_outline(char, kind)
        if len(points):
            vertices.append(points + np.array([x, 0.0]))
            codes.append(char_codes)
        x += _char_width(char, kind)
    if not vertices:
        return GlyphPath(*_EMPTY), x
    return GlyphPath(np.concatenate(vertices), np.concatenate(codes)), x


class GlyphText(Text):
    """A one-line text of a chart kind, anchored left, centre or right and centred vertically on its position.

    The text is the decree's, never markup: it is drawn as written, no mathtext or TeX.
    """

    def __init__(self, x: float, y: float, text: str, kind: str, **style: Any) -> None:
        """Given the anchor in data coordinates, the text, its kind and Text styles (ha, color), make the artist."""
        super().__init__(x, y, text, fontproperties=font(kind), va="center", parse_math=False, usetex=False, **style)
        self.kind = kind

    def draw(self, renderer: RendererBase) -> None:
        """Draw the text as its glyphs' outlines filled in its colour."""
        if renderer is not None:
            self._renderer = renderer
        text = self.get_text()
        if not self.get_visible() or not text:
            return
        renderer.open_group("text", self.get_gid())
        outline, advance = text_outline(text, self.kind)
        x, y = self.get_transform().transform(self.get_unitless_position())
        height, descent = _line_box(self.kind)
        scale = cast(float, renderer.points_to_pixels(1.0))
        left = -advance * ANCHOR_SHARE[self.get_horizontalalignment()]
        place = Affine2D().translate(left, descent - height / 2).scale(scale).translate(x, y)
        gc = renderer.new_gc()
        gc.set_antialiased(self.get_antialiased())
        # Unclipped: the chart's one axes covers the whole figure.
        gc.set_linewidth(0.0)
        colour = matplotlib.colors.to_rgba(self.get_color())
        renderer.draw_path(gc, outline, place, colour)
        gc.restore()
        renderer.close_group("text")
        self.stale = False
