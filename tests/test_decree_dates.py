"""Tests of Indonesian dates in decrees: month names, abbreviations, near-misses and numeric dates."""

from __future__ import annotations

import pytest

from pipeline.decree import parse_tanggal

MONTH_NAMES = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name(month: int) -> None:
    assert parse_tanggal(f"15 {MONTH_NAMES[month - 1]} 2021") == f"2021-{month:02d}-15"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("tanggal 7 Oktober 2021", "2021-10-07"),
        ("Pada tanggal 7 Oktober 2021", "2021-10-07"),
        ("7 OKTOBER 2021", "2021-10-07"),
        ("7-10-2021", "2021-10-07"),
        ("07/10/2021", "2021-10-07"),
        ("1 Jan 2022", "2022-01-01"),
        ("17 Agt 2021", "2021-08-17"),
        ("17 Agu. 2021", "2021-08-17"),
        ("7 Okt 2021", "2021-10-07"),
        ("10 Nop 2021", "2021-11-10"),
        ("10 Nov 2021", "2021-11-10"),
        ("24 Des 2021", "2021-12-24"),
        ("5 Pebruari 2021", "2021-02-05"),
        ("7 Oktobre 2021", "2021-10-07"),
        ("Nomor 14 Tahun 2020, ditetapkan 2 Mei 2020", "2020-05-02"),
    ],
)
def test_date_forms(text: str, iso: str) -> None:
    assert parse_tanggal(text) == iso


@pytest.mark.parametrize("text", ["", "tanpa tanggal", "31 Februari 2021", "Nomor 14 Tahun 2020", "7-13-2021"])
def test_no_date(text: str) -> None:
    assert parse_tanggal(text) is None
