"""Decree title block: the preamble -> the decree's own number, its title and the number it amends.

The preamble reads `KEPUTUSAN <issuer> NOMOR: <nomor>` / `TENTANG <title>` / the issuer again,
sometimes after `DENGAN RAHMAT TUHAN YANG MAHA ESA`; an amending decree's title reads
`PERUBAHAN [KEDUA] [ATAS] KEPUTUSAN ... NOMOR <amended number> TENTANG ...`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.config import HEADING_MATCH_MIN

from .instruments import find_decree_nomor, find_nomor, split_tentang
from .vocabulary import compiled

# Templates of vocabulary patterns (see vocabulary.compiled).
_KEPUTUSAN = r"(?i)\b{keputusan}\b"
_ISSUER = r"(?i)\b{keputusan}\s+(.+?)\s+{nomor}(?![a-z])"
_BLESSING = r"(?i)\b{blessing}\b"
_AMENDS = r"(?i)\b{perubahan}(?:\s+{perubahan_ordinals})?(?:\s+{perubahan_atas})?\s+{keputusan}\b"


def decree_nomor(preamble_text: str) -> str | None:
    """Given the preamble, return the decree's own number (the first after KEPUTUSAN)."""
    head = split_tentang(preamble_text)[0]
    start = compiled(_KEPUTUSAN).search(head)
    block = head[start.start() :] if start else head
    return find_decree_nomor(block) or find_nomor(block) or find_nomor(preamble_text)


def _drop_issuer(title: str, issuer: str | None) -> str:
    """Given the text after TENTANG, return it without the issuing official's line.

    The official's line ends with a comma; without one the title's own ending (often the
    same institution name) must not be cut.
    """
    title = compiled(_BLESSING).split(title, maxsplit=1)[0].strip()
    if issuer and title.endswith(","):
        title = title.rstrip(",").rstrip()
        tail = title[-len(issuer) :]
        if fuzz.ratio(tail.casefold(), issuer.casefold()) >= HEADING_MATCH_MIN:
            title = title[: -len(issuer)]
    return title.strip().rstrip(",").strip()


def title(text: str) -> str | None:
    """Given the preamble (or the Menetapkan text), return the decree's title, or None."""
    parts = split_tentang(text)
    if len(parts) < 2:
        return None
    issuer = compiled(_ISSUER).search(text)
    return _drop_issuer(parts[1], issuer.group(1) if issuer else None).rstrip(".") or None


def amended_nomor(texts: Sequence[str]) -> str | None:
    """Given the title and the first dictum, return the number of the decree being amended."""
    for text in texts:
        match = compiled(_AMENDS).search(text)
        found = find_nomor(text[match.end() :]) if match else None
        if found:
            return found
    return None
