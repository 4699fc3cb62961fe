"""Visibility: the glyphs of a page drawn in vectors that a reader sees.

A glyph is not seen when it is painted in text render mode 3 (a scanner's OCR layer over
printed text), in the colour of what lies under it (white on the white page, or on a white
fill), or under an opaque fill painted after it (a box drawn over text). Glyphs a clip hides
are left out when the page is read (`pdfopen`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..pdfopen import CHAR_KIND, FastCharPage
from .fills import WHITE_LUMINANCE, luminance, ring_parts

# Points a filled rectangle must measure both ways to hide a glyph painted under it.
MIN_COVER_PT = 2.5


def visible(page: Any) -> Any:
    """Given a pdfplumber page, return it without the glyphs no reader sees (see the module docstring)."""
    if not isinstance(page, FastCharPage):
        return page
    hidden = set(page.invisible_chars) | _unseen(page.chars, page.rects, page.paint_order)
    if not hidden:
        return page
    return page.filter(lambda obj: obj.get("object_type") != CHAR_KIND or id(obj) not in hidden)


def _unseen(chars: Sequence[dict[str, Any]], rects: Sequence[dict[str, Any]], order: dict[int, int]) -> set[int]:
    """Given a page's chars, rects and paint order, return the ids of the chars their colour or a later fill hides."""
    if not chars:
        return set()
    fills = [r for r in rects if r.get("fill")]
    rings = ring_parts(fills)
    # A rule drawn as a thin rectangle hides no glyph.
    fills = [r for i, r in enumerate(fills) if i not in rings and min(r["width"], r["height"]) >= MIN_COVER_PT]
    shades = [luminance(c.get("non_stroking_color")) for c in chars]
    if not fills:
        return {id(c) for c, shade in zip(chars, shades, strict=True) if shade >= WHITE_LUMINANCE}
    cx = np.array([(c["x0"] + c["x1"]) / 2 for c in chars])
    cy = np.array([(c["top"] + c["bottom"]) / 2 for c in chars])
    box = np.array([(r["x0"], r["top"], r["x1"], r["bottom"]) for r in fills])
    under = (box[None, :, 0] <= cx[:, None]) & (cx[:, None] <= box[None, :, 2])
    under &= (box[None, :, 1] <= cy[:, None]) & (cy[:, None] <= box[None, :, 3])
    painted = np.array([order.get(id(r), -1) for r in fills])
    at = np.array([order.get(id(c), -1) for c in chars])
    covered: list[bool] = np.asarray((under & (painted[None, :] > at[:, None])).any(axis=1)).tolist()
    before = np.where(under & (painted[None, :] < at[:, None]), painted[None, :], -1)
    last = [int(j) for j in before.argmax(axis=1)]
    grounded: list[bool] = np.asarray(before.max(axis=1) >= 0).tolist()
    unseen: set[int] = set()
    for i, char in enumerate(chars):
        ground = fills[last[i]] if grounded[i] else None
        if covered[i] or _same_colour(char, shades[i], ground):
            unseen.add(id(char))
    return unseen


def _same_colour(char: dict[str, Any], shade: float, ground: dict[str, Any] | None) -> bool:
    """Given a char, its luminance and the fill under it (None: the white page), return whether they look alike."""
    if ground is None:
        return shade >= WHITE_LUMINANCE
    colour = ground.get("non_stroking_color")
    return char.get("non_stroking_color") == colour or min(shade, luminance(colour)) >= WHITE_LUMINANCE
