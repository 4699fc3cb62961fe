"""The thresholds and weights of the pairing of two plans' rows, with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

CHAR_WEIGHT = 0.5
BLOCK_LABEL_WEIGHT = 0.6
BLOCK_MIN_SCORE = 0.5
ROW_WEIGHTS: tuple[tuple[str, float], ...] = (("indikator", 0.7), ("ket", 0.2), ("bulan", 0.1))
ROW_MIN_SCORE = 0.5
MOVED_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("area", 0.05),
    ("kegiatan", 0.1),
    ("sub_kegiatan", 0.1),
    ("indikator", 0.5),
    ("ket", 0.25),
)
MOVED_MIN_SCORE = 0.7
ORDER_BIAS = 0.01


@dataclass(frozen=True)
class DiffSettings:
    """Thresholds and weights of the pairing; every score is 0..1.

    char_weight: share of the character-level Indel similarity in a text similarity; the rest is
        the word-level one (texts equal but for white space always score 1).
    block_label_weight: share of the kegiatan / sub kegiatan text in the similarity of two runs of
        rows; the rest is the similarity of the texts beneath them (sub kegiatan and indikator), so
        a renamed kegiatan with the same content still pairs.
    block_min_score: two runs of rows pair only from this score on.
    row_weights: (field, weight) of the indikator-row similarity within a pair of sub kegiatan;
        `bulan` is the Jaccard similarity of the month sets. A field empty on both sides is left out
        and the other weights renormalised, so shared blanks do not make rows alike.
    row_min_score: two indikator rows under paired sub kegiatan pair only from this score on.
    moved_weights, moved_min_score: the same for rows left unpaired by the hierarchy, compared with
        every other unpaired row of the plan on their whole content; stricter, as the context is
        no longer known to match.
    order_bias: at most this much is taken off a score for a pair whose relative positions in
        their parents differ, so that identical texts pair in document order.
    """

    char_weight: float = CHAR_WEIGHT
    block_label_weight: float = BLOCK_LABEL_WEIGHT
    block_min_score: float = BLOCK_MIN_SCORE
    row_weights: tuple[tuple[str, float], ...] = ROW_WEIGHTS
    row_min_score: float = ROW_MIN_SCORE
    moved_weights: tuple[tuple[str, float], ...] = MOVED_WEIGHTS
    moved_min_score: float = MOVED_MIN_SCORE
    order_bias: float = ORDER_BIAS


DEFAULT_SETTINGS = DiffSettings()
