"""A decree whose signature block cannot be read (a stamp or signature pressed over it) still publishes its plan.

The date of enactment and the signatory are then null in decree.json with a note saying why,
report.html names them, and only the plan's own checks and the decree's nomor stop publication.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pipeline.config import ExtractSettings
from pipeline.decree import Decree
from pipeline.decree.model import REFUSED_NOTE, UNREAD_NOTE, without_refused
from pipeline.runner import extract
from pipeline.validate import validate_decree
from tests.fixtures.decree_bodies import decree_record, expected_decree
from tests.fixtures.layouts import REPLICA
from tests.fixtures.plans import load_decree_body, load_plan
from tests.fixtures.typeset import render_decree_pdf

FIXTURE = Path(__file__).parent / "fixtures" / "tegal_25_2021"


def _decree_pdf(out: Path) -> Path:
    """Write the replica decree with its date and signatory hidden, in the body and under the table."""
    body = load_decree_body(FIXTURE / "decree.yaml")
    unsigned = replace(body.lampiran.penandatangan, jabatan=(), ttd="", nama="")
    hidden = replace(
        body,
        penetapan=(body.penetapan[0],),
        penandatangan=replace(body.penandatangan, jabatan=(), ttd="", nama=""),
        lampiran=replace(body.lampiran, penandatangan=unsigned),
    )
    render_decree_pdf(load_plan(FIXTURE / "plan.csv"), hidden, REPLICA, out)
    return out


def test_the_date_and_signatory_checks_report_but_do_not_gate() -> None:
    decree = {**expected_decree(), "doc_id": "0" * 16, "tanggal": None, "penandatangan": None}
    report = validate_decree(decree)
    assert not report.success and not report.failures
    assert {line.split(":")[0] for line in report.advisory} == {"tanggal", "penandatangan_nama"}
    missing_nomor = validate_decree({**decree, "nomor": None})
    assert [line.split(":")[0] for line in missing_nomor.failures] == ["nomor"]


def test_a_decree_field_read_but_refused_by_a_check_that_does_not_gate_is_published_as_null() -> None:
    # A scanner's layer reads "Sek-Kot/III/2021" as "Sek-Kot!!lI/2021", cut at the "!".
    misread = "11/HK.03.2-Kpt/3376/Sek-Kot"
    decree = {**expected_decree(), "doc_id": "0" * 16, "mengubah_nomor": misread, "tanggal": "7 Oktober"}
    report = validate_decree(decree)
    assert not report.failures and report.refused == ("mengubah_nomor", "tanggal")
    record = decree_record(Decree("25/HK.03.2/3376/2021", "t", misread, "Tegal", "7 Oktober", None, (), (), ()))
    published = without_refused(record, report.refused)
    assert published.decree.mengubah_nomor is None and published.decree.tanggal is None
    assert published.notes == (
        REFUSED_NOTE.format(field="mengubah_nomor", value=misread),
        REFUSED_NOTE.format(field="tanggal", value="7 Oktober"),
    )
    assert (published.decree.nomor, published.decree.ditetapkan_di) == ("25/HK.03.2/3376/2021", "Tegal")
    assert without_refused(record, ()) == record
    # An instrument whose year is unread, or a Mengingat unread, is published as it is; a year misread gates.
    first = expected_decree()["mengingat"][0]
    assert not validate_decree({**decree, "mengingat": [{**first, "tahun": None}]}).failures
    unread = validate_decree({**decree, "mengingat": []})
    assert not unread.failures and any(line.startswith("table: ") for line in unread.advisory)
    assert validate_decree({**decree, "mengingat": [{**first, "tahun": 218}]}).failures


def test_a_plan_whose_signature_block_is_unreadable_is_published_with_null_fields_and_a_note(tmp_path: Path):
    pdf = _decree_pdf(tmp_path / "hidden.pdf")
    extraction = extract(pdf, tmp_path / "out", ExtractSettings(), tmp_path / "interim")
    folder = tmp_path / "out" / pdf.stem
    decree = json.loads((folder / "decree.json").read_text(encoding="utf-8"))
    assert decree["nomor"] == "25/HK.03.2/3376/2021" and len(extraction.plan) == 136
    assert decree["tanggal"] is None and decree["penandatangan"] is None
    assert [UNREAD_NOTE.format(field=f) for f in ("tanggal", "penandatangan")] == [
        n for n in decree["notes"] if "unreadable" in n
    ]
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Tidak terbaca" in report and "tanggal penetapan, penandatangan" in report
    # A born-digital PDF has no OCR: no confidence and no review list.
    assert extraction.plan["ocr_confidence"].isna().all()
    assert "Perlu diperiksa" not in report
