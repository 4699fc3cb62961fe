"""The interim catalog: every stage artifact of one source under interim/<stem>/, read and written here.

The folder is keyed by the source's SHA-256 and the pipeline version (`source.json`): a changed
PDF never reuses stale work. Every file is written to a temporary name and renamed into place,
so a killed run or a full disk never leaves half a file, and temporary files of ended processes
are cleared; a file that cannot be read is treated as absent and made again. The folder carries a
marker file, and only a folder with that marker is ever emptied. `published.json` records where
the source was published (by output folder); it outlives the artifacts when the source changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, config
from .backends.base import Coverage, PageCells
from .cells import cells_to_frame, frame_to_cells
from .errors import OutputError
from .publish import locked, publish_files

# What reading a damaged or truncated artifact raises (pyarrow's ArrowInvalid is a ValueError).
UNREADABLE = (OSError, ValueError, json.JSONDecodeError)
# What a changed source keeps: the marker, and the record of where earlier versions were published.
KEPT_WHEN_STALE = frozenset({config.INTERIM_MARKER, config.PUBLISHED_STAMP})


@dataclass(frozen=True)
class Interim:
    """One source's interim folder and the named artifacts in it."""

    folder: Path

    def path(self, name: str) -> Path:
        """Given an artifact's file name, return its path in the folder."""
        return self.folder / name

    def write_bytes(self, name: str, data: bytes) -> None:
        """Given an artifact's name and bytes, write it atomically (OutputError when the disk refuses).

        A folder in the artifact's place is in this pipeline's own folder: it is removed.
        """
        self._clear_folder_at(name)
        publish_files(self.folder, {name: data})

    def write_files(self, subfolder: str, files: Mapping[str, bytes]) -> None:
        """Given a sub-folder's name and file bytes by name, write each file atomically into it."""
        publish_files(self.path(subfolder), files)

    def _clear_folder_at(self, name: str) -> None:
        """Given an artifact's name, remove a folder that stands where the file goes."""
        import shutil

        target = self.path(name)
        if target.is_dir() and not target.is_symlink() and target.parent == self.folder:
            shutil.rmtree(target, ignore_errors=True)

    def write_text(self, name: str, text: str) -> None:
        """Given an artifact's name and text, write it atomically as UTF-8."""
        self.write_bytes(name, text.encode("utf-8"))

    def read_json(self, name: str) -> Any | None:
        """Given an artifact's name, return its JSON value, or None when it is absent or unreadable."""
        try:
            return json.loads(self.path(name).read_text(encoding="utf-8"))
        except UNREADABLE:
            return None

    def write_json(self, name: str, value: Any) -> None:
        """Given an artifact's name and a JSON-able value, write it atomically."""
        self.write_text(name, json.dumps(value) + "\n")

    def read_frame(self, name: str) -> pd.DataFrame | None:
        """Given a Parquet artifact's name, return its frame, or None when it is absent or unreadable."""
        try:
            return pd.read_parquet(self.path(name))
        except UNREADABLE:
            return None

    def write_frame(self, name: str, frame: pd.DataFrame) -> None:
        """Given a Parquet artifact's name and a frame, write it atomically."""
        self.write_bytes(name, frame.to_parquet(index=False))

    def read_cells(self, backend: str, sizes: Mapping[int, tuple[float, float]]) -> list[PageCells] | None:
        """Given a backend name and the table pages' sizes, return the cells and coverage read before, or None."""
        frame = self.read_frame(config.CELLS_PARQUET.format(backend=backend))
        coverage = self.read_json(config.COVERAGE_JSON.format(backend=backend))
        if frame is None or not isinstance(coverage, dict):
            return None
        try:
            pages = frame_to_cells(frame, sizes)
            return [replace(page, coverage=_coverage(coverage[str(page.page)])) for page in pages]
        except (KeyError, TypeError, ValueError):
            return None

    def write_cells(self, backend: str, pages: Sequence[PageCells]) -> None:
        """Given a backend name and its cells, keep them and their coverage for the next run of the same source."""
        coverage = {str(p.page): asdict(p.coverage) if p.coverage else None for p in pages}
        self.write_json(config.COVERAGE_JSON.format(backend=backend), coverage)
        self.write_frame(config.CELLS_PARQUET.format(backend=backend), cells_to_frame(pages))


def _coverage(value: Any) -> Coverage | None:
    """Given a page's coverage as kept in coverage-<backend>.json, return it as a record."""
    if value is None:
        return None
    return Coverage(
        value["strategy"],
        int(value["glyphs"]),
        tuple(value["uncovered"]),
        int(value["left_out"]),
        int(value.get("marks_left_out", 0)),
    )


def _stamp(sha256: str) -> dict[str, str]:
    """Given a source's SHA-256, return what its interim folder was made from."""
    return {"sha256": sha256, "pipeline": __version__}


def _is_ours(folder: Path) -> bool:
    """Given a folder, return whether this pipeline made it (its marker, or an earlier version's stamp)."""
    return (folder / config.INTERIM_MARKER).exists() or (folder / config.SOURCE_STAMP).is_file()


def _empty(folder: Path) -> None:
    """Given an interim folder this pipeline made, remove its artifacts; keep its marker and published.json."""
    import shutil

    for entry in folder.iterdir():
        if entry.name in KEPT_WHEN_STALE:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _interim_for(root: Path, stem: str, sha256: str) -> Interim:
    """Given the interim root, a source's safe stem and SHA-256, return its folder, emptied when stale.

    Raises OutputError when the folder cannot be made, or when something that this pipeline did
    not make is in its place (it is never removed).
    """
    folder = root / stem
    if folder.resolve().parent != root.resolve():
        raise OutputError(f"cannot write {folder}: it lies outside {root}")
    try:
        if folder.exists() and any(folder.iterdir()):
            if not _is_ours(folder):
                raise OutputError(f"cannot write {folder}: the folder holds files this pipeline did not make")
            stamp = Interim(folder).read_json(config.SOURCE_STAMP)
            if stamp != _stamp(sha256):
                _empty(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / config.INTERIM_MARKER).touch()
    except NotADirectoryError as exc:
        raise OutputError(f"cannot write {folder}: a file is in the way of the interim folder") from exc
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    interim = Interim(folder)
    interim.write_json(config.SOURCE_STAMP, _stamp(sha256))
    return interim


@contextmanager
def claimed(root: Path, stem: str, sha256: str) -> Iterator[Interim]:
    """Given the interim root, a safe stem and a SHA-256, hold the stem's lock and yield its interim folder."""
    with locked(root / f"{stem}{config.LOCK_SUFFIX}"):
        yield _interim_for(root, stem, sha256)
