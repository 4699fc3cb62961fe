"""Tests of legal instruments: `Nomor` numbers and the Mengingat items' jenis, nomor, tahun and tentang."""

from __future__ import annotations

import pytest

from pipeline.decree import Instrument, find_nomor, parse_decree, split_instruments
from tests.fixtures.decree_bodies import BREBES_ORIGINAL, TEGAL_WIDE


def test_original_decree_instruments_without_nomor_or_tahun() -> None:
    assert parse_decree(BREBES_ORIGINAL).mengingat == (
        Instrument(1, "Undang-Undang Dasar Negara Republik Indonesia", "", 1945, ""),
        Instrument(2, "Keputusan Komisi Pemilihan Umum", "314/ORT.07-Kpt/01/KPU/V/2021", 2021,
                   "Pedoman Pelaksanaan Reformasi Birokrasi"),
        Instrument(3, "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
                   "25", 2020, "Road Map Reformasi Birokrasi 2020-2024"),
    )  # fmt: skip


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "nomor"),
    [
        ("NOMOR: 25/HK.03.2/3376/2021", "25/HK.03.2/3376/2021"),
        ("Nomor 25/HK.03.2/3376/2021 tentang", "25/HK.03.2/3376/2021"),
        ("NOMOR : 25 / HK.03.2 / 3376 / 2021", "25/HK.03.2/3376/2021"),
        ("NOMOR : 25 / HK.03.2 /\n3376 / 2021", "25/HK.03.2/3376/2021"),
        ("Nomor: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021;", "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021"),
        ("No. 7/HK.03.1-Kpt/3329/KPU-Kab/I/2022.", "7/HK.03.1-Kpt/3329/KPU-Kab/I/2022"),
        ("Lembaran Negara Nomor 4721; Keputusan Nomor 5/PP.01/2020", "5/PP.01/2020"),
    ],
)
def test_find_nomor(text: str, nomor: str) -> None:
    assert find_nomor(text) == nomor


@pytest.mark.parametrize("text", ["", "Lembaran Negara Nomor 4721", "nomenklatur/baru", "NOMOR:"])
def test_find_nomor_without_a_number(text: str) -> None:
    assert find_nomor(text) is None


# --- instruments ----------------------------------------------------------------------------


def test_split_instruments_at_a_semicolon_that_starts_a_new_instrument() -> None:
    item = (
        "Peraturan Presiden Nomor 18 Tahun 2010 tentang Grand Design Reformasi Birokrasi\n"
        "2010-2025; Peraturan Presiden Nomor 105 Tahun 2018 tentang Kedudukan, Tugas (Lembaran\n"
        "Negara Republik Indonesia Tahun 2018 Nomor 196);"
    )
    assert split_instruments(item) == [
        "Peraturan Presiden Nomor 18 Tahun 2010 tentang Grand Design Reformasi Birokrasi 2010-2025",
        "Peraturan Presiden Nomor 105 Tahun 2018 tentang Kedudukan, Tugas (Lembaran Negara "
        "Republik Indonesia Tahun 2018 Nomor 196)",
    ]


def test_split_instruments_keeps_semicolons_inside_parentheses_and_titles() -> None:
    item = (
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum; Tata Kerja (Lembaran Negara "
        "Tahun 2017 Nomor 182; Tambahan Lembaran Negara Nomor 6109); dan"
    )
    assert split_instruments(item) == [
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum; Tata Kerja (Lembaran Negara "
        "Tahun 2017 Nomor 182; Tambahan Lembaran Negara Nomor 6109)"
    ]


def test_split_instruments_with_dan_between() -> None:
    item = "Peraturan A Nomor 1 Tahun 2020 tentang X; dan Keputusan B Nomor 2/PP/2021 tentang Y."
    assert split_instruments(item) == [
        "Peraturan A Nomor 1 Tahun 2020 tentang X",
        "Keputusan B Nomor 2/PP/2021 tentang Y",
    ]


def test_split_instruments_ignores_a_lower_case_continuation() -> None:
    item = "Peraturan A Nomor 1 Tahun 2020 tentang X; sebagaimana diubah dengan Peraturan B Nomor 2"
    assert split_instruments(item) == [item]


def test_split_instruments_of_nothing() -> None:
    assert split_instruments("  ;  ") == []


def test_seed_item_three_gives_two_numbered_instruments() -> None:
    mengingat = parse_decree(TEGAL_WIDE).mengingat
    assert [(i.no, i.jenis, i.nomor, i.tahun) for i in mengingat[2:4]] == [
        (3, "Peraturan Presiden", "18", 2010),
        (4, "Peraturan Presiden", "105", 2018),
    ]
