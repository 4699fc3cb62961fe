"""Page split: body and LAMPIRAN pages, found in one pass that parses each page once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pipeline.backends.base import PageCells
from pipeline.config import ExtractSettings
from pipeline.ingest import open_document, read_source
from pipeline.pages import split_pages
from pipeline.pdfopen import FastCharPage
from pipeline.runner import extract

ROOT = Path(__file__).resolve().parents[1]
REPLICA = ROOT / "raw" / "kpu-tegal-25-2021-replica.pdf"


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Count, by page number, how often a page's objects are parsed from here on."""
    parses: Counter[int] = Counter()
    parse = FastCharPage.parse_objects

    def counted(page: FastCharPage) -> dict[str, list[dict[str, Any]]]:
        parses[page.page_number] += 1
        return parse(page)

    monkeypatch.setattr(FastCharPage, "parse_objects", counted)
    return parses


def test_the_replica_splits_into_its_two_body_pages_and_nine_plan_pages(tmp_path: Path) -> None:
    document = open_document(read_source(REPLICA), tmp_path / "repaired.pdf")
    try:
        split, read = split_pages(document, _NumberReader())
    finally:
        document.close()
    assert split.body_pages == (1, 2)
    assert split.lampiran_pages == split.table_pages == tuple(range(3, 12))
    assert "KEPUTUSAN" in split.body_text.upper()
    assert {n: cells.width for n, cells in read.items()} == {n: n * 10.0 for n in range(3, 12)}


class _NumberReader:
    """A page reader that reads nothing but the page's number, as its width."""

    def read_page(self, page: Any, number: int) -> PageCells:
        return PageCells(number, number * 10.0, 0.0, ())


def test_an_extraction_parses_each_page_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    parses = _count_parses(monkeypatch)
    extraction = extract(REPLICA, tmp_path / "out", ExtractSettings(charts=False), tmp_path / "interim")
    assert extraction.valid and len(extraction.plan) == 136
    assert parses == Counter(dict.fromkeys(range(1, 12), 1))


def _ruled_page(canvas: Any, rules: int, text: str) -> None:
    """Draw a page of `text` over `rules` vertical rules of a table (no rules: text alone); end the page."""
    canvas.drawString(40, 560, text)
    for index in range(rules):
        canvas.line(40 + index * 10, 500, 40 + index * 10, 300)
    canvas.showPage()


def _split_of(path: Path, pages: list[tuple[int, str]], tmp_path: Path) -> Any:
    """Given a path and each page's (rules, text), write the PDF and return its page split."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(800, 600), invariant=1)
    for rules, text in pages:
        _ruled_page(canvas, rules, text)
    canvas.save()
    document = open_document(read_source(path), tmp_path / "repaired.pdf")
    try:
        return split_pages(document)[0]
    finally:
        document.close()


def test_a_page_of_the_last_few_rows_with_few_rules_is_a_table_page(tmp_path: Path) -> None:
    pages = [(0, "KEPUTUSAN SEKRETARIS"), (40, "LAMPIRAN"), (20, ""), (3, "SEKRETARIS")]
    split = _split_of(tmp_path / "few-rules.pdf", pages, tmp_path)
    assert (split.body_pages, split.lampiran_pages, split.table_pages) == ((1,), (2, 3, 4), (2, 3))


def test_a_body_page_with_few_rules_does_not_open_the_lampiran(tmp_path: Path) -> None:
    split = _split_of(tmp_path / "body-rules.pdf", [(20, "KEPUTUSAN SEKRETARIS"), (40, "LAMPIRAN")], tmp_path)
    assert (split.body_pages, split.table_pages) == ((1,), (2,))
