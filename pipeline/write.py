"""Write stage: given validated frames and metadata, return their file bytes and publish them atomically.

A document's files are written into a staging folder and swapped with its output folder once all
are on disk (two `os.replace` calls, any platform), so an interrupted run leaves the previous
output intact. Only a folder
this pipeline published (its marker, or nothing but output files) is ever replaced, and only
temporary files and staging folders whose process has ended are cleared.
Bytes are deterministic: no timestamps, no absolute paths, fixed Parquet settings.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, config
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
TEMP_PREFIX = ".tmp-"
STAGING = ".staging-"
RETIRED = ".retired-"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
_SCHEDULE_PNG = re.compile(r"schedule(-\d+)?\.png")


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


def _write_file(path: Path, data: bytes) -> None:
    """Given a path and bytes, write them and flush them to disk."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def temp_path(folder: Path, name: str) -> Path:
    """Given a folder and a file name, return this process's temporary name for the file in that folder."""
    return folder / f"{TEMP_PREFIX}{os.getpid()}-{name}"


def _is_dead(pid: int) -> bool:
    """Given a process id, return whether no such process runs on this machine (never our own)."""
    # Windows has no signal 0: os.kill would end the process, so there a run is never taken for ended.
    if pid <= 0 or pid == os.getpid() or os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def remove_dead_temps(folder: Path) -> None:
    """Given a folder, remove the temporary files that processes which have ended left in it."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _TEMP_NAME.match(entry.name)
        if found and _is_dead(int(found.group(1))) and not entry.is_dir():
            entry.unlink(missing_ok=True)


def _check_names(folder: Path, names: Iterable[str]) -> None:
    """Raise OutputError unless every name is one plain file name, so that each file stays inside folder."""
    for name in names:
        if name in ("", ".", "..") or Path(name).name != name or "\0" in name:
            raise OutputError(f"cannot write {folder}: {name!r} is not a plain file name")


def publish_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Given a folder and file bytes by name, write each under a temporary name, then rename it into place.

    Temporary files that an ended process left in the folder are removed first.
    """
    _check_names(folder, files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_dead_temps(folder)
        temps = {name: temp_path(folder, name) for name in files}
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

    The caller checked that the previous folder is one this pipeline published (`_check_replaceable`).
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


def _leftover_pid(entry: Path, folder: Path) -> int | None:
    """Given an entry beside an output folder, return the process id of the run that staged it there, if it is one."""
    for kind in (STAGING, RETIRED):
        head = f".{folder.name}{kind}"
        tail = entry.name[len(head) :]
        if entry.name.startswith(head) and tail.isdigit():
            return int(tail)
    return None


def _ended(pid: int | None) -> bool:
    """Given the process id a leftover names (None: not a leftover), return whether its run ended (or is this one)."""
    return pid is not None and (pid == os.getpid() or _is_dead(pid))


def _remove_leftovers(folder: Path) -> None:
    """Given an output folder, remove the staging folders that ended runs left beside it (exact names only).

    A run stopped between its two replaces left the previous output moved aside and no folder:
    that output is put back first.
    """
    retired = sorted(p for p in folder.parent.glob(f".{folder.name}{RETIRED}*") if _ended(_leftover_pid(p, folder)))
    if retired and not folder.exists():
        os.replace(retired[0], folder)
    for entry in folder.parent.iterdir():
        if _ended(_leftover_pid(entry, folder)) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def is_output_file(name: str) -> bool:
    """Given a file name, return whether the pipeline publishes files of that name in out/<stem>/."""
    return name in config.OUTPUT_FILES or name == config.OUTPUT_MARKER or bool(_SCHEDULE_PNG.fullmatch(name))


def _check_inside(folder: Path) -> None:
    """Raise OutputError unless folder is a plain, real folder name directly inside its parent."""
    parent = folder.parent.resolve()
    if folder.name in ("", ".", "..") or folder.resolve().parent != parent or folder.resolve() == parent:
        raise OutputError(f"cannot write {folder}: it lies outside {folder.parent}")
    if folder.is_symlink():
        raise OutputError(f"cannot write {folder}: it is a symbolic link")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write {folder}: a file is in the way of the output folder")


def _check_replaceable(folder: Path, names: Mapping[str, bytes]) -> None:
    """Raise OutputError unless folder is absent, empty, or an output this pipeline published.

    A published folder carries the marker, or (from versions before the marker) holds the plan and
    the decree; either way it holds nothing but output files, so replacing it loses nothing.
    """
    if not folder.exists():
        return
    entries = {entry.name for entry in folder.iterdir()}
    foreign = sorted(n for n in entries if not (is_output_file(n) or n in names))
    marked = config.OUTPUT_MARKER in entries or {config.PLAN_PARQUET, config.DECREE_JSON} <= entries
    if foreign or (entries and not marked):
        shown = ", ".join((foreign or sorted(entries))[:3])
        raise OutputError(f"cannot write {folder}: the folder holds files this pipeline did not make ({shown})")


def publish(folder: Path, files: Mapping[str, bytes]) -> None:
    """Given a document's output folder and its files, replace the folder's content in one step.

    The files and the marker are written into a hidden staging folder beside it, then the two
    folders are swapped, so a run killed at any moment leaves the old or the new output (or, killed
    between the two replaces, the old one moved aside, which the next publication puts back).
    Before anything is written or removed, the folder must lie directly inside its parent
    and be absent, empty or published by this pipeline. The caller holds the document's lock, so
    no other run writes the same folder.
    """
    _check_names(folder, files)
    _check_inside(folder)
    staging = folder.with_name(f".{folder.name}{STAGING}{os.getpid()}")
    try:
        _check_replaceable(folder, files)
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(folder)
        staging.mkdir()
        for name, data in {**files, config.OUTPUT_MARKER: b""}.items():
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
