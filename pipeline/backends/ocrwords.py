"""OCR word mending: a word read with one letter slip is set right from the document's own words and the domain's.

A decree repeats itself. The same phrases recur from cell to cell ("unit/satuan kerja", "Zona
Integritas", "Rencana Aksi"), a merged cell is read again on every page it spans, and the domain
knows the areas, the headings and the abbreviations of the cells (RB, ASN, SOTK, ZI ...). So a
word OCR read that the domain does not know, and that one swap of letters OCR confuses ("l" for
"I", "i" for "j", "m" for "rn") turns into a word the document uses far more often or the domain
knows, is that word. A word is mended only when exactly one such word exists: never a word the
domain knows, never towards one of two candidates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache

from ..domain import load_domain
from .base import Cell, PageCells

# A word: letters and digits, and the "|" OCR reads for an "I" or "l" inside a word ("Z|").
WORD = re.compile(r"(?:[^\W_]|\|)+")
# Letters OCR reads one for another in a printed sans-serif face: (as read, as printed).
CONFUSIONS = (
    ("l", "I"), ("I", "l"), ("1", "l"), ("l", "1"), ("1", "I"), ("i", "I"), ("i", "l"), ("l", "i"),
    ("i", "j"), ("j", "i"), ("m", "rn"), ("rn", "m"), ("n", "h"), ("h", "n"), ("q", "g"),
    ("|", "I"), ("|", "l"), ("0", "O"), ("O", "0"), ("5", "S"), ("c", "e"), ("e", "c"), ("u", "n"), ("n", "u"),
    ("f", "t"), ("t", "f"),
)  # fmt: skip
# The document's own word outweighs the word read this many times before it is evidence.
MIN_DOMINANCE = 3
# Words shorter than this are left alone unless the domain knows their mending (ZI, SOP).
MIN_DOCUMENT_WORD = 4
# A word of one letter ("c." of a list) is never mended: any other letter is as likely.
MIN_WORD = 2
# Indonesian words carry no apostrophe: one between two letters is a slash read thin ("Biaya'tarif").
INNER_QUOTE = re.compile(r"(?<=[^\W\d_])['\u2018\u2019`](?=[^\W\d_])")


@cache
def domain_words() -> frozenset[str]:
    """Return the words the domain knows: headings, areas, months and the decree's and the cells' vocabulary."""
    domain = load_domain()
    words = domain.decree
    phrases = [
        *(w for h in domain.headings for w in h.wordings),
        *domain.extra_headings,
        *(w for a in domain.areas for w in (a.name, *a.wordings)),
        *domain.months,
        *words.abbreviations,
        *words.abbreviations.values(),
        *words.acronyms,
        *domain.cell_vocabulary,
    ]
    return frozenset(w for phrase in phrases for w in WORD.findall(str(phrase)) if len(w) >= MIN_WORD)


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """Given cell texts, return how often each word occurs in them."""
    return Counter(w for text in texts for w in WORD.findall(text))


def _variants(word: str) -> set[str]:
    """Given a word, return every word one confused letter (or pair) away from it."""
    out = set()
    for read, printed in CONFUSIONS:
        start = word.find(read)
        while start >= 0:
            out.add(word[:start] + printed + word[start + len(read) :])
            start = word.find(read, start + 1)
    out.discard(word)
    return out


def _is_evidence(candidate: str, word: str, counts: Counter[str], known: frozenset[str]) -> bool:
    """Given a candidate mending of a word, the document's word counts and the domain's words, return
    whether the document or the domain vouches for the candidate over the word.

    A change of case alone ("integritas", "Integritas") is no slip, but an acronym read with a
    small letter ("Zi" for ZI) is.
    """
    if candidate.lower() == word.lower() and not candidate.isupper():
        return False
    if candidate in known:
        return True
    return len(candidate) >= MIN_DOCUMENT_WORD and counts[candidate] >= MIN_DOMINANCE * max(1, counts[word])


def mended_word(word: str, counts: Counter[str], known: frozenset[str]) -> str:
    """Given a word read, the document's word counts and the domain's words, return it mended when unambiguous."""
    if len(word) < MIN_WORD or word in known or word.lower() in _lower_words(known):
        return word
    if not any(ch.isalpha() for ch in word):
        return word
    found = [c for c in _variants(word) if _is_evidence(c, word, counts, known)]
    return found[0] if len(found) == 1 else word


@cache
def _lower_words(known: frozenset[str]) -> frozenset[str]:
    """Given words, return those that are not acronyms, lower-cased: a word known in another case is known."""
    return frozenset(w.lower() for w in known if not w.isupper())


def mended_text(text: str, counts: Counter[str], known: frozenset[str]) -> str:
    """Given a cell's text, the document's word counts and the domain's words, return the text with its words mended."""
    return WORD.sub(lambda m: mended_word(m.group(), counts, known), INNER_QUOTE.sub("/", text))


def mended_pages(pages: Sequence[PageCells]) -> list[PageCells]:
    """Given the cells of a document's scanned pages, return them with each cell's OCR slips mended.

    The evidence is the document's own words, counted over all its cells, and the domain's words.
    """
    counts = word_counts(c.text for page in pages for c in page.cells)
    known = domain_words()
    return [replace(page, cells=tuple(_mended_cell(c, counts, known) for c in page.cells)) for page in pages]


def _mended_cell(cell: Cell, counts: Counter[str], known: frozenset[str]) -> Cell:
    """Given a cell, the document's word counts and the domain's words, return the cell with its text mended."""
    return replace(cell, text=mended_text(cell.text, counts, known)) if cell.text else cell
