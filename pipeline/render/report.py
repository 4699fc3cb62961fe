"""Pages for people: the extraction report (report.html).

A single self-contained HTML file (styles inline, images as data: URIs, no script), so it opens
from a shared folder or an e-mail attachment on an offline machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..decree import DecreeRecord, Signatory
from ..decree.model import Decree, unread_fields
from ..domain import load_display, load_pages
from ..templating import render, render_utf8
from ..validate import ValidationReport, suite_view
from .review import REVIEW_BELOW, ReviewCell
from .schedule.groups import MONTHS, AreaGroup, plan_to_areas

REPORT_TEMPLATE = "report.html.j2"
VALIDATION_PAGE = "validation.html"
WHITE = (255, 255, 255)
DARK_SHARE = 0.55
UNREAD_LABELS = {"tanggal": "tanggal penetapan", "penandatangan": "penandatangan"}
REFUSED_LABELS = {"mengubah_nomor": "nomor keputusan yang diubah", "ditetapkan_di": "tempat penetapan",
                  "tanggal": "tanggal penetapan"}  # fmt: skip
REFUSED_REASON = "terbaca, tetapi bentuknya tidak sah; isian ini kosong di decree.json, yang terbaca ada di catatannya"
UNREAD_REASON = (
    "tidak ditemukan di blok tanda tangan; stempel atau tanda tangan di atasnya dapat menutupinya."
    " Rencana aksi tetap diterbitkan, isian ini kosong di decree.json"
)


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


def _signatory(signatory: Signatory | None) -> str:
    """Given a decree's signatory (or None), return "jabatan — nama" ("" for none)."""
    if signatory is None:
        return ""
    return " — ".join(value for value in (signatory.jabatan, signatory.nama) if value)


def _unread(decree: Decree) -> str:
    """Given a decree, return the line naming the signature block fields it could not read ("" when none)."""
    names = [UNREAD_LABELS[name] for name in unread_fields(decree)]
    return f"{', '.join(names)} ({UNREAD_REASON})" if names else ""


def _refused(fields: tuple[str, ...]) -> str:
    """Given the decree fields read but refused by validation, return the line naming them ("" when none)."""
    names = [REFUSED_LABELS[name] for name in fields]
    return f"{', '.join(names)} ({REFUSED_REASON})" if names else ""


def _decree_facts(record: DecreeRecord) -> list[tuple[str, str]]:
    """Given a decree record, return the (label, value) lines of its metadata, empty ones left out."""
    decree = record.decree
    facts = [
        ("Nomor", decree.nomor),
        ("Tentang", decree.tentang),
        ("Mengubah keputusan nomor", decree.mengubah_nomor),
        ("Ditetapkan di", decree.ditetapkan_di),
        ("Tanggal", indonesian_date(decree.tanggal) if decree.tanggal else None),
        ("Penandatangan", _signatory(decree.penandatangan)),
        ("Tidak terbaca", _unread(decree)),
        ("Ditolak pemeriksaan", _refused(record.refused)),
        ("Asal dokumen", record.provenance),
        ("Berkas", record.source),
        ("Halaman", record.pages),
        ("Halaman lampiran", ", ".join(str(page) for page in record.lampiran_pages)),
        ("doc_id", record.doc_id),
        ("SHA-256", record.sha256),
    ]
    return [(label, str(value)) for label, value in facts if value not in (None, "")]


def chart_document(record: DecreeRecord) -> str:
    """Given a decree record, return how its charts name it: office and nomor, noting an illustrative schedule."""
    words = load_display()
    decree = record.decree
    if record.satker and decree.nomor:
        name = words.document_name.format(satker=record.satker, nomor=decree.nomor)
    else:
        name = record.satker or decree.nomor or ""
    if name and words.illustrative_marker in (record.provenance or "").lower():
        name = f"{name} · {words.illustrative}"
    return name


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
    record: DecreeRecord,
    reports: Sequence[ValidationReport],
    charts: Sequence[tuple[str, bytes]],
    review: Sequence[ReviewCell] = (),
) -> str:
    """Given an extraction's plan, decree record, validation reports and schedule PNGs, return report.html.

    The page holds the decree's metadata, counts per area, the schedule images (embedded as data:
    URIs), the outcome of every expectation with the failing values, and a link to validation.html
    (the Data Docs page expected next to it).
    """
    return render(REPORT_TEMPLATE, **_report_context(plan, record, reports, charts, review))


def report_html_bytes(
    plan: pd.DataFrame,
    record: DecreeRecord,
    reports: Sequence[ValidationReport],
    charts: Sequence[tuple[str, bytes]],
    review: Sequence[ReviewCell] = (),
) -> bytes:
    """Given what render_report takes, return report.html as UTF-8 bytes (the page is never held whole as text)."""
    return render_utf8(REPORT_TEMPLATE, **_report_context(plan, record, reports, charts, review))


def _report_context(
    plan: pd.DataFrame,
    record: DecreeRecord,
    reports: Sequence[ValidationReport],
    charts: Sequence[tuple[str, bytes]],
    review: Sequence[ReviewCell] = (),
) -> dict[str, Any]:
    """Given what render_report takes, return the report template's values."""
    counts = area_counts(plan)
    words = load_display()
    return dict(
        title=words.report_title,
        nomor=record.decree.nomor or "",
        facts=_decree_facts(record),
        menimbang=record.decree.menimbang,
        mengingat=record.decree.mengingat,
        diktum=record.decree.diktum,
        counts=[(count, _month_cells(count)) for count in counts],
        totals=_totals(counts),
        months=words.month_abbreviations,
        charts=list(charts),
        review=list(review),
        review_below=round(100 * REVIEW_BELOW),
        suites=_validation_views(reports),
        valid=all(report.success for report in reports),
        validation_page=VALIDATION_PAGE,
        words=load_pages()["validation"],
    )
