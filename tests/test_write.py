"""Write stage: contract types, CSV lists, deterministic bytes, atomic publication, locking."""

from __future__ import annotations

import io
import multiprocessing

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.errors import OutputError
from pipeline.schema import PLAN_COLUMNS, PLAN_SCHEMA
from pipeline.write import (
    frame_to_csv_bytes,
    locked,
    plan_to_arrow,
    publish,
    table_to_parquet_bytes,
)


def _plan() -> pd.DataFrame:
    record = {
        "doc_id": "0123456789abcdef",
        "row": 1,
        "area_no": 1,
        "area": "Penguatan Kelembagaan",
        "area_code": "penataan_organisasi",
        "kegiatan_no": "1",
        "kegiatan": "Evaluasi Organisasi",
        "sub_kegiatan_no": "",
        "sub_kegiatan": "",
        "indikator_no": "1",
        "indikator": "Dokumentasi",
        "ket": "",
        "bulan": [1, 2, 12],
        "page": 5,
        "area_label": "1",
        "triwulan": [],
        "tahun": [],
        "penanggung_jawab": "Kasubbag Umum",
    }
    return pd.DataFrame([record, {**record, "row": 2, "bulan": []}])


def test_parquet_has_the_contract_types_plus_extra_string_columns():
    table = pq.read_table(io.BytesIO(table_to_parquet_bytes(plan_to_arrow(_plan()))))
    assert table.schema.names == [*PLAN_COLUMNS, "penanggung_jawab"]
    for field in PLAN_SCHEMA:
        assert table.schema.field(field.name).type == field.type
    assert str(table.schema.field("penanggung_jawab").type) == "string"
    assert table.column("bulan").to_pylist() == [[1, 2, 12], []]


def test_parquet_bytes_are_deterministic():
    assert table_to_parquet_bytes(plan_to_arrow(_plan())) == table_to_parquet_bytes(plan_to_arrow(_plan()))


def test_csv_writes_months_joined_by_semicolons():
    text = frame_to_csv_bytes(_plan()).decode("utf-8").splitlines()
    assert text[0].split(",")[-6:] == ["bulan", "page", "area_label", "triwulan", "tahun", "penanggung_jawab"]
    assert text[1].endswith(",1;2;12,5,1,,,Kasubbag Umum")
    assert text[2].endswith(",,5,1,,,Kasubbag Umum")


def test_publish_replaces_every_file_and_leaves_no_temporaries(tmp_path):
    folder = tmp_path / "out"
    publish(folder, {"a.txt": b"old", "b.txt": b"old"})
    publish(folder, {"a.txt": b"new", "b.txt": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt"]
    assert (folder / "a.txt").read_bytes() == b"new"


def test_publish_to_an_unwritable_place_raises_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        publish(blocker / "out", {"a.txt": b"x"})


def _hold(lock_file, ready, release):
    with locked(lock_file):
        ready.set()
        release.wait(10)


def test_a_second_run_on_the_same_stem_is_refused(tmp_path):
    lock_file = tmp_path / "stem.lock"
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold, args=(lock_file, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(OutputError, match="another run"), locked(lock_file):
            pass
    finally:
        release.set()
        holder.join()
    with locked(lock_file):
        pass


def test_publish_swaps_the_whole_folder_and_clears_what_a_killed_run_left(tmp_path):
    folder = tmp_path / "out" / "stem"
    publish(folder, {"plan.csv": b"old", "schedule-2.png": b"old"})
    leftover = tmp_path / "out" / ".stem.staging-999999"
    leftover.mkdir()
    (leftover / "plan.csv").write_bytes(b"half")
    publish(folder, {"plan.csv": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == ["plan.csv"]
    assert (folder / "plan.csv").read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["stem"]
