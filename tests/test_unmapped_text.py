"""An unusable text layer: read from the page images by OCR, or refused saying so.

Such a PDF shows its text on screen, but every glyph extracts as "(cid:NN)" (its fonts carry no
ToUnicode map and no encoding that names characters), or there are no glyphs at all: the text was
drawn as filled shapes. Both PDFs are built here, in code.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from pipeline import ocr
from pipeline.backends import SCAN_BACKEND
from pipeline.ingest import open_document, read_source
from pipeline.pages import split_pages
from tests.fixtures.cli_runs import child_env, error_lines_by_path, run_cli

PAGES, LINES, GLYPHS_PER_LINE = 2, 20, 30


def _cid_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """Given a PDF, return a Type0 font of Identity-H codes with no ToUnicode map and no font file."""
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/Garbled"), Flags=4, FontBBox=[0, 0, 1000, 1000],
        ItalicAngle=0, Ascent=800, Descent=-200, CapHeight=700, StemV=80,
    )  # fmt: skip
    system = pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0)
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/Garbled"),
        CIDSystemInfo=system, FontDescriptor=pdf.make_indirect(descriptor), DW=500,
    )  # fmt: skip
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/Garbled"),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid)],
    )  # fmt: skip
    return pdf.make_indirect(font)


def _unmapped_pdf(path: Path) -> Path:
    """Given a path, write a PDF of text lines in a font that maps its glyphs to no characters."""
    pdf = pikepdf.new()
    font = _cid_font(pdf)
    for _ in range(PAGES):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        lines = [
            b"BT /F1 10 Tf 72 %d Td <%s> Tj ET" % (800 - 14 * n, b"%04x" % (36 + n) * GLYPHS_PER_LINE)
            for n in range(LINES)
        ]
        page.obj.Contents = pdf.make_indirect(pikepdf.Stream(pdf, b"\n".join(lines)))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return path


def _outlined_pdf(path: Path) -> Path:
    """Given a path, write a PDF whose lines of text are drawn as filled shapes, one small box per letter."""
    pdf = pikepdf.new()
    for _ in range(PAGES):
        pdf.add_blank_page(page_size=(595, 842))
        letters = [
            b"%d %d m %d %d l %d %d l h f"
            % (72 + 6 * k, 800 - 14 * n, 76 + 6 * k, 800 - 14 * n, 74 + 6 * k, 808 - 14 * n)
            for n in range(LINES)
            for k in range(GLYPHS_PER_LINE)
        ]
        pdf.pages[-1].obj.Contents = pdf.make_indirect(pikepdf.Stream(pdf, b"\n".join(letters)))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path)
    return path


@pytest.mark.parametrize("make", [_unmapped_pdf, _outlined_pdf], ids=["cid-glyphs", "outlines"])
def test_without_ocr_an_unusable_text_layer_is_refused_saying_so(tmp_path: Path, make) -> None:
    pdf = make(tmp_path / "in" / "sk.pdf")
    (tmp_path / "bin").mkdir()
    args = ["extract", pdf, "--out", tmp_path / "out", "--interim", tmp_path / "interim", "--jobs", "1"]
    run = run_cli(args, env=child_env(PATH=str(tmp_path / "bin")))
    assert run.status == 2, run.describe()
    assert len(run.stderr_lines) == 1, run.describe()
    assert error_lines_by_path(run)[str(pdf)] == (
        "the text layer is unusable: its fonts map the glyphs to no characters (text reads as (cid:NN)), "
        "or the text is drawn as shapes; OCR needs ocrmypdf and tesseract-ocr with tesseract-ocr-ind"
    )


@pytest.mark.parametrize("make", [_unmapped_pdf, _outlined_pdf], ids=["cid-glyphs", "outlines"])
def test_with_ocr_an_unusable_text_layer_is_read_from_the_page_images(tmp_path: Path, monkeypatch, make) -> None:
    asked: list[bool] = []

    def fake_ocr(document, out, timeout_s, force=False):
        asked.append(force)
        return document

    monkeypatch.setattr(ocr, "ocr_document", fake_ocr)
    document = open_document(read_source(make(tmp_path / "sk.pdf")), tmp_path / "repaired.pdf")
    try:
        split, _ = split_pages(document)
        assert split.unmapped_pages == (1, 2)
        ready, backend = ocr.prepare_scan(document, split, tmp_path / "ocr.pdf", 60.0, "pdfplumber")
    finally:
        document.close()
    assert asked == [True], "every page is OCR'd, its text layer replaced"
    assert ready is document and backend == SCAN_BACKEND


def test_the_forced_ocr_command_replaces_the_text_layer(tmp_path: Path) -> None:
    command = ocr._ocrmypdf_args(tmp_path / "in.pdf", tmp_path / "out.pdf", force=True)
    assert ocr.FORCE_OCR in command and ocr.SKIP_TEXT not in command
    assert ocr.SKIP_TEXT in ocr._ocrmypdf_args(tmp_path / "in.pdf", tmp_path / "out.pdf")
