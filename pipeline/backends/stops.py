"""Stops read from their ink: a word OCR read ending in ":" or "," ends in ";" when the glyph's shape says so,
and a stop read where no ink follows the word's letters is left out.

At a scan's resolution OCR reads the semicolon that closes most items of a plan ("...pemilu;")
as a colon or a comma, often. The three differ plainly in ink: a colon and a
semicolon have a dot up at the letters' middle, a comma and a semicolon a tail that hangs below
the line the letters sit on. So the glyph after a word's last letter is looked at, and where it
shows both plainly, a semicolon replaces the colon or comma read; otherwise the reading stays.
A scan's specks and a JPEG's halo are paler than the print: OCR reads one after a word as a stop
("Pelayanan Publik." over a grey speck), but no pixel after the letters is as dark as ink, as
even a faint printed stop's are.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .image import Grey

SEMICOLON = ";"
FULL_STOP = "."
MISREAD_SEMICOLON = ":,"
INK_LEVEL = 128
# A blot at least this share of the word's height is a letter; smaller ones are stops and specks.
MIN_LETTER_SHARE = 0.4
# A stop's blot floats when its foot is this share of the x-height above the letters' base line (the
# dot of ":" and ";"). Under it, a semicolon's dot-and-tail stands this many times as tall as the
# floating dot and hangs this share of the x-height below the base line; a colon's lower dot sits
# on the line, as tall as the upper one.
FLOAT_SHARE = 0.3
TAIL_RATIO = 1.5
TAIL_SHARE = 0.1
MIN_BLOT_PX = 2

PixelBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Blot:
    """One connected blot of ink in a word's box: its left, top, right and bottom in pixels."""

    left: int
    top: int
    right: int
    bottom: int


def _blots(ink: np.ndarray) -> list[_Blot]:
    """Given a word's ink mask, return its connected blots, specks left out."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    return [
        _Blot(int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h, area in stats[1:count]
        if area >= MIN_BLOT_PX * MIN_BLOT_PX
    ]


def _height(blots: list[_Blot]) -> int:
    """Given blots, return how tall they stand together, in pixels."""
    return max(b.bottom for b in blots) - min(b.top for b in blots)


def _is_semicolon(stop: list[_Blot], letters: list[_Blot]) -> bool:
    """Given the blots after a word's last letter and its letters' blots, return whether they are a semicolon:
    a floating dot over a mark at least TAIL_RATIO times its height that hangs below the base line.
    """
    base = float(np.median([b.bottom for b in letters]))
    x_height = base - float(np.median([b.top for b in letters]))
    floating = [b for b in stop if b.bottom <= base - FLOAT_SHARE * x_height]
    lower = [b for b in stop if b not in floating]
    if not (floating and lower):
        return False
    hangs = max(b.bottom for b in lower) >= base + TAIL_SHARE * x_height
    return hangs and _height(lower) >= TAIL_RATIO * max(1, _height(floating))


def _word_ink(image: Grey, box: PixelBox) -> tuple[np.ndarray, list[_Blot], list[_Blot]]:
    """Given a crop and a word's box in it, return the word's ink mask, its blots and those that are letters."""
    left, top, right, bottom = box
    ink = image[top:bottom, left:right] < INK_LEVEL
    blots = _blots(ink) if ink.size else []
    return ink, blots, [b for b in blots if b.bottom - b.top >= MIN_LETTER_SHARE * (bottom - top)]


def shows_semicolon(image: Grey, box: PixelBox) -> bool:
    """Given a crop and the box of a word in it that OCR read ending in a stop, return whether its ink is ";"."""
    _, blots, letters = _word_ink(image, box)
    if not letters:
        return False
    end_ = max(b.right for b in letters)
    stop = [b for b in blots if b.left >= end_ - 1 and b not in letters]
    return bool(stop) and _is_semicolon(stop, letters)


def shows_no_stop(image: Grey, box: PixelBox) -> bool:
    """Given a crop and the box of a word in it that OCR read ending in a stop, return whether no ink follows
    the word's letters (the stop read is a speck paler than the print)."""
    ink, _, letters = _word_ink(image, box)
    return bool(letters) and not ink[:, max(b.right for b in letters) :].any()


def mended_stop(text: str, image: Grey, box: PixelBox) -> str:
    """Given a word OCR read, its crop and its box there, return the word with a semicolon read as ":" or "," set right
    and a stop read where no ink follows the letters left out.

    Only that way: OCR reads a semicolon thin, never a colon or a comma thick, and a tail or a dot
    of a pixel or two may be lost to the scan but is not made by it.
    """
    if len(text) >= 3 and text.endswith(FULL_STOP) and text[-2].isalpha():
        return text[:-1] if shows_no_stop(image, box) else text
    if len(text) < 2 or text[-1] not in MISREAD_SEMICOLON:
        return text
    return text[:-1] + SEMICOLON if shows_semicolon(image, box) else text
