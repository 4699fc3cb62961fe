"""Tests of the decree stage: body text -> number, title, grounds, dicta and signatory."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import RAW_DIR
from pipeline.decree import (
    Decree,
    Instrument,
    Signatory,
    decree_to_dict,
    find_nomor,
    mengingat_frame,
    parse_decree,
    parse_tanggal,
    split_instruments,
)

EXPECTED = Path(__file__).parent / "expected" / "tegal_25_2021_decree.json"
REPLICA = RAW_DIR / "kpu-tegal-25-2021-replica.pdf"
DOCUMENT_KEYS = ("doc_id", "source", "sha256", "pages", "lampiran_pages")
CONTRACT_KEYS = [
    "doc_id", "source", "sha256", "pages", "nomor", "tentang", "mengubah_nomor", "ditetapkan_di",
    "tanggal", "penandatangan", "menimbang", "mengingat", "diktum", "lampiran_pages",
]  # fmt: skip
# Keys added to the contract's decree.json (the contract only ever grows).
ADDED_KEYS = ["satker"]
LAMPIRAN_SCAN_LINES = 5

# The seed decree as pdfplumber gives it from a wide text column, with the page-end
# catchwords ("Mengingat...") and page numbers that Indonesian decrees carry.
TEGAL_WIDE = """\
KOMISI PEMILIHAN UMUM
KOTA TEGAL
KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL
NOMOR: 25/HK.03.2/3376/2021
TENTANG
PERUBAHAN KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM
KOTA TEGAL NOMOR: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021
TENTANG RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN
KOMISI PEMILIHAN UMUM KOTA TEGAL
SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL,
Menimbang : a. bahwa berdasarkan Diktum Keempat Keputusan Komisi Pemilihan Umum
Nomor 314/ORT.07-Kpt/01/KPU/V/2021;
b. bahwa untuk maksud sebagaimana tersebut pada huruf a, maka perlu
menetapkan Keputusan Sekretaris Komisi Pemilihan Umum Kota Tegal tentang
Perubahan Keputusan Sekretaris Komisi
c. Pemilihan Umum Kota Tegal Nomor: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021
tentang Rencana Aksi Reformasi Birokrasi di Lingkungan Komisi Pemilihan
Umum Kota Tegal;
Mengingat...
- 2 -
Mengingat : 1. Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan
Pembangunan nasional (Lembaran Negara Republik Indonesia Nomor 4721);
2. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran
Negara Republik Indonesia Tahun 2017 Nomor 182, Tambahan Lembaran
Negara Republik Indonesia Tahun 2017 Nomor 6109);
3. Peraturan Presiden Nomor 18 Tahun 2010 tentang Grand Design Reformasi
Birokrasi 2010-2025; Peraturan Presiden Nomor 105 Tahun 2018 tentang
Kedudukan, Tugas, Fungsi, Wewenang, Organisasi dan Tata Kerja Sekretariat
Jenderal Komisi Pemilihan Umum, Sekretariat Komisi Pemilihan Umum provinsi,
dan Sekretariat Komisi Pemilihan Umum Kab/Kota (Lembaran Negara Republik
Indonesia Tahun 2018 Nomor 196);
4. Peraturan Presiden Nomor 18 Tahun 2020 tentang Rencana Pembangunan
Jangka Menengah Nasional Tahun 2020-2024 ( Lembaran Negara Republik
Indonesia Tahun 2020 Nomor 10);
5. Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja
Komisi Pemilihan Umum, Secretariat Komisi Pemilihan Umum Provinsi, dan
Komisi Pemilihan Umum Kabupaten/Kota sebagaimana telah diubah beberapa
kali terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 21 Tahun 2020;
6. Peraturan Komisi Pemilihan Umum Nomor 14 Tahun 2020 tentang Tugas,
Fungsi, Susunan Organisasi, dan Tata Kerja Sekretariat Jenderal Komisi
Pemilihan Umum, Sekretariat Komisi Pemilihan Umum Provinsi, dan
Sekretariat Komisi Pemilihan Umum Kabupaten/Kota;
MEMUTUSKAN...
- 3 -
MEMUTUSKAN:
Menetapkan : KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL TENTANG
PERUBAHAN KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL
NOMOR: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021 TENTANG RENCANA AKSI
REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA TEGAL.
KESATU : Menetapkan Perubahan Keputusan Sekretaris Komisi Pemilihan Umum Kota
Tegal Nomor: 11/Hk.03.2-Kpt/3376/Sek-Kot/III/2021 tentang Rencana Aksi
Reformasi Birokrasi di Lingkungan Komisi Pemilihan Umum Kota Tegal
sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak
terpisahkan dari Keputusan ini;
KEDUA : Keputusan ini berlaku pada tanggal ditetapkan.
Ditetapkan di Tegal
Pada tanggal 7 Oktober 2021
SEKRETARIS KOMISI PEMILIHAN UMUM
KOTA TEGAL,
Ttd.
ANDI BUDI HARJANTO
Salinan sesuai dengan aslinya
SEKRETARIAT KOMISI PEMILIHAN UMUM
KOTA TEGAL
Kepala Sub Bagian Hukum,
"""

# A narrow column: wraps inside numbers ("NOMOR : 25 / HK.03.2 /", "Sek-" / "Kot"), inside
# "Nomor 14" / "Tahun 2020" and "Undang-" / "Undang", a wrapped sentence starting with
# "menetapkan", a two-line issuing official, spaced-out MEMUTUSKAN and blank lines.
TEGAL_NARROW = """\
KOMISI PEMILIHAN UMUM

KOTA TEGAL


KEPUTUSAN SEKRETARIS KOMISI
PEMILIHAN UMUM KOTA TEGAL
NOMOR : 25 / HK.03.2 /
3376 / 2021
TENTANG PERUBAHAN KEPUTUSAN SEKRETARIS
KOMISI PEMILIHAN UMUM KOTA TEGAL NOMOR: 11/HK.03.2-
Kpt/3376/Sek-Kot/III/2021 TENTANG RENCANA
AKSI REFORMASI BIROKRASI DI LINGKUNGAN
KOMISI PEMILIHAN UMUM KOTA TEGAL
DENGAN RAHMAT TUHAN YANG MAHA ESA
SEKRETARIS KOMISI PEMILIHAN UMUM
KOTA TEGAL,

MENIMBANG : a. bahwa berdasarkan Diktum Keempat
Keputusan Komisi Pemilihan Umum Nomor 314/ORT.07-
Kpt/01/KPU/V/2021;
b. bahwa untuk maksud sebagaimana tersebut pada huruf
a, maka perlu
menetapkan Keputusan Sekretaris Komisi Pemilihan
Umum Kota Tegal tentang Perubahan Keputusan
Sekretaris Komisi
c. Pemilihan Umum Kota Tegal Nomor: 11/HK.03.2-Kpt/3376/Sek-
Kot/III/2021 tentang Rencana Aksi Reformasi
Birokrasi di Lingkungan Komisi Pemilihan Umum Kota
Tegal;

Mengingat :
1. Undang-
Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan
Pembangunan nasional (Lembaran Negara Republik Indonesia Nomor
4721);
2. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum
(Lembaran Negara Republik Indonesia Tahun 2017 Nomor 182,
Tambahan Lembaran Negara Republik Indonesia Tahun 2017 Nomor
6109);
3. Peraturan Presiden Nomor 18 Tahun 2010 tentang Grand Design
Reformasi Birokrasi 2010-
2025; Peraturan Presiden Nomor 105 Tahun 2018 tentang
Kedudukan, Tugas, Fungsi, Wewenang, Organisasi dan Tata
Kerja Sekretariat Jenderal Komisi Pemilihan Umum,
Sekretariat Komisi Pemilihan Umum provinsi, dan
Sekretariat Komisi Pemilihan Umum Kab/
Kota (Lembaran Negara Republik Indonesia Tahun 2018 Nomor 196);
4. Peraturan Presiden Nomor 18 Tahun 2020 tentang Rencana
Pembangunan Jangka Menengah Nasional Tahun 2020-2024 (
Lembaran Negara Republik Indonesia Tahun 2020 Nomor
10);
5. Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang
Tata Kerja Komisi Pemilihan Umum, Secretariat Komisi
Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum
Kabupaten/Kota sebagaimana telah diubah beberapa kali
terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 21
Tahun 2020;
6. Peraturan Komisi Pemilihan Umum Nomor 14
Tahun 2020 tentang Tugas, Fungsi, Susunan Organisasi, dan Tata Kerja
Sekretariat Jenderal Komisi Pemilihan Umum, Sekretariat Komisi
Pemilihan Umum Provinsi, dan Sekretariat Komisi Pemilihan
Umum Kabupaten/Kota;


M E M U T U S K A N :
Menetapkan : KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM
KOTA TEGAL TENTANG PERUBAHAN KEPUTUSAN SEKRETARIS
KOMISI PEMILIHAN UMUM KOTA TEGAL NOMOR:
11/HK.03.2-Kpt/3376/Sek-Kot/III/2021 TENTANG RENCANA AKSI
REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN
UMUM KOTA TEGAL.
KESATU : Menetapkan Perubahan Keputusan Sekretaris Komisi
Pemilihan Umum Kota Tegal Nomor: 11/Hk.03.2-Kpt/3376/Sek-
Kot/III/2021 tentang Rencana Aksi Reformasi Birokrasi di
Lingkungan Komisi Pemilihan Umum Kota Tegal sebagaimana
tercantum dalam Lampiran yang merupakan bagian tidak
terpisahkan dari Keputusan ini;
KEDUA : Keputusan ini berlaku pada tanggal
ditetapkan.

Ditetapkan di Tegal
pada tanggal 7 Oktober 2021

SEKRETARIS KOMISI PEMILIHAN UMUM
KOTA TEGAL,

Ttd.

ANDI BUDI HARJANTO

Salinan sesuai dengan aslinya
SEKRETARIAT KOMISI PEMILIHAN UMUM
KOTA TEGAL
Kepala Sub Bagian Hukum,
"""

# OCR-like text: misread and glued headings, headings without colons, the place and date
# on one line, a lower-case signed mark and an abbreviated month.
TEGAL_OCR = """\
KOMISI PEMILIHAN UMUM KOTA TEGAL
KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL NOMOR 25/HK.03.2/3376/2021
TENTANG
PERUBAHAN KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL NOMOR: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021
TENTANG RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA TEGAL
SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL,
Menirnbang:a. bahwa berdasarkan Diktum Keempat Keputusan Komisi Pemilihan Umum Nomor 314/ORT.07-Kpt/01/KPU/V/2021;
b. bahwa untuk maksud sebagaimana tersebut pada huruf a, maka perlu menetapkan Keputusan Sekretaris Komisi Pemilihan Umum Kota Tegal tentang Perubahan Keputusan Sekretaris Komisi
c. Pemilihan Umum Kota Tegal Nomor: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021 tentang Rencana Aksi Reformasi Birokrasi di Lingkungan Komisi Pemilihan Umum Kota Tegal;
Mengingat:1. Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan nasional (Lembaran Negara Republik Indonesia Nomor 4721);
2. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik Indonesia Tahun 2017 Nomor 182, Tambahan Lembaran Negara Republik Indonesia Tahun 2017 Nomor 6109);
3. Peraturan Presiden Nomor 18 Tahun 2010 tentang Grand Design Reformasi Birokrasi 2010-2025; Peraturan Presiden Nomor 105 Tahun 2018 tentang Kedudukan, Tugas, Fungsi, Wewenang, Organisasi dan Tata Kerja Sekretariat Jenderal Komisi Pemilihan Umum, Sekretariat Komisi Pemilihan Umum provinsi, dan Sekretariat Komisi Pemilihan Umum Kab/Kota (Lembaran Negara Republik Indonesia Tahun 2018 Nomor 196);
4. Peraturan Presiden Nomor 18 Tahun 2020 tentang Rencana Pembangunan Jangka Menengah Nasional Tahun 2020-2024 ( Lembaran Negara Republik Indonesia Tahun 2020 Nomor 10);
5. Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja Komisi Pemilihan Umum, Secretariat Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum Kabupaten/Kota sebagaimana telah diubah beberapa kali terakhir dengan Peraturan Komisi Pemilihan Umum Nomor 21 Tahun 2020;
6. Peraturan Komisi Pemilihan Umum Nomor 14 Tahun 2020 tentang Tugas, Fungsi, Susunan Organisasi, dan Tata Kerja Sekretariat Jenderal Komisi Pemilihan Umum, Sekretariat Komisi Pemilihan Umum Provinsi, dan Sekretariat Komisi Pemilihan Umum Kabupaten/Kota;
MEMUTUSKAN
Menetapkan KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL TENTANG PERUBAHAN KEPUTUSAN SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL NOMOR: 11/HK.03.2-Kpt/3376/Sek-Kot/III/2021 TENTANG RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA TEGAL.
KESATU: Menetapkan Perubahan Keputusan Sekretaris Komisi Pemilihan Umum Kota Tegal Nomor: 11/Hk.03.2-Kpt/3376/Sek-Kot/III/2021 tentang Rencana Aksi Reformasi Birokrasi di Lingkungan Komisi Pemilihan Umum Kota Tegal sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan ini;
KEDUA: Keputusan ini berlaku pada tanggal ditetapkan.
Ditetapkan di Tegal pada tanggal 7 Okt 2021
SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL,
ttd
ANDI BUDI HARJANTO
"""  # noqa: E501

# An original (not amending) decree of another secretariat, written for these tests.
BREBES_ORIGINAL = """\
KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM KABUPATEN BREBES
NOMOR: 7/HK.03.1-Kpt/3329/KPU-Kab/I/2022
TENTANG
RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN
KOMISI PEMILIHAN UMUM KABUPATEN BREBES
KETUA KOMISI PEMILIHAN UMUM KABUPATEN BREBES,
Menimbang : a. bahwa untuk melaksanakan reformasi birokrasi perlu disusun
rencana aksi;
Mengingat : 1. Undang-Undang Dasar Negara Republik Indonesia Tahun 1945;
2. Keputusan Komisi Pemilihan Umum Nomor 314/ORT.07-Kpt/01/KPU/V/2021
tentang Pedoman Pelaksanaan Reformasi Birokrasi; dan
3. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi
Birokrasi Nomor 25 Tahun 2020 tentang Road Map Reformasi Birokrasi
2020-2024.
MEMUTUSKAN:
Menetapkan : KEPUTUSAN KETUA KOMISI PEMILIHAN UMUM KABUPATEN BREBES TENTANG
RENCANA AKSI REFORMASI BIROKRASI.
KESATU : Menetapkan Rencana Aksi Reformasi Birokrasi sebagaimana tercantum
dalam Lampiran;
KEDUA : Ketua Komisi Pemilihan Umum Kabupaten Brebes melaksanakan
Keputusan ini;
KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan.
Ditetapkan di Brebes
pada tanggal 3 Jan 2022
KETUA KOMISI PEMILIHAN UMUM
KABUPATEN BREBES,
ttd
SITI AMINAH
"""


def _expected() -> dict[str, object]:
    """Return the hand-written decree.json content of the seed decree."""
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def _content(decree: Decree) -> dict[str, object]:
    """Return decree.json of a decree without the document facts."""
    out = decree_to_dict(decree, doc_id="d", source="s.pdf", sha256="h", pages=1, lampiran_pages=[])
    return {key: value for key, value in out.items() if key not in DOCUMENT_KEYS}


def _body_pages_text(path: Path) -> str:
    """Return the text of the pages before the first page headed LAMPIRAN."""
    import pdfplumber

    texts: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            if "LAMPIRAN" in "\n".join(text.splitlines()[:LAMPIRAN_SCAN_LINES]):
                break
            texts.append(text)
    return "\n".join(texts)


# --- the seed decree -----------------------------------------------------------------------


@pytest.mark.skipif(not REPLICA.exists(), reason="replica PDF not rendered yet")
def test_replica_body_pages_give_the_seed_decree() -> None:
    assert _content(parse_decree(_body_pages_text(REPLICA))) == _expected()


@pytest.mark.parametrize("text", [TEGAL_WIDE, TEGAL_NARROW, TEGAL_OCR], ids=["wide", "narrow", "ocr"])
def test_every_layout_of_the_seed_gives_the_seed_decree(text: str) -> None:
    assert _content(parse_decree(text)) == _expected()


def test_two_line_issuing_official_is_not_part_of_the_title() -> None:
    text = TEGAL_NARROW.replace("DENGAN RAHMAT TUHAN YANG MAHA ESA\n", "")
    assert parse_decree(text).tentang == _expected()["tentang"]


def test_amended_decree_number_comes_from_the_first_dictum_when_the_title_lacks_it() -> None:
    text = TEGAL_WIDE.replace("PERUBAHAN KEPUTUSAN", "RENCANA KEPUTUSAN", 1)
    assert parse_decree(text).mengubah_nomor == "11/Hk.03.2-Kpt/3376/Sek-Kot/III/2021"


# --- a decree that amends nothing -----------------------------------------------------------


def test_original_decree_has_no_amended_number() -> None:
    decree = parse_decree(BREBES_ORIGINAL)
    assert decree.mengubah_nomor is None
    assert decree.nomor == "7/HK.03.1-Kpt/3329/KPU-Kab/I/2022"
    assert decree.tentang == ("RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BREBES")


def test_original_decree_closing_block() -> None:
    decree = parse_decree(BREBES_ORIGINAL)
    assert (decree.ditetapkan_di, decree.tanggal) == ("Brebes", "2022-01-03")
    assert decree.penandatangan == Signatory("KETUA KOMISI PEMILIHAN UMUM KABUPATEN BREBES", "SITI AMINAH")


def test_original_decree_instruments_without_nomor_or_tahun() -> None:
    assert parse_decree(BREBES_ORIGINAL).mengingat == (
        Instrument(1, "Undang-Undang Dasar Negara Republik Indonesia", "", 1945, ""),
        Instrument(2, "Keputusan Komisi Pemilihan Umum", "314/ORT.07-Kpt/01/KPU/V/2021", 2021,
                   "Pedoman Pelaksanaan Reformasi Birokrasi"),
        Instrument(3, "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
                   "25", 2020, "Road Map Reformasi Birokrasi 2020-2024"),
    )  # fmt: skip


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


# --- missing parts and junk -----------------------------------------------------------------


def test_body_without_signature_block_has_no_signatory() -> None:
    text = TEGAL_WIDE.split("SEKRETARIS KOMISI PEMILIHAN UMUM\nKOTA TEGAL,\nTtd.")[0]
    decree = parse_decree(text)
    assert decree.penandatangan is None
    assert (decree.ditetapkan_di, decree.tanggal) == ("Tegal", "2021-10-07")


def test_body_without_closing_block_has_no_place_date_or_signatory() -> None:
    decree = parse_decree(TEGAL_WIDE.split("Ditetapkan di")[0])
    assert (decree.ditetapkan_di, decree.tanggal, decree.penandatangan) == (None, None, None)
    assert decree.diktum[-1] == ("KEDUA", "Keputusan ini berlaku pada tanggal ditetapkan.")


def test_body_with_headings_missing_keeps_what_is_there() -> None:
    text = "\n".join(
        line for line in TEGAL_WIDE.splitlines()
        if not line.startswith(("Menimbang", "Mengingat", "MEMUTUSKAN", "Menetapkan"))
    )  # fmt: skip
    decree = parse_decree(text)
    assert decree.nomor == "25/HK.03.2/3376/2021"
    assert decree.menimbang == () and decree.mengingat == ()
    assert [label for label, _ in decree.diktum] == ["KESATU", "KEDUA"]
    assert decree.penandatangan == Signatory("SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL", "ANDI BUDI HARJANTO")


@pytest.mark.parametrize(
    "text",
    ["", "\n\n  \n", "lorem ipsum dolor", "Menimbang", "KESATU :", "Ditetapkan di",
     ":::\n1.\n2.\na.", "Ditetapkan di\npada tanggal\nTtd.", "TENTANG", "NOMOR: /",
     "\x00\x0c\u00a0…"],
)  # fmt: skip
def test_junk_gives_an_empty_decree_without_crashing(text: str) -> None:
    decree = parse_decree(text)
    assert (decree.nomor, decree.tanggal, decree.penandatangan) == (None, None, None)
    assert decree.mengingat == ()
    json.dumps(_content(decree))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_parses_to_a_serialisable_decree(text: str) -> None:
    out = _content(parse_decree(text))
    assert list(out) == [key for key in CONTRACT_KEYS + ADDED_KEYS if key not in DOCUMENT_KEYS]
    json.dumps(out)


# --- dates ----------------------------------------------------------------------------------

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


# --- outputs --------------------------------------------------------------------------------

SMALL = Decree(
    nomor="1/A/2022", tentang="UJI", mengubah_nomor=None, ditetapkan_di="Tegal",
    tanggal="2022-01-02",
    penandatangan=None, menimbang=("bahwa;",),
    mengingat=(Instrument(1, "Undang-Undang", "7", 2017, "Pemilihan Umum"),
               Instrument(2, "Keputusan Sekretaris Jenderal", "5", None, "Tata Naskah")),
    diktum=(("KESATU", "Berlaku."),),
)  # fmt: skip


def test_decree_to_dict_follows_the_contract() -> None:
    out = decree_to_dict(SMALL, doc_id="abc", source="x.pdf", sha256="f" * 64, pages=9, lampiran_pages=[3, 4])
    assert list(out) == CONTRACT_KEYS + ADDED_KEYS
    assert out["penandatangan"] is None
    assert out["mengingat"][1] == {  # type: ignore[index]
        "no": 2, "jenis": "Keputusan Sekretaris Jenderal", "nomor": "5", "tahun": None,
        "tentang": "Tata Naskah",
    }  # fmt: skip
    assert out["diktum"] == [{"label": "KESATU", "text": "Berlaku."}]
    assert (out["pages"], out["lampiran_pages"]) == (9, [3, 4])


def test_mengingat_frame_columns_and_missing_year() -> None:
    frame = mengingat_frame(SMALL)
    assert list(frame.columns) == ["no", "jenis", "nomor", "tahun", "tentang"]
    assert frame["no"].tolist() == [1, 2]
    assert frame["tahun"].iloc[0] == 2017 and pd.isna(frame["tahun"].iloc[1])


def test_mengingat_frame_of_a_decree_without_instruments() -> None:
    empty = Decree(None, None, None, None, None, None, (), (), ())
    frame = mengingat_frame(empty)
    assert frame.empty and list(frame.columns) == ["no", "jenis", "nomor", "tahun", "tentang"]
