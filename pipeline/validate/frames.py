"""The frames the suites check, built from a plan and a decree.

A list column such as `bulan` cannot be checked by GX directly, so a plan is checked together
with columns derived from it here; a decree is checked as a one-row frame of its scalar keys plus
a frame of its mengingat entries. Each frame goes by the name its suite's `meta.frame` gives it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from pipeline.records import cell_text, mengingat_text_frame, months_as_written

PLAN_FRAME = "plan"
DECREE_FRAME = "decree"
MENGINGAT_FRAME = "mengingat"

FALLBACK_TEXT_COLUMNS = ("indikator", "sub_kegiatan", "ket")
# The columns plan_check_frame derives for the checks; they are never published.
DERIVED_COLUMNS = (
    "indikator_or_fallback",
    "bulan_min",
    "bulan_max",
    "bulan_ascending",
    "numbering_in_order",
    "area_unmatched",
)
FIRST_ITEM = 1
# Each numbered level and the columns that name its parent.
NUMBERED_LEVELS = (
    (("area_no",), "kegiatan"),
    (("area_no", "kegiatan_no", "kegiatan"), "sub_kegiatan"),
    (("area_no", "kegiatan_no", "kegiatan", "sub_kegiatan_no", "sub_kegiatan"), "indikator"),
)
DECREE_COLUMNS = ("doc_id", "nomor", "mengubah_nomor", "tentang", "ditetapkan_di", "tanggal")
SIGNATORY_COLUMNS = ("jabatan", "nama")


# --- plan frame --------------------------------------------------------------------------------


def plan_check_frame(plan: pd.DataFrame) -> pd.DataFrame:
    """Given a plan frame, return it with the derived columns the plan suite checks."""
    months = [months_as_written(cell) for cell in _column(plan, "bulan")]
    return plan.assign(
        indikator_or_fallback=_first_text(plan, FALLBACK_TEXT_COLUMNS),
        bulan_min=pd.array([min(m) if m else None for m in months], dtype="Int16"),
        bulan_max=pd.array([max(m) if m else None for m in months], dtype="Int16"),
        bulan_ascending=[all(a < b for a, b in itertools.pairwise(m)) for m in months],
        numbering_in_order=_numbering_in_order(plan),
        area_unmatched=_unmatched_areas(plan),
    )


def _unmatched_areas(plan: pd.DataFrame) -> list[str | None]:
    """Given a plan frame, return per row its area name as printed where no canonical area matched it, else None."""
    codes = _column(plan, "area_code")
    return [
        None if cell_text(code) else cell_text(area) for area, code in zip(_column(plan, "area"), codes, strict=True)
    ]


def _item_number(text: str) -> int | None:
    """Given a printed item number ("3", "b"), return its place in its list (None when it is no number)."""
    if text.isdigit():
        return int(text)
    if len(text) == 1 and text.isalpha():
        return ord(text.lower()) - ord("a") + 1
    return None


def _numbering_in_order(plan: pd.DataFrame) -> list[bool]:
    """Given a plan frame, return per row whether its items are numbered in order under their parents.

    Each list starts again under its parent (kegiatan under the area, sub kegiatan under the
    kegiatan, indikator under the sub kegiatan) and its numbers go up. A list may start again at
    1 under the same parent (the Tegal decree numbers the sub kegiatan under "Penyelenggaraan
    Integritas di lingkungan kerja" from 1 again), but a new item numbered 2 or more that does
    not go past the item before it was read into the wrong parent, or cut from its own.
    """
    ok = [True] * len(plan)
    records = plan.to_dict("records")
    for parents, field in NUMBERED_LEVELS:
        last: dict[tuple[str, ...], tuple[tuple[str, str], int]] = {}
        for index, record in enumerate(records):
            number = _item_number(cell_text(record.get(f"{field}_no")))
            if number is None:
                continue
            parent = tuple(cell_text(record.get(name)) for name in parents)
            item = (cell_text(record.get(f"{field}_no")), cell_text(record.get(field)))
            before = last.get(parent)
            if before is not None and before[0] != item and FIRST_ITEM < number <= before[1]:
                ok[index] = False
            last[parent] = (item, number)
    return ok


def plan_parameters(frame: pd.DataFrame) -> dict[str, Any]:
    """Given the plan check frame, return the suite parameters known only at run time."""
    top = pd.to_numeric(_column(frame, "area_no"), errors="coerce").max()
    last_area = 0 if pd.isna(top) else int(top)
    return {"row_count": len(frame), "area_no_set": list(range(1, last_area + 1))}


def _column(plan: pd.DataFrame, name: str) -> pd.Series:
    """Given a plan frame and a column name, return the column, or nulls when it is missing."""
    if name in plan.columns:
        return plan[name]
    return pd.Series([None] * len(plan), index=plan.index, dtype=object)


def _first_text(plan: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """Given a plan frame, return per row the first of `columns` that holds non-blank text."""
    texts = [_column(plan, name).map(cell_text) for name in columns]
    chosen = texts[0]
    for text in texts[1:]:
        chosen = chosen.where(chosen != "", text)
    return chosen


# --- decree frames -----------------------------------------------------------------------------


def decree_check_frames(decree: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """Given a decree.json dict, return the decree suite's frames by name."""
    return {
        DECREE_FRAME: _decree_frame(decree),
        MENGINGAT_FRAME: mengingat_text_frame(decree.get("mengingat")),
    }


def _decree_frame(decree: Mapping[str, Any]) -> pd.DataFrame:
    """Given a decree dict, return one row of its scalar keys with the signatory flattened."""
    row = {name: _scalar(decree.get(name)) for name in DECREE_COLUMNS}
    signatory = decree.get("penandatangan")
    if not isinstance(signatory, Mapping):
        signatory = {}
    row |= {f"penandatangan_{key}": _scalar(signatory.get(key)) for key in SIGNATORY_COLUMNS}
    return pd.DataFrame([row], dtype=object)


def _scalar(value: Any) -> Any:
    """Given a decree value, return it with dates written as ISO text."""
    return value.isoformat() if isinstance(value, date) else value
