"""OCR word mending: a slip is mended only towards a word the document or the domain vouches for, and only one."""

from __future__ import annotations

import pytest

from pipeline.backends.base import Cell, PageCells
from pipeline.backends.cellocr import tesseract_available
from pipeline.backends.lexicon import ocr_lexicon
from pipeline.backends.ocrwords import domain_words, evidence, mended_pages, mended_text

KNOWN = domain_words()


def _mended(text: str, *others: str, lexicon: frozenset[str] = frozenset()) -> str:
    """Mend a text on the evidence of the document's other cells and a dictionary (none: the document's own)."""
    return mended_text(text, evidence([text, *others], lexicon))


def test_the_domain_knows_the_cells_abbreviations_and_the_areas_words() -> None:
    assert {"ZI", "SOTK", "LHKASN", "Kelembagaan"} <= KNOWN


def test_an_abbreviation_read_with_a_small_l_is_mended_from_the_domain() -> None:
    assert _mended("Pengisian LKE Zl") == "Pengisian LKE ZI"
    assert _mended("pembangunan Zi;") == "pembangunan ZI;"
    assert _mended("Rencana Kerja Z|") == "Rencana Kerja ZI"
    assert _mended("Terisinya LKE Z!; dan") == "Terisinya LKE ZI; dan"


def test_a_slip_is_mended_towards_a_word_the_document_uses_far_more_often() -> None:
    often = ["unit/satuan kerja"] * 3
    assert _mended("di lingkungan unit/satuan keria", *often) == "di lingkungan unit/satuan kerja"
    assert _mended("stakeholder ekstemal", *["stakeholder eksternal"] * 3) == "stakeholder eksternal"


def test_a_word_is_not_mended_on_weak_or_ambiguous_evidence() -> None:
    # "gratifikasl" once against "gratifikasi" once: no evidence either way.
    assert _mended("anti gratifikasl", "anti gratifikasi") == "anti gratifikasl"
    # A word the domain knows is never mended, however often a neighbour occurs.
    assert _mended("SOP", *["SOF"] * 5) == "SOP"
    # A word the document prints again and again is its own word, however often a neighbour occurs.
    assert _mended("tindak lanjut dari", *["dari"] * 3, *["dan"] * 20) == "tindak lanjut dari"
    # Two candidates, each one "l" read for an "i", leave the word as read.
    assert _mended("hasll", *["hasil", "hasli"] * 3) == "hasll"


def test_a_change_of_case_or_a_one_letter_word_is_no_slip() -> None:
    assert _mended("Pakta integritas", *["Zona Integritas"] * 4) == "Pakta integritas"
    assert _mended("b. Pengadaan c. Perencana", *["e-Lapkin"] * 4) == "b. Pengadaan c. Perencana"


def test_an_apostrophe_between_letters_is_a_slash() -> None:
    assert _mended("5) Biaya'tarif 2. Qur") == "5) Biaya/tarif 2. Qur"


def test_words_run_together_are_split_where_the_document_prints_them_apart() -> None:
    others = ["Tata Kelola SPBE", "tata kelola", "SOP dan SPBE"]
    assert _mended("5. Tatakeloladan implementasi", *others) == "5. Tata kelola dan implementasi"
    # A word the document prints elsewhere as it is stays whole.
    joined = ["peraturan perundangundangan", "perundang undangan", "perundang undangan"]
    assert _mended("peraturan perundangundangan", *joined) == "peraturan perundangundangan"


def test_a_speck_between_two_words_parts_them_and_a_broken_word_is_joined() -> None:
    others = ["masyarakat umum", "dalam hal", "jenis-jenis", "peraturan perundang-undangan", "perundang dan undangan"]
    assert _mended("Pelibatan masyarakat-dalam kegiatan", *others) == "Pelibatan masyarakat dalam kegiatan"
    assert _mended("Pelibatan masyarakat.dalam kegiatan", *others) == "Pelibatan masyarakat dalam kegiatan"
    assert _mended("jenis-jenis layanan", *others) == "jenis-jenis layanan"
    assert _mended("produk perundang- undangan", *others) == "produk perundang-undangan"
    assert _mended("jenis-jenis/produk-\nproduk pelayanan", *others) == "jenis-jenis/produk-produk pelayanan"
    assert _mended("produk perundang-undangan", *others) == "produk perundang-undangan"


def test_a_word_broken_at_a_line_end_is_evidence_of_the_whole_word() -> None:
    others = ["peraturan perundang- undangan", "perundang dan undangan"]
    assert _mended("peraturan perundang-undangan (Naskah)", *others) == "peraturan perundang-undangan (Naskah)"


def test_a_lone_quotation_mark_is_a_speck_and_a_list_keeps_its_numbering() -> None:
    assert _mended("di KPU \u2018Kota Tegal") == "di KPU Kota Tegal"
    assert _mended("\u201cZona Hijau\u201d") == "\u201cZona Hijau\u201d"
    assert _mended("1.) Lingkungan 2,) Penilaian") == "1.) Lingkungan 2.) Penilaian"
    assert _mended("a. Jumlah 2,) b") == "a. Jumlah 2,) b"
    assert _mended("a. SK Tim RB b, Rencana Aksi c. Lembar") == "a. SK Tim RB b. Rencana Aksi c. Lembar"
    assert _mended("3. Sistem informasi 4.: Sarana") == "3. Sistem informasi 4. Sarana"
    assert _mended("1, Adanya dokumen") == "1. Adanya dokumen"


def test_brackets_keep_their_pairs() -> None:
    assert _mended("Pemerintah (SPIP).di lingkungan") == "Pemerintah (SPIP) di lingkungan"
    assert _mended("Pengelola PB) yang berstatus") == "Pengelola PBJ yang berstatus"
    assert _mended("Aplikasi SMART (Kementerian Keuangan) dan PB)") == "Aplikasi SMART (Kementerian Keuangan) dan PB)"
    assert _mended("1) Data Mutasi 2) Data Promosi") == "1) Data Mutasi 2) Data Promosi"


def test_the_pages_of_a_document_are_mended_with_its_own_counts() -> None:
    def page(number: int, *texts: str) -> PageCells:
        cells = tuple(Cell(number, 0, 0.0, 10.0 * i, 100.0, 10.0 * i + 9, t) for i, t in enumerate(texts))
        return PageCells(number, 600.0, 800.0, cells)

    pages = [page(1, "Rencana Kerja", "Rencana Kerja"), page(2, "Rencana Keria", "Rencana Kerja", "")]
    mended = mended_pages(pages)
    assert [c.text for p in mended for c in p.cells] == ["Rencana Kerja"] * 4 + [""]


def test_a_g_read_as_a_is_mended_once_or_twice_in_a_long_word() -> None:
    often = ["Evaluasi Organisasi di lingkungan kerja"] * 3
    assert _mended("Dokumentasi FGD Evaluasi Oraanisasi;", *often) == "Dokumentasi FGD Evaluasi Organisasi;"
    assert _mended("di linakunaan unit", *often) == "di lingkungan unit"
    # Two slips only in a long word: "baaa" is not "bagg" however often the document prints it.
    assert _mended("baaa", *["bagg"] * 5) == "baaa"
    # Nor on weak evidence: a long word printed once is no evidence for another printed once.
    assert _mended("linakunaan", "lingkungan") == "linakunaan"


def test_a_stop_between_two_words_the_document_prints_together_is_a_speck() -> None:
    often = ["sesuai dengan ketentuan"] * 2
    assert _mended("yang sesuai. dengan tugas", *often) == "yang sesuai dengan tugas"
    assert _mended("yang sesuai.\ndengan tugas", "sesuai dengan,", "sesuai\ndengan") == "yang sesuai\ndengan tugas"
    # An abbreviation's stop is printed: "dll. dan" keeps it however often "dll dan" is read.
    assert _mended("arsip dll. dan", *["dll dan"] * 3) == "arsip dll. dan"
    # Without that evidence the stop is kept: it may end a sentence.
    assert _mended("yang sesuai. dengan tugas", "sesuai dengan") == "yang sesuai. dengan tugas"
    # A stop before a capital opens a sentence and is kept.
    assert _mended("telah sesuai. Dengan tugas", *often) == "telah sesuai. Dengan tugas"


def test_a_colon_read_where_a_semicolon_closes_an_item_is_a_semicolon() -> None:
    assert _mended("Menurunnya jumlah pelanggaran kode etik penyelenggara pemilu:") == (
        "Menurunnya jumlah pelanggaran kode etik penyelenggara pemilu;"
    )
    assert _mended("Terisinya LKE ZI: dan") == "Terisinya LKE ZI; dan"
    assert _mended("9. Atribut Pelayanan: 1) kartu identitas petugas: 2) Kartu tamu: 3) Buku tamu") == (
        "9. Atribut Pelayanan: 1) kartu identitas petugas; 2) Kartu tamu; 3) Buku tamu"
    )
    several = "Adanya pejabat pengelola pengaduan: Terdapat sistem mekanisme: Terdapat jangka waktu"
    assert _mended(several) == "Adanya pejabat pengelola pengaduan; Terdapat sistem mekanisme; Terdapat jangka waktu"


def test_a_colon_that_opens_a_list_or_words_is_kept() -> None:
    assert _mended("Zona Hijau Pelayanan Publik: 1. Standar Pelayanan: 1) Prasyarat layanan") == (
        "Zona Hijau Pelayanan Publik: 1. Standar Pelayanan: 1) Prasyarat layanan"
    )
    assert _mended("Pemanfaatan aplikasi (contoh: e-proc/LPSE)") == "Pemanfaatan aplikasi (contoh: e-proc/LPSE)"
    assert _mended("Target: 2 dokumen") == "Target: 2 dokumen"
    # A cell that reaches its table's foot may be cut there by the page and read on overleaf.
    assert mended_text("5. Pelayanan Khusus kepada:", evidence([]), ends_here=False) == "5. Pelayanan Khusus kepada:"


def test_a_cell_at_its_tables_foot_on_the_page_keeps_its_closing_colon() -> None:
    cells = (
        Cell(1, 0, 0.0, 100.0, 100.0, 200.0, "Rekap pelanggaran kode etik:"),
        Cell(1, 0, 0.0, 200.0, 100.0, 500.0, "5. Pelayanan Khusus kepada:"),
    )
    mended = mended_pages([PageCells(1, 600.0, 800.0, cells)])
    assert [c.text for c in mended[0].cells] == ["Rekap pelanggaran kode etik;", "5. Pelayanan Khusus kepada:"]


def test_an_item_number_one_read_as_a_letter_and_a_trailing_underscore_are_mended() -> None:
    assert _mended("i Evaluasi Organisasi") == "1 Evaluasi Organisasi"
    assert _mended("l Penataan SDM") == "1 Penataan SDM"
    # A document that numbers items in small roman numerals prints "ii" somewhere: "i" may be its first.
    assert _mended("i Evaluasi Organisasi", "ii. Penataan") == "i Evaluasi Organisasi"
    assert _mended("i dan") == "i dan"
    assert _mended("berbagai_- peraturan") == "berbagai peraturan"
    assert _mended("kpu_tegal") == "kpu_tegal"


def test_a_lone_label_read_with_its_letter_twice_is_the_one_letter_cased_as_the_documents_labels() -> None:
    assert _mended("Cc.", "A.", "B.", "D.", "b.") == "C."
    assert _mended("Cc.", "a.", "b.", "D.") == "c."
    assert _mended("Ss)", "a)", "b)") == "s)"
    # Evenly split, two letters, or a label opening words: left as read.
    assert _mended("Cc.", "A.", "b.") == "Cc."
    assert _mended("Ab.", "A.", "B.") == "Ab."
    assert _mended("Cc Penerapan", "A.", "B.") == "Cc Penerapan"


def test_a_slip_is_mended_towards_a_word_the_document_prints_often_in_either_case() -> None:
    others = ["2. Maklumat pelayanan", "Tersedianya Maklumat Pelayanan", "Maklumat Layanan"]
    assert _mended("Sudah adanya makiumat pelayanan", *others) == "Sudah adanya maklumat pelayanan"


LEXICON = frozenset({"piagam", "jumlah", "lintas", "sesuai", "diklat", "hasil", "evaluasi"})


def test_a_word_the_dictionary_does_not_know_is_mended_to_the_one_it_knows_a_slip_away() -> None:
    assert _mended("Plagam penghargaan", lexicon=LEXICON) == "Piagam penghargaan"
    assert _mended("peta Iintas fungsi sesual", lexicon=LEXICON) == "peta lintas fungsi sesuai"
    assert _mended("Surat Permohonan/Dikiat PBJ", lexicon=LEXICON) == "Surat Permohonan/Diklat PBJ"
    # A word the dictionary knows, a short word, or one whose mendings it knows twice, stays.
    assert _mended("Evaluasi hasll", lexicon=LEXICON | {"hasli"}) == "Evaluasi hasll"
    assert _mended("Tegal Kota", lexicon=LEXICON) == "Tegal Kota"
    assert _mended("Plag", lexicon=frozenset({"piag"})) == "Plag"


def test_a_word_read_again_and_again_is_mended_only_towards_a_word_the_document_prints() -> None:
    spread = ["a. Jumiah program"] * 4
    assert _mended("b. Jumiah kegiatan", *spread, "Jumlah Pelanggaran", lexicon=LEXICON) == "b. Jumlah kegiatan"
    assert _mended("b. Jumiah kegiatan", *spread, lexicon=LEXICON) == "b. Jumiah kegiatan"


def test_a_long_word_with_any_letter_wrong_is_the_one_word_the_document_prints_often_a_letter_away() -> None:
    printed = ["Evaluasi kinerja", "Hasil evaluasi", "evaluasi internal"]
    assert _mended("Eraluasi program", *printed, lexicon=LEXICON) == "Evaluasi program"
    # Not from a word printed too seldom, nor one the dictionary does not know, nor a word read twice alike.
    assert _mended("Eraluasi program", *printed[:2], lexicon=LEXICON) == "Eraluasi program"
    assert _mended("Eraluasi program", *printed, lexicon=frozenset()) == "Eraluasi program"
    assert _mended("Eraluasi program", "Eraluasi", *printed, lexicon=LEXICON) == "Eraluasi program"
    # Nor towards one of two, nor a short word, nor a word the dictionary knows.
    both = [*printed, *["evaluari awal"] * 3]
    assert _mended("Evaluazi program", *both, lexicon=LEXICON | {"evaluari"}) == "Evaluazi program"
    assert _mended("Hazil", *["hasil"] * 4, lexicon=LEXICON) == "Hazil"
    assert _mended("evaluari", *printed, lexicon=LEXICON | {"evaluari"}) == "evaluari"


def test_the_dictionary_is_tesseracts_own_indonesian_word_list() -> None:
    if not tesseract_available():
        pytest.skip("tesseract is not installed")
    words = ocr_lexicon()
    assert len(words) > 10_000
    assert {"jumlah", "piagam", "evaluasi", "pelayanan"} <= words
    assert "plagam" not in words
