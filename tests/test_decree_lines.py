"""Tests of the decree's line cleaning: page furniture dropped, wrapped lines joined."""

from __future__ import annotations

from pipeline.decree.lines import clean_lines, collapse, join_lines

# A page break of a Keputusan: the next page's first word as catchword, the page number, then
# the next page with a heading whose letters are spaced out and its colon on a line of its own.
PAGE_BREAK = """\
6. Peraturan Komisi Pemilihan Umum Nomor 14 Tahun 2020;

MEMUTUSKAN...
- 3 -
M E M U T U S K A N
:
Menetapkan : KEPUTUSAN SEKRETARIS
"""


def test_clean_lines_drops_catchword_page_number_blank_lines_and_lone_colon() -> None:
    assert clean_lines(PAGE_BREAK) == [
        "6. Peraturan Komisi Pemilihan Umum Nomor 14 Tahun 2020;",
        "MEMUTUSKAN",
        "Menetapkan : KEPUTUSAN SEKRETARIS",
    ]


def test_clean_lines_writes_spaced_capitals_with_their_colon_as_one_word() -> None:
    assert clean_lines("M E M U T U S K A N :") == ["MEMUTUSKAN:"]


def test_join_lines_glues_a_word_cut_at_a_hyphen_or_slash() -> None:
    lines = ["1. Undang-", "Undang Nomor 25", "", "Sekretariat Komisi Pemilihan Umum Kab/", "Kota"]
    assert join_lines(lines) == "1. Undang-Undang Nomor 25 Sekretariat Komisi Pemilihan Umum Kab/Kota"


def test_collapse_makes_runs_of_white_space_one_space() -> None:
    assert collapse("  Ditetapkan \t di\n Tegal ") == "Ditetapkan di Tegal"
