"""Pages for people: the extraction report (report.html) and the HTML twin of diff.md.

Both are single self-contained HTML files (styles inline, images as data: URIs, no script), so
they open from a shared folder or an e-mail attachment on an offline machine.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..diff import ADDED, MISSING_CELL, MODIFIED, REMOVED, month_strip, summary_line
from ..domain import load_display
from ..records import months_of, record_text
from ..templating import render
from ..validate import ValidationReport, suite_view
from .schedule.groups import MONTHS, AreaGroup, plan_to_areas

REPORT_TEMPLATE = "report.html.j2"
DIFF_TEMPLATE = "diff.html.j2"
VALIDATION_PAGE = "validation.html"
DIFF_TITLE = "Perubahan rencana aksi"
WHITE = (255, 255, 255)
DARK_SHARE = 0.55

# The rows of the diff: as diff.md, the area only when it changed.
DIFF_FIELDS = ("area", "kegiatan", "sub_kegiatan", "indikator", "ket", "bulan")
NUMBER_OF = {"kegiatan": "kegiatan_no", "sub_kegiatan": "sub_kegiatan_no", "indikator": "indikator_no"}


@dataclass(frozen=True)
class AreaCount:
    """What one area of the plan holds: kegiatan, indikator rows and scheduled months."""

    area_no: int
    area: str
    canonical: str
    colour: str
    kegiatan: int
    rows: int
    unscheduled: int
    scheduled: int
    per_month: tuple[int, ...]


@dataclass(frozen=True)
class MonthCell:
    """One cell of a per-month count strip: the count and its colours."""

    count: int
    background: str
    foreground: str


@dataclass(frozen=True)
class Part:
    """A run of words of a diff cell, and whether it is what changed."""

    text: str
    changed: bool = False


# --- report.html ----------------------------------------------------------------------------


def _iso_date(value: Any) -> date | None:
    """Given a decree date (ISO text or date), return it as a date (None when unreadable)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def indonesian_date(value: Any) -> str:
    """Given a decree date, return it as printed in decrees, e.g. "7 Oktober 2021" (as given when unreadable)."""
    parsed = _iso_date(value)
    if parsed is None:
        return "" if value is None else str(value)
    return f"{parsed.day} {load_display().month_names[parsed.month - 1]} {parsed.year}"


def _signatory(decree: Mapping[str, Any]) -> str:
    """Given decree.json's content, return "jabatan — nama" of its signatory."""
    signatory = decree.get("penandatangan") or {}
    return " — ".join(str(v) for v in (signatory.get("jabatan"), signatory.get("nama")) if v)


def _decree_facts(decree: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Given decree.json's content, return the (label, value) lines of its metadata, empty ones left out."""
    pages = ", ".join(str(p) for p in decree.get("lampiran_pages") or [])
    facts = [
        ("Nomor", decree.get("nomor")),
        ("Tentang", decree.get("tentang")),
        ("Mengubah keputusan nomor", decree.get("mengubah_nomor")),
        ("Ditetapkan di", decree.get("ditetapkan_di")),
        ("Tanggal", indonesian_date(decree.get("tanggal")) if decree.get("tanggal") else None),
        ("Penandatangan", _signatory(decree)),
        ("Asal dokumen", decree.get("provenance")),
        ("Berkas", decree.get("source")),
        ("Halaman", decree.get("pages")),
        ("Halaman lampiran", pages),
        ("doc_id", decree.get("doc_id")),
        ("SHA-256", decree.get("sha256")),
    ]
    return [(label, str(value)) for label, value in facts if value not in (None, "")]


def _tint(colour: str, share: float) -> str:
    """Given a #RRGGBB colour and a share 0..1, return the colour mixed with white at that share."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(w + (c - w) * share) for c, w in zip(rgb, WHITE, strict=True)]
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _area_count(area: AreaGroup) -> AreaCount:
    """Given one area of the plan, return its counts."""
    rows = area.rows
    return AreaCount(
        area_no=area.area_no,
        area=area.area,
        canonical=area.canonical,
        colour=area.colour,
        kegiatan=len({(group.number, group.text) for group in area.kegiatan}),
        rows=len(rows),
        unscheduled=sum(1 for row in rows if not row.months),
        scheduled=sum(len(row.months) for row in rows),
        per_month=tuple(sum(1 for row in rows if month in row.months) for month in MONTHS),
    )


def area_counts(plan: pd.DataFrame) -> list[AreaCount]:
    """Given a plan, return per area (document order) its kegiatan, rows, rows without months and months scheduled."""
    return [_area_count(area) for area in plan_to_areas(plan)]


def _month_cells(count: AreaCount) -> list[MonthCell]:
    """Given an area's counts, return its per-month strip shaded by how many rows each month holds."""
    top = max(count.per_month, default=0) or 1
    cells = []
    for value in count.per_month:
        share = value / top
        foreground = "#ffffff" if share > DARK_SHARE else "#1a1a1a"
        cells.append(MonthCell(value, _tint(count.colour, share) if value else "#ffffff", foreground))
    return cells


def _totals(counts: Sequence[AreaCount]) -> dict[str, Any]:
    """Given every area's counts, return the plan's totals."""
    return {
        "kegiatan": sum(c.kegiatan for c in counts),
        "rows": sum(c.rows for c in counts),
        "unscheduled": sum(c.unscheduled for c in counts),
        "scheduled": sum(c.scheduled for c in counts),
        "per_month": [sum(c.per_month[i] for c in counts) for i in range(len(MONTHS))],
    }


def _validation_views(reports: Sequence[ValidationReport]) -> list[dict[str, Any]]:
    """Given the validation reports, return per suite its outcome and every expectation's row."""
    return [suite_view(report) for report in reports]


def render_report(
    plan: pd.DataFrame,
    decree: Mapping[str, Any],
    reports: Sequence[ValidationReport],
    charts: Sequence[tuple[str, bytes]],
) -> str:
    """Given an extraction's plan, decree.json content, validation reports and schedule PNGs, return report.html.

    The page holds the decree's metadata, counts per area, the schedule images (embedded as data:
    URIs), the outcome of every expectation with the failing values, and a link to validation.html
    (the Data Docs page expected next to it).
    """
    counts = area_counts(plan)
    words = load_display()
    return render(
        REPORT_TEMPLATE,
        title=words.report_title,
        nomor=decree.get("nomor") or "",
        facts=_decree_facts(decree),
        menimbang=list(decree.get("menimbang") or []),
        mengingat=list(decree.get("mengingat") or []),
        diktum=list(decree.get("diktum") or []),
        counts=[(count, _month_cells(count)) for count in counts],
        totals=_totals(counts),
        months=words.month_abbreviations,
        charts=list(charts),
        suites=_validation_views(reports),
        valid=all(report.success for report in reports),
        validation_page=VALIDATION_PAGE,
    )


# --- diff.html ------------------------------------------------------------------------------


def _records_by_row(plan: pd.DataFrame) -> dict[int, dict[str, Any]]:
    """Given a plan, return its records keyed by their `row` number."""
    return {int(record["row"]): record for record in plan.to_dict("records")}


def _lookup(records: Mapping[int, dict[str, Any]], number: Any) -> dict[str, Any] | None:
    """Given records keyed by `row` and a row number (maybe missing), return the record."""
    return None if number is None or pd.isna(number) else records.get(int(number))


def _shown(record: Mapping[str, Any], field: str) -> str:
    """Given a plan record and a diff field, return the cell as printed, its number first."""
    number = record_text(dict(record), NUMBER_OF[field]) if field in NUMBER_OF else ""
    return " ".join(part for part in (number, record_text(dict(record), field)) if part)


def _squash(text: str) -> str:
    """Given a text, return it with runs of white space collapsed."""
    return " ".join(text.split())


def _word_parts(old: str, new: str) -> tuple[list[Part], list[Part]]:
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
    return left, right


def _text_cells(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, field: str) -> tuple[list[Part], ...]:
    """Given a change's records (None for a missing side) and a text field, return the two cells."""
    a = _shown(old, field) if old is not None else None
    b = _shown(new, field) if new is not None else None
    if a is not None and b is not None and _squash(a) != _squash(b):
        return _word_parts(a, b)
    return [Part(MISSING_CELL if a is None else a)], [Part(MISSING_CELL if b is None else b)]


def _strip_parts(months: tuple[int, ...] | None, other: tuple[int, ...] | None) -> list[Part]:
    """Given one side's months and the other side's, return the month strip, changed months marked."""
    if months is None:
        return [Part(MISSING_CELL)]
    moved = set(months) ^ set(other or months)
    return [Part(char, index + 1 in moved) for index, char in enumerate(month_strip(months))]


def _month_cells_of(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> tuple[list[Part], ...]:
    """Given a change's records, return the two month strips."""
    a = months_of(old.get("bulan")) if old is not None else None
    b = months_of(new.get("bulan")) if new is not None else None
    return _strip_parts(a, b), _strip_parts(b, a)


def _heading(rec: Mapping[str, Any]) -> str:
    """Given a diff record, return its heading (as diff.md's)."""
    if rec["change"] == ADDED:
        return f"added: row {rec['row_new']}"
    if rec["change"] == REMOVED:
        return f"removed: row {rec['row_old']}"
    fields = ", ".join(rec["fields"])
    return f"modified: row {rec['row_old']} → {rec['row_new']} ({fields}; similarity {float(rec['similarity']):.2f})"


def _change_view(
    rec: Mapping[str, Any], old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Given a diff record and its two records, return what the page shows of it."""
    fields = [f for f in DIFF_FIELDS if f != "area" or "area" in rec["fields"]]
    lines = []
    for field in fields:
        left, right = _month_cells_of(old, new) if field == "bulan" else _text_cells(old, new, field)
        lines.append({"field": field.replace("_", " "), "old": left, "new": right, "strip": field == "bulan"})
    return {"kind": rec["change"], "heading": _heading(rec), "lines": lines}


def _diff_areas(diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> list[dict[str, Any]]:
    """Given a diff table and its plans, return the changes grouped by area, as in diff.md."""
    old_rows, new_rows = _records_by_row(old), _records_by_row(new)
    views = []
    for rec in diff.to_dict("records"):
        o, n = _lookup(old_rows, rec["row_old"]), _lookup(new_rows, rec["row_new"])
        side = n if n is not None else o
        area = (int(rec["area_no"]), record_text(side, "area") if side is not None else "")
        views.append((area, _change_view(rec, o, n)))
    return [
        {"area_no": no, "area": name, "changes": [view for _, view in group]}
        for (no, name), group in itertools.groupby(views, key=lambda v: v[0])
    ]


def render_diff_html(
    diff: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame, *, old_label: str, new_label: str
) -> str:
    """Given a diff table and its two plans, return diff.html: diff.md's summary and changes by area, as a page.

    Removed words are struck through on the old side, added words highlighted on the new side,
    and the months that moved are marked in the month strips.
    """
    return render(
        DIFF_TEMPLATE,
        title=f"{DIFF_TITLE}: {old_label} → {new_label}",
        summary=summary_line(diff),
        counts={kind: int((diff["change"] == kind).sum()) for kind in (ADDED, REMOVED, MODIFIED)},
        areas=_diff_areas(diff, old, new),
        old_label=old_label,
        new_label=new_label,
    )
