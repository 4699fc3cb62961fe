"""Other templates: given the header cells of a table, return the other template it is, if it is one.

Since PermenPANRB 3/2023 agencies also issue "RB General" and "RB Tematik" action plans, whose
table (Sasaran Strategi | Indikator | Target | Satuan | Rencana Aksi | Output | per-quarter
targets | Koordinator / Pelaksana) shares some headings with this one ("Rencana Aksi", "Output")
but is another template. It is told by its headings (domain.yaml's `other_templates`) so it is
refused by name instead of being mapped onto this template's columns.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from .domain import TemplateSpec, load_domain
from .text import normalize_heading


def _found(wording: str, texts: Iterable[str], min_score: float) -> bool:
    """Given a heading wording and the header texts (normalised), return whether one of them is it."""
    target = normalize_heading(wording)
    return any(fuzz.ratio(target, text) >= min_score for text in texts)


def other_template(header_texts: Iterable[str], min_score: float) -> TemplateSpec | None:
    """Given the texts of a table's header cells, return the other template they are the headings of, or None."""
    texts = [t for t in (normalize_heading(text) for text in header_texts) if t]
    for template in load_domain().other_templates:
        if not all(_found(w, texts, min_score) for w in template.key_headings):
            continue
        if sum(_found(w, texts, min_score) for w in template.headings) >= template.min_headings:
            return template
    return None
