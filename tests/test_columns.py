"""Column mapping: header rows found and columns mapped by their headings, never by position."""

from __future__ import annotations

import pytest

from pipeline.backends.base import Cell
from pipeline.columns import body_top_after, find_header, match_heading, month_number
from pipeline.config import HEADING_MATCH_MIN
from pipeline.domain import load_domain
from pipeline.errors import ColumnMappingError
from tests.conftest import COLS, cell, header


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("INDIKATOR KEBERHASILAN", "indikator"),
        ("Indikator Keberhasilan / Output", "indikator"),
        ("lNDIKATOR KEBERHASlLAN", "indikator"),
        ("KETERANGAN", "ket"),
        ("AREA PERUBAHAN", "area"),
        ("SUB KEGIATAN", "sub_kegiatan"),
    ],
)
def test_a_heading_maps_to_its_field_in_any_known_wording(text: str, field: str) -> None:
    found = match_heading(text, load_domain(), HEADING_MATCH_MIN)
    assert found is not None and found[0] == field


def test_text_that_is_no_heading_maps_to_nothing() -> None:
    assert match_heading("Tersedianya dokumen Analisis Beban Kerja", load_domain(), HEADING_MATCH_MIN) is None
    assert match_heading("", load_domain(), HEADING_MATCH_MIN) is None


@pytest.mark.parametrize(("text", "month"), [("1", 1), ("12", 12), ("Bulan ke-3", 3), ("13", None), ("x", None)])
def test_month_headers_read_as_month_numbers(text: str, month: int | None) -> None:
    assert month_number(text) == month


def test_the_header_maps_every_column_and_the_twelve_months() -> None:
    cells, bottom = header(1, numbers_row=False)
    found = find_header(cells, HEADING_MATCH_MIN)
    assert found is not None
    fields = {span.field: (span.x0, span.x1) for span in found.columns.spans}
    assert fields["indikator"] == COLS["indikator"] and fields["ket"] == COLS["ket"]
    assert fields["sub_kegiatan"] == COLS["sub"]
    assert found.columns.months == tuple(COLS[f"m{m}"] for m in range(1, 13))
    assert found.body_top == bottom


def test_columns_are_found_by_heading_not_by_position() -> None:
    cells, _ = header(1, numbers_row=False)
    # The KET heading moved over the NO column and NO over KET: the map follows the headings.
    swapped = [
        cell(1, "ket", c.top, c.bottom, "NO")
        if c.text == "NO"
        else cell(1, "no", c.top, c.bottom, "KET")
        if c.text == "KET"
        else c
        for c in cells
    ]
    found = find_header(swapped, HEADING_MATCH_MIN)
    assert found is not None
    fields = {span.field: (span.x0, span.x1) for span in found.columns.spans}
    assert fields["area_no"] == COLS["ket"] and fields["ket"] == COLS["no"]


def test_a_column_number_row_under_the_header_is_skipped() -> None:
    cells, bottom = header(1, numbers_row=True)
    found = find_header(cells, HEADING_MATCH_MIN)
    assert found is not None and found.body_top == bottom
    assert body_top_after(cells, bottom - 8) == bottom


def test_an_unknown_heading_becomes_an_extra_column() -> None:
    cells, _ = header(1, numbers_row=False, names={"ket": "PENANGGUNG JAWAB"})
    found = find_header(cells, HEADING_MATCH_MIN)
    assert found is not None
    assert found.columns.extra_fields == ("penanggung_jawab",)


def test_a_header_missing_a_required_column_names_the_headings_it_found() -> None:
    cells, _ = header(1, numbers_row=False, names={"indikator": "CAPAIAN YANG DIHARAPKAN"})
    with pytest.raises(
        ColumnMappingError, match=r"no column for indikator \(headings found: .*CAPAIAN YANG DIHARAPKAN"
    ):
        find_header(cells, HEADING_MATCH_MIN)


def test_a_table_without_headings_has_no_header() -> None:
    body = [cell(1, "area", 100, 120, "Manajemen Perubahan"), cell(1, "indikator", 100, 120, "Adanya SK Tim")]
    assert find_header(body, HEADING_MATCH_MIN) is None


def test_text_in_a_cell_running_from_the_months_over_ket_is_ket() -> None:
    # Months printed without rules between them, and none left of KET: KET's text gets one cell
    # from month 2 to the table's edge, most of it over the months.
    found = find_header(header(1, numbers_row=False)[0], HEADING_MATCH_MIN)
    assert found is not None
    columns = found.columns
    over = cell(1, ("m2", "ket"), 100, 120, "Terbentuknya SK UPG")
    assert columns.field_of(over) == "ket"
    assert columns.field_of(cell(1, ("m2", "ket"), 100, 120, "")) == "bulan"
    assert columns.field_of(cell(1, ("m2", "m5"), 100, 120, "√", mark=True)) == "bulan"


# The headings of an RB General table (PermenPANRB 3/2023), left to right.
RB_GENERAL_HEADINGS = ("NO", "SASARAN STRATEGI", "INDIKATOR", "TARGET", "SATUAN", "RENCANA AKSI", "OUTPUT",
                       "TARGET/ANGGARAN PER TRIWULAN", "KOORDINATOR", "PELAKSANA")  # fmt: skip


def test_an_rb_general_table_is_refused_naming_its_template() -> None:
    cells = [Cell(1, 0, 10.0 + 60 * i, 50.0, 70.0 + 60 * i, 70.0, text) for i, text in enumerate(RB_GENERAL_HEADINGS)]
    cells += [Cell(1, 0, 10.0 + 60 * i, 70.0, 70.0 + 60 * i, 90.0, f"isi {i}") for i in range(len(cells))]
    with pytest.raises(ColumnMappingError, match=r"RB General / RB Tematik \(PermenPANRB 3/2023\)") as refused:
        find_header(cells, HEADING_MATCH_MIN)
    assert refused.value.exit_code == 1


def test_this_templates_header_is_no_other_template() -> None:
    cells, _ = header(1, names={"kegiatan": "RENCANA AKSI", "indikator": "OUTPUT"})
    assert find_header(cells, HEADING_MATCH_MIN) is not None


def test_a_column_number_row_read_from_a_scan_with_numbers_lost_or_misread_is_skipped() -> None:
    # Page 4 of a photocopy: "1", "2", "3", "6", "8", "9", "16" read as nothing, "17" read as "7".
    read = ["", "", "", "4", "5", "", "7", "", "", "10", "11", "12", "13", "14", "15", "", "7", "18"]
    band = [Cell(4, 0, 10.0 * i, 80.0, 10.0 * i + 9, 92.0, text) for i, text in enumerate(read)]
    assert body_top_after(band, 80.0) == 92.0
    # A body row whose digits are not their own columns' numbers is no column-number row.
    body = [Cell(4, 0, 10.0 * i, 80.0, 10.0 * i + 9, 92.0, t) for i, t in enumerate(["1", "3", "2", "7", "9", "4"])]
    assert body_top_after(body, 80.0) == 80.0
