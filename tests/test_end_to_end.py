"""End to end: the replica and other renderings of the same plan extract to the table written from the seed."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.config import ExtractSettings
from pipeline.runner import extract
from pipeline.schema import PLAN_SCHEMA
from tests.fixtures.layouts import A4_CHECKMARKS, LEGAL_EXTRA_COLUMN, responsible_unit
from tests.fixtures.plans import load_decree_body, load_plan
from tests.fixtures.typeset import render_decree_pdf

ROOT = Path(__file__).resolve().parent.parent
REPLICA = ROOT / "raw" / "kpu-tegal-25-2021-replica.pdf"
TRUTH = ROOT / "tests" / "fixtures" / "tegal_25_2021" / "plan.csv"
DECREE_BODY = ROOT / "tests" / "fixtures" / "tegal_25_2021" / "decree.yaml"
EXPECTED_DECREE = ROOT / "tests" / "expected" / "tegal_25_2021_decree.json"
TEXT_COLUMNS = [
    "area",
    "kegiatan_no",
    "kegiatan",
    "sub_kegiatan_no",
    "sub_kegiatan",
    "indikator_no",
    "indikator",
    "ket",
]
# The seed's NO column and the canonical area each printed name stands for (domain.md's table).
AREA_CODES = {
    1: "penataan_organisasi",  # Penguatan Kelembagaan
    2: "penataan_sdm",  # Penguatan Sistem Manajemen SDM ASN
    3: "manajemen_perubahan",
    4: "penguatan_akuntabilitas",
    5: "penataan_tatalaksana",
    6: "pelayanan_publik",  # Peningkatan Kualitas Pelayanan Publik
    7: "deregulasi_kebijakan",  # Penguatan Peraturan Perundang - Undangan/ Deregulasi Kebijakan
    8: "penguatan_pengawasan",
}


def _truth() -> pd.DataFrame:
    with TRUTH.open(encoding="utf-8") as handle:
        truth = pd.DataFrame(list(csv.DictReader(handle)))
    truth["area_no"] = truth["area_no"].astype(int)
    truth["bulan"] = truth["bulan"].map(lambda s: [int(m) for m in s.split(";")] if s else [])
    return truth


def _assert_plan_matches_truth(plan: pd.DataFrame) -> None:
    truth = _truth()
    assert len(plan) == len(truth)
    assert plan["area_no"].astype(int).tolist() == truth["area_no"].tolist()
    for column in TEXT_COLUMNS:
        mismatched = [(i + 1, t, g) for i, (t, g) in enumerate(zip(truth[column], plan[column], strict=True)) if t != g]
        assert not mismatched, f"{column}: {mismatched[:3]}"
    assert [list(b) for b in plan["bulan"]] == truth["bulan"].tolist()
    assert plan["area_code"].tolist() == [AREA_CODES[n] for n in truth["area_no"]]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run `python -m pipeline extract` on the replica, as a user would, and return the output folder."""
    root = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "PIPELINE_INTERIM": str(root / "interim")}
    command = [sys.executable, "-m", "pipeline", "extract", str(REPLICA), "--out", str(root / "out"), "--jobs", "1"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "1 extracted"
    return root / "out" / REPLICA.stem


def test_the_replica_extracts_to_the_table_written_from_the_seed(published: Path) -> None:
    _assert_plan_matches_truth(pd.read_parquet(published / "plan.parquet"))


def test_plan_parquet_has_the_contract_types_and_document_order(published: Path) -> None:
    table = pq.read_table(published / "plan.parquet")
    assert table.schema.names == PLAN_SCHEMA.names
    assert all(table.schema.field(f.name).type == f.type for f in PLAN_SCHEMA)
    plan = table.to_pandas()
    decree = json.loads((published / "decree.json").read_text(encoding="utf-8"))
    assert plan["row"].tolist() == list(range(1, len(plan) + 1))
    assert set(plan["doc_id"]) == {decree["doc_id"]}
    assert plan["page"].is_monotonic_increasing
    assert set(plan["page"]) <= set(decree["lampiran_pages"])


def test_plan_csv_holds_the_same_rows_with_months_joined(published: Path) -> None:
    plan = pd.read_parquet(published / "plan.parquet")
    with (published / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == PLAN_SCHEMA.names
    assert [r["indikator"] for r in rows] == plan["indikator"].tolist()
    assert [r["bulan"] for r in rows] == [";".join(str(m) for m in b) for b in plan["bulan"]]


def test_decree_json_matches_the_seed_and_says_it_is_a_replica(published: Path) -> None:
    decree = json.loads((published / "decree.json").read_text(encoding="utf-8"))
    expected = json.loads(EXPECTED_DECREE.read_text(encoding="utf-8"))
    assert {k: decree[k] for k in expected} == expected
    assert decree["pages"] == 11 and decree["lampiran_pages"] == list(range(3, 12))
    assert decree["sha256"].startswith(decree["doc_id"]) and len(decree["sha256"]) == 64
    assert decree["scheme"] == "rb_2020_2024"
    assert "replica" in decree["provenance"].lower() and "illustrative" in decree["provenance"].lower()
    mengingat = pd.read_csv(published / "mengingat.csv")
    assert mengingat["tahun"].tolist() == [m["tahun"] for m in expected["mengingat"]]


def test_the_camelot_backend_gives_the_same_dataset(published: Path, tmp_path: Path) -> None:
    extraction = extract(REPLICA, tmp_path / "out", ExtractSettings(backend="camelot"), tmp_path / "interim")
    camelot_csv = (tmp_path / "out" / REPLICA.stem / "plan.csv").read_bytes()
    assert camelot_csv == (published / "plan.csv").read_bytes()
    assert len(extraction.plan) == len(_truth())


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(A4_CHECKMARKS, id="a4-checkmarks-header-not-repeated"),
        pytest.param(LEGAL_EXTRA_COLUMN, id="legal-extra-column-bullets"),
    ],
)
def test_other_renderings_of_the_plan_extract_the_same(layout, tmp_path: Path) -> None:
    pdf = tmp_path / "rendering.pdf"
    render_decree_pdf(load_plan(TRUTH), load_decree_body(DECREE_BODY), layout, pdf)
    extraction = extract(pdf, tmp_path / "out", ExtractSettings(), tmp_path / "interim")
    _assert_plan_matches_truth(extraction.plan)
    for extra in layout.extra_columns:
        column = extra.heading.lower().replace(" ", "_")
        assert extraction.plan[column].tolist() == [responsible_unit(r) for r in load_plan(TRUTH)]
