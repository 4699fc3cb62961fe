"""How alike two texts, two month sets and two rows of a plan are, each as a score 0..1.

Text similarity is the mean of a character-level and a word-level Indel similarity, so a typo fix
(`STOK` -> `SOTK`) scores high while two unrelated sentences of the same vocabulary score low.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import Indel

from .row import Row
from .settings import CHAR_WEIGHT, DEFAULT_SETTINGS, DiffSettings

TEXT_FIELDS = ("area", "kegiatan", "sub_kegiatan", "indikator", "ket")


def squash(text: str) -> str:
    """Given a text, return it without any white space (re-wrapping may add or drop a space)."""
    return "".join(text.split())


@lru_cache(maxsize=65536)
def text_similarity(a: str, b: str, char_weight: float = CHAR_WEIGHT) -> float:
    """Given two texts, return their similarity 0..1 (character- and word-level Indel mixed).

    Texts that differ only in white space score 1; a text against an empty one scores 0.
    """
    if squash(a) == squash(b):
        return 1.0
    chars = Indel.normalized_similarity(squash(a), squash(b))
    words = Indel.normalized_similarity(a.split(), b.split())
    return char_weight * chars + (1.0 - char_weight) * words


def _jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Given two month sets, return their Jaccard similarity (1 when both are empty)."""
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 1.0


def _field_score(a: Row, b: Row, field: str, char_weight: float) -> float | None:
    """Given two rows and a field, return the field's similarity, None when empty on both."""
    va, vb = a.get(field), b.get(field)
    if not va and not vb:
        return None
    if field == "bulan":
        return _jaccard(va, vb)
    return text_similarity(va, vb, char_weight)


def weighted_score(a: Row, b: Row, weights: tuple[tuple[str, float], ...], char_weight: float) -> float:
    """Given two rows and field weights, return their weighted similarity over non-blank fields."""
    scored = [
        (weight, score) for field, weight in weights if (score := _field_score(a, b, field, char_weight)) is not None
    ]
    total = sum(weight for weight, _ in scored)
    return sum(weight * score for weight, score in scored) / total if total else 1.0


def _row_text(row: Row) -> str:
    """Given a row, return its text fields joined (numbers and months left out)."""
    return " | ".join(row.get(field) for field in TEXT_FIELDS)


def row_similarity(a: Row, b: Row, settings: DiffSettings = DEFAULT_SETTINGS) -> float:
    """Given two paired rows, return the reported similarity: that of their joined texts.

    The texts are area, kegiatan, sub kegiatan, indikator and ket; numbers and months are left
    out, so 1.0 means that only numbering or months changed.
    """
    return text_similarity(_row_text(a), _row_text(b), settings.char_weight)
