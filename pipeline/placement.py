"""Placement: where each source is published, out/<stem>/ or out/<stem>-<doc_id[:8]>/, and whether it is there.

Two PDFs with one name in different folders (`in/a/sk.pdf`, `in/b/sk.pdf`) must never overwrite
each other's plan. A folder is a source's own when it is absent, holds no decree (an empty folder,
or one publish refuses), holds the decree of the same bytes (decree.json's sha256), or was last
published from the same file, an earlier version of it. Otherwise the source goes to
`<stem>-<doc_id[:8]>`, a name that depends on its bytes only. `published.json` in the interim
folder records, for each output folder (resolved path), the file, bytes, pipeline version and
backend it was published from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import __version__, config
from .config import ExtractSettings
from .errors import OutputError
from .ingest import Source
from .interim import UNREADABLE, Interim

SUFFIX_DIGITS = 8
STAMP_KEYS = ("sha256", "pipeline", "backend", "sources")
# A folder published with --no-charts is not up to date for a run that asks for the charts.
PUBLISHED_FILES = (config.PLAN_PARQUET, config.PLAN_CSV, config.PLAN_XLSX, config.DECREE_JSON)
CHART_FILES = (config.SCHEDULE_HTML, config.REPORT_HTML)


def publication_record(source: Source, settings: ExtractSettings, names: Sequence[Path]) -> dict[str, Any]:
    """Given a source, the run's settings and the paths given for its bytes, return what its folder was made from.

    decree.json lists the paths as given (`sources`), so another list of them is another output.
    """
    return {
        "sha256": source.sha256,
        "pipeline": __version__,
        "backend": settings.backend,
        "source": str(source.path.resolve()),
        "sources": list(map(str, names)),
    }


def _records(interim_root: Path, stem: str) -> dict[str, Any]:
    """Given the interim root and a stem, return its published.json: a record by output folder ({} when unreadable)."""
    value = Interim(interim_root / stem).read_json(config.PUBLISHED_STAMP)
    return value if isinstance(value, dict) else {}


def _record_of(folder: Path, interim_root: Path) -> dict[str, Any]:
    """Given an output folder and the interim root, return the record of what was last published there ({} if none)."""
    record = _records(interim_root, folder.name).get(str(folder.resolve()))
    return record if isinstance(record, dict) else {}


def record_publication(
    interim: Interim, folder: Path, source: Source, settings: ExtractSettings, names: Sequence[Path]
) -> None:
    """Given a source's interim folder, the output folder just published to and the source's paths, record it."""
    records = _records(interim.folder.parent, interim.folder.name)
    records[str(folder.resolve())] = publication_record(source, settings, names)
    interim.write_json(config.PUBLISHED_STAMP, records)


def _published_sha(folder: Path) -> str | None:
    """Given an output folder, return the SHA-256 its decree.json names (None when there is none to read)."""
    try:
        value = json.loads((folder / config.DECREE_JSON).read_text(encoding="utf-8"))
    except UNREADABLE:
        return None
    sha = value.get("sha256") if isinstance(value, dict) else None
    return sha if isinstance(sha, str) else None


def _is_own(source: Source, folder: Path, interim_root: Path) -> bool:
    """Given a source and an output folder, return whether publishing the source there overwrites no other source."""
    sha = _published_sha(folder)
    if sha is None or sha == source.sha256:
        return True
    return _record_of(folder, interim_root).get("source") == str(source.path.resolve())


def output_stem(source: Source, out: Path, interim_root: Path, taken: Mapping[str, str]) -> str:
    """Given a source, the output and interim roots and the stems given in this run (stem -> SHA-256), return its stem.

    Raises OutputError when both names hold other sources' plans.
    """
    base = source.stem
    candidates = (base, f"{base}-{source.doc_id[:SUFFIX_DIGITS]}")
    for stem in candidates:
        owner = taken.get(stem)
        if owner == source.sha256 or (owner is None and _is_own(source, out / stem, interim_root)):
            return stem
    raise OutputError(f"cannot write {out / base}: it and {candidates[1]} hold the plans of other PDFs")


def placed(source: Source, out: Path, interim_root: Path, stem: str | None = None) -> Source:
    """Given a source and the output and interim roots, return it with its folder name (the given one, or its own)."""
    return replace(source, folder=stem or output_stem(source, out, interim_root, {}))


def is_up_to_date(
    source: Source, out: Path, settings: ExtractSettings, interim_root: Path, names: Sequence[Path]
) -> bool:
    """Given a placed source and its paths, return whether out/<stem>/ holds its output from these bytes, paths,
    pipeline and settings.

    The record must name this very output folder: an output published to another --out does not count.
    """
    folder = out / source.stem
    record = _record_of(folder, interim_root)
    wanted = publication_record(source, settings, names)
    if any(record.get(key) != wanted[key] for key in STAMP_KEYS) or _published_sha(folder) != source.sha256:
        return False
    files = PUBLISHED_FILES + (CHART_FILES if settings.charts else ())
    return all((folder / name).is_file() for name in files)
