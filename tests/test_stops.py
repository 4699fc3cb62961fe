"""Stops read from their ink: a semicolon OCR read as ":" or "," is set right by its dot and its tail."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.backends.stops import mended_stop, shows_no_stop, shows_semicolon

WHITE, BLACK = 255, 0
BASE, X_HEIGHT = 30, 14
WORD = (0, BASE - X_HEIGHT - 1, 60, BASE + 5)  # the word's box, as OCR gives it


def _word(stop: str) -> np.ndarray:
    """Return a 60 x 40 px image of three x-height letters on a base line, then the stop drawn as blots."""
    image = np.full((40, 60), WHITE, np.uint8)
    for left in (4, 16, 28):
        image[BASE - X_HEIGHT : BASE, left : left + 8] = BLACK
    dot = (slice(BASE - X_HEIGHT + 2, BASE - X_HEIGHT + 5), slice(42, 45))
    if stop in (";", ":"):
        image[dot] = BLACK
    if stop == ":":
        image[BASE - 3 : BASE, 42:45] = BLACK
    if stop in (";", ","):
        image[BASE - 3 : BASE + 4, 42:45] = BLACK  # a dot with its tail below the base line
    return image


def _tall_colon() -> np.ndarray:
    """Return a word ending in a colon whose lower dot blurred taller than the upper, still on the base line."""
    image = _word(":")
    image[BASE - 6 : BASE, 42:45] = BLACK
    return image


@pytest.mark.parametrize(("stop", "semicolon"), [(";", True), (":", False), (",", False), ("", False)])
def test_a_semicolon_is_a_dot_over_a_tail(stop: str, semicolon: bool) -> None:
    assert shows_semicolon(_word(stop), WORD) is semicolon


def test_a_colon_whose_lower_dot_blurred_is_no_semicolon() -> None:
    assert not shows_semicolon(_tall_colon(), WORD)


def test_only_a_colon_or_comma_read_over_semicolon_ink_is_mended() -> None:
    assert mended_stop("pemilu:", _word(";"), WORD) == "pemilu;"
    assert mended_stop("pemilu,", _word(";"), WORD) == "pemilu;"
    assert mended_stop("kepada:", _word(":"), WORD) == "kepada:"
    assert mended_stop("kerja,", _word(","), WORD) == "kerja,"
    assert mended_stop("SOP", _word(";"), WORD) == "SOP"


def _ended(stop_grey: int) -> np.ndarray:
    """Return the three letters with a dot of the given grey where a full stop sits."""
    image = _word("")
    image[BASE - 3 : BASE, 42:45] = stop_grey
    return image


def test_a_stop_read_over_a_speck_paler_than_the_print_is_left_out() -> None:
    speck, faint = _ended(170), _ended(110)
    assert shows_no_stop(speck, WORD) and shows_no_stop(_word(""), WORD)
    assert not shows_no_stop(faint, WORD) and not shows_no_stop(_ended(BLACK), WORD)
    assert mended_stop("Publik.", speck, WORD) == "Publik"
    assert mended_stop("kerja.", faint, WORD) == "kerja."
    assert mended_stop("kerja.", _ended(BLACK), WORD) == "kerja."
    # A stop after a number or a lone letter is a label's, however pale ("1." "a.").
    assert mended_stop("a.", speck, WORD) == "a."
    assert mended_stop("12.", speck, WORD) == "12."
