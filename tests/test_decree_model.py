"""Tests of the decree's records as decree.json and as the mengingat table."""

from __future__ import annotations

import pandas as pd

from pipeline.decree import Decree, Instrument, decree_to_dict
from pipeline.records import mengingat_frame
from tests.fixtures.decree_bodies import ADDED_KEYS, CONTRACT_KEYS

SMALL = Decree(
    nomor="1/A/2022", tentang="UJI", mengubah_nomor=None, ditetapkan_di="Tegal",
    tanggal="2022-01-02",
    penandatangan=None, menimbang=("bahwa;",),
    mengingat=(Instrument(1, "Undang-Undang", "7", 2017, "Pemilihan Umum"),
               Instrument(2, "Keputusan Sekretaris Jenderal", "5", None, "Tata Naskah")),
    diktum=(("KESATU", "Berlaku."),),
)  # fmt: skip


def _mengingat_table(decree: Decree) -> pd.DataFrame:
    """Return the mengingat table of a decree, read from its decree.json mapping."""
    out = decree_to_dict(decree, doc_id="d", source="s.pdf", sha256="h", pages=1, lampiran_pages=[])
    return mengingat_frame(out["mengingat"])


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
    frame = _mengingat_table(SMALL)
    assert list(frame.columns) == ["no", "jenis", "nomor", "tahun", "tentang"]
    assert frame["no"].tolist() == [1, 2]
    assert frame["tahun"].iloc[0] == 2017 and pd.isna(frame["tahun"].iloc[1])


def test_mengingat_frame_of_a_decree_without_instruments() -> None:
    empty = Decree(None, None, None, None, None, None, (), (), ())
    frame = _mengingat_table(empty)
    assert frame.empty and list(frame.columns) == ["no", "jenis", "nomor", "tahun", "tentang"]
