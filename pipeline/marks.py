"""Month marks: whether a text is a mark, and one mark glyph that stands for several cut into one per mark.

A mark is one of domain.yaml's `month_marks` (√ ✓ v x • ...). A font may draw two adjacent
marks as one glyph whose text is both (`√√`, a glyph mapped to two characters): its box spans
the month cells it marks, but a glyph is given to the one cell its centre lies in. Cut into as
many equal glyphs as it has marks, each lies in the cell it covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .domain import load_domain

# A glyph's keys that measure its width; each piece takes its share.
_WIDTH_KEYS = ("width", "adv")


def is_mark_text(text: str) -> bool:
    """Given a cell's text, return whether it is a month mark (√ ✓ v x • ...), one or several."""
    stripped = "".join(text.split())
    return bool(stripped) and all(ch in load_domain().month_marks for ch in stripped)


def mark_pieces(char: dict[str, Any]) -> list[dict[str, Any]]:
    """Given a pdfplumber char, return it cut into one char per mark when its text is several marks, else [char]."""
    text = char.get("text", "")
    if len(text) < 2 or not is_mark_text(text) or any(ch.isspace() for ch in text):
        return [char]
    step = (char["x1"] - char["x0"]) / len(text)
    shares = {key: char[key] / len(text) for key in _WIDTH_KEYS if isinstance(char.get(key), int | float)}
    return [
        {**char, **shares, "text": mark, "x0": char["x0"] + i * step, "x1": char["x0"] + (i + 1) * step}
        for i, mark in enumerate(text)
    ]


def split_merged_marks(chars: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Given a page's chars, return them with every glyph of several marks cut into one char per mark, in order."""
    return [piece for char in chars for piece in mark_pieces(char)]
