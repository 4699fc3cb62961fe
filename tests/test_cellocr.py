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


def test_a_sign_is_a_word_and_a_speck_is_not() -> None:
    crops = [cellocr.Crop(np.zeros((1, 1), np.uint8), (0, 0), 1.0)]
    tsv = _tsv((1, 1, 1, 12, "Reward"), (1, 1, 2, 60, "&"), (1, 1, 3, 80, "Punishment"), (1, 1, 4, 160, "-"))
    speck = "5\t1\t1\t1\t1\t5\t200\t20\t2\t2\t40\tdi\n"
    assert cell_text(cellocr.cell_chars(tsv + speck, crops, 4.0)[0]) == "Reward & Punishment -"


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
    crops = [_bold_crop(), _bold_crop()]
    thinned_reads = []

    def tsv_of(pngs, keep):
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
    assert thinned_reads == ([1] if again else [])


def test_a_crop_read_unsure_is_read_again_thinned_and_a_sure_crop_is_not() -> None:
    crops = [_bold_crop(), _bold_crop()]
    thinned_reads = []

    def tsv_of(pngs, keep):
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
    crops = [_bold_crop()]

    def tsv_of(pngs, keep):
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
