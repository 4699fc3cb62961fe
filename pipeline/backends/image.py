"""Page-image helpers the scan backend and the OCR plugin share: ink, rules, rendering.

A scan's rules, shading and marks are ink in a page image. Ink is a pixel darker than its
neighbourhood; rules are long straight runs of ink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

POINTS_PER_INCH = 72.0
WHITE = 255
# Ink: a pixel darker than its neighbourhood (a square of INK_WINDOW_PT) by INK_CONTRAST grey levels.
INK_WINDOW_PT = 8.0
INK_CONTRAST = 12
# A rule is a straight run of ink at least MIN_RULE_PT long; gaps up to RULE_GAP_PT (JPEG, toner) are bridged.
MIN_RULE_PT = 10.0
RULE_GAP_PT = 1.5
# Rules are widened by this much before they are painted out: the grey fringe of a scanned line.
RULE_FRINGE_PX = 1
# A horizontal run this long is a rule wherever it lies; a shorter one only where it meets a vertical
# rule (a border of one narrow cell). Letters joined along their baseline ("Lap") make short runs.
FREE_RULE_PT = 20.0

# Letters' ink is looked for this far above and below a horizontal run; a run with it beside more than
# MAX_LETTER_SHARE of its length is a line of fused letters.
LETTER_GAP_PT = 0.75
MAX_LETTER_SHARE = 0.5

Mask = npt.NDArray[np.bool_]
Grey = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Rules:
    """The rule masks of one page image: horizontal and vertical rule pixels."""

    horizontal: Mask
    vertical: Mask


def _odd(value: float) -> int:
    """Given a length in pixels, return the nearest odd integer of at least 3."""
    n = max(3, round(value))
    return n if n % 2 else n + 1


def ink_mask(grey: Grey, scale: float) -> Mask:
    """Given a greyscale page image and its pixels per point, return where ink is (darker than around it)."""
    window = _odd(INK_WINDOW_PT * scale)
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, INK_CONTRAST)
    return binary.astype(bool)


def _runs_along(ink: Mask, scale: float, axis: int) -> Mask:
    """Given an ink mask, return the ink in straight runs along axis (1: horizontal, 0: vertical).

    Runs are found before gaps are bridged: bridging first would join the letters of a word into a run.
    """
    length = max(3, round(MIN_RULE_PT * scale))
    gap = max(1, round(RULE_GAP_PT * scale))
    along = (length, 1) if axis == 1 else (1, length)
    bridge = (gap, 1) if axis == 1 else (1, gap)
    image = ink.astype(np.uint8)
    opened = cv2.morphologyEx(image, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))
    closed = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
    return closed.astype(bool)


def _off_letters(runs: Mask, vertical: Mask, ink: Mask, scale: float) -> Mask:
    """Given horizontal runs, the vertical rules, the ink mask and pixels per point, return the runs that are
    not a line of letters.

    A photocopy spreads strokes until the letters of "Organisasi" fuse along their foot or their
    top: such a run has the letters' ink just above or just below most of its length, where a rule
    has paper on both sides but where text touches it or another rule crosses it. A run that
    reaches a vertical rule at both ends is a border, however close the text above it sits.
    """
    letters = ink & ~runs & ~vertical
    near = cv2.dilate(vertical.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs.astype(np.uint8), connectivity=8)
    gap = max(2, round(LETTER_GAP_PT * scale))
    keep = np.zeros(count, dtype=bool)
    for label in range(1, count):
        x, y, width, tall, _ = (int(v) for v in stats[label])
        box = (slice(y, y + tall), slice(x, x + width))
        keep[label] = bool(near[box][:, 0].any() and near[box][:, -1].any()) or not _along_letters(
            labels[box] == label, letters, (x, y), gap
        )
    return keep[labels]


def _along_letters(run: Mask, letters: Mask, origin: tuple[int, int], gap: int) -> bool:
    """Given one run's mask in its box, the letters' ink, the box's origin and the gap in pixels, return whether
    letters lie just above or just below most of the run's length."""
    x, y = origin
    columns = np.flatnonzero(run.any(axis=0))
    tops = y + run[:, columns].argmax(axis=0) - gap
    bottoms = y + run.shape[0] - 1 - run[::-1, columns].argmax(axis=0) + gap
    height = letters.shape[0]
    for rows in (tops, bottoms):
        inside = (rows >= 0) & (rows < height)
        if inside.any() and float(letters[rows[inside], x + columns[inside]].mean()) >= MAX_LETTER_SHARE:
            return True
    return False


def rule_masks(ink: Mask, scale: float) -> Rules:
    """Given an ink mask and pixels per point, return its horizontal and vertical rules."""
    vertical = _runs_along(ink, scale, axis=0)
    return Rules(_off_letters(_runs_along(ink, scale, axis=1), vertical, ink, scale), vertical)


def drawn_rules(rules: Rules, scale: float) -> Rules:
    """Given a page's rules and pixels per point, return them without the short horizontal runs that meet no
    vertical rule: the baselines of letters joined by the scan, which are text, not rules.
    """
    runs = rules.horizontal.astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    near = cv2.dilate(rules.vertical.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    meets = np.zeros(count, dtype=bool)
    meets[np.unique(labels[near & rules.horizontal])] = True
    keep = meets | (stats[:, cv2.CC_STAT_WIDTH] >= FREE_RULE_PT * scale)
    keep[0] = False
    return Rules(keep[labels], rules.vertical)


def without_rule_ink(grey: Grey, rules: Rules, fringe: int = RULE_FRINGE_PX) -> Grey:
    """Given a greyscale page image and its rules, return a copy with the rules (and fringe pixels round them) white."""
    lines = (rules.horizontal | rules.vertical).astype(np.uint8)
    size = 2 * fringe + 1
    cleaned = grey.copy()
    cleaned[cv2.dilate(lines, np.ones((size, size), np.uint8)).astype(bool)] = WHITE
    return cleaned


def render_grey(pdf: Any, index: int, dpi: int) -> Grey:
    """Given a pypdfium2 document and a 0-based page index, return the page as a greyscale array."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
        return np.asarray(bitmap.to_pil().convert("L"), dtype=np.uint8).copy()
    finally:
        page.close()


def render_rgb(pdf: Any, index: int, dpi: int) -> npt.NDArray[np.uint8]:
    """Given a pypdfium2 document and a 0-based page index, return the page as an RGB array (height x width x 3)."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH)
        return np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8).copy()
    finally:
        page.close()
