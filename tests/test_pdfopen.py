"""The fast char path makes exactly the page objects pdfplumber makes, on every fixture PDF."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfminer.pdftypes import PDFStream

from pipeline.furniture import without_furniture
from pipeline.pdfopen import FastCharPage, open_pdf
from tests.fixtures.corpus import CORPUS, FIXTURES, available, build_corpus
from tests.fixtures.scan import scan_pdf

CORPUS_PAGES = 4
REPLICA = Path(__file__).resolve().parents[1] / "raw" / "kpu-tegal-25-2021-replica.pdf"


Objects = dict[str, list[dict[str, object]]]


def _comparable(objects: Objects) -> Objects:
    """Given a page's objects, return them with each image stream (equal only to itself) as its id and attributes."""
    return {
        kind: [{k: (v.objid, v.attrs) if isinstance(v, PDFStream) else v for k, v in obj.items()} for obj in found]
        for kind, found in objects.items()
    }


def _objects_pairs(path: Path, limit: int | None = None) -> list[tuple[Objects, Objects]]:
    """Given a PDF, return each page's objects (the first `limit` pages') as pdfplumber and open_pdf make them."""
    fast = open_pdf(path)
    try:
        with pdfplumber.open(path) as plain:
            pages = list(zip(plain.pages, fast.pages, strict=True))[:limit]
            return [(_comparable(p.objects), _comparable(f.objects)) for p, f in pages]
    finally:
        fast.close()


def _corpus_pdfs() -> list[Path]:
    """Return the corpus PDFs this machine can build."""
    fixtures = [f for f in CORPUS if available(f)]
    return list(build_corpus(fixtures).values())


def test_open_pdf_pages_are_fast_char_pages() -> None:
    pdf = open_pdf(REPLICA)
    try:
        assert pdf.pages and all(isinstance(page, FastCharPage) for page in pdf.pages)
        assert [p.page_number for p in pdf.pages] == list(range(1, len(pdf.pages) + 1))
    finally:
        pdf.close()


@pytest.mark.parametrize("path", [REPLICA], ids=["replica"])
def test_objects_equal_pdfplumbers_on_the_replica(path: Path) -> None:
    pairs = _objects_pairs(path)
    assert sum(len(plain.get("char", [])) for plain, _ in pairs) > 10_000
    for number, (plain, fast) in enumerate(pairs, start=1):
        assert fast == plain, f"page {number}"


# Producers that clip nothing away: there every object is pdfplumber's. Word (LibreOffice), Calc and
# the browsers clip, and what their clips hide is left out on purpose (the last test).
UNCLIPPED_ENGINES = ("reportlab", "reportlab+rotate")


def test_objects_equal_pdfplumbers_on_every_corpus_layout() -> None:
    plain = [f.name for f in CORPUS if f.engine in UNCLIPPED_ENGINES and not f.layout.furniture]
    paths = [p for p in _corpus_pdfs() if p.stem in plain]
    assert len(paths) >= 5
    for path in paths:
        # The body page, the first LAMPIRAN pages and the next: every kind of object each layout draws.
        for number, (plain, fast) in enumerate(_objects_pairs(path, CORPUS_PAGES), start=1):
            assert fast.keys() == plain.keys(), f"{path.name} page {number}"
            assert fast == plain, f"{path.name} page {number}"


def test_chars_are_pdfplumbers_without_the_page_furniture() -> None:
    path = next(p for p in _corpus_pdfs() if FIXTURES[p.stem].layout.furniture)
    for number, (plain, fast) in enumerate(_objects_pairs(path, CORPUS_PAGES), start=1):
        assert len(fast["char"]) < len(plain["char"]), f"page {number}"
        assert fast["char"] == without_furniture(plain["char"]), f"page {number}"
        assert {k: v for k, v in fast.items() if k != "char"} == {k: v for k, v in plain.items() if k != "char"}


def test_objects_equal_pdfplumbers_when_the_mediabox_does_not_start_at_zero(tmp_path: Path) -> None:
    shifted = tmp_path / "shifted.pdf"
    with pikepdf.open(REPLICA) as pdf:
        for page in pdf.pages[:4]:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            page.mediabox = pikepdf.Array([x0 + 15, y0 + 25, x1 + 15, y1 + 25])
        pdf.save(shifted)
    fast = open_pdf(shifted)
    try:
        assert float(fast.pages[0].mediabox[0]) == 15.0
    finally:
        fast.close()
    pairs = _objects_pairs(shifted)
    assert pairs[0][1]["char"]
    for number, (plain, fast) in enumerate(pairs[:4], start=1):
        assert fast == plain, f"page {number}"


def test_objects_equal_pdfplumbers_on_a_scan(tmp_path: Path) -> None:
    two_pages = tmp_path / "two.pdf"
    with pikepdf.open(REPLICA) as pdf:
        del pdf.pages[2:]
        pdf.save(two_pages)
    pairs = _objects_pairs(scan_pdf(two_pages, tmp_path / "two-scan.pdf"))
    assert all(set(plain) == {"image"} for plain, _ in pairs)
    for number, (plain, fast) in enumerate(pairs, start=1):
        assert fast == plain, f"page {number}"


def test_glyphs_and_fills_a_clip_hides_are_not_read(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "clipped.pdf"
    c = Canvas(str(path), pagesize=(300, 200), invariant=1)
    c.saveState()
    clip = c.beginPath()
    clip.rect(20, 20, 100, 100)
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(30, 60, "Terlihat")
    c.drawString(30, 150, "Tersembunyi")
    c.rect(10, 10, 200, 200, stroke=0, fill=1)
    c.restoreState()
    c.showPage()
    c.save()
    pdf = open_pdf(path)
    try:
        page = pdf.pages[0]
        text = "".join(ch["text"] for ch in page.chars)
        fills = [(round(r["x0"]), round(r["x1"]), round(r["height"])) for r in page.rects if r["fill"]]
    finally:
        pdf.close()
    assert text == "Terlihat"
    assert fills == [(20, 120, 100)]


def test_a_glyph_the_clip_cuts_through_its_middle_is_read_only_if_most_of_it_shows(tmp_path: Path) -> None:
    # Calc prints the last line of a merged cell a page break cut again at the next page's top,
    # clipped to the cell: only the bottom of those glyphs shows above the row's own text.
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "half.pdf"
    c = Canvas(str(path), pagesize=(300, 200), invariant=1)
    c.setFont("Helvetica", 10)
    c.saveState()
    clip = c.beginPath()
    clip.rect(20, 20, 200, 100)  # top edge at y = 120
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(30, 117.3, "Integritas")  # its centre lies just above the clip's top
    c.drawString(30, 100, "Tampak")
    c.restoreState()
    c.showPage()
    c.save()
    pdf = open_pdf(path)
    try:
        text = "".join(ch["text"] for ch in pdf.pages[0].chars)
    finally:
        pdf.close()
    assert text == "Tampak"


def test_a_closed_page_keeps_nothing_per_object_and_reads_again_when_asked() -> None:
    pdf = open_pdf(REPLICA)
    try:
        page = pdf.pages[2]
        order = dict(page.paint_order)
        assert len(order) > 100
        page.close()
        # Every page is closed once read: what it kept per glyph would add up over a long decree.
        held = {k: len(v) for k, v in vars(page).items() if isinstance(v, (set, dict, list)) and len(v) >= 100}
        assert held == {}
        assert sorted(page.paint_order.values()) == sorted(order.values())
    finally:
        pdf.close()
