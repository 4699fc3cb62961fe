"""The pipeline reads every born-digital layout of every producer back exactly, with both backends.

The corpus PDFs are typeset once per session into interim/corpus/ (cached by a hash of the
generators), each PDF is opened once and read by every backend, two PDFs at a time. The scan with
an OCR layer is measured by `make eval` and tests/test_scan.py; tests/test_corpus_producers.py
checks that each PDF is what it claims to be.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.fixtures.corpus import (
    CORPUS,
    ENGINES,
    FIXTURES,
    MISSING_TOOL,
    ROTATE,
    SCANNED_STEPS,
    STEPS,
    WORD,
    available,
    build_corpus,
    expected_records,
    missing_tool,
    word_engine_available,
)
from tests.fixtures.evaluate import Result, evaluate, score
from tests.fixtures.plans import PlanRow
from tests.fixtures.typeset import Layout, MonthMark
from tests.fixtures.typeset_docx import build_document

BACKENDS = ("pdfplumber", "camelot")
# Born-digital layouts not yet read exactly, with the backend: each of them is refused instead
# (test_a_layout_not_read_exactly_is_refused), never published.
CASES = [(f.name, b) for f in CORPUS if not f.scanned for b in BACKENDS]
NO_WORD_ENGINE = MISSING_TOOL[WORD][1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM_PER_POINT = 25.4 / 72


def _selected(session: pytest.Session) -> list[tuple[str, str]]:
    """Given the test session, return the corpus cases it is going to run."""
    cases = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "originalname", "") == "test_fixture_reads_back_exactly" and callspec is not None:
            cases.append(callspec.params["case"])
    return cases or CASES


@pytest.fixture(scope="session")
def corpus_results(request: pytest.FixtureRequest) -> dict[tuple[str, str], Result]:
    """Read the selected corpus fixtures with their backends, each PDF opened once."""
    cases = _selected(request.session)
    names = dict.fromkeys(name for name, _ in cases)
    fixtures = [FIXTURES[n] for n in names if available(FIXTURES[n])]
    backends = list(dict.fromkeys(backend for _, backend in cases))
    return {(r.fixture, r.backend): r for r in evaluate(fixtures, backends, scans=False)}


@pytest.mark.parametrize("case", CASES, ids=[f"{name}-{backend}" for name, backend in CASES])
def test_fixture_reads_back_exactly(case: tuple[str, str], corpus_results: dict[tuple[str, str], Result]) -> None:
    name, backend = case
    if not available(FIXTURES[name]):
        pytest.skip(missing_tool(FIXTURES[name]) or "")
    result = corpus_results[case]
    figures = result.score
    assert figures.perfect, (
        f"{name} ({result.engine}, {backend}): rows {figures.found}/{figures.expected}, text {figures.text:.1%}, "
        f"hierarchy {figures.hierarchy:.1%}, ket {figures.ket:.1%}, months {figures.months:.1%}\n"
        + "\n".join(result.mismatches())
    )


# ---------------------------------------------------------------- the corpus itself


def test_corpus_varies_what_real_decrees_vary() -> None:
    layouts = [f.layout for f in CORPUS]
    marks = {x.month_mark.char for x in layouts if x.month_mark.char}
    fills = {x.month_mark.fill for x in layouts if x.month_mark.fill}
    styles = {x.number_style for x in layouts} | {x.kegiatan_number_style for x in layouts}
    headings = {h for x in layouts for h in (x.headings.ket, x.headings.indikator, x.headings.pelaksanaan)}
    assert {f.engine for f in CORPUS if f.derivation is None} == set(ENGINES) and len(CORPUS) >= 8
    assert {f.derivation.step for f in CORPUS if f.derivation is not None} == set(STEPS)
    assert {f.derivation.angle for f in CORPUS if f.derivation is not None and f.derivation.step == ROTATE} == {90, 270}
    scanned_engines = tuple(f"+{step}" for step in SCANNED_STEPS)
    assert any(f.scanned for f in CORPUS) and all(f.scanned == f.engine.endswith(scanned_engines) for f in CORPUS)
    scan_styles = {f.derivation.scan_style for f in CORPUS if f.scanned and f.derivation is not None}
    assert scan_styles >= {"colour300_stamped", "grey150", "skew2", "photocopy"}
    assert marks >= {"√", "✓", "v", "V", "x", "•"} and len(fills) >= 4
    assert {x.page_size for x in layouts} >= {"F4", "A4", "Letter", "Legal"}
    assert {x.lampiran_landscape for x in layouts} == {True, False}
    assert {x.repeat_header for x in layouts} == {x.column_number_row for x in layouts} == {True, False}
    assert {x.number_cells for x in layouts} == {x.ket_merge for x in layouts} == {True, False}
    assert styles >= {"{n}", "{n}.", "{n})"}
    assert {"KETERANGAN", "Indikator Keberhasilan / Output"} <= headings
    assert any(h.lower() == "jadwal pelaksanaan (bulan ke-)" for h in headings)
    assert {x.extra_columns[0].heading for x in layouts if x.extra_columns} >= {"PENANGGUNG JAWAB", "TARGET"}
    assert len({x.font for x in layouts}) >= 4 and len({x.table_font_size for x in layouts}) >= 4


def test_truth_is_the_plan_with_the_extra_columns_values() -> None:
    truth = expected_records(FIXTURES["word_legal_green_ket_merge"])
    assert len(truth) == 136
    assert truth[0]["area"] == "Penguatan Kelembagaan" and truth[0]["bulan"] == (3, 4)
    assert truth[0]["penanggung_jawab"] == "Subbag Umum, Keuangan dan Logistik"  # area 1
    assert {r["target"] for r in expected_records(FIXTURES["f4_portrait_target"])} == {"1 Dokumen", "-"}
    assert "penanggung_jawab" not in expected_records(FIXTURES["replica_decree"])[0]


def test_score_aligns_rows_by_order_and_counts_missing_rows_as_wrong() -> None:
    def record(indikator: str, ket: str, bulan: tuple[int, ...]) -> dict[str, object]:
        names = ("area_no", "area", "kegiatan_no", "kegiatan", "sub_kegiatan_no", "sub_kegiatan", "indikator_no")
        return {**dict.fromkeys(names, "1"), "indikator": indikator, "ket": ket, "bulan": bulan}

    expected = [record("A", "K", (1, 2)), record("B", "", ()), record("C", "L", (12,))]
    found = [record("A", "K", (1, 2)), record("B x", "", (3,))]
    figures = score(found, expected)
    assert (figures.found, figures.expected) == (2, 3)
    assert figures.hierarchy == pytest.approx(1 / 3)  # row 2 indikator differs, row 3 missing
    assert figures.ket == pytest.approx(2 / 3)
    assert figures.text == pytest.approx(9 / 15)  # 5 text fields x 3 rows; row 2 indikator and row 3 wrong
    assert figures.months == pytest.approx((12 + 11 + 0) / 36)
    assert not figures.perfect and score(expected, expected).perfect


# ---------------------------------------------------------------- the Word engine


def _row(no: str, sub: str, indikator: str, ket: str, bulan: tuple[int, ...]) -> PlanRow:
    return PlanRow("1", "Penguatan Kelembagaan", "1", "Evaluasi Organisasi", no, sub, no, indikator, ket, bulan)


def test_word_table_merges_repeats_its_header_and_shades_months() -> None:
    rows = [
        _row("1", "FGD Evaluasi Organisasi", "Laporan FGD", "Laporan", (3, 4)),
        _row("1", "FGD Evaluasi Organisasi", "Notulen FGD", "Laporan", (5,)),
        _row("2", "Pengisian Kuesioner", "Kuesioner terisi", "", ()),
    ]
    layout = Layout(page_size="A4", month_mark=MonthMark(fill="#92D050"), ket_merge=True)
    table = build_document(rows, layout).element.body.find(f"{W}tbl")
    trs = table.findall(f"{W}tr")
    assert len(trs) == 3 + 3  # two heading rows and the column-number row, then the plan rows
    assert [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in trs] == [True] * 3 + [False] * 3
    merges = [m.get(f"{W}val") for m in table.iter(f"{W}vMerge")]
    # Header: 6 headings over two rows; body: NO, AREA, KEGIATAN over 3 rows, SUB and KET over 2.
    assert merges.count("restart") == 6 + 3 + 2 and merges.count(None) == 6 + 3 * 2 + 2
    fills = [s.get(f"{W}fill") for s in table.iter(f"{W}shd")]
    assert fills == ["92D050"] * 3
    assert [g.get(f"{W}val") for g in table.iter(f"{W}gridSpan")] == ["12"]  # PELAKSANAAN over the months


def _page_sizes_mm(path: Path) -> set[tuple[int, int]]:
    document = pdfium.PdfDocument(str(path))
    try:
        return {tuple(round(v * MM_PER_POINT) for v in document.get_page_size(i)) for i in range(len(document))}
    finally:
        document.close()


def _pages_with(path: Path, heading: str) -> list[int]:
    document = pdfium.PdfDocument(str(path))
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return [i for i, text in enumerate(texts) if heading in text]


@pytest.mark.skipif(not word_engine_available(), reason=NO_WORD_ENGINE)
def test_word_pdfs_keep_paper_and_repeat_the_header_only_when_asked() -> None:
    names = ("word_f4_portrait_v_target", "word_a4_v_number_cells")
    pdfs = build_corpus([FIXTURES[n] for n in names])
    assert _page_sizes_mm(pdfs["word_f4_portrait_v_target"]) == {(215, 330)}
    assert _page_sizes_mm(pdfs["word_a4_v_number_cells"]) == {(297, 210)}
    repeated = _pages_with(pdfs["word_f4_portrait_v_target"], "BUKTI")
    assert len(repeated) > 3 and repeated == list(range(len(repeated)))
    assert _pages_with(pdfs["word_a4_v_number_cells"], "KETERANGAN") == [0]
