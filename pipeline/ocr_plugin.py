"""OCRmyPDF plugin: hide a scan's table rules, stamps and signatures from Tesseract.

Tesseract reads a rule next to a word as "|", "l" or "1", and a digit boxed in by rules as a
letter. The image OCRmyPDF hands to Tesseract gets its rules painted white; the page image kept
in the PDF is untouched, so the scan backend still finds the grid there.

Loaded by `pipeline.ocr` as `--plugin pipeline.ocr_plugin`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from ocrmypdf import hookimpl
from PIL import Image

from pipeline.backends.colour_ink import without_stamp_ink
from pipeline.backends.image import POINTS_PER_INCH, ink_mask, rule_masks, without_rule_ink

DEFAULT_DPI = 300.0


def without_rules(image: Image.Image) -> Image.Image:
    """Given a page image, return a greyscale copy with its table rules painted white, same size and resolution.

    A colour page loses its stamp and signature ink too (`colour_ink`), so that Tesseract reads the print only.
    """
    dpi = image.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))
    scale = float(dpi[0]) / POINTS_PER_INCH
    if image.mode == "RGB":
        grey = without_stamp_ink(np.array(image, dtype=np.uint8), scale)[0]
    else:
        grey = np.array(image.convert("L"), dtype=np.uint8)
    rules = rule_masks(ink_mask(grey, scale), scale)
    cleaned = Image.fromarray(without_rule_ink(grey, rules), mode="L")
    cleaned.info["dpi"] = dpi
    return cleaned


@hookimpl
def filter_ocr_image(page: Any, image: Image.Image) -> Image.Image:
    """Given the page image OCRmyPDF is about to OCR, return it without table rules."""
    return without_rules(image)
