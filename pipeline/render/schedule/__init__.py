"""The plan's schedule for people: a Gantt-style chart (PNG, A4 landscape) and an HTML page.

One line per indikator, grouped by area and kegiatan in document order (`groups`), packed into
A4 pages (`pages`), drawn with matplotlib (`png`) and laid out as a page (`html`). Each area keeps
one colour in every document (from data/colours.yaml); the same plan always gives the same bytes.

The PNG names are imported when first asked for: the HTML page and report.html need no matplotlib,
and a run of one document draws its images in its sidecar process (`pipeline.sidecar`).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .groups import MONTHS, AreaGroup, KegiatanGroup, ScheduleRow, area_colour, area_colours, plan_to_areas
from .html import schedule_html
from .pages import chart_name

if TYPE_CHECKING:
    from .glyphs import fit_text
    from .png import schedule_figures, schedule_png

_DRAWN = {"fit_text": ".glyphs", "schedule_figures": ".png", "schedule_png": ".png"}

__all__ = [
    "MONTHS",
    "AreaGroup",
    "KegiatanGroup",
    "ScheduleRow",
    "area_colour",
    "area_colours",
    "chart_name",
    "fit_text",
    "plan_to_areas",
    "schedule_figures",
    "schedule_html",
    "schedule_png",
]


def __getattr__(name: str) -> Any:
    """Given a name of the matplotlib half (`_DRAWN`), import its module and return it."""
    if name not in _DRAWN:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_DRAWN[name], __name__), name)
