"""The schedule as an HTML page: areas as collapsible sections, rows by kegiatan, full texts on hover."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ...domain import load_display, load_domain
from ...templating import render
from .groups import MONTHS, AreaGroup, area_colour, area_colours, document_label, plan_to_areas

SCHEDULE_TEMPLATE = "schedule.html.j2"


def _legend(areas: Sequence[AreaGroup]) -> list[dict[str, str]]:
    """Given the plan's areas, return the colour legend: every canonical area, then any unknown one."""
    entries = [{"name": a.name, "colour": area_colour(a.code)} for a in load_domain().areas]
    if any(area.area_code not in area_colours() for area in areas):
        entries.append({"name": load_display().unknown_area, "colour": area_colour(None)})
    return entries


def schedule_html(plan: pd.DataFrame, document: str = "") -> str:
    """Given a plan and its document's name, return a self-contained HTML page of its schedule.

    No script, no external file; the page names the document (office and nomor, else the doc_id).

    Areas are collapsible sections, rows are grouped by kegiatan, and hovering a row shows its
    full texts.
    """
    areas = plan_to_areas(plan)
    words = load_display()
    return render(
        SCHEDULE_TEMPLATE,
        title=words.schedule_title,
        document=document_label(plan, document),
        areas=areas,
        legend=_legend(areas),
        months=list(zip(MONTHS, words.month_abbreviations, strict=True)),
        row_count=len(plan),
        label_heading=words.label_heading,
        no_months=words.no_months,
    )
