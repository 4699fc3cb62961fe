"""Rows stage, page breaks as browsers print them: rules that tell open and closed cells, marks-only rows."""

from __future__ import annotations

from dataclasses import replace

from conftest import cell, header, months, page_cells

from pipeline.backends.base import Cell
from pipeline.rows import cells_to_rows

AREA = "Penguatan Pengawasan"
WBS = "3. Pelaksanaan Whistle Blowing System KPU"


def _open(c: Cell) -> Cell:
    return replace(c, open_bottom=True)


def _closed(c: Cell) -> Cell:
    return replace(c, open_bottom=False)


def _texts(rows, *names):
    return [tuple(r.text(n) for n in names) for r in rows]


def test_a_page_ending_on_a_row_of_marks_alone_gives_them_to_the_row_its_text_opens_the_next_page():
    # WeasyPrint prints a cut row's check mark on the page where its text no longer fits.
    head, top = header(1)
    page1 = [
        *head,
        _open(cell(1, "no", top, 480, "3")),
        _open(cell(1, "area", top, 480, "Penguatan Tata Laksana")),
        _open(cell(1, "kegiatan", top, 480, "1. Penataan Budaya Kerja")),
        _closed(cell(1, "sub", top, 470, "1. Penerapan budaya kerja")),
        _closed(cell(1, "indikator", top, 470, "1. Diterapkannya Budaya Kerja")),
        *(_closed(c) for c in months(1, top, 470, [1, 2])),
        _closed(cell(1, "ket", top, 470, "Laporan")),
        _open(cell(1, "sub", 470, 480, "")),
        _open(cell(1, "indikator", 470, 480, "")),
        *(_open(c) for c in months(1, 470, 480, [6], char="√")),
        _open(cell(1, "ket", 470, 480, "")),
    ]
    head2, top2 = header(2)
    page2 = [
        *head2,
        cell(2, "no", top2, top2 + 40, ""),
        cell(2, "area", top2, top2 + 40, ""),
        cell(2, "kegiatan", top2, top2 + 40, ""),
        cell(2, "sub", top2, top2 + 40, "2. Pembangunan instrumen reward"),
        cell(2, "indikator", top2, top2 + 40, "1. Tersedianya instrumen reward and punishment"),
        *months(2, top2, top2 + 40, []),
        cell(2, "ket", top2, top2 + 40, "Adanya punishment"),
    ]
    rows = cells_to_rows([page_cells(1, page1), page_cells(2, page2)])
    assert _texts(rows, "kegiatan", "indikator") == [
        ("1. Penataan Budaya Kerja", "1. Diterapkannya Budaya Kerja"),
        ("1. Penataan Budaya Kerja", "1. Tersedianya instrumen reward and punishment"),
    ]
    assert [r.months for r in rows] == [(1, 2), (6,)]


def test_an_empty_cell_under_one_the_rules_closed_at_the_page_end_stays_empty():
    # The seed's row "3. Monitoring, Evaluasi, Pelaporan dan Tindak Lanjut atas Pengelolaan
    # Benturan Kepentingan" has no KEGIATAN; a browser that prints it at the top of a page
    # closes the kegiatan above it at the page's end, and keeps the area open.
    head, top = header(1)
    page1 = [
        *head,
        _open(cell(1, "no", top, 480, "8")),
        _open(cell(1, "area", top, 480, AREA)),
        _closed(cell(1, "kegiatan", top, 480, WBS)),
        _closed(cell(1, "sub", top, 480, "2. Pengelolaan WBS")),
        _closed(cell(1, "indikator", top, 480, "Prosentase Pengaduan WBS")),
        *(_closed(c) for c in months(1, top, 480, [1])),
        _closed(cell(1, "ket", top, 480, "Laporan")),
    ]
    head2, top2 = header(2)
    page2 = [
        *head2,
        cell(2, "no", top2, top2 + 40, ""),
        cell(2, "area", top2, top2 + 40, ""),
        cell(2, "kegiatan", top2, top2 + 40, ""),
        cell(2, "sub", top2, top2 + 40, "3. Monitoring, Evaluasi, Pelaporan"),
        cell(2, "indikator", top2, top2 + 40, "Dokumen laporan monitoring"),
        *months(2, top2, top2 + 40, [6, 12]),
        cell(2, "ket", top2, top2 + 40, "Laporan"),
    ]
    rows = cells_to_rows([page_cells(1, page1), page_cells(2, page2)])
    assert _texts(rows, "area", "kegiatan", "sub_kegiatan") == [
        (AREA, WBS, "2. Pengelolaan WBS"),
        (AREA, "", "3. Monitoring, Evaluasi, Pelaporan"),
    ]


def test_a_merged_cell_over_a_whole_page_runs_on_into_the_empty_cell_closing_it_on_the_next():
    # Chromium draws no cell at all for a merged cell on a page it covers from top to bottom.
    kegiatan = "1. Penguatan Sistem Akuntabilitas Kinerja Instansi Pemerintah"
    head, top = header(1)
    page1 = [
        *head,
        _open(cell(1, "no", top, 480, "4")),
        _open(cell(1, "area", top, 480, "Penguatan Akuntabilitas")),
        _open(cell(1, "kegiatan", top, 480, kegiatan)),
        _closed(cell(1, "sub", top, 480, "1. Penyusunan Renstra")),
        _closed(cell(1, "indikator", top, 480, "Tersedianya Renstra")),
        *(_closed(c) for c in months(1, top, 480, [1])),
        _closed(cell(1, "ket", top, 480, "Dokumen")),
    ]
    head2, top2 = header(2)
    page2 = [
        *head2,
        _closed(cell(2, "sub", top2, 480, "2. Penetapan Kinerja")),
        _closed(cell(2, "indikator", top2, 480, "Adanya dokumen penetapan kinerja")),
        *(_closed(c) for c in months(2, top2, 480, [2])),
        _closed(cell(2, "ket", top2, 480, "Dokumen PK")),
    ]
    head3, top3 = header(3)
    page3 = [
        *head3,
        cell(3, "no", top3, top3 + 80, ""),
        cell(3, "area", top3, top3 + 80, ""),
        cell(3, "kegiatan", top3, top3 + 80, ""),
        cell(3, "sub", top3, top3 + 80, "3. Pengukuran Capaian Kinerja"),
        cell(3, "indikator", top3, top3 + 40, "1. Capaian kinerja unit"),
        *months(3, top3, top3 + 40, [3]),
        cell(3, "ket", top3, top3 + 40, "Laporan"),
        cell(3, "indikator", top3 + 40, top3 + 80, "2. Reviu Lakip"),
        *months(3, top3 + 40, top3 + 80, [4]),
        cell(3, "ket", top3 + 40, top3 + 80, "Laporan"),
        cell(3, "no", top3 + 80, top3 + 120, ""),
        cell(3, "area", top3 + 80, top3 + 120, ""),
        cell(3, "kegiatan", top3 + 80, top3 + 120, "2. Pengelolaan Akuntabilitas Kinerja"),
        cell(3, "sub", top3 + 80, top3 + 120, "1. Pemutakhiran data kinerja"),
        cell(3, "indikator", top3 + 80, top3 + 120, "Terisinya aplikasi"),
        *months(3, top3 + 80, top3 + 120, [5]),
        cell(3, "ket", top3 + 80, top3 + 120, "Aplikasi"),
    ]
    rows = cells_to_rows([page_cells(1, page1), page_cells(2, page2), page_cells(3, page3)])
    assert [r.text("kegiatan") for r in rows] == [kegiatan] * 4 + ["2. Pengelolaan Akuntabilitas Kinerja"]
    assert {r.text("area") for r in rows} == {"Penguatan Akuntabilitas"}
    assert [r.months for r in rows] == [(1,), (2,), (3,), (4,), (5,)]


def test_a_cut_row_whose_ket_moved_whole_onto_the_next_page_is_one_row():
    # A browser prints no line of a cut cell on the page where none fits: the KET left open at
    # the page's end is empty, and "Aplikasi SMART" opens the next page beside the indikator's tail.
    head, top = header(1)
    page1 = [
        *head,
        _open(cell(1, "no", top, 480, "4")),
        _open(cell(1, "area", top, 480, "Penguatan Akuntabilitas")),
        _open(cell(1, "kegiatan", top, 480, "1. Penguatan Sistem Akuntabilitas")),
        _open(cell(1, "sub", top, 480, "4 Penyelenggaraan anggaran")),
        _open(cell(1, "indikator", top, 480, "3 Persentase Anggaran yang berhasil difocussing untuk", full=True)),
        *(_open(c) for c in months(1, top, 480, [4, 5, 6])),
        _open(cell(1, "ket", top, 480, "")),
    ]
    head2, top2 = header(2)
    page2 = [
        *head2,
        cell(2, "indikator", top2, top2 + 40, "kinerja utama organisasi"),
        *months(2, top2, top2 + 40, [4, 5, 6]),
        cell(2, "ket", top2, top2 + 40, "Aplikasi SMART"),
        cell(2, "sub", top2 + 40, top2 + 80, "5 Pemanfaatan aplikasi"),
        cell(2, "indikator", top2 + 40, top2 + 80, "1 Adanya aplikasi terintegrasi"),
        *months(2, top2 + 40, top2 + 80, [1]),
        cell(2, "ket", top2 + 40, top2 + 80, "Aplikasi SMART"),
    ]
    rows = cells_to_rows([page_cells(1, page1), page_cells(2, page2)])
    assert _texts(rows, "sub_kegiatan", "indikator", "ket") == [
        (
            "4 Penyelenggaraan anggaran",
            "3 Persentase Anggaran yang berhasil difocussing untuk kinerja utama organisasi",
            "Aplikasi SMART",
        ),
        ("5 Pemanfaatan aplikasi", "1 Adanya aplikasi terintegrasi", "Aplikasi SMART"),
    ]
    assert [r.months for r in rows] == [(4, 5, 6), (1,)]
