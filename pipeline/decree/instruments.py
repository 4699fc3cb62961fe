"""Legal instruments: `Nomor <a>/<b>/...` numbers, and Mengingat items -> jenis, nomor, tahun, tentang.

A Mengingat item names one instrument or several joined by `;` (`Peraturan Presiden Nomor 18
Tahun 2010 tentang ...; Peraturan Presiden Nomor 105 Tahun 2018 tentang ...`); the item ends
with the list's `;`, `; dan` or `.`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lines import collapse
from .model import Instrument, normalised_nomor
from .vocabulary import compiled

# OCR's `j` for `/`: glued to the parts of the number, or standing alone between spaces typed at a slash.
_OCR_SLASH = re.compile(r"(?<=[0-9A-Za-z.])j(?=\s?[0-9A-Z])|(?<=[0-9A-Za-z.]\s)j(?=\s[0-9A-Z])")
_NOMOR_YEAR = re.compile(r"(?:^|/)((?:19|20)\d{2})$")
# Templates of vocabulary patterns (see vocabulary.compiled).
_NOMOR = r"(?i)\b{nomor}(?![a-z])\s*:?\s*([a-z0-9][\w.\-]*(?:\s*/\s*[\w.\-]+)+)"
_TENTANG = r"(?i)\b{tentang}\b\s*:?\s*"
# A decree's own number: `NOMOR 3 TAHUN 2023`, or `<a>/<b>/...` with spaces around the slashes,
# a leading `-` or OCR's `j` for `/` (repaired by repair_ocr_slashes).
_DECREE_NOMOR = (
    r"(?i)\b{nomor}(?![a-z])\s*:?\s*(?P<raw>\d+\s+{instrument_tahun}\s+(?:19|20)\d{{2}}\b"
    r"|-?\s*[a-z0-9][\w.\-]*(?:\s*/\s*[\w.\-]+)*)"
)
# A new instrument starts with a capitalised name of letters only, then its Nomor.
_INSTRUMENT_HEAD = (
    r"^\s*(?:(?i:{instrument_joiners})\s+)?[A-Z][A-Za-z\-]*(?:\s+[A-Za-z\-/,]+){{0,12}}?\s+(?i:{instrument_nomor})\b"
)
_WITH_NOMOR = (
    r"(?i)^(?P<jenis>.+?)\s+{instrument_nomor}\s*:?\s*(?P<nomor>[^\s/]+(?:\s*/\s*[^\s/]+)*)"
    r"(?:\s+{instrument_tahun}\s+(?P<tahun>\d{{4}}))?"
)
_YEAR_FORM = r"(?i)\d+\s+{instrument_tahun}\s+\d{{4}}"
_WITH_YEAR = r"(?i)^(?P<jenis>.+?)\s+{instrument_tahun}\s+(?P<tahun>\d{{4}})"
_LEADING_JOINER = r"(?i)^\s*{instrument_joiners}\s+"
_LIST_END = r"(?i)(?:\s*[;,.]\s*{list_end_words}?)+\s*$"


def repair_ocr_slashes(text: str) -> str:
    """Given a number as the text layer gives it, return it with OCR's `j` for `/` read back as `/`.

    OCR reads the slash of `25/HK.03.2/3376/2021` as `j`; a lower-case `j` after a letter, digit
    or dot and before a digit or a capital is no letter of a KPU number.
    """
    return _OCR_SLASH.sub("/", text)


def decree_nomor_text(raw: str) -> str:
    """Given a decree number as the text layer gives it, return it as printed: OCR's `j` repaired, spaces kept.

    The spaces an office typed around slashes (`-4 / PL.03.4-Kpt/ 12/...`) stay; decree.json's
    `nomor_normalised` drops them.
    """
    return repair_ocr_slashes(collapse(raw)).rstrip(".,;: ")


def clean_nomor(raw: str) -> str:
    """Given an instrument's printed number, return it with OCR's `j` repaired, no spaces at `/` or end punctuation."""
    return str(normalised_nomor(repair_ocr_slashes(raw.strip()))).strip(".,;:-")


def find_nomor(text: str) -> str | None:
    """Given text, return the first `Nomor <a>/<b>/...` number in it, or None."""
    match = compiled(_NOMOR).search(text)
    return clean_nomor(match.group(1)) if match else None


def find_decree_nomor(text: str) -> str | None:
    """Given the title block from KEPUTUSAN on, return the decree's own number as printed, or None."""
    match = compiled(_DECREE_NOMOR).search(repair_ocr_slashes(text))
    if not match:
        return None
    nomor = decree_nomor_text(match.group("raw"))
    return nomor if "/" in nomor or compiled(_YEAR_FORM).fullmatch(nomor) else None


def split_tentang(text: str) -> list[str]:
    """Given text, return [before, after] its first `tentang` (just [text] without one)."""
    return compiled(_TENTANG).split(text, maxsplit=1)


def _top_level_semicolons(text: str) -> list[int]:
    """Given text, return the positions of `;` outside parentheses."""
    depth, cuts = 0, []
    for position, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == ";" and depth <= 0:
            cuts.append(position)
    return cuts


def _strip_list_end(text: str) -> str:
    """Given an instrument's text, return it without the list's `;`, `; dan` or `.`."""
    return compiled(_LIST_END).sub("", text).strip()


def split_instruments(item: str) -> list[str]:
    """Given one numbered Mengingat item, return its legal instruments (split at `;`)."""
    text = collapse(item)
    parts, start = [], 0
    for cut in _top_level_semicolons(text):
        if compiled(_INSTRUMENT_HEAD).match(text[cut + 1 :]):
            parts.append(text[start:cut])
            start = cut + 1
    parts.append(text[start:])
    cleaned = (_strip_list_end(compiled(_LEADING_JOINER).sub("", part)) for part in parts)
    return [part for part in cleaned if part]


def _year(printed: str | None, nomor: str) -> int | None:
    """Given the printed `Tahun` and the number, return the year (from `.../2021` if needed)."""
    if printed:
        return int(printed)
    match = _NOMOR_YEAR.search(nomor)
    return int(match.group(1)) if match else None


def _instrument(no: int, text: str) -> Instrument:
    """Given an instrument's text, return it as jenis, nomor, tahun and tentang."""
    parts = split_tentang(text)
    head, tentang = parts[0].strip(), _strip_list_end(parts[1]) if len(parts) > 1 else ""
    match = compiled(_WITH_NOMOR).match(head)
    if match:
        nomor = clean_nomor(match["nomor"])
        jenis = collapse(match["jenis"])
        return Instrument(no, jenis, nomor, _year(match["tahun"], nomor), tentang)
    match = compiled(_WITH_YEAR).match(head)
    if match:
        return Instrument(no, collapse(match["jenis"]), "", int(match["tahun"]), tentang)
    return Instrument(no, _strip_list_end(head), "", None, tentang)


def instruments(items: Sequence[str]) -> tuple[Instrument, ...]:
    """Given the Mengingat items, return one Instrument per legal instrument, numbered 1..n."""
    texts = [part for item in items for part in split_instruments(item)]
    return tuple(_instrument(no, text) for no, text in enumerate(texts, start=1))
