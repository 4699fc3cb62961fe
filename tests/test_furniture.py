"""Page furniture: the watermark's turned chars and whole furniture phrases are dropped, cell text kept."""

from __future__ import annotations

import math
from typing import Any

from pipeline.furniture import is_furniture_phrase, is_oblique, without_furniture

SIZE = 8.0
ADVANCE = 5.0


def _char(text: str, x0: float, top: float, angle: float = 0.0) -> dict[str, Any]:
    """Given a char's text, position and angle (degrees), return a pdfplumber-like char."""
    rad = math.radians(angle)
    matrix = (SIZE * math.cos(rad), SIZE * math.sin(rad), -SIZE * math.sin(rad), SIZE * math.cos(rad), x0, 0.0)
    return {"text": text, "x0": x0, "x1": x0 + ADVANCE, "top": top, "bottom": top + SIZE, "matrix": matrix}


def _line(text: str, x0: float, top: float) -> list[dict[str, Any]]:
    """Given a line's text and where it starts, return its chars side by side (blanks included)."""
    return [_char(ch, x0 + i * ADVANCE, top) for i, ch in enumerate(text)]


def _text(chars: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in chars)


def test_a_char_at_minus_30_degrees_is_oblique_one_at_a_right_angle_is_not() -> None:
    assert is_oblique(_char("j", 0, 0, -30.0))
    assert is_oblique(_char("j", 0, 0, 45.0))
    assert not is_oblique(_char("j", 0, 0, 0.0))
    assert not is_oblique(_char("j", 0, 0, 90.0))
    assert not is_oblique(_char("j", 0, 0, -90.0))


def test_page_numbers_stamp_and_address_are_furniture_phrases() -> None:
    for text in ("Halaman 2 dari 9", "halaman 10 dari 12", "- 2 -", "-3-", "SALINAN", "jdih.kpu.go.id"):
        assert is_furniture_phrase(text), text


def test_cell_text_that_holds_such_words_is_no_furniture() -> None:
    for text in ("Salinan sesuai dengan aslinya", "Halaman website KPU", "2", "Publikasi di jdih.kpu.go.id", ""):
        assert not is_furniture_phrase(text), text


def test_the_watermark_and_footer_go_the_cell_text_stays() -> None:
    cell = _line("Dokumen SOP", 40.0, 100.0)
    watermark = [_char(ch, 60.0 + 20 * i, 90.0 + 10 * i, -30.0) for i, ch in enumerate("jdih")]
    footer = _line("Halaman 2 dari 9", 300.0, 560.0)
    kept = without_furniture([*cell, *watermark, *footer])
    assert _text(kept) == "Dokumen SOP"


def test_a_footer_beside_a_cell_on_the_same_line_goes_alone() -> None:
    cell = _line("Laporan", 40.0, 560.0)
    footer = _line("- 4 -", 300.0, 560.0)
    assert _text(without_furniture([*cell, *footer])) == "Laporan"
