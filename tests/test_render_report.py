"""Tests of the report page (report.html) and the HTML twin of diff.md."""

from __future__ import annotations

import base64
import html
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import ExtractSettings
from pipeline.diff import diff_plans, render_diff_html, render_diff_markdown
from pipeline.hierarchy import rows_to_plan
from pipeline.render.report import area_counts, indonesian_date, render_report, report_html_bytes
from pipeline.render.schedule import schedule_html
from pipeline.rows import TableRead
from pipeline.validate import ValidationReport
from tests.fixtures.print_html import HEADLESS_FLAGS
from tests.fixtures.render import (
    DECREE,
    DOC_ID,
    REPLICA_PLAN_CSV,
    SMALL_ROWS,
    assert_self_contained,
    make_plan,
    page_text,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (*HEADLESS_FLAGS, "--enable-logging=stderr", "--v=0")
CONSOLE_ERRORS = ("Uncaught", "ERROR:CONSOLE")


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
    assert '"bukan_area"' in text and "(baris 2)" in text
    assert "[13]" in text and "(baris 4)" in text
    for expectation in ("expect_column_values_to_be_in_set", "expect_column_values_to_be_between"):
        assert expectation in text
    failing = text.split("Gagal:")[1].split("Semua pemeriksaan")[0]
    assert failing.count(" — ") == report.statistics["unsuccessful"] == 3
    assert "Kode area adalah salah satu area perubahan baku (delapan area RB atau enam area" in failing
    body = page_text(page.split("</head>")[1])
    for english in ("passed", "expectations", "Failing", "Suite", "Data Docs", "bulan_max"):
        assert english not in body, english
    assert 'href="validation.html"' in page
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert [base64.b64decode(e) for e in embedded] == [png for _, png in small_charts]


def test_report_bytes_are_the_report_page_in_utf8(
    small_plan: pd.DataFrame, small_charts: list[tuple[str, bytes]]
) -> None:
    record = replace(DECREE, decree=replace(DECREE.decree, tentang="Rencana Aksi … “Tegal”"))
    page = render_report(small_plan, record, [], small_charts)
    assert "“Tegal”" in page and small_charts
    assert report_html_bytes(small_plan, record, [], small_charts) == page.encode("utf-8")


def test_report_lists_the_grounds_and_dicta_and_the_lampiran_pages(small_plan: pd.DataFrame) -> None:
    text = page_text(render_report(small_plan, DECREE, [], []))
    assert "Menimbang (1) bahwa berdasarkan Diktum Keempat ...;" in text
    assert "Mengingat (1) Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum" in text
    assert "Diktum (1) KESATU Mengubah Lampiran ..." in text
    assert "Halaman lampiran 3, 4" in text and "Penandatangan SEKRETARIS KOMISI" in text


def test_report_names_the_decree_fields_validation_refused_and_no_line_when_none(small_plan: pd.DataFrame) -> None:
    assert "Ditolak pemeriksaan" not in page_text(render_report(small_plan, DECREE, [], []))
    refused = replace(DECREE, decree=replace(DECREE.decree, mengubah_nomor=None), refused=("mengubah_nomor",))
    text = page_text(render_report(small_plan, refused, [], []))
    assert "Ditolak pemeriksaan nomor keputusan yang diubah (terbaca, tetapi bentuknya tidak sah;" in text


def test_report_escapes_texts(small_plan: pd.DataFrame) -> None:
    plan = small_plan.assign(area=small_plan["area"].where(small_plan["area_no"] != 3, "<script>x</script>"))
    page = render_report(plan, replace(DECREE, decree=replace(DECREE.decree, tentang="A & <B>")), [], [])
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
    assert "1 ditambah" not in text and "0 ditambah, 1 dihapus, 2 diubah" in text
    body = page_text(page.split("</head>")[1])
    for english in ("added", "removed", "modified", "row", "similarity"):
        assert english not in body, english
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
    assert "tidak ada perubahan" in page_text(page) and "<h2>" not in page


# --- the replica ----------------------------------------------------------------------------


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


# --- the charts' name of their document -------------------------------------------------------


def test_charts_name_office_and_nomor_and_say_when_the_schedule_is_illustrative(small_plan: pd.DataFrame) -> None:
    from pipeline.render.report import chart_document
    from tests.fixtures.typeset import REPLICA_SUBJECT

    assert chart_document(DECREE) == "KPU Kota Tegal · Nomor 25/HK.03.2/3376/2021"
    replica = chart_document(replace(DECREE, provenance=REPLICA_SUBJECT))
    assert replica == "KPU Kota Tegal · Nomor 25/HK.03.2/3376/2021 · jadwal bulan ilustratif"
    text = page_text(schedule_html(small_plan, replica))
    assert "KPU Kota Tegal · Nomor 25/HK.03.2/3376/2021 · jadwal bulan ilustratif" in text
    assert DOC_ID not in text
