"""Reading values back from plan and decree records: months, text cells, the mengingat table.

A plan comes back from Parquet (`bulan` a list or array), from CSV (`bulan` written `1;2;3`) or
from a frame built in memory; every stage that reads a plan's values reads them through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

MENGINGAT_COLUMNS = ("no", "jenis", "nomor", "tahun", "tentang")
MENGINGAT_TYPES = {"no": "int64", "jenis": "str", "nomor": "str", "tahun": "Int64", "tentang": "str"}
MONTH_SEPARATOR = ";"


def is_missing(value: Any) -> bool:
    """Given a cell value, return whether it is missing (None, NaN, NA)."""
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


def months_as_written(cell: Any) -> list[int]:
    """Given a bulan cell (list, array, `1;2;3` text or missing), return its months in the order written."""
    if isinstance(cell, str):
        return [int(part) for part in cell.split(MONTH_SEPARATOR) if part.strip()]
    if is_missing(cell) or not hasattr(cell, "__iter__"):
        return []
    return [int(month) for month in cell]


def months_of(cell: Any) -> tuple[int, ...]:
    """Given a bulan cell (list, array, `1;2;3` text or missing), return its months, ascending, once each."""
    return tuple(sorted(set(months_as_written(cell))))


def cell_text(value: Any) -> str:
    """Given a text cell's value, return it with white space collapsed ("" for missing)."""
    return "" if is_missing(value) else " ".join(str(value).split())


def record_text(record: Mapping[str, Any], name: str) -> str:
    """Given a plan record and a column name, return its text ("" for a missing column or null)."""
    return cell_text(record.get(name))


def mengingat_frame(entries: Any) -> pd.DataFrame:
    """Given the decree's mengingat entries (dicts), return one typed row per legal instrument (mengingat.csv)."""
    rows = [dict(entry) for entry in entries or [] if isinstance(entry, Mapping)]
    frame = pd.DataFrame(rows, columns=list(MENGINGAT_COLUMNS))
    return frame.astype(MENGINGAT_TYPES)


def mengingat_text_frame(entries: Any) -> pd.DataFrame:
    """Given the decree's mengingat entries, return the same table with every value as printed text, None when missing.

    Untyped, so that a malformed year is kept to be reported rather than rejected here.
    """
    rows = [
        {name: None if is_missing(entry.get(name)) else cell_text(entry.get(name)) for name in MENGINGAT_COLUMNS}
        for entry in entries or []
        if isinstance(entry, Mapping)
    ]
    return pd.DataFrame(rows, columns=list(MENGINGAT_COLUMNS), dtype=object)
