"""Tests of the decree's closing block: the place, the date and the signatory."""

from __future__ import annotations

from pipeline.decree import Signatory, parse_decree
from tests.fixtures.decree_bodies import BREBES_ORIGINAL, TEGAL_WIDE


def test_original_decree_closing_block() -> None:
    decree = parse_decree(BREBES_ORIGINAL)
    assert (decree.ditetapkan_di, decree.tanggal) == ("Brebes", "2022-01-03")
    assert decree.penandatangan == Signatory("KETUA KOMISI PEMILIHAN UMUM KABUPATEN BREBES", "SITI AMINAH")


def test_body_without_signature_block_has_no_signatory() -> None:
    text = TEGAL_WIDE.split("SEKRETARIS KOMISI PEMILIHAN UMUM\nKOTA TEGAL,\nTtd.")[0]
    decree = parse_decree(text)
    assert decree.penandatangan is None
    assert (decree.ditetapkan_di, decree.tanggal) == ("Tegal", "2021-10-07")


def test_body_without_closing_block_has_no_place_date_or_signatory() -> None:
    decree = parse_decree(TEGAL_WIDE.split("Ditetapkan di")[0])
    assert (decree.ditetapkan_di, decree.tanggal, decree.penandatangan) == (None, None, None)
    assert decree.diktum[-1] == ("KEDUA", "Keputusan ini berlaku pada tanggal ditetapkan.")
