"""The plan's schedule for people: a Gantt-style chart (PNG, A4 landscape) and an HTML page.

One line per indikator, grouped by area and kegiatan in document order (`groups`), packed into
A4 pages (`pages`), drawn with matplotlib (`png`) and laid out as a page (`html`). Each area keeps
one colour in every document (from data/colours.yaml); the same plan always gives the same bytes.
"""

from .glyphs import fit_text
from .groups import MONTHS, AreaGroup, KegiatanGroup, ScheduleRow, area_colour, area_colours, plan_to_areas
from .html import schedule_html
from .pages import chart_name
from .png import schedule_figures, schedule_png

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
