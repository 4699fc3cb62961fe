"""Tests of the schedule for people: the chart images and the HTML page."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text

from pipeline.render.schedule import area_colour, fit_text, plan_to_areas, schedule_html, schedule_png
from tests.fixtures.render import (
    A4_HEIGHT_PX,
    A4_WIDTH_PX,
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


# --- hostile text ---------------------------------------------------------------------------


def _drawn_texts(plan: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, Text | None]]:
    """Return (string, ismath, text artist) of every text the Agg renderer draws for the plan's charts."""
    drawn: list[tuple[str, Any, Text | None]] = []
    draw_text = RendererAgg.draw_text

    def record(self: RendererAgg, gc: Any, x: float, y: float, s: str, prop: Any, angle: float,
               ismath: Any = False, mtext: Text | None = None) -> None:  # fmt: skip
        drawn.append((s, ismath, mtext))
        draw_text(self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    monkeypatch.setattr(RendererAgg, "draw_text", record)
    schedule_png(plan)
    return drawn


@pytest.mark.parametrize("hostile", [r"$\foo$", "$x^2$", r"Rp\$5 dan $10"])
def test_cell_text_is_drawn_literally(hostile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The indikator of row 1; the kegiatan and sub kegiatan of row 3, whose empty indikator falls back to it.
    rows = [list(row) for row in SMALL_ROWS]
    rows[0][8] = hostile
    rows[2][4] = rows[2][6] = hostile
    drawn = _drawn_texts(make_plan([tuple(row) for row in rows]), monkeypatch)
    strings = [s for s, _, _ in drawn]
    for label in (f"1.1.1 {hostile}", f"2. {hostile}", f"2.1 {hostile}"):
        assert label in strings, label
    assert all(ismath is False for _, ismath, _ in drawn), [(s, m) for s, m, _ in drawn if m is not False]
    artists = [text for _, _, text in drawn if text is not None]
    assert len(artists) == len(drawn)
    assert all(not text.get_parse_math() and not text.get_usetex() for text in artists)
    assert {text.get_text() for text in artists} >= {f"1.1.1 {hostile}", f"2. {hostile}", f"2.1 {hostile}"}
