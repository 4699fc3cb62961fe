"""Text helpers: item numbers and their styles, wrapped lines, heading slugs."""

from __future__ import annotations

import pytest

from pipeline.text import MAY_CUT, collapse, leading_marker, resolve_cuts, slugify, split_item_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 FGD Evaluasi Organisasi", ("1", "FGD Evaluasi Organisasi")),
        ("1. Evaluasi Organisasi", ("1", "Evaluasi Organisasi")),
        ("2) Stratregi dan perencanaan", ("2", "Stratregi dan perencanaan")),
        ("a. JF Analis Pengelola Keuangan APBN", ("a", "JF Analis Pengelola Keuangan APBN")),
        ("1.) Lingkungan pengendalian", ("1", "Lingkungan pengendalian")),
        ("1 1. Adanya dokumen penetapan Kinerja", ("1", "1. Adanya dokumen penetapan Kinerja")),
        (
            "1) Data Mutasi 2) Data Promosi 3) Data Peserta Assessment",
            ("", "1) Data Mutasi 2) Data Promosi 3) Data Peserta Assessment"),
        ),
        ("1 Pelaporan LHKPN 2 Pelaporan LHKASN", ("", "1 Pelaporan LHKPN 2 Pelaporan LHKASN")),
        (
            "1 Adanya Program dan kegiatan a. Jumlah program b. Jumlah kegiatan",
            ("1", "Adanya Program dan kegiatan a. Jumlah program b. Jumlah kegiatan"),
        ),
        (
            "1 Dokumentasi kegiatan dari 6 Area Zona Integritas",
            ("1", "Dokumentasi kegiatan dari 6 Area Zona Integritas"),
        ),
        ("Tersedianya dokumen Analisis Beban Kerja", ("", "Tersedianya dokumen Analisis Beban Kerja")),
        ("Adanya menu", ("", "Adanya menu")),
        ("2", ("2", "")),
        ("", ("", "")),
    ],
)
def test_split_item_number(text, expected):
    assert split_item_number(text) == expected


def test_marker_styles_differ_by_punctuation():
    assert leading_marker("1. a").style == "digit."
    assert leading_marker("1) a").style == "digit)"
    assert leading_marker("1 a").style == "digit"
    assert leading_marker("b. a").style == "letter."
    assert leading_marker("Data") is None


def test_collapse_joins_wrapped_lines_and_words_cut_at_a_hyphen():
    assert collapse("Sek-\nKot/III/2021  TENTANG\nRENCANA") == "Sek-Kot/III/2021 TENTANG RENCANA"
    assert collapse("Perundang -\nUndangan") == "Perundang - Undangan"


def test_slugify_names_extra_columns():
    assert slugify("PENANGGUNG JAWAB") == "penanggung_jawab"
    assert slugify("Target (%)") == "target"


def test_a_possible_word_cut_is_a_space_when_the_next_word_is_printed_whole_elsewhere():
    # A browser drops the space it breaks a line at: "Menyempurnakan/mengubah" filling its
    # line, then "berbagai", looks like one word cut between letters.
    texts = [f"Menyempurnakan/mengubah{MAY_CUT}berbagai peraturan", "berbagai kebijakan"]
    assert resolve_cuts(texts)[0] == "Menyempurnakan/mengubah berbagai peraturan"


def test_a_possible_word_cut_is_a_cut_when_the_joined_word_is_printed_whole_elsewhere():
    texts = [f"peraturan perundangunda{MAY_CUT}ngan lain", "peraturan perundangundangan baru"]
    assert resolve_cuts(texts)[0] == "peraturan perundangundangan lain"


def test_a_possible_word_cut_with_no_evidence_keeps_the_cut_the_geometry_saw():
    texts = [f"Menyempurnakan/meng{MAY_CUT}ubah berbagai", "Penetapan"]
    assert resolve_cuts(texts) == ["Menyempurnakan/mengubah berbagai", "Penetapan"]


def test_a_short_word_after_a_possible_cut_is_no_evidence_of_a_space():
    texts = [f"Terselenggaran{MAY_CUT}ya survey", "ya"]
    assert resolve_cuts(texts)[0] == "Terselenggaranya survey"


def test_a_possible_word_cut_is_a_space_when_the_first_word_is_printed_whole_elsewhere():
    # "perundangundangan" fills its line and "baru" is printed nowhere else.
    texts = [f"peraturan perundangundangan{MAY_CUT}baru yang", "data perundangundangan"]
    assert resolve_cuts(texts)[0] == "peraturan perundangundangan baru yang"


def test_a_suffix_after_a_word_printed_whole_elsewhere_is_a_cut():
    texts = [f"Terselenggara{MAY_CUT}nya survey", "acara terselenggara"]
    assert resolve_cuts(texts, suffixes=["nya"])[0] == "Terselenggaranya survey"
