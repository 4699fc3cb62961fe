"""The signature under the annex's table: read into decree.json when the body pages print none."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf

from pipeline.config import ExtractSettings
from pipeline.decree import Signatory
from pipeline.decree.signatory import block_signatory
from pipeline.runner import extract
from pipeline.signature_block import blocks_of
from tests.fixtures.corpus import DECREE_YAML, plan_rows
from tests.fixtures.decree_bodies import TEGAL_WIDE
from tests.fixtures.layouts import A4_CHECKMARKS
from tests.fixtures.plans import load_decree_body
from tests.fixtures.typeset import render_plan_pdf

# The seed's body up to its date: the office, `Ttd.` and the name are printed under the table only.
BODY_WITHOUT_SIGNATURE = TEGAL_WIDE.split("SEKRETARIS KOMISI PEMILIHAN UMUM\nKOTA TEGAL,\nTtd.")[0]
BODY_LINES_PER_PAGE = 60
SIGNED_UNDER_TABLE = {"jabatan": "SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL", "nama": "ANDI BUDI HARJANTO"}


def _body_pdf(path: Path) -> Path:
    """Given a path, write the body pages without a signature, one text line each; return the path."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(595, 935), invariant=1)
    canvas.setFont("Helvetica", 10)
    for index, line in enumerate(BODY_WITHOUT_SIGNATURE.splitlines()):
        if index and index % BODY_LINES_PER_PAGE == 0:
            canvas.showPage()
            canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 880 - 14 * (index % BODY_LINES_PER_PAGE), line)
    canvas.showPage()
    canvas.save()
    return path


def _decree_signed_under_table(folder: Path) -> Path:
    """Given a folder, write a decree whose body has no signature and whose annex is signed under the table."""
    annex = folder / "annex.pdf"
    render_plan_pdf(plan_rows(), A4_CHECKMARKS, annex, load_decree_body(DECREE_YAML).lampiran)
    path = folder / "signed-under-table.pdf"
    with pikepdf.open(_body_pdf(folder / "body.pdf")) as body, pikepdf.open(annex) as pages:
        body.pages.extend(pages.pages)
        body.save(path)
    return path


def test_a_body_without_a_signature_takes_the_one_under_the_table(tmp_path: Path) -> None:
    pdf = _decree_signed_under_table(tmp_path)
    extraction = extract(pdf, tmp_path / "out", ExtractSettings(charts=False), tmp_path / "interim")
    decree = json.loads((tmp_path / "out" / pdf.stem / "decree.json").read_text(encoding="utf-8"))
    assert extraction.valid and len(extraction.plan) == len(plan_rows())
    assert decree["penandatangan"] == SIGNED_UNDER_TABLE
    assert (decree["nomor"], decree["ditetapkan_di"], decree["tanggal"]) == (
        "25/HK.03.2/3376/2021",
        "Tegal",
        "2021-10-07",
    )


def _chars(text: str, x0: float, top: float) -> list[dict[str, object]]:
    """Given a text and where it starts, return its chars as pdfplumber gives them (5 pt a char)."""
    return [
        {"text": ch, "x0": x0 + 5 * i, "x1": x0 + 5 * i + 5, "top": top, "bottom": top + 8, "upright": True}
        for i, ch in enumerate(text)
    ]


def test_two_blocks_side_by_side_are_read_apart() -> None:
    left = ["Salinan sesuai dengan aslinya", "Kepala Sub Bagian Hukum,", "", "MAM ZUBAIDI"]
    right = ["SEKRETARIS", "KOMISI PEMILIHAN UMUM,", "Ttd.", "ANDI BUDI HARJANTO"]
    chars = [c for i, t in enumerate(left) for c in _chars(t, 40, 100 + 12 * i)]
    chars += [c for i, t in enumerate(right) for c in _chars(t, 400, 100 + 12 * i)]
    blocks = blocks_of(chars)
    assert blocks == [[t for t in left if t], right]
    assert block_signatory(blocks) == Signatory("SEKRETARIS KOMISI PEMILIHAN UMUM", "ANDI BUDI HARJANTO")


def test_a_lone_certified_copy_signs_nothing() -> None:
    block = [
        "Salinan sesuai dengan aslinya",
        "SEKRETARIAT KOMISI PEMILIHAN UMUM",
        "Kepala Sub Bagian Hukum,",
        "MAM ZUBAIDI",
    ]
    assert block_signatory([block]) is None
