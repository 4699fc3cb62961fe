"""What an amendment changed: pair the rows of two plans by content and list the differences.

The rows of OLD and NEW are paired top-down along the table's hierarchy: areas by `area_code`
(falling back to `area_no`), then within each pair of areas the runs of rows sharing a kegiatan,
then within those the runs sharing a sub kegiatan, then the indikator rows themselves. Each level
is an optimal assignment (`scipy.optimize.linear_sum_assignment`) on a similarity matrix. Rows
left unpaired by the hierarchy (a row moved to another kegiatan, a row under a kegiatan that was
rewritten beyond recognition) get a last chance against every other unpaired row, on their whole
content and with a stricter threshold. What stays unpaired is `added` or `removed`.

Text similarity is the mean of a character-level and a word-level Indel similarity, so a typo fix
(`STOK` -> `SOTK`) scores high while two unrelated sentences of the same vocabulary score low.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from rapidfuzz.distance import Indel
from scipy.optimize import linear_sum_assignment

from pipeline.schema import COMPARED_FIELDS, DIFF_COLUMNS, DIFF_SCHEMA

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

ADDED = "added"
REMOVED = "removed"
MODIFIED = "modified"
TEXT_FIELDS = ("area", "kegiatan", "sub_kegiatan", "indikator", "ket")
MONTH_ON = "■"
MONTH_OFF = "□"
MISSING_CELL = "—"

# The hierarchy below an area, outermost first: (number column, text column).
_LEVELS = (("kegiatan_no", "kegiatan"), ("sub_kegiatan_no", "sub_kegiatan"))
_NUMBER_OF = {
    "kegiatan": "kegiatan_no",
    "sub_kegiatan": "sub_kegiatan_no",
    "indikator": "indikator_no",
}
_SHOWN_FIELDS = ("area", "kegiatan", "sub_kegiatan", "indikator", "ket", "bulan")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~|<>\[\]#])")


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


@dataclass(frozen=True)
class _Row:
    """One indikator row of a plan, texts with white space collapsed."""

    pos: int
    row: int
    area_no: int
    area_code: str
    area: str
    kegiatan_no: str
    kegiatan: str
    sub_kegiatan_no: str
    sub_kegiatan: str
    indikator_no: str
    indikator: str
    ket: str
    bulan: tuple[int, ...]

    def get(self, field: str) -> Any:
        """Given a plan column name, return this row's value of it."""
        return getattr(self, field)


_Block = tuple[_Row, ...]
_Pair = tuple[_Row | None, _Row | None]


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
    similarity: float
    order: tuple[float, float]


# --- reading plans -------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    """Given a cell value, return whether it is missing (None, NaN, NA)."""
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


def _text(value: Any) -> str:
    """Given a cell value, return its text with white space collapsed ("" for a missing value)."""
    return "" if _missing(value) else " ".join(str(value).split())


def _months(value: Any) -> tuple[int, ...]:
    """Given a `bulan` value (list, array, `1;2;3` text or missing), return its sorted months."""
    if _missing(value):
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(";") if part.strip()]
    return tuple(sorted({int(month) for month in value}))


def _row_of(pos: int, rec: dict[str, Any]) -> _Row:
    """Given a plan record and its position, return the row."""
    return _Row(
        pos=pos,
        row=int(rec.get("row", pos + 1)),
        area_no=int(rec["area_no"]),
        area_code=_text(rec.get("area_code")),
        area=_text(rec.get("area")),
        kegiatan_no=_text(rec.get("kegiatan_no")),
        kegiatan=_text(rec.get("kegiatan")),
        sub_kegiatan_no=_text(rec.get("sub_kegiatan_no")),
        sub_kegiatan=_text(rec.get("sub_kegiatan")),
        indikator_no=_text(rec.get("indikator_no")),
        indikator=_text(rec.get("indikator")),
        ket=_text(rec.get("ket")),
        bulan=_months(rec.get("bulan")),
    )


def _rows_of(plan: pd.DataFrame) -> tuple[_Row, ...]:
    """Given a plan DataFrame, return its rows in document order."""
    ordered = plan.sort_values("row", kind="stable") if "row" in plan.columns else plan
    return tuple(_row_of(i, rec) for i, rec in enumerate(ordered.to_dict("records")))


def _runs(rows: Iterable[_Row], key: Callable[[_Row], Hashable]) -> list[_Block]:
    """Given rows, return the runs of consecutive rows sharing the same key."""
    return [tuple(run) for _, run in itertools.groupby(rows, key)]


# --- similarity ----------------------------------------------------------------------------


def _squash(text: str) -> str:
    """Given a text, return it without any white space (re-wrapping may add or drop a space)."""
    return "".join(text.split())


@lru_cache(maxsize=65536)
def text_similarity(a: str, b: str, char_weight: float = CHAR_WEIGHT) -> float:
    """Given two texts, return their similarity 0..1 (character- and word-level Indel mixed).

    Texts that differ only in white space score 1; a text against an empty one scores 0.
    """
    if _squash(a) == _squash(b):
        return 1.0
    chars = Indel.normalized_similarity(_squash(a), _squash(b))
    words = Indel.normalized_similarity(a.split(), b.split())
    return char_weight * chars + (1.0 - char_weight) * words


def _jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Given two month sets, return their Jaccard similarity (1 when both are empty)."""
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 1.0


def _field_score(a: _Row, b: _Row, field: str, char_weight: float) -> float | None:
    """Given two rows and a field, return the field's similarity, None when empty on both."""
    va, vb = a.get(field), b.get(field)
    if not va and not vb:
        return None
    if field == "bulan":
        return _jaccard(va, vb)
    return text_similarity(va, vb, char_weight)


def _weighted_score(a: _Row, b: _Row, weights: tuple[tuple[str, float], ...], char_weight: float) -> float:
    """Given two rows and field weights, return their weighted similarity over non-blank fields."""
    scored = [
        (weight, score) for field, weight in weights if (score := _field_score(a, b, field, char_weight)) is not None
    ]
    total = sum(weight for weight, _ in scored)
    return sum(weight * score for weight, score in scored) / total if total else 1.0


def _row_text(row: _Row) -> str:
    """Given a row, return its text fields joined (numbers and months left out)."""
    return " | ".join(row.get(field) for field in TEXT_FIELDS)


def _row_similarity(a: _Row, b: _Row, settings: DiffSettings = DiffSettings()) -> float:
    """Given two paired rows, return the reported similarity: that of their joined texts.

    The texts are area, kegiatan, sub kegiatan, indikator and ket; numbers and months are left
    out, so 1.0 means that only numbering or months changed.
    """
    return text_similarity(_row_text(a), _row_text(b), settings.char_weight)


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


def _unmatched(old: Sequence[_Block], new: Sequence[_Block], matches: list[tuple[int, int]]) -> list[_Pair]:
    """Given blocks and their matches, return the rows of unmatched blocks as one-sided pairs."""
    taken_old = {i for i, _ in matches}
    taken_new = {j for _, j in matches}
    lonely_old = [(r, None) for i, b in enumerate(old) if i not in taken_old for r in b]
    lonely_new = [(None, r) for j, b in enumerate(new) if j not in taken_new for r in b]
    return [*lonely_old, *lonely_new]


def _area_score(a: _Block, b: _Block) -> float:
    """Given two area runs, return 1 for the same area_code, 0.5 for the same area_no if a code
    is missing, else 0."""
    code_a, code_b = a[0].area_code, b[0].area_code
    if code_a and code_b:
        return float(code_a == code_b)
    return 0.5 if a[0].area_no == b[0].area_no else 0.0


def _content(block: _Block, depth: int) -> str:
    """Given a run of rows at a hierarchy depth, return the distinct texts beneath its label."""
    fields = [label for _, label in _LEVELS[depth + 1 :]] + ["indikator"]
    texts = (row.get(field) for row in block for field in fields)
    return " ".join(dict.fromkeys(text for text in texts if text))


def _block_score(a: _Block, b: _Block, depth: int, settings: DiffSettings) -> float:
    """Given two runs of rows at a hierarchy depth, return their similarity."""
    label = _LEVELS[depth][1]
    cw = settings.char_weight
    on_label = text_similarity(a[0].get(label), b[0].get(label), cw)
    on_content = text_similarity(_content(a, depth), _content(b, depth), cw)
    weight = settings.block_label_weight
    return weight * on_label + (1.0 - weight) * on_content


def _align_rows(old: _Block, new: _Block, settings: DiffSettings) -> list[_Pair]:
    """Given the indikator rows of two paired sub kegiatan, return their pairing."""
    scores = _score_matrix(old, new, lambda a, b: _weighted_score(a, b, settings.row_weights, settings.char_weight))
    matches = _assign(scores, settings.row_min_score, settings.order_bias)
    singles_old = [(row,) for row in old]
    singles_new = [(row,) for row in new]
    paired: list[_Pair] = [(old[i], new[j]) for i, j in matches]
    return paired + _unmatched(singles_old, singles_new, matches)


def _align_level(old: _Block, new: _Block, depth: int, settings: DiffSettings) -> list[_Pair]:
    """Given the rows of two paired parents, return their pairing from hierarchy depth down."""
    if depth == len(_LEVELS):
        return _align_rows(old, new, settings)
    number, label = _LEVELS[depth]
    old_blocks = _runs(old, lambda r: (r.get(number), r.get(label)))
    new_blocks = _runs(new, lambda r: (r.get(number), r.get(label)))
    scores = _score_matrix(old_blocks, new_blocks, lambda a, b: _block_score(a, b, depth, settings))
    matches = _assign(scores, settings.block_min_score, settings.order_bias)
    inner = (_align_level(old_blocks[i], new_blocks[j], depth + 1, settings) for i, j in matches)
    return [pair for pairs in inner for pair in pairs] + _unmatched(old_blocks, new_blocks, matches)


def _align_areas(old: Sequence[_Row], new: Sequence[_Row], settings: DiffSettings) -> list[_Pair]:
    """Given two plans' rows, return their pairing through the area hierarchy."""
    area_key: Callable[[_Row], Hashable] = lambda r: (r.area_no, r.area_code)  # noqa: E731
    old_areas, new_areas = _runs(old, area_key), _runs(new, area_key)
    matches = _assign(_score_matrix(old_areas, new_areas, _area_score), 0.5, settings.order_bias)
    inner = (_align_level(old_areas[i], new_areas[j], 0, settings) for i, j in matches)
    return [pair for pairs in inner for pair in pairs] + _unmatched(old_areas, new_areas, matches)


def _pair_moved(pairs: list[_Pair], settings: DiffSettings) -> list[_Pair]:
    """Given a pairing, return it with one-sided rows paired on their whole content if alike."""
    lonely_old = sorted((o for o, n in pairs if o is not None and n is None), key=_pos)
    lonely_new = sorted((n for o, n in pairs if o is None and n is not None), key=_pos)
    scores = _score_matrix(
        lonely_old,
        lonely_new,
        lambda a, b: _weighted_score(a, b, settings.moved_weights, settings.char_weight),
    )
    matches = _assign(scores, settings.moved_min_score, settings.order_bias)
    kept = [(o, n) for o, n in pairs if o is not None and n is not None]
    moved: list[_Pair] = [(lonely_old[i], lonely_new[j]) for i, j in matches]
    singles_old = [(row,) for row in lonely_old]
    singles_new = [(row,) for row in lonely_new]
    return kept + moved + _unmatched(singles_old, singles_new, matches)


def _pos(row: _Row) -> int:
    """Given a row, return its position in its plan."""
    return row.pos


def _pair_rows(old: Sequence[_Row], new: Sequence[_Row], settings: DiffSettings = DiffSettings()) -> list[_Pair]:
    """Given two plans' rows, return every row once, paired (old, new) or one-sided."""
    return _pair_moved(_align_areas(old, new, settings), settings)


# --- changes -------------------------------------------------------------------------------


def _differs(a: Any, b: Any) -> bool:
    """Given two values of a plan column, return whether they differ (white space ignored)."""
    if isinstance(a, str) and isinstance(b, str):
        return _squash(a) != _squash(b)
    return bool(a != b)


def _changed_fields(old: _Row, new: _Row) -> tuple[str, ...]:
    """Given two paired rows, return the compared plan columns that differ, in report order."""
    return tuple(f for f in COMPARED_FIELDS if _differs(old.get(f), new.get(f)))


def _new_positions(pairs: list[_Pair], n_old: int) -> dict[int, float]:
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


def _change_of(pair: _Pair, placed: dict[int, float], settings: DiffSettings) -> _Change | None:
    """Given a pair, return its change (None when the rows are the same)."""
    old, new = pair
    if old is not None and new is not None:
        fields = _changed_fields(old, new)
        if not fields:
            return None
        similarity = _row_similarity(old, new, settings)
        return _Change(
            MODIFIED, new.area_no, old.row, new.row, old.indikator, new.indikator,
            fields, similarity, (new.area_no, float(new.row)),
        )  # fmt: skip
    if new is not None:
        return _Change(
            ADDED, new.area_no, None, new.row, None, new.indikator,
            (), 0.0, (new.area_no, float(new.row)),
        )  # fmt: skip
    assert old is not None
    return _Change(
        REMOVED, old.area_no, old.row, None, old.indikator, None,
        (), 0.0, (old.area_no, placed[old.pos]),
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
        "similarity": pd.Series([c.similarity for c in changes], dtype="float32"),
    }
    return pd.DataFrame(columns)[list(DIFF_COLUMNS)]


def diff_plans(old: pd.DataFrame, new: pd.DataFrame, settings: DiffSettings = DiffSettings()) -> pd.DataFrame:
    """Given two versions of a plan, return one row per indikator that changed.

    Columns and dtypes are those of DIFF_SCHEMA. `fields` lists the differing columns of
    COMPARED_FIELDS for `modified` and is empty for `added` / `removed`. `similarity` is that of
    the paired rows' joined texts (area, kegiatan, sub kegiatan, indikator, ket; numbers and
    months left out, so 1.0 means only those changed), and 0 for `added` / `removed`, which have
    no partner. `area_no` is NEW's for
    added and modified rows, OLD's for removed ones. Rows are ordered by area_no, then by
    position in NEW (a removed row just after what preceded it in OLD). Differences only in
    `doc_id`, `row`, `page`, white space or extra columns are not changes.
    """
    old_rows, new_rows = _rows_of(old), _rows_of(new)
    pairs = _pair_rows(old_rows, new_rows, settings)
    placed = _new_positions(pairs, len(old_rows))
    changes = [c for pair in pairs if (c := _change_of(pair, placed, settings)) is not None]
    changes.sort(key=lambda c: (*c.order, c.row_old if c.row_old is not None else 0))
    return _frame_of(changes)


def diff_to_arrow(diff: pd.DataFrame) -> pa.Table:
    """Given a diff table, return it as an Arrow table conforming to DIFF_SCHEMA."""
    return pa.Table.from_pandas(diff[list(DIFF_COLUMNS)], schema=DIFF_SCHEMA, preserve_index=False)


# --- for people ----------------------------------------------------------------------------


def summary_line(diff: pd.DataFrame) -> str:
    """Given a diff table, return e.g. "3 added, 2 removed, 7 modified" ("no changes" if empty)."""
    if diff.empty:
        return "no changes"
    counts = diff["change"].value_counts()
    return ", ".join(f"{int(counts.get(kind, 0))} {kind}" for kind in (ADDED, REMOVED, MODIFIED))


def month_strip(bulan: Sequence[int]) -> str:
    """Given scheduled months, return a 12-cell strip, e.g. "■■□□□□□□□□□□" for [1, 2]."""
    marked = {int(month) for month in bulan}
    return "".join(MONTH_ON if month in marked else MONTH_OFF for month in range(1, 13))


def _escape(text: str) -> str:
    """Given plain text, return it safe inside a markdown table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _marked(old: str, new: str) -> tuple[str, str]:
    """Given two texts, return them with removed words ~~struck~~ and added words **bold**."""
    a, b = old.split(), new.split()
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = _escape(" ".join(a[i1:i2])), _escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(gone)
            right.append(came)
            continue
        left.extend([f"~~{gone}~~"] if gone else [])
        right.extend([f"**{came}**"] if came else [])
    return " ".join(left), " ".join(right)


def _shown(row: _Row | None, field: str) -> str:
    """Given a row (or None) and a field, return the cell as printed, number first if any."""
    if row is None:
        return MISSING_CELL
    if field == "bulan":
        return month_strip(row.bulan)
    number = row.get(_NUMBER_OF[field]) if field in _NUMBER_OF else ""
    return " ".join(part for part in (number, row.get(field)) if part)


def _cells(old: _Row | None, new: _Row | None, field: str) -> tuple[str, str]:
    """Given a change's rows and a field, return the old and new table cells."""
    a, b = _shown(old, field), _shown(new, field)
    if field == "bulan":
        return a, b
    if old is not None and new is not None and _differs(a, b):
        return _marked(a, b)
    return _escape(a), _escape(b)


def _heading(rec: dict[str, Any]) -> str:
    """Given a diff record, return its section heading."""
    kind = rec["change"]
    if kind == ADDED:
        return f"### added: row {rec['row_new']}"
    if kind == REMOVED:
        return f"### removed: row {rec['row_old']}"
    fields = ", ".join(rec["fields"])
    return (
        f"### modified: row {rec['row_old']} → {rec['row_new']} ({fields}; similarity {float(rec['similarity']):.2f})"
    )


def _change_section(rec: dict[str, Any], old: _Row | None, new: _Row | None, labels: tuple[str, str]) -> list[str]:
    """Given a diff record and its rows, return the markdown lines showing it."""
    shown = [f for f in _SHOWN_FIELDS if f != "area" or "area" in rec["fields"]]
    lines = ["", _heading(rec), "", f"| | {_escape(labels[0])} | {_escape(labels[1])} |", "|---|---|---|"]
    for field in shown:
        left, right = _cells(old, new, field)
        lines.append(f"| {field.replace('_', ' ')} | {left} | {right} |")
    return lines


def _by_row(plan: pd.DataFrame) -> dict[int, _Row]:
    """Given a plan, return its rows keyed by their `row` number."""
    return {row.row: row for row in _rows_of(plan)}


def _lookup(rows: dict[int, _Row], number: Any) -> _Row | None:
    """Given rows keyed by `row` and a row number (maybe missing), return the row."""
    return None if number is None or pd.isna(number) else rows.get(int(number))


def render_diff_markdown(
    diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame, *, old_label: str, new_label: str
) -> str:
    """Given a diff table and its two plans, return diff.md: summary, then changes by area."""
    old_rows, new_rows = _by_row(old), _by_row(new)
    title = f"# Perubahan rencana aksi: {_escape(old_label)} → {_escape(new_label)}"
    lines = [title, "", summary_line(diff)]
    sections = []
    for rec in diff.to_dict("records"):
        o, n = _lookup(old_rows, rec["row_old"]), _lookup(new_rows, rec["row_new"])
        side = n if n is not None else o
        area = (int(rec["area_no"]), side.area if side is not None else "")
        sections.append((area, _change_section(rec, o, n, (old_label, new_label))))
    for (area_no, area), group in itertools.groupby(sections, key=lambda s: s[0]):
        lines += ["", f"## {area_no}. {_escape(area)}"]
        lines += [line for _, section in group for line in section]
    return "\n".join(lines) + "\n"
