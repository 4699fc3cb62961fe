"""Tests of the pages for people: schedule chart and page, cell overlays, report.html and diff.html."""

from __future__ import annotations

import base64
import html
import io
import re
import subprocess
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pdfplumber
import pytest
from PIL import Image

from pipeline.backends.pdfplumber import read_page
from pipeline.config import RAW_DIR, ExtractSettings
from pipeline.diff import diff_plans, render_diff_markdown
from pipeline.hierarchy import rows_to_plan
from pipeline.overlay import ROLE_STYLES, overlay_pngs
from pipeline.report import area_counts, indonesian_date, render_diff_html, render_report
from pipeline.rows import TableRead, read_table
from pipeline.schedule import area_colour, fit_text, plan_to_areas, schedule_html, schedule_png
from pipeline.validate import ValidationReport, validate_plan
from tests.fixtures.print_html import HEADLESS_FLAGS

REPLICA = RAW_DIR / "kpu-tegal-25-2021-replica.pdf"
REPLICA_PLAN_CSV = Path(__file__).parent / "fixtures" / "tegal_25_2021" / "plan.csv"
LAMPIRAN_PAGES = range(3, 12)
DOC_ID = "0123456789abcdef"
# A4 landscape at 150 dpi.
A4_WIDTH_PX, A4_HEIGHT_PX = 1754, 1240
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (*HEADLESS_FLAGS, "--enable-logging=stderr", "--v=0")
CONSOLE_ERRORS = ("Uncaught", "ERROR:CONSOLE")

DECREE: dict[str, Any] = {
    "doc_id": DOC_ID,
    "source": "kpu-tegal-25-2021.pdf",
    "sha256": DOC_ID * 4,
    "pages": 11,
    "nomor": "25/HK.03.2/3376/2021",
    "tentang": "PERUBAHAN KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL TENTANG RENCANA AKSI",
    "mengubah_nomor": "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
    "ditetapkan_di": "Tegal",
    "tanggal": "2021-10-07",
    "penandatangan": {"jabatan": "SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL", "nama": "ANDI BUDI HARJANTO"},
    "menimbang": ["bahwa berdasarkan Diktum Keempat ...;"],
    "mengingat": [{"no": 1, "jenis": "Undang-Undang", "nomor": "7", "tahun": 2017, "tentang": "Pemilihan Umum"}],
    "diktum": [{"label": "KESATU", "text": "Mengubah Lampiran ..."}],
    "lampiran_pages": [3, 4],
    "provenance": "replica typeset from the decree text",
}

# (area_no, area, area_code, kegiatan_no, kegiatan, sub_kegiatan_no, sub_kegiatan, indikator_no, indikator, ket,
# bulan), after the first rows of KPU Kota Tegal 25/HK.03.2/3376/2021 (months chosen by hand).
SMALL_ROWS = [
    (1, "Penguatan Kelembagaan", "penataan_organisasi", "1", "Evaluasi Organisasi", "1",
     "FGD Evaluasi Organisasi di lingkungan unit/satuan kerja", "1", "Dokumentasi laporan FGD Evaluasi Organisasi;",
     "Dokumentasi laporan FGD", [1]),
    (1, "Penguatan Kelembagaan", "penataan_organisasi", "1", "Evaluasi Organisasi", "2",
     "Pengisian Kuesioner Evaluasi Organisasi", "1", "Pelaporan Kuesioner Evaluasi Organisasi kepada KPU RI",
     "Laporan Kuesioner", [1, 2]),
    (1, "Penguatan Kelembagaan", "penataan_organisasi", "2", "Penyesuaian SOTK", "1",
     "Dilaksanakannya Penyesuaian SOTK", "", "", "", []),
    (2, "Penguatan Sistem Manajemen SDM ASN", "penataan_sdm", "1", "Pembangunan Sistem Merit", "1",
     "Penerapan Pengukuran Kinerja Individu", "1", "Seluruh pegawai memiliki Sasaran Kinerja Pegawai", "SKP",
     [12]),
    (3, "Manajemen Perubahan", "manajemen_perubahan", "1", "Perencanaan Reformasi Birokrasi", "1",
     "Pembentukan Tim Reformasi Birokrasi", "1", "Terbentuknya Tim Reformasi Birokrasi", "SK Tim RB", [1, 2, 3]),
]  # fmt: skip


def make_plan(rows: Sequence[tuple[Any, ...]], doc_id: str = DOC_ID) -> pd.DataFrame:
    """Return a plan frame (contract columns and dtypes) holding rows in the order given."""
    names = ["area_no", "area", "area_code", "kegiatan_no", "kegiatan", "sub_kegiatan_no", "sub_kegiatan"]
    names += ["indikator_no", "indikator", "ket", "bulan"]
    frame = pd.DataFrame([dict(zip(names, row, strict=True)) for row in rows], columns=names)
    frame.insert(0, "doc_id", doc_id)
    frame.insert(1, "row", pd.array(range(1, len(rows) + 1), dtype="int32"))
    frame["area_no"] = frame["area_no"].astype("int8")
    frame["bulan"] = [np.array(b, dtype="int8") for b in frame["bulan"]]
    frame["page"] = pd.array([3] * len(rows), dtype="int16")
    return frame


def long_plan(rows_per_area: Sequence[int]) -> pd.DataFrame:
    """Return a plan with one area per entry of rows_per_area (canonical areas in road-map order), short labels."""
    codes = [
        "manajemen_perubahan", "deregulasi_kebijakan", "penataan_organisasi", "penataan_tatalaksana",
        "penataan_sdm", "penguatan_akuntabilitas", "penguatan_pengawasan", "pelayanan_publik",
    ]  # fmt: skip
    rows = []
    for area_no, (code, count) in enumerate(zip(codes, rows_per_area, strict=False), start=1):
        for index in range(count):
            kegiatan = str(index // 5 + 1)
            rows.append(
                (area_no, f"Area {area_no}", code, kegiatan, f"K{kegiatan}", "1", "S", str(index % 5 + 1),
                 f"i{index}", "", [index % 12 + 1])
            )  # fmt: skip
    return make_plan(rows)


def pixels(png: bytes) -> np.ndarray:
    """Return a PNG's RGB pixels."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def rgb(colour: str) -> tuple[int, int, int]:
    """Return a #RRGGBB colour as an RGB triple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def colour_mask(image: np.ndarray, colour: tuple[int, ...]) -> np.ndarray:
    """Return where an image's pixels are exactly the colour."""
    return np.all(image == np.array(colour[:3], dtype=image.dtype), axis=-1)


class _TextOf(HTMLParser):
    """Collects a page's visible text and its attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def parse(page: str) -> _TextOf:
    """Return the parsed page."""
    parser = _TextOf()
    parser.feed(page)
    return parser


def page_text(page: str) -> str:
    """Return a page's text with white space collapsed."""
    return " ".join(" ".join(parse(page).parts).split())


def assert_self_contained(page: str) -> None:
    """Assert that a page loads nothing from elsewhere and runs no script."""
    parsed = parse(page)
    assert "script" not in parsed.tags
    for name, value in parsed.attributes:
        if name in ("src", "href"):
            assert value.startswith(("data:", "#", "validation.html")), value
    assert "@import" not in page and "url(http" not in page


@pytest.fixture(scope="module")
def small_plan() -> pd.DataFrame:
    return make_plan(SMALL_ROWS)


@pytest.fixture(scope="module")
def small_charts(small_plan: pd.DataFrame) -> list[tuple[str, bytes]]:
    return schedule_png(small_plan)


@pytest.fixture(scope="module")
def failing_report() -> tuple[pd.DataFrame, ValidationReport]:
    """A plan with an unknown area code (row 2) and a month 13 (row 4), and its validation report."""
    rows = [list(row) for row in SMALL_ROWS]
    rows[1][2] = "bukan_area"
    rows[3][10] = [13]
    plan = make_plan([tuple(row) for row in rows])
    return plan, validate_plan(plan)


@pytest.fixture(scope="module")
def replica_table() -> tuple[TableRead, list[tuple[float, float]]]:
    """The table read from the replica's LAMPIRAN pages, and the size of each PDF page in points."""
    with pdfplumber.open(REPLICA) as pdf:
        pages = [read_page(pdf.pages[n - 1], n) for n in LAMPIRAN_PAGES]
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    return read_table(pages, ExtractSettings()), sizes


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


# --- report.html ----------------------------------------------------------------------------


def test_area_counts_per_area(small_plan: pd.DataFrame) -> None:
    counts = area_counts(small_plan)
    assert [(c.area_no, c.kegiatan, c.rows, c.unscheduled, c.scheduled) for c in counts] == [
        (1, 2, 3, 1, 3),
        (2, 1, 1, 0, 1),
        (3, 1, 1, 0, 3),
    ]
    assert counts[0].per_month == (2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert counts[1].per_month[11] == 1


def test_indonesian_date() -> None:
    assert indonesian_date("2021-10-07") == "7 Oktober 2021"
    assert indonesian_date("2021-03-1x") == "2021-03-1x"


def test_report_shows_decree_areas_charts_and_every_failing_expectation(
    failing_report: tuple[pd.DataFrame, ValidationReport], small_charts: list[tuple[str, bytes]]
) -> None:
    plan, report = failing_report
    assert not report.success
    page = render_report(plan, DECREE, [report], small_charts)
    assert_self_contained(page)
    text = page_text(page)
    for fact in ("25/HK.03.2/3376/2021", "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021", "7 Oktober 2021", "Tegal",
                 "ANDI BUDI HARJANTO", "replica typeset from the decree text"):  # fmt: skip
        assert fact in text, fact
    for area in ("Penguatan Kelembagaan", "Penguatan Sistem Manajemen SDM ASN", "Manajemen Perubahan"):
        assert area in text, area
    # The failures made above: the unknown area code on row 2 and month 13 on row 4.
    assert '"bukan_area"' in text and "(row 2)" in text
    assert "[13]" in text and "(row 4)" in text
    for expectation in ("expect_column_values_to_be_in_set", "expect_column_values_to_be_between"):
        assert expectation in text
    failing = text.split("Failing:")[1].split("Every expectation")[0]
    assert failing.count(" — ") == report.statistics["unsuccessful"] == 3
    assert 'href="validation.html"' in page
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert [base64.b64decode(e) for e in embedded] == [png for _, png in small_charts]


def test_report_escapes_texts(small_plan: pd.DataFrame) -> None:
    plan = small_plan.assign(area=small_plan["area"].where(small_plan["area_no"] != 3, "<script>x</script>"))
    page = render_report(plan, {**DECREE, "tentang": "A & <B>"}, [], [])
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "A &amp; &lt;B&gt;" in page


# --- diff.html ------------------------------------------------------------------------------


def test_diff_html_matches_diff_md() -> None:
    old = make_plan(SMALL_ROWS)
    new_rows = [list(row) for row in SMALL_ROWS]
    new_rows[0][8] = "Dokumentasi laporan FGD Evaluasi Organisasi dan notulen;"
    new_rows[3][10] = [11, 12]
    del new_rows[4]
    new = make_plan([tuple(row) for row in new_rows])
    diff = diff_plans(old, new)
    page = render_diff_html(diff, old, new, old_label="11/2021", new_label="25/2021")
    assert_self_contained(page)
    text = page_text(page)
    assert "1 added" not in text and "0 added, 1 removed, 2 modified" in text
    markdown = render_diff_markdown(diff, old, new, old_label="11/2021", new_label="25/2021")
    for heading in re.findall(r"^#{2,3} (.+)$", markdown, flags=re.MULTILINE):
        assert heading in text, heading
    assert "<ins>Organisasi dan notulen;</ins>" in page and "<del>Organisasi;</del>" in page
    # Row 4 moved from December to November and December: November is marked on both sides.
    assert "□□□□□□□□□□□<mark>■</mark>" not in page
    assert "□□□□□□□□□□<mark>□</mark>■" in page and "□□□□□□□□□□<mark>■</mark>■" in page


def test_diff_html_without_changes() -> None:
    plan = make_plan(SMALL_ROWS)
    page = render_diff_html(diff_plans(plan, plan), plan, plan, old_label="a", new_label="b")
    assert "no changes" in page_text(page) and "<h2>" not in page


# --- overlay --------------------------------------------------------------------------------


def test_overlay_gives_one_png_per_lampiran_page_with_the_roles_coloured(
    replica_table: tuple[TableRead, list[tuple[float, float]]],
) -> None:
    table, sizes = replica_table
    resolution = 50
    with pdfplumber.open(REPLICA) as pdf:
        images = overlay_pngs(pdf, table, resolution=resolution)
    assert list(images) == [f"page-{n:02d}.png" for n in LAMPIRAN_PAGES]
    for page in LAMPIRAN_PAGES:
        image = pixels(images[f"page-{page:02d}.png"])
        width, height = sizes[page - 1]
        assert abs(image.shape[1] - width * resolution / 72) <= 1
        page_height = round(height * resolution / 72)
        assert image.shape[0] > page_height + 5, "a legend strip under the page"
        drawn = image[: page_height - 1]
        roles = {role for cell, role in table.roles.items() if cell.page == page}
        assert {"header", "body", "mark"} <= roles
        for role in roles:
            assert colour_mask(drawn, ROLE_STYLES[role].stroke).sum() > 10, (page, role)
    # Page 3 holds the merged area and kegiatan cells of area 1 and area 2's cells that run on to page 4.
    page_3 = pixels(images["page-03.png"])
    assert colour_mask(page_3, ROLE_STYLES["merged"].stroke).sum() > 50
    assert colour_mask(page_3, ROLE_STYLES["continued"].stroke).sum() > 50


def test_replica_report_and_schedule_page_name_every_area(
    replica_table: tuple[TableRead, list[tuple[float, float]]],
) -> None:
    table, _ = replica_table
    plan = rows_to_plan(table.rows, DOC_ID, ExtractSettings().area_match_min)
    printed = pd.read_csv(REPLICA_PLAN_CSV, dtype=str, keep_default_na=False)["area"].unique()
    report_text, schedule_text = page_text(render_report(plan, DECREE, [], [])), page_text(schedule_html(plan))
    for area in printed:
        assert " ".join(area.split()) in report_text and " ".join(area.split()) in schedule_text, area
    assert len(area_counts(plan)) == 8


# --- in a browser ---------------------------------------------------------------------------


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless check needs /usr/bin/chromium (apt-get install chromium)")
@pytest.mark.parametrize("name", ["report.html", "schedule.html"])
def test_pages_open_in_chromium_without_console_errors(
    name: str, tmp_path: Path, failing_report: tuple[pd.DataFrame, ValidationReport],
    small_charts: list[tuple[str, bytes]],
) -> None:  # fmt: skip
    plan, report = failing_report
    pages = {
        "report.html": lambda: render_report(plan, DECREE, [report], small_charts),
        "schedule.html": lambda: schedule_html(plan),
    }
    path = tmp_path / name
    path.write_text(pages[name](), encoding="utf-8")
    command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Manajemen Perubahan" in html.unescape(done.stdout)
    errors = [line for line in done.stderr.splitlines() if any(e in line for e in CONSOLE_ERRORS)]
    assert not errors, errors
