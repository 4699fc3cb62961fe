"""Tests of the diff for people (pipeline.diff.view): one view model, rendered as diff.md and diff.html."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from pipeline.diff import DiffView, diff_plans, diff_view, html_of, markdown_of, month_strip, render_diff_markdown
from pipeline.diff.view import Part
from tests.fixtures.diff_plans import EXPECTED

# --- month strips and markdown --------------------------------------------------------------


def test_month_strip() -> None:
    assert month_strip([1, 2]) == "■■□□□□□□□□□□"
    assert month_strip([]) == "□□□□□□□□□□□□"
    assert month_strip([12, 6]) == "□□□□□■□□□□□■"


def test_markdown_shows_every_change(old_plan: pd.DataFrame, new_plan: pd.DataFrame, known_diff: pd.DataFrame) -> None:
    md = render_diff_markdown(known_diff, old_plan, new_plan, old_label="11/2021", new_label="25/2021")
    assert md.splitlines()[2] == "3 ditambah, 2 dihapus, 8 diubah"
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. Penguatan Kelembagaan",
        "## 2. Penguatan Sistem Manajemen SDM ASN",
        "## 3. Manajemen Perubahan",
    ]
    for heading in (
        "### ditambah: baris 3",
        "### dihapus: baris 7",
        "### diubah: baris 3 → 5",
        "### diubah: baris 16 → 17",
        "### ditambah: baris 14",
        "### dihapus: baris 17",
    ):
        assert heading in md
    assert md.count("### ") == len(EXPECTED)
    assert "| ket | — | Berita acara uji kompetensi |" in md
    assert "| kegiatan | ~~2~~ Penyesuaian ~~STOK~~ | **3** Penyesuaian **SOTK** |" in md
    assert "Rekap pelanggaran **disiplin pegawai**" in md
    assert "| bulan | □□■□□□□□□□□□ | □□□■■□□□□□□□ |" in md
    assert "Pengukuran periode Sasaran kinerja Individu" in md
    assert "| | 11/2021 | 25/2021 |" in md


def test_markdown_of_no_changes(old_plan: pd.DataFrame) -> None:
    diff = diff_plans(old_plan, old_plan)
    md = render_diff_markdown(diff, old_plan, old_plan, old_label="a", new_label="a")
    assert "tidak ada perubahan" in md
    assert "##" not in md


# --- one view model, two renderings ----------------------------------------------------------

LABELS = {"old_label": "11/2021", "new_label": "25/2021"}
_MD_COLUMN = re.compile(r"(?<!\\)\|")
_MD_MARK = re.compile(r"(?<!\\)(?:~~|\*\*)")
_MD_MARKED = re.compile(r"(?<!\\)(?:~~|\*\*)(.+?)(?<!\\)(?:~~|\*\*)")

# What a rendering shows: area headings, then per change its heading and per field
# (field, old text, new text, old marked runs, new marked runs).
Cell = tuple[str, tuple[str, ...]]
Shown = tuple[list[str], list[tuple[str, list[tuple[str, Cell, Cell]]]]]


def _md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _md_cell(cell: str) -> Cell:
    """Given a diff.md table cell, return its text and its ~~struck~~ / **bold** runs."""
    marked = tuple(_md_unescape(run) for run in _MD_MARKED.findall(cell))
    return _md_unescape(_MD_MARK.sub("", cell)), marked


def shown_in_markdown(md: str) -> Shown:
    areas: list[str] = []
    changes: list[tuple[str, list[tuple[str, Cell, Cell]]]] = []
    for line in md.splitlines():
        if line.startswith("## "):
            areas.append(_md_unescape(line[3:]))
        elif line.startswith("### "):
            changes.append((line[4:], []))
        elif line.startswith("| ") and not line.startswith("| |"):
            _, field, old, new, _ = _MD_COLUMN.split(line)
            changes[-1][1].append((field.strip(), _md_cell(old.strip()), _md_cell(new.strip())))
    return areas, changes


class _HtmlShown(HTMLParser):
    """Collects diff.html's area and change headings and the cells of every change."""

    def __init__(self) -> None:
        super().__init__()
        self.areas: list[str] = []
        self.changes: list[tuple[str, list[tuple[str, Cell, Cell]]]] = []
        self.cells: list[tuple[str, list[str]]] = []
        self.tags: list[str] = []
        self.heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("h2", "h3"):
            self.heading = ""
        elif tag in ("th", "td") and "tbody" in self.tags:
            self.cells.append(("", []))
        elif tag in ("del", "ins"):
            self.cells[-1][1].append("")

    def handle_endtag(self, tag: str) -> None:
        self.tags.pop()
        if tag == "h2":
            self.areas.append(self.heading)
        elif tag == "h3":
            self.changes.append((self.heading, []))
        elif tag == "tr" and self.cells:
            (field, _), old, new = self.cells
            self.changes[-1][1].append((field, (old[0], tuple(old[1])), (new[0], tuple(new[1]))))
            self.cells = []

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] in ("h2", "h3"):
            self.heading += data
        elif self.cells:
            text, marked = self.cells[-1]
            self.cells[-1] = (text + data, marked)
            if self.tags[-1] in ("del", "ins"):
                marked[-1] += data


def shown_in_html(page: str) -> Shown:
    parser = _HtmlShown()
    parser.feed(page)
    return parser.areas, parser.changes


@pytest.fixture(scope="module")
def known_view(old_plan: pd.DataFrame, new_plan: pd.DataFrame, known_diff: pd.DataFrame) -> DiffView:
    return diff_view(known_diff, old_plan, new_plan, **LABELS)


def test_the_view_groups_the_changes_by_area(known_view: DiffView) -> None:
    assert [(area.area_no, area.area, len(area.changes)) for area in known_view.areas] == [
        (1, "Penguatan Kelembagaan", 4),
        (2, "Penguatan Sistem Manajemen SDM ASN", 6),
        (3, "Manajemen Perubahan", 3),
    ]
    changes = [change for area in known_view.areas for change in area.changes]
    assert [change.kind for change in changes] == [kind for kind, *_ in EXPECTED]
    assert changes[0].heading == "ditambah: baris 3"
    assert changes[2].heading == "diubah: baris 3 → 5 (kegiatan_no, kegiatan; kemiripan 0,98)"
    assert [line.field for line in changes[0].lines] == ["kegiatan", "sub kegiatan", "indikator", "ket", "bulan"]
    assert known_view.counts == {"added": 3, "removed": 2, "modified": 8}


def test_the_view_marks_the_words_and_months_that_changed(known_view: DiffView) -> None:
    changes = {change.heading.split(" (")[0]: change for area in known_view.areas for change in area.changes}
    kegiatan = changes["diubah: baris 3 → 5"].lines[0]
    assert kegiatan.old == (Part("2", True), Part("Penyesuaian"), Part("STOK", True))
    assert kegiatan.new == (Part("3", True), Part("Penyesuaian"), Part("SOTK", True))
    # Row 10 moved from March to April and May: those three months are marked on both sides.
    bulan = changes["diubah: baris 10 → 11"].lines[-1]
    assert bulan.strip
    assert [(month, part.text) for month, part in enumerate(bulan.old, start=1) if part.changed] == [
        (3, "■"), (4, "□"), (5, "□"),
    ]  # fmt: skip
    assert [(month, part.text) for month, part in enumerate(bulan.new, start=1) if part.changed] == [
        (3, "□"), (4, "■"), (5, "■"),
    ]  # fmt: skip
    added = changes["ditambah: baris 3"]
    assert all(line.old == (Part("—"),) for line in added.lines)


@pytest.mark.parametrize("reverse", [False, True])
def test_markdown_and_html_show_the_same_changes(old_plan: pd.DataFrame, new_plan: pd.DataFrame, reverse: bool) -> None:
    old, new = (new_plan, old_plan) if reverse else (old_plan, new_plan)
    view = diff_view(diff_plans(old, new), old, new, old_label="11/2021 <lama>", new_label="25_2021 *baru*")
    areas, changes = shown_in_markdown(markdown_of(view))
    assert (areas, changes) == shown_in_html(html_of(view))
    assert areas == [f"{area.area_no}. {area.area}" for area in view.areas]
    assert [heading for heading, _ in changes] == [c.heading for area in view.areas for c in area.changes]
    assert len(changes) == len(EXPECTED)
    assert all(len(lines) >= 5 for _, lines in changes)


def test_a_text_respaced_only_is_marked_in_html_but_not_in_markdown(old_plan: pd.DataFrame) -> None:
    new = old_plan.copy()
    new.loc[0, "indikator"] = "Dokumentasi hasil FGD Evaluasi Organisasi"
    new.loc[0, "sub_kegiatan"] = "FGD Evaluasi Organisasi di lingkungan unit/ satuan kerja"
    view = diff_view(diff_plans(old_plan, new), old_plan, new, **LABELS)
    sub_kegiatan = view.areas[0].changes[0].lines[1]
    assert sub_kegiatan.respaced
    assert "| sub kegiatan | 1 FGD Evaluasi Organisasi di lingkungan unit/satuan kerja |" in markdown_of(view)
    assert "<ins>unit/ satuan</ins>" in html_of(view)
