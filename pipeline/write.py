"""Write stage: given validated frames and metadata, return their file bytes and publish them atomically.

A document's files are written into a staging folder and swapped with its output folder once all
are on disk (two `os.replace` calls, any platform), so an interrupted run leaves the previous
output intact.
Bytes are deterministic: no timestamps, no absolute paths, fixed Parquet settings.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .errors import OutputError
from .schema import CONTRACT_KEY, CONTRACT_VERSION, PIPELINE_KEY, PLAN_SCHEMA, SOURCE_KEY

PARQUET_SETTINGS: dict[str, Any] = {
    "compression": "zstd",
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
}
LIST_SEPARATOR = ";"
TEMP_PREFIX = ".tmp-"
STAGING = ".staging-"
RETIRED = ".retired-"


def use_system_memory_pool() -> None:
    """Make Arrow allocate with the C library's malloc in this process.

    Arrow's default pool (mimalloc) keeps the pages it freed for later; the pipeline's Arrow
    buffers are small and short-lived, and on a 50-page decree those kept pages were ~20 MiB of
    the process's peak memory.
    """
    pa.set_memory_pool(pa.system_memory_pool())


def _plan_schema(plan: pd.DataFrame) -> pa.Schema:
    """Given a plan frame, return the contract schema plus one string column per extra column."""
    extras = [pa.field(c, pa.string()) for c in plan.columns if c not in PLAN_SCHEMA.names]
    return pa.schema(list(PLAN_SCHEMA) + extras)


def plan_to_arrow(plan: pd.DataFrame) -> pa.Table:
    """Given a plan frame, return an Arrow table with the contract's exact types."""
    schema = _plan_schema(plan)
    arrays = [pa.array(plan[f.name].tolist(), type=f.type, from_pandas=True) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


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


def _csv_value(value: Any) -> Any:
    """Given a cell value, return it as the CSV shows it (lists as "1;2;3", a list of records as JSON)."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, (list, tuple)) and any(isinstance(v, Mapping) for v in value):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Given a frame, return UTF-8 CSV bytes with list cells joined by ";"."""
    shown = frame.apply(lambda column: column.map(_csv_value)) if len(frame) else frame
    return shown.to_csv(index=False, lineterminator="\n").encode("utf-8")


def json_bytes(value: Any) -> bytes:
    """Given a JSON-able value, return it as UTF-8, indented, keys in the given order."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_file(path: Path, data: bytes) -> None:
    """Given a path and bytes, write them and flush them to disk."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def publish_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Given a folder and file bytes by name, write each under a temporary name, then rename it into place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temps = {name: folder / f"{TEMP_PREFIX}{os.getpid()}-{name}" for name in files}
        for name, temp in temps.items():
            _write_file(temp, files[name])
        for name, temp in temps.items():
            os.replace(temp, folder / name)
    except OSError as exc:
        for temp in folder.glob(f"{TEMP_PREFIX}{os.getpid()}-*"):
            temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc


def _swap_in(staging: Path, folder: Path) -> None:
    """Given a complete staging folder, make it `folder`; the previous content is removed after.

    Two `os.replace` calls (any platform): the old folder is moved aside, the new one into its
    place. Between them the folder is missing for an instant, never half written.
    """
    if not folder.exists():
        os.replace(staging, folder)
        return
    retired = folder.with_name(f".{folder.name}{RETIRED}{os.getpid()}")
    os.replace(folder, retired)
    os.replace(staging, folder)
    shutil.rmtree(retired)


def _remove_leftovers(folder: Path) -> None:
    """Given an output folder, remove staging folders that an interrupted run left beside it.

    A run stopped between its two replaces left the previous output moved aside and no folder:
    that output is put back first.
    """
    retired = sorted(folder.parent.glob(f".{folder.name}{RETIRED}*"))
    if retired and not folder.exists():
        os.replace(retired[0], folder)
    for stale in folder.parent.glob(f".{folder.name}.*"):
        if stale.is_dir() and (STAGING in stale.name or RETIRED in stale.name):
            shutil.rmtree(stale, ignore_errors=True)


def publish(folder: Path, files: Mapping[str, bytes]) -> None:
    """Given a document's output folder and its files, replace the folder's content in one step.

    The files are written into a hidden staging folder beside it, then the two folders are
    swapped, so a run killed at any moment leaves the old or the new output (or, killed between
    the two replaces, the old one moved aside, which the next publication puts back first).
    The caller holds the document's lock, so no other run writes the same folder.
    """
    staging = folder.with_name(f".{folder.name}{STAGING}{os.getpid()}")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write {folder}: a file is in the way of the output folder")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(folder)
        staging.mkdir()
        for name, data in files.items():
            _write_file(staging / name, data)
        _swap_in(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on lock_file (filelock: any platform); raise OutputError when another run holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_file, timeout=0, thread_local=False)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout as exc:
        raise OutputError(f"another run is extracting {lock_file.stem}") from exc
    except OSError as exc:
        raise OutputError(f"cannot write {lock_file.parent}: {exc.strerror or exc}") from exc
    try:
        yield
    finally:
        lock.release()
