"""Cell OCR: crops, Tesseract's words turned into chars, and the choice between a text layer and the cell's OCR."""

from __future__ import annotations

import shutil

import cv2
import numpy as np
import pytest

from pipeline.backends import cellocr
from pipeline.backends._shared import cell_text

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv(*words: tuple[int, int, int, int, str]) -> str:
    """Given (page, line, word, left, text) rows, return a Tesseract TSV of word rows 10 px tall."""
    rows = [f"5\t{p}\t1\t1\t{line}\t{w}\t{left}\t20\t40\t10\t90\t{text}" for p, line, w, left, text in words]
    return "\n".join([TSV_HEADER, *rows]) + "\n"


def test_words_become_chars_of_their_own_cell_with_blanks_between_words() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)] * 2
    tsv = _tsv((1, 1, 1, 12, "Evaluasi"), (1, 1, 2, 60, "Organisasi"), (2, 1, 1, 12, "SOTK"))
    chars = cellocr.cell_chars(tsv, crops, 1.0)
    assert cell_text(chars[0]) == "Evaluasi Organisasi"
    assert cell_text(chars[1]) == "SOTK"
    assert {c["ocr_confidence"] for c in chars[0]} == {0.9}


def test_a_cells_opening_number_read_with_a_comma_is_mended_and_no_other_word() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)]
    tsv = _tsv((1, 1, 1, 12, "1,"), (1, 1, 2, 60, "Perencanaan"), (1, 1, 3, 120, "2,"))
    assert cell_text(cellocr.cell_chars(tsv, crops, 1.0)[0]) == "1. Perencanaan 2,"


def test_lone_punctuation_is_no_word() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)]
    tsv = _tsv((1, 1, 1, 12, "Jabatan"), (1, 1, 2, 60, ":"), (1, 1, 3, 80, "|"))
    assert cell_text(cellocr.cell_chars(tsv, crops, 1.0)[0]) == "Jabatan"


def test_a_word_whose_box_reaches_back_over_the_word_before_keeps_its_letters_together() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)]
    # "Pembangunan" is 40 px wide from 12; Tesseract's box of "JDIH" starts at 40, over its end.
    tsv = _tsv((1, 1, 1, 12, "Pembangunan"), (1, 1, 2, 40, "JDIH"))
    assert cell_text(cellocr.cell_chars(tsv, crops, 1.0)[0]) == "Pembangunan JDIH"


def test_a_line_boxed_from_the_line_above_stays_a_line_of_its_own() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)]
    # Tesseract reads "Blowing System" as the second line but boxes it from 2 px below the first's top.
    head = "\n".join([TSV_HEADER, "5\t1\t1\t1\t1\t1\t12\t10\t60\t20\t90\tPembangunan"])
    second = "5\t1\t1\t1\t2\t1\t12\t12\t40\t38\t90\tBlowing\n5\t1\t1\t1\t2\t2\t60\t12\t30\t38\t90\tSystem\n"
    chars = cellocr.cell_chars(head + "\n" + second, crops, 1.0)[0]
    assert [c["text"] for c in chars if c["top"] == chars[0]["top"]] == list("Pembangunan")
    # It starts below the middle of the first line, which is 20 px tall.
    assert min(c["top"] for c in chars if c["text"] == "B") >= chars[0]["top"] + 10


def test_a_sign_is_a_word_and_a_speck_is_not() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)]
    tsv = _tsv((1, 1, 1, 12, "Reward"), (1, 1, 2, 60, "&"), (1, 1, 3, 80, "Punishment"), (1, 1, 4, 160, "-"))
    speck = "5\t1\t1\t1\t1\t5\t200\t20\t2\t2\t40\tdi\n"
    assert cell_text(cellocr.cell_chars(tsv + speck, crops, 4.0)[0]) == "Reward & Punishment -"


def test_a_lone_glyphs_ink_box_leaves_out_the_dust_down_its_cell() -> None:
    grey = np.full((400, 60), 255, np.uint8)
    grey[20:40, 10:24] = 0  # the letter
    grey[36:40, 27:31] = 0  # its stop
    for y in (150, 260, 390):
        grey[y, 30] = 0  # specks of dust far below
    assert cellocr.ink_box(grey, (0, 0, 60, 400), 2) == (8, 18, 33, 42)


def test_a_words_ink_box_takes_in_all_its_letters() -> None:
    grey = np.full((40, 300), 255, np.uint8)
    for left in range(10, 250, 30):
        grey[10:30, left : left + 20] = 0  # eight letters, 10 px apart, the last ending at 240
    grey[10:30, 10:40] = 0  # the first two run together: the largest blot
    assert cellocr.ink_box(grey, (0, 0, 300, 40), 0) == (10, 10, 240, 30)


def test_a_words_ink_box_takes_in_the_item_number_a_space_before_it() -> None:
    grey = np.full((40, 300), 255, np.uint8)
    grey[10:22, 100:220] = 0  # "Penyesuaian", run together, 12 px tall
    grey[8:22, 70:80] = 0  # its item number "2", a space of 20 px before it
    assert cellocr.ink_box(grey, (0, 0, 300, 40), 0) == (70, 8, 220, 22)


def test_a_lone_glyph_read_as_nothing_is_read_again_as_a_line_and_kept_when_a_label(monkeypatch) -> None:
    grey = np.full((40, 40), 255, np.uint8)
    lone = cellocr.crop(grey, (0, 0, 40, 40), 300.0, lone=True)
    crops = [cellocr.crop(grey, (0, 0, 40, 40), 300.0), lone, lone, lone]
    runs = []

    def tsv_of(pngs, keep, psm=cellocr.BLOCK_PSM):
        runs.append((len(pngs), psm))
        if psm == cellocr.BLOCK_PSM:
            return _tsv((1, 1, 1, 12, "Penataan"), (4, 1, 1, 12, "SOTK"))
        return _tsv((1, 1, 1, 12, "B."), (2, 1, 1, 12, "4"))

    monkeypatch.setattr(cellocr, "page_tsv", tsv_of)
    chars = cellocr.read_crops(crops, [False] * 4, 1.0, None)
    # The second is a label read as a line; the third, a tick read as a digit, stays unread.
    assert [cell_text(c) for c in chars] == ["Penataan", "B.", "", "SOTK"]
    assert runs == [(4, cellocr.BLOCK_PSM), (2, cellocr.LINE_PSM)]


def test_an_enlarged_crop_maps_its_words_back_to_the_same_page_place() -> None:
    crop = cellocr.Crop(np.full((40 + 2 * cellocr.PAD_PX, 100 + 2 * cellocr.PAD_PX), 255, np.uint8), (50, 70), 1.5)
    big = cellocr.enlarged(crop)
    assert big.factor == 3.0
    assert big.image.shape == (80 + 2 * cellocr.PAD_PX, 200 + 2 * cellocr.PAD_PX)
    # A word at (10, 20) inside the first crop is at (20, 40) inside the enlarged one.
    row = "5\t1\t1\t1\t1\t1\t{left}\t{top}\t30\t10\t90\tSOTK"
    small = cellocr.cell_chars(TSV_HEADER + "\n" + row.format(left=10 + 12, top=20 + 12) + "\n", [crop], 1.0)
    large = cellocr.cell_chars(TSV_HEADER + "\n" + row.format(left=20 + 12, top=40 + 12) + "\n", [big], 1.0)
    assert (small[0][0]["x0"], small[0][0]["top"]) == pytest.approx((large[0][0]["x0"], large[0][0]["top"]))


def test_ink_left_out_of_every_word_read_makes_a_reading_unsure() -> None:
    image = np.full((40, 200), 255, np.uint8)
    image[10:30, 20:60] = 0  # "1) Adanya", which Tesseract did not read
    image[10:30, 80:180] = 0  # "alat sosialisasi", which it did
    crop = cellocr.Crop(image, (0, 0), 1.0)
    word = "5\t1\t1\t1\t1\t1\t80\t10\t100\t20\t90\talat"
    read = cellocr.cell_chars(TSV_HEADER + "\n" + word + "\n", [crop], 1.0)[0]
    assert cellocr._unread_ink(read, crop, 1.0) == pytest.approx(800 / 2800)
    assert cellocr._is_unsure(read, crop, 1.0)
    whole = "5\t1\t1\t1\t1\t1\t20\t10\t160\t20\t90\tAdanya"
    assert not cellocr._is_unsure(cellocr.cell_chars(TSV_HEADER + "\n" + whole + "\n", [crop], 1.0)[0], crop, 1.0)


def test_a_layer_agrees_with_the_cells_ocr_only_when_it_reads_the_same_letters() -> None:
    assert cellocr.agrees("Evaluasi Organisasi;", "Evaluasi  Organisasi;")
    assert not cellocr.agrees("Evaluasi Organisasi;", "Evaluasi Organisasi:")
    assert not cellocr.agrees("Evaluasi Organisasi Pengisian", "Evaluasi Organisasi")
    assert not cellocr.agrees("", "Evaluasi")


def test_a_crop_is_padded_and_enlarged_to_the_reading_resolution() -> None:
    grey = np.full((100, 200), 255, np.uint8)
    crop = cellocr.crop(grey, (10, 10, 110, 30), 150.0)
    assert crop.factor == 2.0
    assert crop.image.shape == (40 + 2 * cellocr.PAD_PX, 200 + 2 * cellocr.PAD_PX)
    assert not cellocr.has_ink(grey, (10, 10, 110, 30))


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_tesseract_reads_a_printed_cell_back() -> None:
    grey = np.full((60, 400), 255, np.uint8)
    cv2.putText(grey, "Reformasi Birokrasi", (8, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2, cv2.LINE_AA)
    crops = [cellocr.crop(grey, (0, 0, 400, 60), 300.0)]
    chars = cellocr.cell_chars(cellocr.page_tsv(cellocr.encode(crops), None), crops, 300.0 / 72.0)
    assert cell_text(chars[0]) == "Reformasi Birokrasi"


def _bold_crop() -> cellocr.Crop:
    """A crop of one word in strokes spread as a photocopy spreads them."""
    image = np.full((60, 240), 255, np.uint8)
    cv2.putText(image, "KEGIATAN", (12, 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 5)
    return cellocr.Crop(image, (0, 0), 1.0)


def _blank_crop() -> cellocr.Crop:
    """A crop of no ink: what its reading leaves out is never ink."""
    return cellocr.Crop(np.full((60, 240), 255, np.uint8), (0, 0), 1.0)


def test_a_thinned_crop_is_black_and_white_with_less_ink() -> None:
    bold = _bold_crop()
    thin = cellocr.thinned(bold)
    assert set(np.unique(thin.image)) <= {0, 255}
    assert 0 < int((thin.image == 0).sum()) < int((bold.image < 128).sum())
    assert (thin.origin, thin.factor) == (bold.origin, bold.factor)


@pytest.mark.parametrize(
    ("again", "confidence", "kept"),
    [(True, 92, True), (True, 40, False), (False, 92, False)],
    ids=["sure", "unsure", "not-to-read-again"],
)
def test_a_crop_read_as_nothing_is_read_again_thinned_and_kept_only_when_sure(
    monkeypatch, again: bool, confidence: int, kept: bool
) -> None:
    crops = [_blank_crop(), _blank_crop()]
    thinned_reads = []

    def tsv_of(pngs, keep, psm=cellocr.BLOCK_PSM):
        # The first reading finds the second crop's word only; the thinned reading finds the first's.
        if len(pngs) == 2:
            return _tsv((2, 1, 1, 12, "SOTK"))
        thinned_reads.append(len(pngs))
        row = f"5\t1\t1\t1\t1\t1\t12\t20\t40\t10\t{confidence}\tKEGIATAN"
        return "\n".join([TSV_HEADER, row]) + "\n"

    monkeypatch.setattr(cellocr, "page_tsv", tsv_of)
    chars = cellocr.read_crops(crops, [again, True], 1.0, None)
    assert cell_text(chars[1]) == "SOTK"
    assert cell_text(chars[0]) == ("KEGIATAN" if kept else "")
    # Read again thinned and, where that reading is not kept, enlarged.
    assert thinned_reads == ([] if not again else [1] if kept else [1, 1])


def test_a_crop_read_unsure_is_read_again_thinned_and_a_sure_crop_is_not() -> None:
    crops = [_blank_crop(), _blank_crop()]
    thinned_reads = []

    def tsv_of(pngs, keep, psm=cellocr.BLOCK_PSM):
        if len(pngs) == 2:
            unsure = "5\t1\t1\t1\t1\t2\t60\t20\t40\t10\t19\tk=-==criASILAN"
            return _tsv((1, 1, 1, 12, "INDIKATOR"), (2, 1, 1, 12, "SOTK")) + unsure + "\n"
        thinned_reads.append(len(pngs))
        return _tsv((1, 1, 1, 12, "INDIKATOR"), (1, 1, 2, 60, "KEGIATAN"))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cellocr, "page_tsv", tsv_of)
        chars = cellocr.read_crops(crops, [True, True], 1.0, None)
    assert cell_text(chars[0]) == "INDIKATOR KEGIATAN"
    assert cell_text(chars[1]) == "SOTK"
    assert thinned_reads == [1]


def test_a_thinned_reading_with_more_words_no_dictionary_knows_is_not_taken() -> None:
    crops = [_blank_crop()]

    def tsv_of(pngs, keep, psm=cellocr.BLOCK_PSM):
        if not getattr(tsv_of, "first_done", False):
            tsv_of.first_done = True  # type: ignore[attr-defined]
            unsure = "5\t1\t1\t1\t1\t2\t60\t20\t40\t10\t40\tpenghargaan"
            return _tsv((1, 1, 1, 12, "Piagam")) + unsure + "\n"
        return _tsv((1, 1, 1, 12, "Plagam"), (1, 1, 2, 60, "penghargaan"))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cellocr, "page_tsv", tsv_of)
        patch.setattr(cellocr, "unknown_words", lambda text: int("Plagam" in text))
        chars = cellocr.read_crops(crops, [True], 1.0, None)
    assert cell_text(chars[0]) == "Piagam penghargaan"
