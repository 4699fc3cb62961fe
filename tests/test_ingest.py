"""Ingest stage: what is and is not a readable PDF."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen import canvas

from pipeline.config import ExtractSettings
from pipeline.errors import UnreadableInput
from pipeline.ingest import open_document, read_source

SETTINGS = ExtractSettings()


def _pdf(path: Path, pages: int = 2) -> Path:
    c = canvas.Canvas(str(path), invariant=1)
    for n in range(pages):
        c.drawString(72, 720, f"Halaman {n + 1}")
        c.showPage()
    c.save()
    return path


def test_a_good_pdf_opens_with_its_identity(tmp_path):
    path = _pdf(tmp_path / "ok.pdf")
    source = read_source(path)
    assert len(source.sha256) == 64 and source.doc_id == source.sha256[:16]
    document = open_document(source, tmp_path / "work" / "repaired.pdf")
    assert document.pages == 2 and not document.repaired
    document.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.write_bytes(b""), p)[1], "empty file"),
        (lambda p: (p.write_bytes(b"PK\x03\x04 word document"), p)[1], "not a PDF"),
    ],
)
def test_files_that_are_not_pdfs_are_refused(tmp_path, make, reason):
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(UnreadableInput, match=reason):
        read_source(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = _pdf(tmp_path / "big.pdf")
    with pytest.raises(UnreadableInput, match="over the limit"):
        read_source(path, max_file_bytes=100)


def test_a_pdf_with_a_damaged_cross_reference_still_opens(tmp_path):
    path = _pdf(tmp_path / "xref.pdf")
    data = path.read_bytes()
    path.write_bytes(data.replace(b"startxref", b"startxrXX"))
    document = open_document(read_source(path), tmp_path / "work" / "repaired.pdf")
    assert document.pages == 2
    document.close()


def test_an_encrypted_pdf_is_named_as_such(tmp_path):
    plain = _pdf(tmp_path / "plain.pdf")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="rahasia", owner="rahasia"))
    with pytest.raises(UnreadableInput, match="encrypted"):
        open_document(read_source(locked), tmp_path / "work" / "repaired.pdf")


def test_a_pdf_open_to_everyone_but_encrypted_for_editing_opens(tmp_path):
    plain = _pdf(tmp_path / "plain.pdf")
    owner_only = tmp_path / "owner.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(owner_only, encryption=pikepdf.Encryption(user="", owner="rahasia"))
    document = open_document(read_source(owner_only), tmp_path / "work" / "repaired.pdf")
    assert document.pages == 2
    document.close()


def test_a_pdf_without_pages_is_refused(tmp_path):
    empty = tmp_path / "nopages.pdf"
    pikepdf.new().save(empty)
    with pytest.raises(UnreadableInput, match="no pages"):
        open_document(read_source(empty), tmp_path / "work" / "repaired.pdf")


def test_a_pdf_over_the_page_limit_is_refused(tmp_path):
    path = _pdf(tmp_path / "long.pdf", pages=3)
    settings = ExtractSettings(max_pages=2)
    with pytest.raises(UnreadableInput, match="3 pages, over the limit of 2"):
        open_document(read_source(path), tmp_path / "work" / "repaired.pdf", settings.max_pages)
