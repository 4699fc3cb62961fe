"""Tests of the decree's records as decree.json and as the mengingat table."""

from __future__ import annotations

import pandas as pd

from pipeline.decree import Decree, DecreeRecord, Instrument, decree_to_dict
from pipeline.records import mengingat_frame
from tests.fixtures.decree_bodies import ADDED_KEYS, CONTRACT_KEYS, decree_record

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
    return mengingat_frame(decree_to_dict(decree_record(decree))["mengingat"])


def test_decree_to_dict_follows_the_contract() -> None:
    record = DecreeRecord(
        SMALL, doc_id="abc", source="x.pdf", sha256="f" * 64, pages=9, lampiran_pages=(3, 4), satker="KPU Kota Tegal",
        provenance="replica", notes=("repaired with qpdf: xref",), scheme="zona_integritas",
    )  # fmt: skip
    out = decree_to_dict(record)
    assert list(out) == CONTRACT_KEYS + ADDED_KEYS
    assert (out["doc_id"], out["source"], out["sha256"]) == ("abc", "x.pdf", "f" * 64)
    assert (out["satker"], out["provenance"]) == ("KPU Kota Tegal", "replica")
    assert out["notes"] == ["repaired with qpdf: xref"]
    assert out["scheme"] == "zona_integritas"
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
