"""What a diff shows people: one view of the changes, rendered as diff.md and as diff.html.

The view is built once from the diff table and its two plans: the changes grouped by area, each
with its heading and, per field, the old and new cells. A text cell is a run of words with the
removed words (old side) and the added words (new side) marked; a month strip is one part per
month with the months that moved marked. The templates diff.md.j2 and diff.html.j2 both render
that one view, so the two files show the same changes.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.domain import load_pages
from pipeline.templating import render

from .pair import ADDED, MODIFIED, REMOVED
from .row import Row, rows_by_number
from .similarity import squash

MARKDOWN_TEMPLATE = "diff.md.j2"
HTML_TEMPLATE = "diff.html.j2"
# Indonesian writes decimals with a comma.
DECIMAL_COMMA = ","
MONTH_ON = "■"
MONTH_OFF = "□"
MISSING_CELL = "—"
# The fields of a change, in order; the area only when it changed.
SHOWN_FIELDS = ("area", "kegiatan", "sub_kegiatan", "indikator", "ket", "bulan")
_NUMBER_OF = {"kegiatan": "kegiatan_no", "sub_kegiatan": "sub_kegiatan_no", "indikator": "indikator_no"}


@dataclass(frozen=True)
class Part:
    """A run of words of a text cell, or one month of a month strip, and whether it changed."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class Line:
    """One field of a change: its label and the old and new cells.

    strip: the cells are month strips (one part per month).
    respaced: the two texts differ only in white space; diff.md prints them unmarked, diff.html
        marks the words that differ.
    """

    field: str
    old: tuple[Part, ...]
    new: tuple[Part, ...]
    strip: bool = False
    respaced: bool = False


@dataclass(frozen=True)
class ChangeView:
    """One change of the diff: its kind, its heading and its fields."""

    kind: str
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class AreaView:
    """The changes under one area, in the diff's order."""

    area_no: int
    area: str
    changes: tuple[ChangeView, ...]


@dataclass(frozen=True)
class DiffView:
    """A diff for people: title, labels of the two versions, summary, counts and changes by area."""

    title: str
    old_label: str
    new_label: str
    summary: str
    counts: Mapping[str, int]
    kinds: Mapping[str, str]
    areas: tuple[AreaView, ...]


def month_strip(bulan: Sequence[int]) -> str:
    """Given scheduled months, return a 12-cell strip, e.g. "■■□□□□□□□□□□" for [1, 2]."""
    marked = {int(month) for month in bulan}
    return "".join(MONTH_ON if month in marked else MONTH_OFF for month in range(1, 13))


def _shown(row: Row, field: str) -> str:
    """Given a row and a text field, return the cell as printed, number first if any."""
    number = row.get(_NUMBER_OF[field]) if field in _NUMBER_OF else ""
    return " ".join(part for part in (number, row.get(field)) if part)


def _word_parts(old: str, new: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """Given two texts, return them as runs of words, the removed (left) and added (right) ones marked."""
    a, b = old.split(), new.split()
    left: list[Part] = []
    right: list[Part] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            left.append(Part(" ".join(a[i1:i2]), changed))
        if j2 > j1:
            right.append(Part(" ".join(b[j1:j2]), changed))
    return tuple(left), tuple(right)


def _text_line(old: Row | None, new: Row | None, field: str) -> Line:
    """Given a change's rows (None for a missing side) and a text field, return its line."""
    label = field.replace("_", " ")
    a = _shown(old, field) if old is not None else None
    b = _shown(new, field) if new is not None else None
    if a is not None and b is not None and a != b:
        left, right = _word_parts(a, b)
        return Line(label, left, right, respaced=squash(a) == squash(b))
    return Line(label, (Part(MISSING_CELL if a is None else a),), (Part(MISSING_CELL if b is None else b),))


def _strip_parts(months: tuple[int, ...] | None, other: tuple[int, ...] | None) -> tuple[Part, ...]:
    """Given one side's months and the other side's, return the month strip, changed months marked."""
    if months is None:
        return (Part(MISSING_CELL),)
    moved = set(months) ^ set(other or months)
    return tuple(Part(char, index + 1 in moved) for index, char in enumerate(month_strip(months)))


def _strip_line(old: Row | None, new: Row | None) -> Line:
    """Given a change's rows (None for a missing side), return its month strips."""
    a = old.bulan if old is not None else None
    b = new.bulan if new is not None else None
    return Line("bulan", _strip_parts(a, b), _strip_parts(b, a), strip=True)


def _heading(rec: Mapping[str, Any]) -> str:
    """Given a diff record, return its heading in the pages' words (pages.yaml)."""
    words = load_pages()["diff"]
    if rec["change"] == ADDED:
        return str(words["added"]).format(row=rec["row_new"])
    if rec["change"] == REMOVED:
        return str(words["removed"]).format(row=rec["row_old"])
    similarity = f"{float(rec['similarity']):.2f}".replace(".", DECIMAL_COMMA)
    fields = ", ".join(rec["fields"])
    return str(words["modified"]).format(old=rec["row_old"], new=rec["row_new"], fields=fields, similarity=similarity)


def page_summary(diff: pd.DataFrame) -> str:
    """Given a diff table, return its counts in the pages' words, e.g. "3 ditambah, 2 dihapus, 7 diubah"."""
    words = load_pages()["diff"]
    if diff.empty:
        return str(words["no_changes"])
    counts = diff["change"].value_counts()
    return ", ".join(f"{int(counts.get(kind, 0))} {words['kinds'][kind]}" for kind in (ADDED, REMOVED, MODIFIED))


def _change_view(rec: Mapping[str, Any], old: Row | None, new: Row | None) -> ChangeView:
    """Given a diff record and its two rows (None for a missing side), return what is shown of it."""
    fields = [f for f in SHOWN_FIELDS if f != "area" or "area" in rec["fields"]]
    lines = tuple(_strip_line(old, new) if f == "bulan" else _text_line(old, new, f) for f in fields)
    return ChangeView(rec["change"], _heading(rec), lines)


def _lookup(rows: Mapping[int, Row], number: Any) -> Row | None:
    """Given rows keyed by `row` and a row number (maybe missing), return the row."""
    return None if number is None or pd.isna(number) else rows.get(int(number))


def _areas(diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> tuple[AreaView, ...]:
    """Given a diff table and its plans, return the changes grouped by runs of the same area."""
    old_rows, new_rows = rows_by_number(old), rows_by_number(new)
    views = []
    for rec in diff.to_dict("records"):
        o, n = _lookup(old_rows, rec["row_old"]), _lookup(new_rows, rec["row_new"])
        side = n if n is not None else o
        area = (int(rec["area_no"]), side.area if side is not None else "")
        views.append((area, _change_view(rec, o, n)))
    return tuple(
        AreaView(no, name, tuple(view for _, view in group))
        for (no, name), group in itertools.groupby(views, key=lambda v: v[0])
    )


def diff_view(diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame, *, old_label: str, new_label: str) -> DiffView:
    """Given a diff table, its two plans and their labels, return the diff as people see it."""
    return DiffView(
        title=f"{load_pages()['diff']['title']}: {old_label} → {new_label}",
        old_label=old_label,
        new_label=new_label,
        summary=page_summary(diff),
        counts={kind: int((diff["change"] == kind).sum()) for kind in (ADDED, REMOVED, MODIFIED)},
        kinds=dict(load_pages()["diff"]["kinds"]),
        areas=_areas(diff, old, new),
    )


def markdown_of(view: DiffView) -> str:
    """Given a diff's view, return diff.md: removed words ~~struck~~, added words **bold**."""
    return render(MARKDOWN_TEMPLATE, view=view)


def html_of(view: DiffView) -> str:
    """Given a diff's view, return diff.html: a self-contained page of the same changes.

    Removed words are struck through on the old side, added words highlighted on the new side,
    and the months that moved are marked in the month strips.
    """
    return render(HTML_TEMPLATE, view=view)


def render_diff_markdown(
    diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame, *, old_label: str, new_label: str
) -> str:
    """Given a diff table and its two plans, return diff.md: summary, then changes by area."""
    return markdown_of(diff_view(diff, old, new, old_label=old_label, new_label=new_label))


def render_diff_html(
    diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame, *, old_label: str, new_label: str
) -> str:
    """Given a diff table and its two plans, return diff.html: diff.md's summary and changes by area, as a page."""
    return html_of(diff_view(diff, old, new, old_label=old_label, new_label=new_label))
