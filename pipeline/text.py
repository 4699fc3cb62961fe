"""Text helpers shared by the stages: whitespace, wrapped lines, item numbers, slugs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

_SPACE = re.compile(r"\s+")
# Word ends a line after a hyphen or a slash inside a word ("Sek-\nKot", "unit/\nsatuan").
_WORD_BREAK = re.compile(r"(?:(?<=[A-Za-z0-9]-)|(?<=/))\n(?=\S)")
# "1", "1.", "1)", "1.)", "a.", "a)" before the item's text.
_MARKER = re.compile(r"^(?P<num>\d{1,2}|[a-zA-Z])(?P<punct>\.\)|[.)])?(?=\s|$)")


@dataclass(frozen=True)
class Marker:
    """A leading item number: its value and its style (the punctuation and kind)."""

    value: str
    style: str


def collapse(text: str) -> str:
    """Given cell text with wrapped lines, return it on one line with single spaces.

    A line that ends in a letter and "-" or "/" was broken inside a word and is joined without
    a space. (A slash followed by a space, as in "kebutuhan/ penambahan", reads the same when the
    line breaks at that space; the decree mostly writes "unit/satuan".)
    """
    return _SPACE.sub(" ", _WORD_BREAK.sub("", text)).strip()


def leading_marker(text: str) -> Marker | None:
    """Given text, return its leading item number, if any (letters need "." or ")")."""
    match = _MARKER.match(text.strip())
    if not match:
        return None
    num, punct = match.group("num"), match.group("punct") or ""
    if num.isalpha() and not punct:
        return None
    kind = "digit" if num.isdigit() else "letter"
    return Marker(num, f"{kind}{punct}")


def _next_value(marker: Marker) -> str:
    """Given a marker, return the value the next item of the same list would have."""
    if marker.value.isdigit():
        return str(int(marker.value) + 1)
    return chr(ord(marker.value) + 1)


def _is_list(text: str, marker: Marker) -> bool:
    """Given text starting with marker, return whether the same list goes on in the text.

    The decree has cells such as "1) Data Mutasi 2) Data Promosi 3) ..." that list several
    items; their leading number is part of the list, not the cell's own item number.
    """
    punct = marker.style.removeprefix("digit").removeprefix("letter")
    following = re.escape(_next_value(marker) + punct)
    return re.search(rf"(?:^|\s){following}(?:\s|$)", text[len(marker.value) :]) is not None


def split_item_number(text: str) -> tuple[str, str]:
    """Given cell text, return (item number without "." or ")", the text without it)."""
    text = text.strip()
    marker = leading_marker(text)
    if marker is None or _is_list(text, marker):
        return "", text
    rest = _MARKER.sub("", text, count=1).strip()
    return marker.value, rest


def slugify(heading: str) -> str:
    """Given a printed heading, return its column name ("PENANGGUNG JAWAB" -> "penanggung_jawab")."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "column"


@cache
def normalize_heading(text: str) -> str:
    """Given heading text, return it upper-cased with punctuation and extra spaces removed."""
    return _SPACE.sub(" ", re.sub(r"[^0-9A-Z ]+", " ", collapse(text).upper())).strip()
