"""Tests of the whole decree stage: body text -> number, title, grounds, dicta and signatory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import RAW_DIR
from pipeline.decree import Signatory, parse_decree
from tests.fixtures.decree_bodies import (
    ADDED_KEYS,
    CONTRACT_KEYS,
    DOCUMENT_KEYS,
    TEGAL_NARROW,
    TEGAL_OCR,
    TEGAL_WIDE,
    decree_content,
    expected_decree,
)

REPLICA = RAW_DIR / "kpu-tegal-25-2021-replica.pdf"
LAMPIRAN_SCAN_LINES = 5


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
    assert decree_content(parse_decree(_body_pages_text(REPLICA))) == expected_decree()


@pytest.mark.parametrize("text", [TEGAL_WIDE, TEGAL_OCR], ids=["wide", "ocr"])
def test_every_layout_of_the_seed_gives_the_seed_decree(text: str) -> None:
    assert decree_content(parse_decree(text)) == expected_decree()


def test_the_narrow_layout_keeps_the_spaces_printed_at_the_slashes_and_normalises_them() -> None:
    expected = expected_decree() | {"nomor": "25 / HK.03.2 / 3376 / 2021"}
    assert decree_content(parse_decree(TEGAL_NARROW)) == expected
    assert expected["nomor_normalised"] == "25/HK.03.2/3376/2021"


# --- missing parts and junk -----------------------------------------------------------------


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
    json.dumps(decree_content(decree))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_parses_to_a_serialisable_decree(text: str) -> None:
    out = decree_content(parse_decree(text))
    assert list(out) == [key for key in CONTRACT_KEYS + ADDED_KEYS if key not in DOCUMENT_KEYS]
    json.dumps(out)
