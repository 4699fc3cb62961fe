"""Publishing: file bytes written to disk whole, a document's output folder replaced in one step.

A document's files are written into a staging folder of their own, named by their content and by
the writer (under interim/.staging/ when that is on the output's file system), and it replaces
the output folder in one step once all are on disk, so an interrupted run leaves the previous
output intact and two writers of one folder, on one machine or on several, never mix their files.
Only a folder this pipeline published (its marker, or nothing but output files) is ever replaced.
Temporary files and staging folders carry their writer's process id and host: only those of
ended processes of this host are cleared, never another machine's.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import os
import re
import shutil
import socket
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import config
from .errors import OutputError

TEMP_PREFIX = ".tmp-"
STAGING = ".staging-"
RETIRED = ".retired-"
HOST_DIGITS = 8
DIGEST_DIGITS = 16
# A writer's tag: its process id and its host's tag (absent in names from versions before hosts).
_WRITER = rf"(?P<pid>\d+)(?:-(?P<host>[0-9a-f]{{{HOST_DIGITS}}}))?"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + _WRITER + "-")
# Linux's renameat2(2) flag that swaps two paths in one step; other systems and some network
# file systems lack it, and there the swap takes two renames.
RENAME_EXCHANGE = 2
AT_FDCWD = -100
UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV})
_SCHEDULE_PNG = re.compile(r"schedule(-\d+)?\.png")


def _write_file(path: Path, data: bytes) -> None:
    """Given a path and bytes, write them and flush them to disk."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@functools.cache
def host_tag() -> str:
    """Return this machine's tag in the names of temporary files and staging folders: its host name, hashed."""
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:HOST_DIGITS]


def writer_tag() -> str:
    """Return this process's tag in the names it writes under: `<pid>-<host tag>`."""
    return f"{os.getpid()}-{host_tag()}"


def temp_path(folder: Path, name: str) -> Path:
    """Given a folder and a file name, return this process's temporary name for the file in that folder."""
    return folder / f"{TEMP_PREFIX}{writer_tag()}-{name}"


def _is_here(host: str | None) -> bool:
    """Given a name's host tag (None in names from versions before hosts), return whether this machine wrote it."""
    return host is None or host == host_tag()


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
        if found and _is_here(found["host"]) and _is_dead(int(found["pid"])) and not entry.is_dir():
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
        for temp in folder.glob(f"{TEMP_PREFIX}{writer_tag()}-*"):
            temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc


def content_digest(files: Mapping[str, bytes]) -> str:
    """Given file bytes by name, return the SHA-256 of the names and bytes together (independent of their order)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        for part in (name.encode("utf-8"), files[name]):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def _staging_folder(folder: Path, files: Mapping[str, bytes], staging_root: Path | None) -> Path:
    """Given an output folder, its files and the staging root (None: beside the folder), return a staging folder
    no other writer uses: `.<name>.staging-<content digest>-<nonce>-<pid>-<host>`.

    A rename moves a folder only within one file system: a root on another one is not used.
    """
    root = staging_root if staging_root is not None and _same_file_system(staging_root, folder.parent) else None
    name = f".{folder.name}{STAGING}{content_digest(files)[:DIGEST_DIGITS]}-{uuid.uuid4().hex[:8]}-{writer_tag()}"
    return (root or folder.parent) / name


def _same_file_system(root: Path, parent: Path) -> bool:
    """Given a staging root and an output root, make the staging root; return whether both are on one file system."""
    root.mkdir(parents=True, exist_ok=True)
    return root.stat().st_dev == parent.stat().st_dev


@functools.cache
def _renameat2() -> Any:
    """Return the C library's renameat2 (None where there is none: not Linux, or an old C library)."""
    return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if os.name == "posix" else None


def _exchange(staging: Path, folder: Path) -> bool:
    """Given two folders, swap them in one step (Linux's renameat2); return False where that is not supported."""
    rename = _renameat2()
    if rename is None:
        return False
    if rename(AT_FDCWD, os.fsencode(staging), AT_FDCWD, os.fsencode(folder), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(folder))


def _swap_in(staging: Path, folder: Path) -> None:
    """Given a complete staging folder, make it `folder`; the previous content is removed after.

    The caller checked that the previous folder is one this pipeline published (`_check_replaceable`).
    One rename when the folder is absent, one exchange of the two folders when it is not; where
    the file system cannot exchange, two renames: the old folder moved aside, the new one into
    its place, and between them the folder is missing for an instant, never half written.
    """
    try:
        os.replace(staging, folder)
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR):
            raise
    if _exchange(staging, folder):
        shutil.rmtree(staging)
        return
    retired = folder.with_name(f".{folder.name}{RETIRED}{writer_tag()}")
    os.replace(folder, retired)
    os.replace(staging, folder)
    shutil.rmtree(retired)


def _leftover_writer(entry: Path, folder: Path) -> tuple[int, str | None] | None:
    """Given an entry beside an output folder or in the staging root, return the process id and host tag of the
    run that staged or retired it there, if it is one."""
    for kind in (STAGING, RETIRED):
        head = f".{folder.name}{kind}"
        tail = entry.name[len(head) :]
        if kind == STAGING:
            tail = tail.split("-", 2)[-1] if tail.count("-") >= 2 else tail
        found = re.fullmatch(_WRITER, tail)
        if entry.name.startswith(head) and found:
            return int(found["pid"]), found["host"]
    return None


def _ended(writer: tuple[int, str | None] | None) -> bool:
    """Given the writer a leftover names (None: not a leftover), return whether it is an ended run of this host,
    or this one."""
    if writer is None or not _is_here(writer[1]):
        return False
    return writer[0] == os.getpid() or _is_dead(writer[0])


def _remove_leftovers(folder: Path, staging_root: Path | None = None) -> None:
    """Given an output folder (and the staging root), remove the staging folders that ended runs of this host left
    (exact names only).

    A run stopped between its two renames left the previous output moved aside and no folder:
    that output is put back first.
    """
    aside = folder.parent.glob(f".{folder.name}{RETIRED}*")
    retired = sorted(p for p in aside if _ended(_leftover_writer(p, folder)))
    if retired and not folder.exists():
        os.replace(retired[0], folder)
    roots = {folder.parent, *([staging_root] if staging_root is not None and staging_root.is_dir() else [])}
    for entry in (entry for root in roots for entry in root.iterdir()):
        if _ended(_leftover_writer(entry, folder)) and entry.is_dir() and not entry.is_symlink():
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


def publish(folder: Path, files: Mapping[str, bytes], staging_root: Path | None = None) -> None:
    """Given a document's output folder, its files and the staging root (None: beside the folder), replace the
    folder's content in one step.

    The files and the marker are written into a staging folder no other writer uses, then it
    takes the folder's place, so a run killed at any moment leaves the old or the new output (or,
    where two renames are needed and it is killed between them, the old one moved aside, which the
    next publication puts back), and of two writers of one folder, one's output wins whole. Before
    anything is written or removed, the folder must lie directly inside its parent and be absent,
    empty or published by this pipeline. No lock is needed for that: the document's lock only
    spares a second writer on the same machine the work.
    """
    _check_names(folder, files)
    _check_inside(folder)
    staging = folder
    try:
        _check_replaceable(folder, files)
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging_folder(folder, {**files, config.OUTPUT_MARKER: b""}, staging_root)
        _remove_leftovers(folder, staging.parent)
        staging.mkdir()
        for name, data in {**files, config.OUTPUT_MARKER: b""}.items():
            _write_file(staging / name, data)
        _swap_in(staging, folder)
    except OSError as exc:
        if staging != folder:
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
