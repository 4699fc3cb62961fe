"""Tests of the schedule for people: the chart images and the HTML page."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure

from pipeline.domain import load_display
from pipeline.render.schedule import (
    area_colour,
    fit_text,
    plan_to_areas,
    schedule_figures,
    schedule_html,
    schedule_png,
)
from pipeline.render.schedule.glyphs import WIDTH_SAFETY, GlyphText, text_outline, text_width
from pipeline.render.schedule.pages import PAGE_WIDTH
from pipeline.render.schedule.png import BAR_ZORDER, MARGIN, MONTH_WIDTH
from tests.fixtures.plans import load_plan
from tests.fixtures.render import (
    A4_HEIGHT_PX,
    A4_WIDTH_PX,
    REPLICA_PLAN_CSV,
    SMALL_ROWS,
    assert_self_contained,
    colour_mask,
    long_plan,
    make_plan,
    page_text,
    parse,
    pixels,
    rgb,
)

# --- schedule.png ---------------------------------------------------------------------------


def test_small_plan_gives_one_a4_wide_image_with_its_area_colours(small_charts: list[tuple[str, bytes]]) -> None:
    assert [name for name, _ in small_charts] == ["schedule.png"]
    image = pixels(small_charts[0][1])
    height, width, _ = image.shape
    assert width == A4_WIDTH_PX
    assert 100 < height <= A4_HEIGHT_PX
    assert (image.min(axis=-1) < 200).mean() > 0.02, "the chart is (nearly) blank"
    for code in ("penataan_organisasi", "penataan_sdm", "manajemen_perubahan"):
        assert colour_mask(image, rgb(area_colour(code))).sum() > 200, code


def test_months_run_left_to_right_in_the_month_columns(small_charts: list[tuple[str, bytes]]) -> None:
    image = pixels(small_charts[0][1])
    width = image.shape[1]
    # Area 2's only row is scheduled in December, area 1's rows in January and February.
    december = np.nonzero(colour_mask(image, rgb(area_colour("penataan_sdm"))))[1]
    january = np.nonzero(colour_mask(image, rgb(area_colour("penataan_organisasi"))))[1]
    # The area headings' colour stripe sits at the left margin; the bars are right of the labels.
    december_bars, january_bars = december[december > width / 2], january[january > width / 2]
    assert december_bars.min() > width * 0.9
    assert january_bars.max() < december_bars.min()
    assert january_bars.min() > width / 2


def test_same_plan_gives_the_same_bytes_without_software_metadata(
    small_plan: pd.DataFrame, small_charts: list[tuple[str, bytes]]
) -> None:
    again = schedule_png(small_plan)
    assert again == small_charts
    assert b"Software" not in small_charts[0][1] and b"Matplotlib" not in small_charts[0][1]


def test_long_plan_is_split_with_whole_areas_per_image() -> None:
    plan = long_plan([18] * 4)
    charts = schedule_png(plan)
    names = [name for name, _ in charts]
    assert len(charts) > 1
    assert names == ["schedule.png", *(f"schedule-{n}.png" for n in range(2, len(charts) + 1))]
    seen_on: dict[str, list[int]] = {}
    for index, (_, png) in enumerate(charts):
        image = pixels(png)
        assert image.shape[1] == A4_WIDTH_PX and image.shape[0] <= A4_HEIGHT_PX
        for code in plan["area_code"].unique():
            if colour_mask(image, rgb(area_colour(code))).sum() > 100:
                seen_on.setdefault(code, []).append(index)
    assert sorted(seen_on) == sorted(plan["area_code"].unique()), "every area is drawn"
    assert all(len(images) == 1 for images in seen_on.values()), seen_on
    assert len(charts) < 4, "images hold more than one area where they fit"


def test_area_longer_than_a_page_goes_on_over_the_next_image() -> None:
    charts = schedule_png(long_plan([70]))
    assert len(charts) == 2
    colour = rgb(area_colour("manajemen_perubahan"))
    assert all(colour_mask(pixels(png), colour).sum() > 100 for _, png in charts)
    # 70 rows under 14 kegiatan do not fit on one A4 page: the first image is filled to (nearly) its full height.
    assert pixels(charts[0][1]).shape[0] > A4_HEIGHT_PX - 30


def test_labels_number_kegiatan_sub_kegiatan_indikator_and_fall_back_to_sub_kegiatan(
    small_plan: pd.DataFrame,
) -> None:
    areas = plan_to_areas(small_plan)
    assert [a.label for a in areas] == ["1. Penguatan Kelembagaan", "2. Penguatan Sistem Manajemen SDM ASN",
                                        "3. Manajemen Perubahan"]  # fmt: skip
    labels = [row.label for row in areas[0].rows]
    assert labels == [
        "1.1.1 Dokumentasi laporan FGD Evaluasi Organisasi;",
        "1.2.1 Pelaporan Kuesioner Evaluasi Organisasi kepada KPU RI",
        "2.1 Dilaksanakannya Penyesuaian SOTK",
    ]
    assert [k.label for k in areas[0].kegiatan] == ["1. Evaluasi Organisasi", "2. Penyesuaian SOTK"]
    assert areas[0].canonical == "Penataan Organisasi"


def test_fit_text_cuts_at_a_word_and_marks_the_cut() -> None:
    text = "Seluruh pegawai memahami indikator keberhasilan dari tugas dan jabatan (Target output/mutu/waktu/biaya)"
    assert fit_text(text, "row", 1000.0) == text
    cut = fit_text(text, "row", 120.0)
    assert cut.endswith("…") and len(cut) < len(text) // 2
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "


# --- schedule.html --------------------------------------------------------------------------


def test_schedule_html_groups_rows_with_full_texts_on_hover(small_plan: pd.DataFrame) -> None:
    page = schedule_html(small_plan)
    assert_self_contained(page)
    text = page_text(page)
    for label in ("1. Penguatan Kelembagaan", "2. Penguatan Sistem Manajemen SDM ASN", "3. Manajemen Perubahan"):
        assert label in text
    assert "1. Evaluasi Organisasi" in text and "2. Penyesuaian SOTK" in text
    titles = [value for name, value in parse(page).attributes if name == "title"]
    hover = next(t for t in titles if "Pelaporan Kuesioner" in t)
    assert "Sub kegiatan: Pengisian Kuesioner Evaluasi Organisasi" in hover
    assert "Ket: Laporan Kuesioner" in hover and "Bulan: Jan, Feb" in hover
    assert "--c: #009E73" in page and "--c: #D55E00" in page
    assert "tanpa jadwal" in text


def test_schedule_html_escapes_texts() -> None:
    rows = [list(SMALL_ROWS[0])]
    rows[0][8] = 'Laporan <b>FGD</b> & "notulen"'
    page = schedule_html(make_plan([tuple(rows[0])]))
    assert "<b>FGD</b>" not in page
    assert "Laporan &lt;b&gt;FGD&lt;/b&gt; &amp; " in page


# --- what the chart draws ------------------------------------------------------------------


def _texts(figure: Figure) -> list[GlyphText]:
    """Return a chart page's text artists, top to bottom."""
    return sorted(figure.findobj(GlyphText), key=lambda text: text.get_position()[1])


def _bar_months(figure: Figure, middle: float) -> tuple[int, ...]:
    """Return the months covered by the bars of the line whose vertical centre is middle."""
    grid_left = PAGE_WIDTH - MARGIN - 12 * MONTH_WIDTH
    months: set[int] = set()
    for collection in figure.findobj(PatchCollection):
        if collection.get_zorder() != BAR_ZORDER:
            continue
        for path in collection.get_paths():
            (x0, y0), (x1, y1) = path.vertices.min(axis=0), path.vertices.max(axis=0)
            if y0 < middle < y1:
                first = int((x0 - grid_left) // MONTH_WIDTH) + 1
                months.update(range(first, int((x1 - grid_left) // MONTH_WIDTH) + 2))
    return tuple(sorted(months))


def _seed_plan() -> tuple[pd.DataFrame, list[Any]]:
    """Return the replica's seed plan as a plan frame, and its rows as read from plan.csv."""
    seed = load_plan(REPLICA_PLAN_CSV)
    rows = [
        (int(r.area_no), r.area, "", r.kegiatan_no, r.kegiatan, r.sub_kegiatan_no, r.sub_kegiatan, r.indikator_no,
         r.indikator, r.ket, list(r.bulan))
        for r in seed
    ]  # fmt: skip
    return make_plan(rows), seed


def _shown(label: str, full: str) -> bool:
    """Return whether a drawn label is the full text, or its start cut at a word and ended with "…"."""
    return label == full or (label.endswith("…") and full.startswith(label[:-1].rstrip()))


def test_chart_draws_every_seed_row_in_order_with_its_label_and_month_bars() -> None:
    plan, seed = _seed_plan()
    figures = list(schedule_figures(plan))
    drawn = [(text, figure) for figure in figures for text in _texts(figure) if text.kind == "row"]
    assert len(drawn) == len(seed) == 136
    for (text, figure), row in zip(drawn, seed, strict=True):
        number = ".".join(n for n in (row.kegiatan_no, row.sub_kegiatan_no, row.indikator_no) if n)
        full = f"{number} {row.indikator or row.sub_kegiatan or row.ket}".strip()
        assert _shown(text.get_text(), full), (text.get_text(), full)
        assert _bar_months(figure, text.get_position()[1]) == row.bulan, full
    areas = [t.get_text() for figure in figures for t in _texts(figure) if t.kind == "area"]
    seen = list(dict.fromkeys((r.area_no, r.area) for r in seed))
    assert [a for a in areas if not a.endswith(")")] == [f"{no}. {area}" for no, area in seen]


def test_chart_draws_the_title_and_month_names_once_per_page() -> None:
    plan, _ = _seed_plan()
    words = load_display()
    figures = list(schedule_figures(plan))
    assert len(figures) > 1
    for figure in figures:
        texts = _texts(figure)
        assert [t.get_text() for t in texts if t.kind == "title"] == [words.schedule_title]
        headers = sorted(t.get_text() for t in texts if t.kind == "header")
        assert headers == sorted([words.label_heading, *words.month_abbreviations])


# --- hostile text ---------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", [r"$\foo$", "$x^2$", r"Rp\$5 dan $10"])
def test_cell_text_is_drawn_literally(hostile: str) -> None:
    # The indikator of row 1; the kegiatan and sub kegiatan of row 3, whose empty indikator falls back to it.
    rows = [list(row) for row in SMALL_ROWS]
    rows[0][8] = hostile
    rows[2][4] = rows[2][6] = hostile
    texts = [t for figure in schedule_figures(make_plan([tuple(row) for row in rows])) for t in _texts(figure)]
    strings = {t.get_text() for t in texts}
    assert {f"1.1.1 {hostile}", f"2. {hostile}", f"2.1 {hostile}"} <= strings
    assert all(not text.get_parse_math() and not text.get_usetex() for text in texts)
    # The drawn outline is one glyph per character as written (no mathtext layout of "$...$").
    outline, advance = text_outline(f"1.1.1 {hostile}", "row")
    assert advance == pytest.approx(text_width(f"1.1.1 {hostile}", "row") / WIDTH_SAFETY)
    assert len(outline.vertices) > 0
