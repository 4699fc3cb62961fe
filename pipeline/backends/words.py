"""Words: the text of one printed line read from its chars, as pdfplumber's `extract_text` reads it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any

from pdfplumber.utils import cluster_objects, extract_text
from pdfplumber.utils.text import LIGATURES

LINE_TOLERANCE = 3.0
# Points of gap between two chars beyond which they are separate words.
WORD_GAP = 1.5


def line_words_text(line: Sequence[dict[str, Any]]) -> str:
    """Given the chars of one printed line, return what pdfplumber's `extract_text` returns for them.

    Upright text, by far the usual, is read here the way pdfplumber's WordExtractor reads it
    (words split at blanks and at gaps over WORD_GAP, ligatures expanded, words joined by one
    space), without building its word and text maps; anything else goes to pdfplumber.
    """
    if not all(c["upright"] for c in line):
        return str(extract_text(list(line), x_tolerance=WORD_GAP, y_tolerance=LINE_TOLERANCE))
    rows = cluster_objects(list(line), itemgetter("top"), LINE_TOLERANCE)
    words = [_word(chars) for row in rows for chars in _word_chars(sorted(row, key=itemgetter("x0")))]
    lines = cluster_objects(words, itemgetter("top"), LINE_TOLERANCE)
    return "\n".join(" ".join(word["text"] for word in words_in_line) for words_in_line in lines)


def _word_chars(chars: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Given a line's chars from left to right, yield the chars of each word."""
    current: list[dict[str, Any]] = []
    for char in chars:
        if char["text"].isspace():
            if current:
                yield current
            current = []
            continue
        if current and _begins_word(current[-1], char):
            yield current
            current = []
        current.append(char)
    if current:
        yield current


def _begins_word(previous: dict[str, Any], char: dict[str, Any]) -> bool:
    """Given the last char of a word and the next char, return whether the next one starts a new word."""
    return bool(
        char["x0"] < previous["x0"]
        or char["x0"] > previous["x1"] + WORD_GAP
        or abs(char["top"] - previous["top"]) > LINE_TOLERANCE
    )


def _word(chars: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Given a word's chars, return its text (ligatures expanded) and top."""
    text = "".join(LIGATURES.get(c["text"], c["text"] or "") for c in chars)
    return {"text": text, "top": min(c["top"] for c in chars)}
