"""What an amendment changed: pair the rows of two plans by content and list the differences.

The rows of OLD and NEW are paired top-down along the table's hierarchy: areas by `area_code`
(falling back to `area_no`), then within each pair of areas the runs of rows sharing a kegiatan,
then within those the runs sharing a sub kegiatan, then the indikator rows themselves. Each level
is an optimal assignment (`scipy.optimize.linear_sum_assignment`) on a similarity matrix. Rows
left unpaired by the hierarchy (a row moved to another kegiatan, a row under a kegiatan that was
rewritten beyond recognition) get a last chance against every other unpaired row, on their whole
content and with a stricter threshold. What stays unpaired is `added` or `removed`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.optimize import linear_sum_assignment

from pipeline.schema import COMPARED_FIELDS, DIFF_COLUMNS, DIFF_SCHEMA

from .row import Block, Pair, Row, rows_of, runs
from .settings import DEFAULT_SETTINGS, DiffSettings
from .similarity import row_similarity, squash, text_similarity, weighted_score

ADDED = "added"
REMOVED = "removed"
MODIFIED = "modified"

NUMBER_SUFFIX = "_no"

# The hierarchy below an area, outermost first: (number column, text column).
_LEVELS = (("kegiatan_no", "kegiatan"), ("sub_kegiatan_no", "sub_kegiatan"))


@dataclass(frozen=True)
class _Change:
    """One line of the diff table, with the key that orders it."""

    change: str
    area_no: int
    row_old: int | None
    row_new: int | None
    indikator_old: str | None
    indikator_new: str | None
    fields: tuple[str, ...]
    similarity: float | None
    order: tuple[float, float]
    values: tuple[dict[str, str], ...] = ()


# --- pairing -------------------------------------------------------------------------------


def _drift(n: int, m: int) -> np.ndarray:
    """Given two list lengths, return the |relative position| difference of every (i, j)."""
    old = (np.arange(n) + 0.5) / n
    new = (np.arange(m) + 0.5) / m
    return np.abs(old[:, None] - new[None, :])


def _assign(scores: np.ndarray, min_score: float, bias: float) -> list[tuple[int, int]]:
    """Given a score matrix, return the optimal (i, j) pairs scoring at least min_score.

    Each pair gains only its excess over min_score, so one strong pair beats two weak ones.
    """
    if scores.size == 0:
        return []
    eligible = scores >= min_score
    gain = np.where(eligible, scores - min_score - bias * _drift(*scores.shape), 0.0)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols, strict=True) if eligible[i, j])


def _score_matrix(old: Sequence[Any], new: Sequence[Any], score: Callable[[Any, Any], float]) -> np.ndarray:
    """Given two sequences and a scoring function, return the matrix of scores."""
    return np.array([[score(a, b) for b in new] for a in old], dtype=float).reshape(len(old), len(new))


def _unmatched(old: Sequence[Block], new: Sequence[Block], matches: list[tuple[int, int]]) -> list[Pair]:
    """Given blocks and their matches, return the rows of unmatched blocks as one-sided pairs."""
    taken_old = {i for i, _ in matches}
    taken_new = {j for _, j in matches}
    lonely_old = [(r, None) for i, b in enumerate(old) if i not in taken_old for r in b]
    lonely_new = [(None, r) for j, b in enumerate(new) if j not in taken_new for r in b]
    return [*lonely_old, *lonely_new]


def _area_score(a: Block, b: Block) -> float:
    """Given two area runs, return 1 for the same area_code, 0.5 for the same area_no if a code
    is missing, else 0."""
    code_a, code_b = a[0].area_code, b[0].area_code
    if code_a and code_b:
        return float(code_a == code_b)
    return 0.5 if a[0].area_no == b[0].area_no else 0.0


def _content(block: Block, depth: int) -> str:
    """Given a run of rows at a hierarchy depth, return the distinct texts beneath its label."""
    fields = [label for _, label in _LEVELS[depth + 1 :]] + ["indikator"]
    texts = (row.get(field) for row in block for field in fields)
    return " ".join(dict.fromkeys(text for text in texts if text))


def _block_score(a: Block, b: Block, depth: int, settings: DiffSettings) -> float:
    """Given two runs of rows at a hierarchy depth, return their similarity."""
    label = _LEVELS[depth][1]
    cw = settings.char_weight
    on_label = text_similarity(a[0].get(label), b[0].get(label), cw)
    on_content = text_similarity(_content(a, depth), _content(b, depth), cw)
    weight = settings.block_label_weight
    return weight * on_label + (1.0 - weight) * on_content


def _align_rows(old: Block, new: Block, settings: DiffSettings) -> list[Pair]:
    """Given the indikator rows of two paired sub kegiatan, return their pairing."""
    scores = _score_matrix(old, new, lambda a, b: weighted_score(a, b, settings.row_weights, settings.char_weight))
    matches = _assign(scores, settings.row_min_score, settings.order_bias)
    singles_old = [(row,) for row in old]
    singles_new = [(row,) for row in new]
    paired: list[Pair] = [(old[i], new[j]) for i, j in matches]
    return paired + _unmatched(singles_old, singles_new, matches)


def _align_level(old: Block, new: Block, depth: int, settings: DiffSettings) -> list[Pair]:
    """Given the rows of two paired parents, return their pairing from hierarchy depth down."""
    if depth == len(_LEVELS):
        return _align_rows(old, new, settings)
    number, label = _LEVELS[depth]
    old_blocks = runs(old, lambda r: (r.get(number), r.get(label)))
    new_blocks = runs(new, lambda r: (r.get(number), r.get(label)))
    scores = _score_matrix(old_blocks, new_blocks, lambda a, b: _block_score(a, b, depth, settings))
    matches = _assign(scores, settings.block_min_score, settings.order_bias)
    inner = (_align_level(old_blocks[i], new_blocks[j], depth + 1, settings) for i, j in matches)
    return [pair for pairs in inner for pair in pairs] + _unmatched(old_blocks, new_blocks, matches)


def _align_areas(old: Sequence[Row], new: Sequence[Row], settings: DiffSettings) -> list[Pair]:
    """Given two plans' rows, return their pairing through the area hierarchy."""
    area_key: Callable[[Row], Hashable] = lambda r: (r.area_no, r.area_code)  # noqa: E731
    old_areas, new_areas = runs(old, area_key), runs(new, area_key)
    matches = _assign(_score_matrix(old_areas, new_areas, _area_score), 0.5, settings.order_bias)
    inner = (_align_level(old_areas[i], new_areas[j], 0, settings) for i, j in matches)
    return [pair for pairs in inner for pair in pairs] + _unmatched(old_areas, new_areas, matches)


def _pair_moved(pairs: list[Pair], settings: DiffSettings) -> list[Pair]:
    """Given a pairing, return it with one-sided rows paired on their whole content if alike."""
    lonely_old = sorted((o for o, n in pairs if o is not None and n is None), key=_pos)
    lonely_new = sorted((n for o, n in pairs if o is None and n is not None), key=_pos)
    scores = _score_matrix(
        lonely_old,
        lonely_new,
        lambda a, b: weighted_score(a, b, settings.moved_weights, settings.char_weight),
    )
    matches = _assign(scores, settings.moved_min_score, settings.order_bias)
    kept = [(o, n) for o, n in pairs if o is not None and n is not None]
    moved: list[Pair] = [(lonely_old[i], lonely_new[j]) for i, j in matches]
    singles_old = [(row,) for row in lonely_old]
    singles_new = [(row,) for row in lonely_new]
    return kept + moved + _unmatched(singles_old, singles_new, matches)


def _pos(row: Row) -> int:
    """Given a row, return its position in its plan."""
    return row.pos


def _pair_rows(old: Sequence[Row], new: Sequence[Row], settings: DiffSettings = DEFAULT_SETTINGS) -> list[Pair]:
    """Given two plans' rows, return every row once, paired (old, new) or one-sided."""
    return _pair_moved(_align_areas(old, new, settings), settings)


# --- changes -------------------------------------------------------------------------------


def _differs(a: Any, b: Any) -> bool:
    """Given two values of a plan column, return whether they differ (white space ignored)."""
    if isinstance(a, str) and isinstance(b, str):
        return squash(a) != squash(b)
    return bool(a != b)


def _changed_fields(old: Row, new: Row) -> tuple[str, ...]:
    """Given two paired rows, return the compared plan columns that differ, in report order."""
    return tuple(f for f in COMPARED_FIELDS if _differs(old.get(f), new.get(f)))


def _value_text(value: Any) -> str:
    """Given a compared field's value, return it as diff.csv writes it (months as "1;2;3")."""
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _field_values(old: Row, new: Row, fields: Sequence[str]) -> tuple[dict[str, str], ...]:
    """Given two paired rows and their changed fields, return each field's old and new value."""
    return tuple(
        {"field": f, "old_value": _value_text(old.get(f)), "new_value": _value_text(new.get(f))} for f in fields
    )


def is_renumbered(fields: Sequence[str]) -> bool:
    """Given a modified row's changed fields, return whether only item numbers (`*_no`) changed."""
    return bool(fields) and all(f.endswith(NUMBER_SUFFIX) for f in fields)


def _new_positions(pairs: list[Pair], n_old: int) -> dict[int, float]:
    """Given a pairing, return for every old row position where it sits in NEW's order.

    A removed row sits just after the last NEW row holding anything that preceded it in OLD.
    """
    partner = {o.pos: n.row for o, n in pairs if o is not None and n is not None}
    placed: dict[int, float] = {}
    furthest = 0.0
    for pos in range(n_old):
        if pos in partner:
            furthest = max(furthest, float(partner[pos]))
            placed[pos] = float(partner[pos])
        else:
            placed[pos] = furthest + 0.5
    return placed


def _change_of(pair: Pair, placed: dict[int, float], settings: DiffSettings) -> _Change | None:
    """Given a pair, return its change (None when the rows are the same)."""
    old, new = pair
    if old is not None and new is not None:
        fields = _changed_fields(old, new)
        if not fields:
            return None
        similarity = row_similarity(old, new, settings)
        return _Change(
            MODIFIED, new.area_no, old.row, new.row, old.indikator, new.indikator,
            fields, similarity, (new.area_no, float(new.row)), _field_values(old, new, fields),
        )  # fmt: skip
    if new is not None:
        return _Change(
            ADDED, new.area_no, None, new.row, None, new.indikator,
            (), None, (new.area_no, float(new.row)),
        )  # fmt: skip
    assert old is not None
    return _Change(
        REMOVED, old.area_no, old.row, None, old.indikator, None,
        (), None, (old.area_no, placed[old.pos]),
    )  # fmt: skip


def _frame_of(changes: Sequence[_Change]) -> pd.DataFrame:
    """Given changes, return the diff table with the dtypes of DIFF_SCHEMA."""
    columns = {
        "change": pd.Series([c.change for c in changes], dtype="string"),
        "area_no": pd.Series([c.area_no for c in changes], dtype="int8"),
        "row_old": pd.Series([c.row_old for c in changes], dtype="Int32"),
        "row_new": pd.Series([c.row_new for c in changes], dtype="Int32"),
        "indikator_old": pd.Series([c.indikator_old for c in changes], dtype="string"),
        "indikator_new": pd.Series([c.indikator_new for c in changes], dtype="string"),
        "fields": pd.Series([list(c.fields) for c in changes], dtype=object),
        "similarity": pd.Series(pd.array([c.similarity for c in changes], dtype="Float32")),
        "values": pd.Series([list(c.values) for c in changes], dtype=object),
        "renumbered": pd.Series([is_renumbered(c.fields) for c in changes], dtype=bool),
    }
    return pd.DataFrame(columns)[list(DIFF_COLUMNS)]


def diff_plans(old: pd.DataFrame, new: pd.DataFrame, settings: DiffSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """Given two versions of a plan, return one row per indikator that changed.

    Columns and dtypes are those of DIFF_SCHEMA. `fields` lists the differing columns of
    COMPARED_FIELDS for `modified` and is empty for `added` / `removed`. `similarity` is that of
    the paired rows' joined texts (area, kegiatan, sub kegiatan, indikator, ket; numbers and
    months left out, so 1.0 means only those changed), and null for `added` / `removed`, which
    have no partner. `values` holds each changed field's old and new value, and `renumbered`
    says that only `*_no` columns changed. `area_no` is NEW's for
    added and modified rows, OLD's for removed ones. Rows are ordered by area_no, then by
    position in NEW (a removed row just after what preceded it in OLD). Differences only in
    `doc_id`, `row`, `page`, white space or extra columns are not changes.
    """
    old_rows, new_rows = rows_of(old), rows_of(new)
    pairs = _pair_rows(old_rows, new_rows, settings)
    placed = _new_positions(pairs, len(old_rows))
    changes = [c for pair in pairs if (c := _change_of(pair, placed, settings)) is not None]
    changes.sort(key=lambda c: (*c.order, c.row_old if c.row_old is not None else 0))
    return _frame_of(changes)


def diff_to_arrow(diff: pd.DataFrame) -> pa.Table:
    """Given a diff table, return it as an Arrow table conforming to DIFF_SCHEMA."""
    return pa.Table.from_pandas(diff[list(DIFF_COLUMNS)], schema=DIFF_SCHEMA, preserve_index=False)


# --- the summary ---------------------------------------------------------------------------


def summary_line(diff: pd.DataFrame) -> str:
    """Given a diff table, return e.g. "3 added, 2 removed, 7 modified" ("no changes" if empty)."""
    if diff.empty:
        return "no changes"
    counts = diff["change"].value_counts()
    return ", ".join(f"{int(counts.get(kind, 0))} {kind}" for kind in (ADDED, REMOVED, MODIFIED))
