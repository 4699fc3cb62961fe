"""Blots of ink in a cell: whether a cell holds one mark (√ x •) or one word whose letters ran together.

A month mark is one glyph-sized blot of ink that outweighs every other blot in its cell. A lone
number ("1.", "18") is one blot too, told from a mark by OCR reading it as writing. A photocopy
spreads bold strokes until a heading's letters touch ("KEGIATAN" one blot): such a blot lies
along its line, far wider than tall, where a tick or a cross is about as wide as it is tall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from ..domain import load_domain
from ..marks import is_mark_text

Dark = npt.NDArray[np.float32]

# A pixel this dark is ink. A mark is one blot of at least MIN_MARK_PT2 square points that
# outweighs any other blot in the cell MARK_DOMINANCE times (specks of dust are far smaller).
INK_DARKNESS = 0.45
MIN_MARK_PT2 = 2.0
MIN_READ_MARK_PT2 = 1.0
MARK_DOMINANCE = 3.0
MAX_MARK_CHARS = 2
# A letter with its stop or bracket ("A.", "b)") is an item's label.
LABEL_CHARS = 2
LABEL_STOPS = ".)"
# A blot this many times as wide as it is tall is letters run together, not a mark.
WORD_ASPECT = 1.8


@dataclass(frozen=True)
class Blot:
    """One blot of ink in a cell: its ink pixel count and its box's width and height in pixels."""

    area: int
    width: int
    height: int


def ink_blots(dark: Dark) -> list[Blot]:
    """Given a cell's inside darkness, return its blots of ink, largest first.

    Ink within a pixel of other ink is one blot: JPEG and a thin pen break a tick's stroke.
    """
    if dark.size == 0:
        return []
    ink = (dark >= INK_DARKNESS).astype(np.uint8)
    joined = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    areas = np.bincount(labels[ink.astype(bool)], minlength=count)
    blots = [Blot(int(areas[i]), int(stats[i][2]), int(stats[i][3])) for i in range(1, count) if areas[i] > 0]
    return sorted(blots, key=lambda b: b.area, reverse=True)


def is_mark_blot(blots: Sequence[Blot], scale: float, min_pt2: float = MIN_MARK_PT2) -> bool:
    """Given a cell's blots, pixels per point and the least ink of a mark (square points), return whether they are
    one mark: big enough and alone."""
    if not blots:
        return False
    alone = len(blots) == 1 or blots[0].area >= MARK_DOMINANCE * blots[1].area
    return alone and blots[0].area >= min_pt2 * scale * scale


def is_word_blot(blots: Sequence[Blot]) -> bool:
    """Given a cell's blots (largest first), return whether the largest lies along a line like a word."""
    return bool(blots) and blots[0].width >= WORD_ASPECT * blots[0].height


def reads_as_text(text: str) -> bool:
    """Given a cell's OCR text, return whether it is writing rather than a mark (a digit, a word, or a letter
    with its stop).

    An area lettered "A." is one blot and its stop: no mark is printed with a stop, but a letter
    that is itself a mark's glyph ("V.", "x.") may be a tick read beside a speck, and stays a mark.
    """
    stripped = "".join(text.split())
    if any(ch.isdigit() for ch in stripped) or len(stripped) > MAX_MARK_CHARS:
        return True
    return (
        len(stripped) == LABEL_CHARS
        and stripped[0].isalpha()
        and stripped[1] in LABEL_STOPS
        and stripped[0] not in load_domain().month_marks
    )


def has_mark(blots: Sequence[Blot], text: str, scale: float) -> bool:
    """Given a cell's blots of ink, its OCR text and pixels per point, return whether a mark (√, x, •) is drawn in
    it.

    A blot read as a mark's glyph ("v") is a mark with less ink (MIN_READ_MARK_PT2): the ticks of a
    150 dpi scan leave blots of 1.9 to 2.6 square points.
    """
    if is_mark_blot(blots, scale):
        return not reads_as_text(text)
    return is_mark_text(text) and is_mark_blot(blots, scale, MIN_READ_MARK_PT2)
