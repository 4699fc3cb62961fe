"""Blots of ink in a cell: a mark is one blot alone; a blot far wider than tall is a word whose letters ran together."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.backends.blots import has_mark, ink_blots, is_mark_blot, is_word_blot, reads_as_text

SCALE = 200 / 72


def _dark(draw) -> np.ndarray:
    image = np.full((60, 200), 255, np.uint8)
    draw(image)
    return (1.0 - image.astype(np.float32) / 255.0).astype(np.float32)


def _tick(image: np.ndarray) -> None:
    cv2.polylines(image, [np.array([[80, 30], [90, 45], [110, 12]], np.int32)], False, 0, 3)


def _word(image: np.ndarray) -> None:
    cv2.putText(image, "KEGIATAN", (8, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 3)
    # Toner spreads every stroke until the letters touch.
    image[:] = cv2.erode(image, np.ones((7, 7), np.uint8))


def test_a_tick_is_one_mark_and_no_word() -> None:
    blots = ink_blots(_dark(_tick))
    assert len(blots) == 1 and is_mark_blot(blots, SCALE)
    assert not is_word_blot(blots)
    assert has_mark(ink_blots(_dark(_tick)), "v", SCALE) and not has_mark(ink_blots(_dark(_tick)), "18", SCALE)


def test_a_heading_whose_spread_letters_touch_is_one_blot_that_lies_like_a_word() -> None:
    blots = ink_blots(_dark(_word))
    assert is_mark_blot(blots, SCALE)
    assert is_word_blot(blots)
    assert blots[0].width > 4 * blots[0].height


def test_an_empty_cell_has_no_blot() -> None:
    assert ink_blots(_dark(lambda image: None)) == []
    assert not is_word_blot([]) and not is_mark_blot([], SCALE)


def test_a_letter_with_its_stop_is_a_label_and_a_marks_glyph_with_a_stop_stays_a_mark() -> None:
    assert reads_as_text("A.") and reads_as_text("C.") and reads_as_text("b)")
    assert not reads_as_text("V.") and not reads_as_text("x.")
    assert not reads_as_text("v") and not reads_as_text("Vv")
    assert reads_as_text("18") and reads_as_text("SOP")


def _small_tick(image: np.ndarray) -> None:
    # A 150 dpi scan's tick: a blot of about 1.5 square points, under a mark's least ink unread.
    cv2.polylines(image, [np.array([[90, 30], [92, 33], [96, 26]], np.int32)], False, 0, 1)


def test_a_small_blot_read_as_a_marks_glyph_is_a_mark_and_unread_or_read_as_a_letter_is_not() -> None:
    blots = ink_blots(_dark(_small_tick))
    assert len(blots) == 1 and 1.0 <= blots[0].area / SCALE**2 < 2.0, blots
    assert not is_mark_blot(blots, SCALE)
    assert has_mark(blots, "v", SCALE) and has_mark(blots, "√", SCALE)
    assert not has_mark(blots, "", SCALE) and not has_mark(blots, "a", SCALE) and not has_mark(blots, "1", SCALE)
