"""Sanity tests of the decree typesetter: page shapes, header repetition, marks, row splitting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from tests.fixtures.layouts import LAYOUTS, LETTER_NUMBER_CELLS, REPLICA
from tests.fixtures.plans import PlanRow, load_decree_body, load_plan
from tests.fixtures.typeset import (
    ExtraColumn,
    Headings,
    Layout,
    MonthMark,
    plan_column,
    render_decree_pdf,
    render_plan_pdf,
    wrap_text,
)

FIXTURE = Path(__file__).parent / "fixtures" / "tegal_25_2021"
GREY = (0.749, 0.749, 0.749)  # #BFBFBF
LOREM = (
    "Tersedianya dokumen monitoring dan evaluasi Rencana Aksi Reformasi Birokrasi serta "
    "laporan tindak lanjut atas hasil evaluasi di lingkungan unit kerja dan satuan kerja"
)


def _row(
    indikator: str,
    bulan: tuple[int, ...] = (),
    *,
    area: tuple[str, str] = ("1", "Penguatan Kelembagaan"),
    kegiatan: tuple[str, str] = ("1", "Evaluasi Organisasi"),
    sub: tuple[str, str] = ("1", "FGD Evaluasi Organisasi"),
    no: str = "1",
    ket: str = "",
    extra: tuple[tuple[str, str], ...] = (),
) -> PlanRow:
    return PlanRow(*area, *kegiatan, *sub, no, indikator, ket, bulan, extra)


def _render(tmp_path: Path, rows: Sequence[PlanRow], layout: Layout = REPLICA) -> Path:
    out = tmp_path / "plan.pdf"
    render_plan_pdf(rows, layout, out)
    return out


def _fill_rects(page: pdfplumber.page.Page, colour: tuple[float, ...]) -> list[dict]:
    return [r for r in page.rects if r.get("fill") and tuple(round(c, 3) for c in r["non_stroking_color"]) == colour]


def _flat(text: str | None) -> str:
    """Return a cell's text with its wrapped lines joined."""
    return " ".join((text or "").split())


def _column_texts(pdf: pdfplumber.PDF, col: int, header_rows: int = 3) -> list[str]:
    """Return the texts of one table column, data rows only, across all pages in order."""
    texts = []
    for page in pdf.pages:
        table = page.find_tables()[0].extract()
        texts += [cell or "" for cell in (row[col] for row in table[header_rows:])]
    return texts


def test_wrap_text_keeps_every_word_and_fits_the_width() -> None:
    from reportlab.pdfbase import pdfmetrics

    from tests.fixtures.typeset import register_fonts

    font = register_fonts("liberation-sans").regular
    lines = wrap_text(LOREM + " Supercalifragilisticexpialidocious", font, 8, 60)
    assert " ".join(lines).replace("Supercal", "").split()[:5] == LOREM.split()[:5]
    assert all(pdfmetrics.stringWidth(line.rstrip(), font, 8) <= 60 for line in lines)
    assert "".join(" ".join(lines).split()) == "".join((LOREM + " Supercalifragilisticexpialidocious").split())
    assert wrap_text("   ", font, 8, 60) == ()


def test_replica_has_portrait_body_then_landscape_lampiran(tmp_path: Path) -> None:
    rows = [_row("Dokumentasi laporan FGD Evaluasi Organisasi;", (3, 4))]
    out = tmp_path / "decree.pdf"
    render_decree_pdf(rows, load_decree_body(FIXTURE / "decree.yaml"), REPLICA, out)
    with pdfplumber.open(out) as pdf:
        shapes = ["landscape" if p.width > p.height else "portrait" for p in pdf.pages]
        assert len(pdf.pages) > 1
        assert shapes[0] == "portrait" and shapes[-1] == "landscape"
        assert shapes == sorted(shapes, key=("portrait", "landscape").index)
        assert round(pdf.pages[0].width / 72 * 25.4) == 215  # F4
        assert round(pdf.pages[0].height / 72 * 25.4) == 330
        body = " ".join(p.extract_text() for p in pdf.pages if p.width < p.height)
        lampiran = pdf.pages[shapes.index("landscape")].extract_text()
        subject = pdf.metadata["Subject"]
    assert "NOMOR: 25/HK.03.2/3376/2021" in body
    assert "Menimbang" in body and "MEMUTUSKAN:" in body and "ANDI BUDI HARJANTO" in body
    assert "Salinan sesuai dengan aslinya" in body
    assert lampiran.startswith("LAMPIRAN")
    assert "RENCANA AKSI REFORMASI BIROKRASI" in lampiran and "MAM ZUBAIDI" in lampiran
    assert "Replica" in subject and "illustrative" in subject


def test_table_grid_headers_and_shading(tmp_path: Path) -> None:
    rows = [
        _row("Dokumentasi laporan FGD Evaluasi Organisasi;", (3, 4), ket="Laporan FGD"),
        _row("Pelaporan Kuesioner Evaluasi Organisasi", (), no="2"),
        _row("SOTK unit/Satuan Kerja sesuai mandat.", (1, 12), sub=("2", "Penyesuaian SOTK")),
    ]
    with pdfplumber.open(_render(tmp_path, rows)) as pdf:
        page = pdf.pages[0]
        table = page.find_tables()[0].extract()
        shaded = _fill_rects(page, GREY)
    assert len(table) == 3 + 3 and all(len(r) == 18 for r in table)
    assert [_flat(c) for c in table[0][:5]] == [
        "NO.",
        "AREA PERUBAHAN",
        "KEGIATAN",
        "SUB KEGIATAN",
        "INDIKATOR KEBERHASILAN",
    ]
    assert table[0][5] == "PELAKSANAAN (BULAN)" and table[0][17] == "KET"
    assert table[1][5:17] == [str(m) for m in range(1, 13)]
    assert table[2] == [str(n) for n in range(1, 19)]
    assert [_flat(c) for c in table[3][:5]] == [
        "1",
        "Penguatan Kelembagaan",
        "1. Evaluasi Organisasi",
        "1 FGD Evaluasi Organisasi",
        "1 Dokumentasi laporan FGD Evaluasi Organisasi;",
    ]
    assert table[4][:3] == [None, None, None]  # merged area and kegiatan cells
    assert table[5][3] == "2 Penyesuaian SOTK"
    assert len(shaded) == 4


def test_header_repeats_on_every_page_only_when_asked(tmp_path: Path) -> None:
    rows = [_row(f"{LOREM} {n}", (n % 12 + 1,), no=str(n)) for n in range(1, 41)]
    for repeat in (True, False):
        out = _render(tmp_path, rows, replace(REPLICA, repeat_header=repeat))
        with pdfplumber.open(out) as pdf:
            assert len(pdf.pages) >= 3
            found = ["INDIKATOR KEBERHASILAN" in p.extract_text() for p in pdf.pages]
        assert found == [True] + [repeat] * (len(found) - 1)


def test_long_row_breaks_across_pages_without_losing_words(tmp_path: Path) -> None:
    long_text = " ".join(f"{LOREM} bagian {n}." for n in range(1, 16))
    rows = [_row(f"{LOREM} {n}", (), no=str(n)) for n in range(1, 6)]
    rows.append(_row(long_text, (2, 7), no="6"))
    with pdfplumber.open(_render(tmp_path, rows)) as pdf:
        assert len(pdf.pages) == 2
        texts = _column_texts(pdf, 4)
        shaded_per_page = [len(_fill_rects(p, GREY)) for p in pdf.pages]
    pieces = [t for t in texts if "bagian" in t]
    assert len(pieces) == 2  # one part per page
    assert " ".join(" ".join(pieces).split()) == f"6 {long_text}"
    assert shaded_per_page == [2, 2]


def test_merged_cell_text_flows_on_over_a_page_break(tmp_path: Path) -> None:
    sub_text = " ".join(f"Langkah {n} penyusunan dokumen rencana aksi." for n in range(1, 41))
    rows = [_row(f"{LOREM} {n}", (), no=str(n)) for n in range(1, 9)]
    rows += [_row(f"Indikator {n}", (), sub=("2", sub_text), no=str(n)) for n in range(1, 4)]
    with pdfplumber.open(_render(tmp_path, rows)) as pdf:
        assert len(pdf.pages) == 2
        subs = [t for t in _column_texts(pdf, 3) if "Langkah" in t]
        areas = [t for t in _column_texts(pdf, 1) if t]
    assert len(subs) == 2
    assert " ".join(" ".join(subs).split()) == f"2 {sub_text}"
    assert areas == ["Penguatan\nKelembagaan"]  # continues empty on page 2


@pytest.mark.parametrize("mark", ["√", "✓", "v", "V", "x", "•"])
def test_month_marks_as_characters(tmp_path: Path, mark: str) -> None:
    layout = replace(REPLICA, month_mark=MonthMark(fill=None, char=mark))
    rows = [_row("Laporan Monev", (1, 6, 12))]
    with pdfplumber.open(_render(tmp_path, rows, layout)) as pdf:
        table = pdf.pages[0].find_tables()[0].extract()
        assert not [r for r in pdf.pages[0].rects if r.get("fill")]
    assert [table[3][4 + m] for m in (1, 2, 6, 12)] == [mark, "", mark, mark]


def test_shading_colour_is_configurable(tmp_path: Path) -> None:
    layout = replace(REPLICA, month_mark=MonthMark(fill="#BDD7EE"))
    with pdfplumber.open(_render(tmp_path, [_row("Laporan", (5, 6))], layout)) as pdf:
        blue = _fill_rects(pdf.pages[0], (round(0xBD / 255, 3), round(0xD7 / 255, 3), round(0xEE / 255, 3)))
        grey = _fill_rects(pdf.pages[0], GREY)
    assert (len(blue), len(grey)) == (2, 0)


def test_number_cells_headings_and_ket_merge(tmp_path: Path) -> None:
    rows = [
        _row("Dokumen Renstra", (1,), ket="Dokumen Renstra KPU"),
        _row("Renstra hasil reviu", (2,), no="2", ket="Dokumen Renstra KPU"),
        _row("Capaian kinerja", (3,), no="3", ket="e-Monev Bappenas"),
    ]
    with pdfplumber.open(_render(tmp_path, rows, LETTER_NUMBER_CELLS)) as pdf:
        page = pdf.pages[0]
        table = page.find_tables()[0].extract()
        text = page.extract_text()
    assert len(table[0]) == 21  # three numbers in cells of their own
    assert table[0][2] == "KEGIATAN" and table[0][3] is None
    assert table[0][20] == "KETERANGAN" and "Indikator Keberhasilan / Output" in text
    assert table[2][2:8] == ["1.", "Evaluasi Organisasi", "1.", "FGD Evaluasi Organisasi", "1.", "Dokumen Renstra"]
    assert len(table) == 2 + 3  # no column-number row
    assert [r[20] for r in table[2:]] == ["Dokumen Renstra KPU", None, "e-Monev Bappenas"]
    assert round(page.width / 72, 1) == 11.0  # Letter landscape


def test_extra_column_from_plan_and_from_function(tmp_path: Path) -> None:
    layout = replace(
        REPLICA,
        headings=Headings(ket="KETERANGAN"),
        number_style="{n})",
        kegiatan_number_style=None,
        extra_columns=(
            ExtraColumn("PENANGGUNG JAWAB", 9, plan_column("penanggung_jawab")),
            ExtraColumn("TARGET", 5.5, lambda row: f"{len(row.bulan)} kali"),
        ),
    )
    rows = [_row("Laporan Monev", (3, 9), extra=(("penanggung_jawab", "Subbag Hukum"),))]
    with pdfplumber.open(_render(tmp_path, rows, layout)) as pdf:
        table = pdf.pages[0].find_tables()[0].extract()
    assert [_flat(c) for c in table[0][17:]] == ["PENANGGUNG JAWAB", "TARGET", "KETERANGAN"]
    assert table[3][2:5] == ["1) Evaluasi Organisasi", "1) FGD Evaluasi Organisasi", "1) Laporan Monev"]
    assert table[3][17:19] == ["Subbag Hukum", "2 kali"]


def test_portrait_lampiran_and_page_sizes(tmp_path: Path) -> None:
    rows = [_row("Laporan", (1,))]
    sizes = {"A4": (297, 210), "Legal": (356, 216), "F4": (330, 215)}
    for name, (long_mm, short_mm) in sizes.items():
        for landscape in (True, False):
            layout = replace(REPLICA, page_size=name, lampiran_landscape=landscape)
            with pdfplumber.open(_render(tmp_path, rows, layout)) as pdf:
                w, h = (round(v / 72 * 25.4) for v in (pdf.pages[0].width, pdf.pages[0].height))
            assert (w, h) == ((long_mm, short_mm) if landscape else (short_mm, long_mm))


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    rows = [_row("Laporan Monev", (3, 9))]
    body = load_decree_body(FIXTURE / "decree.yaml")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_decree_pdf(rows, body, REPLICA, first)
    render_decree_pdf(rows, body, REPLICA, second)
    assert first.read_bytes() == second.read_bytes()


def test_every_preset_renders_the_fixture_plan(tmp_path: Path) -> None:
    rows = load_plan(FIXTURE / "plan.csv")[:8]
    for name, layout in LAYOUTS.items():
        out = tmp_path / f"{name}.pdf"
        render_plan_pdf(rows, layout, out)
        with pdfplumber.open(out) as pdf:
            assert pdf.pages[0].find_tables(), name
            cells = {_flat(c) for row in pdf.pages[0].find_tables()[0].extract() for c in row}
            assert rows[0].area in cells, name
