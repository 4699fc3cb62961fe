"""Write stage: given validated frames and metadata, return their file bytes (`pipeline.publish` writes them).

Bytes are deterministic: no timestamps, no absolute paths, fixed Parquet settings.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .errors import OutputError
from .schema import ADDED_NULLABLE, CONTRACT_KEY, CONTRACT_VERSION, PIPELINE_KEY, PLAN_SCHEMA, SOURCE_KEY

PARQUET_SETTINGS: dict[str, Any] = {
    "compression": "zstd",
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
}
LIST_SEPARATOR = ";"
# OWASP's advice against CSV injection: a text cell a spreadsheet would read as a formula gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def _plan_schema(plan: pd.DataFrame) -> pa.Schema:
    """Given a plan frame, return the contract schema plus one string column per extra column."""
    extras = [pa.field(c, pa.string()) for c in plan.columns if c not in PLAN_SCHEMA.names]
    return pa.schema(list(PLAN_SCHEMA) + extras)


def plan_to_arrow(plan: pd.DataFrame) -> pa.Table:
    """Given a plan frame, return an Arrow table with the contract's exact types."""
    schema = _plan_schema(plan)
    arrays = [pa.array(_values(plan, f.name), type=f.type, from_pandas=True) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _values(plan: pd.DataFrame, name: str) -> list[Any]:
    """Given a plan frame and a contract column, return its values (nulls for an added column the frame lacks)."""
    if name not in plan.columns and name in ADDED_NULLABLE:
        return [None] * len(plan)
    return list(plan[name].tolist())


def _refuse_nulls(table: pa.Table) -> None:
    """Given an Arrow table, raise OutputError when a field its schema declares non-nullable holds a null."""
    empty = [f.name for f in table.schema if not f.nullable and table.column(f.name).null_count]
    if empty:
        raise OutputError(f"null in a column the contract never leaves empty: {', '.join(empty)}")


def schema_metadata(sources: Sequence[str]) -> dict[str, str]:
    """Given the SHA-256 of the sources a file was made from, return its Arrow schema metadata (no time)."""
    return {CONTRACT_KEY: CONTRACT_VERSION, PIPELINE_KEY: __version__, SOURCE_KEY: ",".join(sources)}


def table_to_parquet_bytes(table: pa.Table, sources: Sequence[str] = ()) -> bytes:
    """Given an Arrow table and the SHA-256 of its sources, return Parquet bytes written with fixed settings.

    The schema metadata says which contract and pipeline version wrote the file and from what;
    pandas' own metadata is left out, so the bytes depend on the data alone.
    """
    _refuse_nulls(table)
    sink = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(schema_metadata(sources)), sink, **PARQUET_SETTINGS)
    return sink.getvalue()


def csv_text(text: str) -> str:
    """Given a text cell, return it as the CSV shows it: with a leading ' when it starts like a formula.

    A carriage return is written as a newline: the CSV writer quotes a cell holding a newline,
    not one holding a lone carriage return, which a reader would take for the end of the row.
    """
    guarded = FORMULA_GUARD + text if text.startswith(FORMULA_STARTS) else text
    return guarded.replace("\r\n", "\n").replace("\r", "\n")


def _csv_value(value: Any) -> Any:
    """Given a cell value, return it as the CSV shows it (lists as "1;2;3", a list of records as JSON, text
    guarded against formulas)."""
    if isinstance(value, str):
        return csv_text(value)
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)) and any(isinstance(v, Mapping) for v in value):
        return csv_text(json.dumps(list(value), ensure_ascii=False))
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Given a frame, return UTF-8 CSV bytes with list cells joined by ";" and text cells guarded.

    Numbers and the month lists are written as they are; only text that starts with = + - @, a
    tab or a carriage return gets the leading '.
    """
    shown = frame.apply(lambda column: column.map(_csv_value)) if len(frame) else frame
    return shown.to_csv(index=False, lineterminator="\n").encode("utf-8")


def json_bytes(value: Any) -> bytes:
    """Given a JSON-able value, return it as UTF-8, indented, keys in the given order."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
