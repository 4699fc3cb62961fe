"""Write stage: given validated frames and metadata, return their file bytes and publish them atomically.

Every file is written under a temporary name in its final folder and renamed into place only when
all of a document's files are on disk, so an interrupted run leaves the previous output intact.
Bytes are deterministic: no timestamps, no absolute paths, fixed Parquet settings.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import OutputError
from .schema import PLAN_SCHEMA

PARQUET_SETTINGS: dict[str, Any] = {
    "compression": "zstd",
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
}
LIST_SEPARATOR = ";"
TEMP_PREFIX = ".tmp-"


def plan_schema(plan: pd.DataFrame) -> pa.Schema:
    """Given a plan frame, return the contract schema plus one string column per extra column."""
    extras = [pa.field(c, pa.string()) for c in plan.columns if c not in PLAN_SCHEMA.names]
    return pa.schema(list(PLAN_SCHEMA) + extras)


def plan_to_arrow(plan: pd.DataFrame) -> pa.Table:
    """Given a plan frame, return an Arrow table with the contract's exact types."""
    schema = plan_schema(plan)
    arrays = [pa.array(plan[f.name].tolist(), type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def table_to_parquet_bytes(table: pa.Table) -> bytes:
    """Given an Arrow table, return Parquet bytes written with fixed settings."""
    sink = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(None), sink, **PARQUET_SETTINGS)
    return sink.getvalue()


def _csv_value(value: Any) -> Any:
    """Given a cell value, return it as the CSV shows it (lists as "1;2;3")."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, str):
        return LIST_SEPARATOR.join(str(v) for v in value.tolist())
    return value


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Given a frame, return UTF-8 CSV bytes with list cells joined by ";"."""
    shown = frame.apply(lambda column: column.map(_csv_value)) if len(frame) else frame
    return shown.to_csv(index=False, lineterminator="\n").encode("utf-8")


def json_bytes(value: Any) -> bytes:
    """Given a JSON-able value, return it as UTF-8, indented, keys in the given order."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    """Given a folder, a file name and bytes, write them to a temporary sibling and return its path."""
    temp = folder / f"{TEMP_PREFIX}{os.getpid()}-{name}"
    with temp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return temp


def publish(folder: Path, files: Mapping[str, bytes]) -> None:
    """Given a folder and file bytes by name, write them all, then rename each into place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temps = {name: _write_temp(folder, name, data) for name, data in files.items()}
        for name, temp in temps.items():
            os.replace(temp, folder / name)
    except OSError as exc:
        _remove_temps(folder)
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc


def _remove_temps(folder: Path) -> None:
    """Given a folder, remove temporary files this process left in it."""
    for temp in folder.glob(f"{TEMP_PREFIX}{os.getpid()}-*"):
        temp.unlink(missing_ok=True)


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on lock_file; raise OutputError when another run holds it."""
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_file.open("a")
    except OSError as exc:
        raise OutputError(f"cannot write {lock_file.parent}: {exc.strerror or exc}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise OutputError(f"another run is extracting {lock_file.stem}") from exc
        yield
