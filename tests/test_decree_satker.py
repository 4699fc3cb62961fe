"""Tests of the decree's work unit (satker), read from the signatory's office or the title."""

from __future__ import annotations

from pipeline.decree import Decree, Signatory, parse_decree, satker_of
from tests.fixtures.decree_bodies import BREBES_ORIGINAL


def _decree(tentang: str | None, jabatan: str | None) -> Decree:
    """Return a decree with only its title and its signatory's office."""
    signatory = Signatory(jabatan, "NAMA") if jabatan else None
    return Decree(None, tentang, None, None, None, signatory, (), (), ())


def test_satker_from_the_signatory_office_without_its_title() -> None:
    assert satker_of(parse_decree(BREBES_ORIGINAL)) == "KPU Kabupaten Brebes"


def test_satker_keeps_acronyms_upper_case() -> None:
    office = "KETUA KOMISI PEMILIHAN UMUM PROVINSI DKI JAKARTA,"
    assert satker_of(_decree(None, office)) == "KPU Provinsi DKI Jakarta"


def test_satker_from_the_title_when_nobody_signs() -> None:
    title = "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA TEGAL"
    assert satker_of(_decree(title, None)) == "KPU Kota Tegal"


def test_no_satker_without_an_office_or_a_work_unit_in_the_title() -> None:
    assert satker_of(_decree("RENCANA AKSI REFORMASI BIROKRASI", None)) is None
