"""Fills: the filled rectangles of a page that paint something, and the cells they shade."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .base import Box

WHITE_LUMINANCE = 0.92
# Points between the two rectangles of a border drawn as a ring: the border's width.
RING_INSET_PT = 3.0
MIN_FILL_COVER = 0.6


def luminance(color: Any) -> float:
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
    fills = [r for r in rects if r.get("fill") and luminance(r.get("non_stroking_color")) < WHITE_LUMINANCE]
    rings = ring_parts(fills)
    return [(r["x0"], r["top"], r["x1"], r["bottom"]) for i, r in enumerate(fills) if i not in rings]


def ring_parts(fills: Sequence[dict[str, Any]]) -> set[int]:
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
