"""Tests of the decree's sections: headings in their spellings, the Menimbang items and the dicta."""

from __future__ import annotations

import pytest

from pipeline.decree import parse_decree
from tests.fixtures.decree_bodies import BREBES_ORIGINAL


def test_original_decree_dicta_and_menimbang() -> None:
    decree = parse_decree(BREBES_ORIGINAL)
    assert [label for label, _ in decree.diktum] == ["KESATU", "KEDUA", "KETIGA"]
    assert decree.diktum[1][1] == ("Ketua Komisi Pemilihan Umum Kabupaten Brebes melaksanakan Keputusan ini;")
    assert decree.menimbang == ("bahwa untuk melaksanakan reformasi birokrasi perlu disusun rencana aksi;",)


# --- headings -------------------------------------------------------------------------------

MENIMBANG_BODY = """\
KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM KOTA X NOMOR: 1/HK.03.1/2022 TENTANG UJI
{heading} a. bahwa pertama;
b. bahwa kedua
huruf a, kemudian
menetapkan sesuatu;
Mengingat : 1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;
KESATU : Berlaku.
"""


@pytest.mark.parametrize(
    "opening",
    ["Menimbang : a.", "MENIMBANG a.", "Menirnbang : a.", "Menimbang:a.", "MENIMBANG :a."],
)
def test_menimbang_heading_spellings(opening: str) -> None:
    text = MENIMBANG_BODY.replace("{heading} a.", opening)
    decree = parse_decree(text)
    assert decree.menimbang == (
        "bahwa pertama;",
        "bahwa kedua huruf a, kemudian menetapkan sesuatu;",
    )
    assert [i.jenis for i in decree.mengingat] == ["Undang-Undang"]
    assert decree.diktum == (("KESATU", "Berlaku."),)


def test_heading_on_its_own_line_before_its_items() -> None:
    text = MENIMBANG_BODY.replace("{heading} a. bahwa pertama;", "Menimbang\n:\na. bahwa pertama;")
    assert parse_decree(text).menimbang[0] == "bahwa pertama;"
