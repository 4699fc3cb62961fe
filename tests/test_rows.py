"""Rows stage: merged cells, page breaks, repeated headers, column-number rows, marks."""

from __future__ import annotations

import pytest
from conftest import cell, header, months, page_cells

from pipeline.backends.base import Cell
from pipeline.config import ExtractSettings
from pipeline.errors import ColumnMappingError, TableNotFound
from pipeline.rows import Evidence, cells_to_rows, evidence

SETTINGS = ExtractSettings()


def _texts(rows, *names):
    return [tuple(r.text(n) for n in names) for r in rows]


def test_merged_cells_give_their_text_to_every_row_they_span():
    head, top = header(1)
    body = [
        cell(1, "no", top, top + 60, "1"),
        cell(1, "area", top, top + 60, "Penguatan\nKelembagaan"),
        cell(1, "kegiatan", top, top + 40, "1. Evaluasi Organisasi"),
        cell(1, "sub", top, top + 20, "1 FGD Evaluasi"),
        cell(1, "indikator", top, top + 20, "1 Dokumentasi laporan"),
        *months(1, top, top + 20, [1, 2]),
        cell(1, "ket", top, top + 40, "Laporan FGD"),
        cell(1, "sub", top + 20, top + 40, "2 Pengisian Kuesioner"),
        cell(1, "indikator", top + 20, top + 40, "2 Pelaporan Kuesioner"),
        *months(1, top + 20, top + 40, [3]),
        cell(1, "kegiatan", top + 40, top + 60, "2. Penyesuaian STOK"),
        cell(1, "sub", top + 40, top + 60, ""),
        cell(1, "indikator", top + 40, top + 60, "1 SOTK unit sesuai\nmandat."),
        *months(1, top + 40, top + 60, []),
        cell(1, "ket", top + 40, top + 60, ""),
    ]
    rows = cells_to_rows([page_cells(1, head + body)])
    assert _texts(rows, "area_no", "area", "kegiatan", "sub_kegiatan", "indikator", "ket") == [
        (
            "1",
            "Penguatan Kelembagaan",
            "1. Evaluasi Organisasi",
            "1 FGD Evaluasi",
            "1 Dokumentasi laporan",
            "Laporan FGD",
        ),
        (
            "1",
            "Penguatan Kelembagaan",
            "1. Evaluasi Organisasi",
            "2 Pengisian Kuesioner",
            "2 Pelaporan Kuesioner",
            "Laporan FGD",
        ),
        ("1", "Penguatan Kelembagaan", "2. Penyesuaian STOK", "", "1 SOTK unit sesuai mandat.", ""),
    ]
    assert [r.months for r in rows] == [(1, 2), (3,), ()]
    assert [r.page for r in rows] == [1, 1, 1]


def _two_pages(second_page_header: bool, tail_text: str, tail_months: list[int]) -> list:
    head, top = header(1)
    page1 = [
        *head,
        cell(1, "no", top, 480, "2"),
        cell(1, "area", top, 480, "Penguatan Sistem Manajemen SDM ASN"),
        cell(1, "kegiatan", top, 480, "1 Pembangunan Sistem Merit"),
        cell(1, "sub", top, 480, "1 Penerapan Pengukuran\nKinerja Individu"),
        cell(1, "indikator", top, 400, "1 Seluruh pegawai memiliki SKP"),
        *months(1, top, 400, [1]),
        cell(1, "ket", top, 400, "SKP"),
        cell(1, "indikator", 400, 480, "2 Seluruh pegawai memahami indikator keberhasilan dari\ntugas dan", full=True),
        *months(1, 400, 480, [2, 3]),
        cell(1, "ket", 400, 480, "Hasil evaluasi"),
    ]
    head2, top2 = header(2) if second_page_header else ([], 30.0)
    page2 = [
        *head2,
        cell(2, "no", top2, top2 + 60, ""),
        cell(2, "area", top2, top2 + 60, ""),
        cell(2, "kegiatan", top2, top2 + 60, ""),
        cell(2, "sub", top2, top2 + 60, ""),
        cell(2, "indikator", top2, top2 + 20, tail_text),
        *months(2, top2, top2 + 20, tail_months),
        cell(2, "ket", top2, top2 + 20, ""),
        cell(2, "indikator", top2 + 20, top2 + 60, "3 Sasaran Kinerja Pegawai mendukung"),
        *months(2, top2 + 20, top2 + 60, [6]),
        cell(2, "ket", top2 + 20, top2 + 60, "SKP (jan-Jul 21)"),
    ]
    return [page_cells(1, page1), page_cells(2, page2)]


@pytest.mark.parametrize("repeated", [True, False])
def test_a_row_split_by_a_page_break_is_joined_back(repeated):
    rows = cells_to_rows(_two_pages(repeated, "jabatan (Target output/mutu)", [2, 3]))
    assert _texts(rows, "kegiatan", "sub_kegiatan", "indikator") == [
        ("1 Pembangunan Sistem Merit", "1 Penerapan Pengukuran Kinerja Individu", "1 Seluruh pegawai memiliki SKP"),
        (
            "1 Pembangunan Sistem Merit",
            "1 Penerapan Pengukuran Kinerja Individu",
            "2 Seluruh pegawai memahami indikator keberhasilan dari tugas dan jabatan (Target output/mutu)",
        ),
        (
            "1 Pembangunan Sistem Merit",
            "1 Penerapan Pengukuran Kinerja Individu",
            "3 Sasaran Kinerja Pegawai mendukung",
        ),
    ]
    assert [r.months for r in rows] == [(1,), (2, 3), (6,)]
    assert [r.page for r in rows] == [1, 1, 2]
    assert rows[2].text("area") == "Penguatan Sistem Manajemen SDM ASN"


def test_a_new_numbered_row_at_the_top_of_a_page_stays_a_row():
    rows = cells_to_rows(_two_pages(True, "3 Pengukuran periode Sasaran kinerja", [4]))
    assert [r.text("indikator") for r in rows] == [
        "1 Seluruh pegawai memiliki SKP",
        "2 Seluruh pegawai memahami indikator keberhasilan dari tugas dan",
        "3 Pengukuran periode Sasaran kinerja",
        "3 Sasaran Kinerja Pegawai mendukung",
    ]


def test_merged_text_flowing_onto_the_next_page_is_joined_to_every_row():
    head, top = header(1)
    page1 = [
        *head,
        cell(1, "no", top, 480, "6"),
        cell(1, "area", top, 480, "Peningkatan Kualitas Pelayanan Publik"),
        cell(1, "kegiatan", top, 480, "3 Pembangunan Zona Hijau"),
        cell(1, "sub", top, 480, "Membangun variabel Zona Hijau\n1. Standar Pelayanan:", full=True),
        cell(1, "indikator", top, 480, "1. Tersedianya Standar pelayanan"),
        *months(1, top, 480, [1]),
        cell(1, "ket", top, 480, ""),
    ]
    head2, top2 = header(2)
    page2 = [
        *head2,
        cell(2, "no", top2, top2 + 40, ""),
        cell(2, "area", top2, top2 + 40, ""),
        cell(2, "kegiatan", top2, top2 + 40, ""),
        cell(2, "sub", top2, top2 + 40, "1) Prasyarat layanan\n2. Maklumat pelayanan"),
        cell(2, "indikator", top2, top2 + 40, "2. Tersedianya Maklumat Pelayanan"),
        *months(2, top2, top2 + 40, [2]),
        cell(2, "ket", top2, top2 + 40, "di website"),
    ]
    rows = cells_to_rows([page_cells(1, page1), page_cells(2, page2)])
    whole = "Membangun variabel Zona Hijau 1. Standar Pelayanan: 1) Prasyarat layanan 2. Maklumat pelayanan"
    assert _texts(rows, "sub_kegiatan", "indikator") == [
        (whole, "1. Tersedianya Standar pelayanan"),
        (whole, "2. Tersedianya Maklumat Pelayanan"),
    ]


def test_check_marks_and_a_header_with_other_wording():
    head, top = header(
        1, numbers_row=False, names={"ket": "KETERANGAN", "indikator": "Indikator Keberhasilan / Output"}
    )
    body = [
        cell(1, "no", top, top + 20, "1"),
        cell(1, "area", top, top + 20, "Manajemen Perubahan"),
        cell(1, "kegiatan", top, top + 20, "1 Perencanaan RB"),
        cell(1, "sub", top, top + 20, ""),
        cell(1, "indikator", top, top + 20, "Tim RB terbentuk"),
        *months(1, top, top + 20, [2, 5], char="√"),
        cell(1, "ket", top, top + 20, "SK Tim"),
    ]
    rows = cells_to_rows([page_cells(1, head + body)])
    assert _texts(rows, "indikator", "ket") == [("Tim RB terbentuk", "SK Tim")]
    assert rows[0].months == (2, 5)


def test_item_numbers_in_cells_of_their_own_join_their_text():
    head, top = header(1)
    narrow = Cell(1, 0, 110, top, 125, top + 20, "2", text_bottom=top + 10, line_height=8.0)
    wide = Cell(1, 0, 125, top, 200, top + 20, "Profesionalisme ASN", text_bottom=top + 10, line_height=8.0)
    body = [
        cell(1, "no", top, top + 20, "2"),
        cell(1, "area", top, top + 20, "Penguatan SDM"),
        narrow,
        wide,
        cell(1, "sub", top, top + 20, "Pembangunan JF"),
        cell(1, "indikator", top, top + 20, "Jumlah JF"),
        *months(1, top, top + 20, []),
        cell(1, "ket", top, top + 20, "SK JFU"),
    ]
    rows = cells_to_rows([page_cells(1, head + body)])
    assert rows[0].text("kegiatan") == "2 Profesionalisme ASN"


def test_a_page_without_a_plan_table_is_reported_with_the_headings_looked_for():
    junk = [
        cell(1, "area", 10, 30, "Nama"),
        cell(1, "kegiatan", 10, 30, "Alamat"),
        cell(1, "area", 30, 50, "Budi"),
        cell(1, "kegiatan", 30, 50, "Tegal"),
    ]
    with pytest.raises(TableNotFound, match="INDIKATOR KEBERHASILAN"):
        cells_to_rows([page_cells(1, junk)])


def test_a_table_missing_a_required_column_names_the_headings_found():
    head, _ = header(1, names={"indikator": "PENANGGUNG JAWAB"})
    with pytest.raises(ColumnMappingError, match=r"no column for indikator .*PENANGGUNG JAWAB"):
        cells_to_rows([page_cells(1, head)])


def test_evidence_of_text_reading_on_over_a_page_break():
    head = cell(1, "sub", 0, 40, "2 Pembuatan Dokumen\nStruktur", full=True)
    assert evidence(head, cell(2, "sub", 0, 20, "3 Penyusunan SOP")) == Evidence.NEW
    assert evidence(head, cell(2, "sub", 0, 20, "organisasi unit kerja")) == Evidence.STRONG
    assert evidence(head, cell(2, "sub", 0, 20, "(Kementerian Keuangan)")) == Evidence.STRONG
    dangling = cell(1, "sub", 0, 40, "tercapainya kinerja utama organisasi a.", full=True)
    assert evidence(dangling, cell(2, "sub", 0, 20, "Jumlah anggaran total")) == Evidence.STRONG
    assert evidence(head, cell(2, "sub", 0, 20, "Organisasi Unit")) == Evidence.STRONG
    unnumbered = cell(1, "sub", 0, 40, "Pembuatan Dokumen\nStruktur", full=True)
    assert evidence(unnumbered, cell(2, "sub", 0, 20, "Organisasi Unit")) == Evidence.WEAK
    finished = cell(1, "sub", 0, 40, "Struktur organisasi.", full=True)
    assert evidence(finished, cell(2, "sub", 0, 20, "Organisasi Unit")) == Evidence.FULL
    unnumbered_head = cell(1, "sub", 0, 40, "Tata Kelola SPBE", full=True)
    assert evidence(unnumbered_head, cell(2, "sub", 0, 20, "1. Pembangunan aplikasi")) == Evidence.NUMBERED
    listing = cell(1, "indikator", 0, 40, "1) Jumlah Pelanggaran tahun sebelumnya", full=True)
    rest = cell(2, "indikator", 0, 20, "2) Jumlah Pelanggaran tahun ini 3) Jumlah sanksi")
    assert evidence(listing, rest) == Evidence.STRONG
    assert evidence(listing, cell(2, "indikator", 0, 20, "2) Data Promosi")) == Evidence.NEW
    roomy = cell(1, "sub", 0, 80, "Evaluasi proses bisnis")
    assert evidence(roomy, cell(2, "sub", 0, 20, "kerja unit")) == Evidence.NONE
