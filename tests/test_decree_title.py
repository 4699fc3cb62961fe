"""Tests of the decree's title block: its number, its title and the number of the decree it amends."""

from __future__ import annotations

from pipeline.decree import parse_decree
from tests.fixtures.decree_bodies import BREBES_ORIGINAL, TEGAL_NARROW, TEGAL_WIDE, expected_decree


def test_two_line_issuing_official_is_not_part_of_the_title() -> None:
    text = TEGAL_NARROW.replace("DENGAN RAHMAT TUHAN YANG MAHA ESA\n", "")
    assert parse_decree(text).tentang == expected_decree()["tentang"]


def test_amended_decree_number_comes_from_the_first_dictum_when_the_title_lacks_it() -> None:
    text = TEGAL_WIDE.replace("PERUBAHAN KEPUTUSAN", "RENCANA KEPUTUSAN", 1)
    assert parse_decree(text).mengubah_nomor == "11/Hk.03.2-Kpt/3376/Sek-Kot/III/2021"


# --- a decree that amends nothing -----------------------------------------------------------


def test_original_decree_has_no_amended_number() -> None:
    decree = parse_decree(BREBES_ORIGINAL)
    assert decree.mengubah_nomor is None
    assert decree.nomor == "7/HK.03.1-Kpt/3329/KPU-Kab/I/2022"
    assert decree.tentang == ("RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BREBES")
