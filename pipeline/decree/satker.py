"""Decree work unit: a Decree -> the satuan kerja it comes from, e.g. "KPU Kota Tegal"."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from .vocabulary import alternation, compiled, words

if TYPE_CHECKING:
    from .model import Decree

# Templates of vocabulary patterns (see vocabulary.compiled).
_OFFICE_TITLE = r"(?i)^{office_titles}\s+"
_WORK_UNIT = r"(?i)\b{work_unit_leads}\s+(.+)$"


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return each long name's pattern (KOMISI PEMILIHAN UMUM) and its abbreviation (KPU)."""
    names = words().abbreviations.items()
    return tuple((re.compile(rf"\b{alternation([name])}\b", re.I), short) for name, short in names)


def _abbreviate(office: str) -> str:
    """Given an office, return it with its long names abbreviated."""
    for pattern, short in _abbreviations():
        office = pattern.sub(short, office)
    return office


def satker_of(decree: Decree) -> str | None:
    """Given a Decree, return the work unit (satuan kerja) it comes from, e.g. "KPU Kota Tegal".

    It is read from the signatory's office ("SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL") or,
    failing that, from the title's "DI LINGKUNGAN ..." phrase.
    """
    office = decree.penandatangan.jabatan if decree.penandatangan else ""
    if not office:
        found = compiled(_WORK_UNIT).search(decree.tentang or "")
        office = found.group(1) if found else ""
    office = compiled(_OFFICE_TITLE).sub("", office.strip(" ,."))
    if not office:
        return None
    acronyms = words().acronyms
    return " ".join(w if w in acronyms else w.capitalize() for w in _abbreviate(office).split())
