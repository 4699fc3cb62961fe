"""`python -m pipeline diff` on two PDFs: an amendment with known edits, typeset on another page size."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures.layouts import REPLICA
from tests.fixtures.plans import PlanRow, load_decree_body, load_plan
from tests.fixtures.typeset import render_decree_pdf

ROOT = Path(__file__).resolve().parent.parent
V1 = ROOT / "raw" / "kpu-tegal-25-2021-replica.pdf"
TRUTH = ROOT / "tests" / "fixtures" / "tegal_25_2021" / "plan.csv"
BODY = ROOT / "tests" / "fixtures" / "tegal_25_2021" / "decree.yaml"


def _row(base: PlanRow, **changes: object) -> PlanRow:
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _amended(rows: list[PlanRow]) -> list[PlanRow]:
    """Return the plan with the amendment's edits; row numbers below are the replica's (1-based)."""
    old = {n: r for n, r in enumerate(rows, start=1)}
    sotk = {"kegiatan": "Penyesuaian SOTK"}
    new_kegiatan = {"area_no": "7", "area": old[104].area, "kegiatan_no": "6", "kegiatan": "Sosialisasi produk hukum",
                    "sub_kegiatan_no": "1", "sub_kegiatan": "Sosialisasi JDIH kepada pemangku kepentingan"}  # fmt: skip
    out = [old[1], _row(old[3], **sotk), _row(old[4], **sotk)]
    out.append(_row(old[5], indikator="Seluruh pegawai memiliki Sasaran Kinerja Pegawai tahun 2022"))
    out.append(_row(old[6], ket="Hasil evaluasi SKP semester I"))
    out.append(_row(old[7], bulan=(2, 3)))
    out += [old[n] for n in range(8, 11)]
    out.append(_row(old[10], indikator_no="7", indikator="Seluruh pegawai mengisi aplikasi e-Kinerja setiap bulan",
                    ket="Rekap e-Kinerja", bulan=tuple(range(1, 13))))  # fmt: skip
    out += [old[n] for n in range(11, 105)]
    out.append(_row(old[104], **new_kegiatan, indikator_no="1", indikator="Terselenggaranya sosialisasi JDIH",
                    ket="Daftar hadir", bulan=(5,)))  # fmt: skip
    out.append(_row(old[104], **new_kegiatan, indikator_no="2", indikator="Jumlah peserta sosialisasi JDIH",
                    ket="Laporan sosialisasi", bulan=(5, 6)))  # fmt: skip
    out += [old[n] for n in range(105, 121)]
    out.append(_row(old[121], sub_kegiatan="Penyusunan pedoman Whistle Blowing System",
                    indikator="Tersusunnya pedoman WBS", ket="Pedoman WBS", bulan=(1,)))  # fmt: skip
    # Every later sub kegiatan of the kegiatan moves up one number.
    out += [_row(old[n], sub_kegiatan_no=str(int(old[n].sub_kegiatan_no) + 1)) for n in range(121, 125)]
    out += [old[n] for n in range(125, len(rows) + 1)]
    return out


# (change, row_old, row_new, fields), worked out from the edits above: rows after an insertion
# or removal shift, the amendment is typeset on A4 so every page number differs too.
EXPECTED = [
    ("removed", 2, None, []),
    ("modified", 3, 2, ["kegiatan"]),
    ("modified", 4, 3, ["kegiatan"]),
    ("modified", 5, 4, ["indikator"]),
    ("modified", 6, 5, ["ket"]),
    ("modified", 7, 6, ["bulan"]),
    ("added", None, 10, []),
    ("added", None, 105, []),
    ("added", None, 106, []),
    ("added", None, 123, []),
    ("modified", 121, 124, ["sub_kegiatan_no"]),
    ("modified", 122, 125, ["sub_kegiatan_no"]),
    ("modified", 123, 126, ["sub_kegiatan_no"]),
    ("modified", 124, 127, ["sub_kegiatan_no"]),
]


@pytest.fixture(scope="module")
def amendment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("amendment") / "kpu-tegal-amended.pdf"
    layout = dataclasses.replace(REPLICA, page_size="A4")
    render_decree_pdf(_amended(load_plan(TRUTH)), load_decree_body(BODY), layout, pdf)
    return pdf


def _diff(old: Path, new: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIPELINE_INTERIM": str(out.parent / "interim")}
    command = [sys.executable, "-m", "pipeline", "diff", str(old), str(new), "--out", str(out), *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)


def test_the_amendment_diff_lists_exactly_the_edits(amendment: Path, tmp_path: Path) -> None:
    done = _diff(V1, amendment, tmp_path / "diff")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4 added, 1 removed, 9 modified"
    diff = pd.read_parquet(tmp_path / "diff" / "diff.parquet")
    got = [
        (r.change, None if pd.isna(r.row_old) else int(r.row_old), None if pd.isna(r.row_new) else int(r.row_new),
         list(r.fields))
        for r in diff.itertuples()
    ]  # fmt: skip
    assert got == EXPECTED
    markdown = (tmp_path / "diff" / "diff.md").read_text(encoding="utf-8")
    assert "Penyesuaian ~~STOK~~" in markdown or "~~STOK~~" in markdown
    assert "■" in markdown and "□" in markdown
    assert (tmp_path / "diff" / "diff.csv").read_text(encoding="utf-8").count("\n") == len(EXPECTED) + 1


def test_fail_on_change_exits_3_and_a_plan_against_itself_reports_nothing(amendment: Path, tmp_path: Path) -> None:
    assert _diff(V1, amendment, tmp_path / "a", "--fail-on-change").returncode == 3
    same = _diff(V1, V1, tmp_path / "b", "--fail-on-change")
    assert (same.returncode, same.stdout.strip()) == (0, "no changes")
    assert len(pd.read_parquet(tmp_path / "b" / "diff.parquet")) == 0


def test_a_missing_input_is_one_error_line(tmp_path: Path) -> None:
    done = _diff(tmp_path / "nope.pdf", V1, tmp_path / "c")
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path / 'nope.pdf'}: no such file"


@pytest.fixture(scope="module")
def same_plan_on_a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("a4") / "kpu-tegal-a4.pdf"
    render_decree_pdf(load_plan(TRUTH), load_decree_body(BODY), dataclasses.replace(REPLICA, page_size="A4"), pdf)
    return pdf


def test_the_same_plan_on_another_page_size_diffs_as_no_change(same_plan_on_a4: Path, tmp_path: Path) -> None:
    # A4 breaks the pages elsewhere than the replica's F4: rows and merged cells cut at other places.
    done = _diff(V1, same_plan_on_a4, tmp_path / "same", "--fail-on-change")
    assert (done.returncode, done.stdout.strip()) == (0, "no changes"), done.stderr
    assert len(pd.read_parquet(tmp_path / "same" / "diff.parquet")) == 0
