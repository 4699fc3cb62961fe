"""The README's DuckDB queries, run as written against a corpus of two plans, one with an extra column."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.config import ExtractSettings
from pipeline.runner import extract
from pipeline.write import plan_to_arrow, table_to_parquet_bytes

ROOT = Path(__file__).resolve().parents[1]
REPLICA = ROOT / "raw" / "kpu-tegal-25-2021-replica.pdf"
REPLICA_ROWS = 136
# The later decree of the same office, with a PENANGGUNG JAWAB column (written here, not extracted).
LATER = {"doc_id": "fedcba9876543210", "sha256": "fedcba9876543210" + "0" * 48, "nomor": "30/HK.03.2/3376/2022",
         "tanggal": "2022-02-01"}  # fmt: skip


def readme_queries() -> list[str]:
    """Return the statements of the README's `sql` blocks, each with its leading comment."""
    blocks = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.DOTALL)
    return [q.strip() for block in blocks for q in block.split(";") if q.strip()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder whose output/ holds the replica as extracted and a later plan with an extra column."""
    root = tmp_path_factory.mktemp("analyst")
    out = root / "output"
    extract(REPLICA, out, ExtractSettings(charts=False), root / "interim")
    published = out / REPLICA.stem
    plan = pd.read_parquet(published / "plan.parquet").assign(doc_id=LATER["doc_id"], penanggung_jawab="Sekretaris")
    decree = json.loads((published / "decree.json").read_text(encoding="utf-8")) | LATER
    later = out / "sk-2022"
    later.mkdir()
    (later / "plan.parquet").write_bytes(table_to_parquet_bytes(plan_to_arrow(plan)))
    (later / "decree.json").write_text(json.dumps(decree), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "corpus", "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return root


def _run(corpus: Path, query: str) -> pd.DataFrame:
    connection = duckdb.connect()
    connection.execute(f"SET file_search_path = '{corpus}'")
    return connection.execute(query).df()


def test_the_readme_has_the_queries() -> None:
    queries = readme_queries()
    assert len(queries) >= 4 and all("union_by_name=true" in q for q in queries)


@pytest.mark.parametrize("query", readme_queries(), ids=lambda q: q.splitlines()[0].lstrip("- "))
def test_each_readme_query_runs_on_a_corpus_with_an_extra_column(
    corpus: Path, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DuckDB looks for a relative path in the working directory before file_search_path: a checkout's
    # own output/plans.parquet would be read instead of the corpus's.
    monkeypatch.chdir(corpus)
    result = _run(corpus, query)
    assert len(result) > 0
    title = query.splitlines()[0]
    if "per office, decree and area" in title:
        assert result["indikator"].sum() == 2 * REPLICA_ROWS
        assert set(result["nomor"]) == {"25/HK.03.2/3376/2021", LATER["nomor"]}
    if "latest plan of each office" in title:
        assert result[["nomor", "indikator"]].values.tolist() == [[LATER["nomor"], REPLICA_ROWS]]
    if "December" in title:
        plans = [pd.read_parquet(p) for p in sorted((corpus / "output").glob("*/plan.parquet"))]
        assert len(result) == sum(sum(12 in list(b) for b in plan["bulan"]) for plan in plans)
    if "responsible unit" in title:
        assert len(result) == REPLICA_ROWS and set(result["nomor"]) == {LATER["nomor"]}


def test_corpus_names_its_sources_and_refuses_a_folder_without_plans(corpus: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    metadata = pq.read_schema(corpus / "output" / "plans.parquet").metadata
    decree = json.loads((corpus / "output" / REPLICA.stem / "decree.json").read_text(encoding="utf-8"))
    assert decree["sha256"] in metadata[b"rencana_aksi.source_sha256"].decode().split(",")
    command = [sys.executable, "-m", "pipeline", "corpus", "--out", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stderr.strip()) == (2, f"error: {tmp_path}: no published plan in this folder")


def test_a_source_published_in_two_folders_is_in_plans_parquet_once(corpus: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "output"
    shutil.copytree(corpus / "output" / REPLICA.stem, out / "a")
    shutil.copytree(corpus / "output" / REPLICA.stem, out / "b")
    command = [sys.executable, "-m", "pipeline", "corpus", "--out", str(out)]
    subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    assert len(pd.read_parquet(out / "plans.parquet")) == REPLICA_ROWS
