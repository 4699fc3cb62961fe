"""Coloured ink: the stamp and the signature pressed over a signed page, told apart from the print.

A decree is printed in black; the office's round stamp and the signer's scrawl are pressed and
written over it in saturated blue, violet or red ink, often across the signature block and the
last rows of the table. Read as grey, that ink is one more dark blot: a mark in a month cell,
stray letters in a KET cell, a curve cutting a rule. So a colour page image is split before
anything is read from it: pixels of stamp ink (strongly coloured, of a stamp's hue) are taken out
of the grey image and the paper under them is filled in from around them.

A cell's shading is colour too (a yellow, green or blue fill), but a fill is one flat tint over
most of a cell, while stamp ink is strokes a point or two wide: coloured ink that a square of
FILL_PT survives is a fill and stays. Where a stroke crosses black print the two inks darken
each other to black, which has no colour, so the print under a stamp stays.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from .image import Grey, Mask

# A pixel is coloured ink when its channels part by this much (max - min, 0..255) ...
STAMP_MIN_CHROMA = 60
# ... and its hue (degrees, OpenCV's 0..180 scale doubled) is a stamp's: red, violet or blue,
# not the yellow and green of a fill or a highlighter.
STAMP_HUES_DEG = ((0.0, 30.0), (190.0, 360.0))
# Coloured ink that survives an opening with a square this wide (points) is a fill, not a stroke.
FILL_PT = 4.0
# Stamp ink is widened by this many pixels before it is taken out: the paler fringe of a stroke.
FRINGE_PX = 2
# The ink's level on bare paper, in its brightest channel: this percentile over its strokes
# (most of a stamp lies on paper; the darker rest lies over print).
INK_LEVEL_PERCENTILE = 75
# Under ink, a grey level this light is paper (a cell's fill is darker; the lightest, #BDD7EE, is 210
# and keeps most of its pixels, which is what its shading is read from).
PAPER_UNDER_INK = 200

Rgb = npt.NDArray[np.uint8]


def _chroma(rgb: Rgb) -> npt.NDArray[np.int16]:
    """Given an RGB image, return each pixel's chroma: its largest channel less its smallest."""
    wide = rgb.astype(np.int16)
    return wide.max(axis=2) - wide.min(axis=2)


def _stamp_hue(rgb: Rgb) -> Mask:
    """Given an RGB image, return where its hue is a stamp's (red, violet, blue)."""
    hue = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[..., 0].astype(np.float32) * 2.0
    inside = np.zeros(hue.shape, dtype=bool)
    for low, high in STAMP_HUES_DEG:
        inside |= (hue >= low) & (hue < high)
    return inside


def _strokes(coloured: Mask, scale: float) -> Mask:
    """Given where coloured ink is and pixels per point, return the part of it that is strokes, not fills."""
    size = max(3, round(FILL_PT * scale))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    fills = cv2.morphologyEx(coloured.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
    fills = cv2.dilate(fills.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return coloured & ~fills


def stamp_ink(rgb: Rgb, scale: float) -> Mask:
    """Given an RGB page image and its pixels per point, return where stamp and signature strokes lie."""
    return _strokes((_chroma(rgb) >= STAMP_MIN_CHROMA) & _stamp_hue(rgb), scale)


def _ink_level(brightest: npt.NDArray[np.uint8], ink: Mask) -> float:
    """Given each pixel's brightest channel and where stamp ink lies, return that channel's level in ink on paper."""
    return max(1.0, float(np.percentile(brightest[ink], INK_LEVEL_PERCENTILE)))


def without_stamp_ink(rgb: Rgb, scale: float) -> tuple[Grey, Mask]:
    """Given an RGB page image and its pixels per point, return its grey image with stamp ink taken out, and where.

    Ink darkens the paper under it channel by channel; in the ink's brightest channel it passes
    most light, so that channel, scaled by what the ink leaves of white paper there, is the paper,
    fill or print under it: white under a stroke on paper, grey under one across a fill, black
    under one across a letter.
    """
    grey = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    ink = stamp_ink(rgb, scale)
    if not ink.any():
        return grey, ink
    brightest = rgb.max(axis=2)
    size = 2 * FRINGE_PX + 1
    near = cv2.dilate(ink.astype(np.uint8), np.ones((size, size), np.uint8)).astype(bool)
    under = brightest[near].astype(np.float32) * (255.0 / _ink_level(brightest, ink))
    # A darker ink (a pen's, beside the stamp's) leaves paper a little grey: that is paper too.
    under[under >= PAPER_UNDER_INK] = 255.0
    cleaned = grey.copy()
    cleaned[near] = np.clip(under, 0, 255).astype(np.uint8)
    return cleaned, near


def is_colour(rgb: Rgb) -> bool:
    """Given an RGB image, return whether it holds colour (a greyscale scan rendered as RGB holds none)."""
    return bool((_chroma(rgb[::4, ::4]) >= STAMP_MIN_CHROMA).any())


def print_grey(rgb: Rgb, scale: float) -> Grey:
    """Given a page's colour rendering and pixels per point, return the print as grey, stamp and signature left out."""
    if not is_colour(rgb):
        return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    return without_stamp_ink(rgb, scale)[0]
