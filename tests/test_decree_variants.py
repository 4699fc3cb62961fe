"""Decree bodies as offices word them: every nomor format met, Memperhatikan, a colon on its own line, OCR's `j`."""

from __future__ import annotations

import pytest

from pipeline.decree import decree_to_dict, parse_decree
from pipeline.validate import validate_decree
from tests.fixtures.decree_bodies import decree_record

BODY = """KOMISI PEMILIHAN UMUM
KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KABUPATEN LOMBOK TENGAH
NOMOR{nomor_line}
TENTANG
RENCANA AKSI REFORMASI BIROKRASI TAHUN 2023
SEKRETARIS KOMISI PEMILIHAN UMUM KABUPATEN LOMBOK TENGAH,
Menimbang
:
a. bahwa untuk melaksanakan reformasi birokrasi perlu rencana aksi;
b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan;
Mengingat
:
1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;
2. Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi 2010-2025;
Memperhatikan
:
1. Surat Sekretaris Jenderal Komisi Pemilihan Umum Nomor 100/SDM.01-SD/04/2023 perihal Reformasi Birokrasi;
2. Hasil rapat pleno Sekretariat tanggal 2 Januari 2023.
MEMUTUSKAN:
Menetapkan : KEPUTUSAN SEKRETARIS TENTANG RENCANA AKSI REFORMASI BIROKRASI TAHUN 2023.
KESATU : Menetapkan Rencana Aksi sebagaimana tercantum dalam Lampiran.
KEDUA : Keputusan ini berlaku pada tanggal ditetapkan.
Ditetapkan di Praya
pada tanggal 3 Januari 2023
SEKRETARIS KOMISI PEMILIHAN UMUM KABUPATEN LOMBOK TENGAH,
ttd.
LALU PUTRA
"""


@pytest.mark.parametrize(
    ("printed", "nomor", "normalised"),
    [
        (": 25/HK.03.2/3376/2021", "25/HK.03.2/3376/2021", "25/HK.03.2/3376/2021"),
        (
            ": 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
            "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
            "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
        ),
        (
            ": 01/HK.03.2-Kpt/5207/Sek-Kab/I/2018",
            "01/HK.03.2-Kpt/5207/Sek-Kab/I/2018",
            "01/HK.03.2-Kpt/5207/Sek-Kab/I/2018",
        ),
        (
            ": 02/HK/03.1-Kpts/5204/02/Sek-Kab/I/2018",
            "02/HK/03.1-Kpts/5204/02/Sek-Kab/I/2018",
            "02/HK/03.1-Kpts/5204/02/Sek-Kab/I/2018",
        ),
        (": 590/PL.02.4/1906/KPU-Kab/XI/2020", "590/PL.02.4/1906/KPU-Kab/XI/2020", "590/PL.02.4/1906/KPU-Kab/XI/2020"),
        (
            ": -4 / PL.03.4-Kpt/ 12/Prov/III/2018",
            "-4 / PL.03.4-Kpt/ 12/Prov/III/2018",
            "-4/PL.03.4-Kpt/12/Prov/III/2018",
        ),
        (": 25 / HK.03.2 / 3376 / 2021", "25 / HK.03.2 / 3376 / 2021", "25/HK.03.2/3376/2021"),
        (" 3 TAHUN 2023", "3 TAHUN 2023", "3 TAHUN 2023"),
        (
            "\n:\n590/PL.02.4/1906/KPU-Kab/XI/2020",
            "590/PL.02.4/1906/KPU-Kab/XI/2020",
            "590/PL.02.4/1906/KPU-Kab/XI/2020",
        ),
        (": 25jHK.03.2j3376j2021", "25/HK.03.2/3376/2021", "25/HK.03.2/3376/2021"),
        (
            ": 11/HK.03.2-Kptj3376/Sek-Kot/III/2021",
            "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
            "11/HK.03.2-Kpt/3376/Sek-Kot/III/2021",
        ),
        (
            ": -4 j PL.03.4-Kptj 12/Prov/III/2018",
            "-4 / PL.03.4-Kpt/ 12/Prov/III/2018",
            "-4/PL.03.4-Kpt/12/Prov/III/2018",
        ),
    ],
)
def test_every_nomor_format_parses(printed: str, nomor: str, normalised: str) -> None:
    decree = parse_decree(BODY.format(nomor_line=printed))
    out = decree_to_dict(decree_record(decree))
    assert (out["nomor"], out["nomor_normalised"]) == (nomor, normalised)
    report = validate_decree({**out, "doc_id": "0123456789abcdef"})
    assert report.success, report.failures


def test_memperhatikan_is_read_next_to_mengingat_with_colons_on_their_own_lines() -> None:
    decree = parse_decree(BODY.format(nomor_line=": 3 TAHUN 2023"))
    assert decree.menimbang == (
        "bahwa untuk melaksanakan reformasi birokrasi perlu rencana aksi;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan;",
    )
    assert [(i.jenis, i.nomor, i.tahun) for i in decree.mengingat] == [
        ("Undang-Undang", "7", 2017),
        ("Peraturan Presiden", "81", 2010),
    ]
    assert decree.memperhatikan == (
        "Surat Sekretaris Jenderal Komisi Pemilihan Umum Nomor 100/SDM.01-SD/04/2023 perihal Reformasi Birokrasi;",
        "Hasil rapat pleno Sekretariat tanggal 2 Januari 2023.",
    )
    assert decree.tentang == "RENCANA AKSI REFORMASI BIROKRASI TAHUN 2023"
    assert (decree.ditetapkan_di, decree.tanggal) == ("Praya", "2023-01-03")
    assert [label for label, _ in decree.diktum] == ["KESATU", "KEDUA"]


def test_a_body_without_memperhatikan_has_none() -> None:
    body = BODY.format(nomor_line=": 3 TAHUN 2023").split("Memperhatikan")[0] + BODY.split("2023.\n", 1)[1]
    assert parse_decree(body).memperhatikan == ()


MENIMBANG = (
    "bahwa untuk melaksanakan reformasi birokrasi perlu rencana aksi;",
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan;",
)
MENGINGAT = [("Undang-Undang", "7", 2017), ("Peraturan Presiden", "81", 2010)]
MEMPERHATIKAN = (
    "Surat Sekretaris Jenderal Komisi Pemilihan Umum Nomor 100/SDM.01-SD/04/2023 perihal Reformasi Birokrasi;",
    "Hasil rapat pleno Sekretariat tanggal 2 Januari 2023.",
)
ITEMS = """a. bahwa untuk melaksanakan reformasi birokrasi perlu rencana aksi;
b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan;
1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;
2. Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi 2010-2025;
1. Surat Sekretaris Jenderal Komisi Pemilihan Umum Nomor 100/SDM.01-SD/04/2023 perihal Reformasi Birokrasi;
2. Hasil rapat pleno Sekretariat tanggal 2 Januari 2023.
"""


def _grounds_given_as(block: str) -> str:
    """Given how the text layer gives the grounds, return the body with them in place of the usual ones."""
    body = BODY.format(nomor_line=": 3 TAHUN 2023")
    start, end = body.index("Menimbang"), body.index("MEMUTUSKAN")
    return body[:start] + block + body[end:]


@pytest.mark.parametrize(
    "block",
    [
        "Menimbang\nMengingat\nMemperhatikan\n" + ITEMS,
        "Menimbang\n:\nMengingat\n:\nMemperhatikan\n:\n" + ITEMS,
        "Menimbang Mengingat Memperhatikan\n" + ITEMS,
        "Menimbang : Mengingat : Memperhatikan : " + ITEMS,
    ],
)
def test_labels_given_before_their_content_still_parse(block: str) -> None:
    decree = parse_decree(_grounds_given_as(block))
    assert decree.menimbang == MENIMBANG
    assert [(i.jenis, i.nomor, i.tahun) for i in decree.mengingat] == MENGINGAT
    assert decree.memperhatikan == MEMPERHATIKAN
    assert [label for label, _ in decree.diktum] == ["KESATU", "KEDUA"]


def test_two_labels_given_before_their_content_without_memperhatikan() -> None:
    items = ITEMS.split("1. Surat")[0]
    decree = parse_decree(_grounds_given_as("Menimbang\nMengingat\n" + items))
    assert decree.menimbang == MENIMBANG
    assert [(i.jenis, i.nomor, i.tahun) for i in decree.mengingat] == MENGINGAT
    assert decree.memperhatikan == ()


def test_colons_on_their_own_lines_after_every_label() -> None:
    body = BODY.format(nomor_line="\n:\n3 TAHUN 2023").replace("Menetapkan :", "Menetapkan\n:\n")
    body = body.replace("KESATU :", "KESATU\n:\n").replace("KEDUA :", "KEDUA\n:\n")
    decree = parse_decree(body)
    assert decree.nomor == "3 TAHUN 2023"
    assert decree.menimbang == MENIMBANG and decree.memperhatikan == MEMPERHATIKAN
    assert decree.diktum == (
        ("KESATU", "Menetapkan Rencana Aksi sebagaimana tercantum dalam Lampiran."),
        ("KEDUA", "Keputusan ini berlaku pada tanggal ditetapkan."),
    )
    assert decree.tentang == "RENCANA AKSI REFORMASI BIROKRASI TAHUN 2023"
