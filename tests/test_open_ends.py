"""Cells a page break leaves open get a floor each, at their own height; a longer cell stays whole."""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

import pipeline.backends.pdfplumber as pdfplumber_backend
from pipeline.backends.base import Cell
from pipeline.backends.open_ends import _open_ends, _sides, open_cell_floors
from pipeline.backends.pdfplumber import PdfplumberBackend
from pipeline.pdfopen import open_pdf

# Column edges in points: NO, AREA, KEGIATAN, SUB KEGIATAN, INDIKATOR, 12 months, KET.
EDGES = [40, 70, 170, 270, 370, 490, *(490 + 18 * m for m in range(1, 13)), 800]
HEADINGS = ["NO", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN"]
SUB_COLUMN = 3
# Separated borders: each cell draws its own box, this far from its neighbours, with sides this thick.
SPACING = 1.5
SIDE = 0.5
TOP = 80.0
HEADER = 30.0
ROW = 40.0
# The cut row: its short cells end open here, its long SUB KEGIATAN cell further down.
CUT_TOP = TOP + HEADER + ROW
SHORT_END = CUT_TOP + 20.0
LONG_END = CUT_TOP + 60.0
LONG_LINES = ["Pembangunan Jabatan", "Fungsional yang terkait", "dengan Akuntabilitas", "Kinerja a. JF Analis"]


def _box(c: Canvas, height: float, x0: float, top: float, x1: float, bottom: float, *, floor: bool) -> None:
    """Draw one cell's box as a browser does: each side a thin filled rectangle; no floor when cut."""
    y = height - bottom
    c.rect(x0, y, SIDE, bottom - top, stroke=0, fill=1)
    c.rect(x1 - SIDE, y, SIDE, bottom - top, stroke=0, fill=1)
    c.rect(x0, height - top - SIDE, x1 - x0, SIDE, stroke=0, fill=1)
    if floor:
        c.rect(x0, y, x1 - x0, SIDE, stroke=0, fill=1)


def _separated_pdf(path: Path) -> Path:
    """Write a one-page table with separated borders whose last row a page break cuts at two heights."""
    width, height = landscape(A4)
    c = Canvas(str(path), pagesize=(width, height), invariant=1)
    c.setFont("Helvetica", 7)
    for index, (left, right) in enumerate(pairwise(EDGES)):
        x0, x1 = left + SPACING / 2, right - SPACING / 2
        _box(c, height, x0, TOP, x1, TOP + HEADER - SPACING, floor=True)
        _box(c, height, x0, TOP + HEADER, x1, CUT_TOP - SPACING, floor=True)
        end = LONG_END if index == SUB_COLUMN else SHORT_END
        _box(c, height, x0, CUT_TOP, x1, end, floor=False)
    for x, text in zip(EDGES, HEADINGS, strict=False):
        c.drawString(x + 3, height - (TOP + 12), text)
    c.drawString(EDGES[5] + 3, height - (TOP + 12), "PELAKSANAAN")
    c.drawString(EDGES[-2] + 3, height - (TOP + 12), "KET")
    first_row = ["1", "Manajemen Perubahan", "Penyusunan Tim", "Pembentukan Tim", "SK Tim RB"]
    for x, text in zip(EDGES, first_row, strict=False):
        c.drawString(x + 3, height - (TOP + HEADER + 12), text)
    for number, line in enumerate(LONG_LINES):
        c.drawString(EDGES[SUB_COLUMN] + 3, height - (CUT_TOP + 10 + 12 * number), line)
    c.drawString(EDGES[SUB_COLUMN + 1] + 3, height - (CUT_TOP + 10), "1 Pengelola Keuangan")
    c.showPage()
    c.save()
    return path


def _read(path: Path) -> tuple[pdfplumber_backend.PageCells, list[dict[str, object]]]:
    """Given the one-page PDF, return its cells as the pdfplumber backend reads them, and its edges."""
    pdf = open_pdf(path)
    try:
        page = pdf.pages[0]
        return PdfplumberBackend().read_page(page, 1), list(page.edges)
    finally:
        pdf.close()


def _cell_with(cells: tuple[Cell, ...], text: str) -> Cell:
    """Given cells and a text, return the one cell that holds it."""
    (found,) = [cell for cell in cells if text in cell.text]
    return found


def test_each_open_cell_gets_a_floor_at_its_own_height(tmp_path: Path) -> None:
    _, edges = _read(_separated_pdf(tmp_path / "separated.pdf"))
    frame = (EDGES[0], TOP, EDGES[-1], LONG_END)
    heights = sorted({round(floor["top"]) for floor in open_cell_floors(edges, frame)})
    assert heights == [round(SHORT_END), round(LONG_END)]


def test_a_cut_cell_longer_than_its_row_stays_one_cell_and_reads_on(tmp_path: Path) -> None:
    page, _ = _read(_separated_pdf(tmp_path / "separated.pdf"))
    assert page.coverage is not None and page.coverage.complete
    assert page.coverage.strategy.startswith(pdfplumber_backend.FLOORED_CELLS)
    long_cell = _cell_with(page.cells, LONG_LINES[0])
    assert long_cell.text.split("\n") == LONG_LINES
    assert long_cell.open_bottom is True
    short_cell = _cell_with(page.cells, "1 Pengelola Keuangan")
    assert abs(short_cell.bottom - SHORT_END) < 2.0
    assert short_cell.open_bottom is None


def _brute_force_open_ends(edges: list[dict[str, float | str]]) -> list[tuple[float, float]]:
    """Given edges, return (x0, bottom) of each side rule longer than 6 pt that no floor and no other side meets.

    Written pair by pair, from the definitions: a floor meets a side when its height is within
    1.5 pt of the side's bottom and the side stands over it (3 pt slack); another side goes on when
    it stands within 1.5 pt of the same x and starts between 1.5 pt above and 3 pt below the bottom.
    """
    sides = [e for e in edges if e["orientation"] == "v" and float(e["bottom"]) - float(e["top"]) >= 6.0]
    floors = [e for e in edges if e["orientation"] == "h" and float(e["x1"]) - float(e["x0"]) >= 6.0]
    ends = []
    for s in sides:
        x, bottom = float(s["x0"]), float(s["bottom"])
        met = any(
            abs(float(h["top"]) - bottom) <= 1.5 and float(h["x0"]) - 3 <= x <= float(h["x1"]) + 3 for h in floors
        )
        goes_on = any(
            abs(float(e["x0"]) - x) <= 1.5 and bottom - 1.5 <= float(e["top"]) <= bottom + 3
            for e in sides
            if e is not s
        )
        if not met and not goes_on:
            ends.append((x, bottom))
    return sorted(ends)


def test_the_open_ends_found_by_height_index_are_those_found_pair_by_pair() -> None:
    rng = random.Random(25)
    frame = (0.0, 0.0, 900.0, 600.0)
    for _ in range(40):
        edges: list[dict[str, float | str]] = []
        for _ in range(rng.randint(5, 60)):
            x, top = rng.choice(EDGES[:8]) + rng.uniform(-2, 2), rng.uniform(80, 500)
            if rng.random() < 0.5:
                edges.append({"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": top + rng.uniform(2, 120)})
            else:
                top = rng.choice([e["bottom"] for e in edges if e["orientation"] == "v"] or [top]) + rng.uniform(-2, 2)
                edges.append({"orientation": "h", "x0": x, "x1": x + rng.uniform(2, 200), "top": top, "bottom": top})
        found = sorted((e["x0"], e["bottom"]) for e in _open_ends(edges, _sides(edges, frame)))
        assert found == _brute_force_open_ends(edges)
