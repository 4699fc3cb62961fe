"""OCR word mending: a word read with one letter slip is set right from the document's own words and the domain's.

A decree repeats itself. The same phrases recur from cell to cell ("unit/satuan kerja", "Zona
Integritas", "Rencana Aksi"), a merged cell is read again on every page it spans, and the domain
knows the areas, the headings and the abbreviations of the cells (RB, ASN, SOTK, ZI ...). So a
word OCR read that the domain does not know, and that one swap of letters OCR confuses ("l" for
"I", "i" for "j", "m" for "rn") turns into a word the document uses far more often or the domain
knows, is that word. A long word printed nowhere else that splits one way only into words the
document prints elsewhere is words OCR ran together. A word is mended only when exactly one such
mending exists: never a word the domain knows, never towards one of two candidates.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from ..domain import load_domain
from ..text import leading_marker
from .base import Cell, PageCells
from .lexicon import ocr_lexicon
from .stops import SEMICOLON

# A word: letters and digits, and the "|" or "!" OCR reads for an "I" or "l" after a letter ("Z|", "Z!").
WORD = re.compile(r"(?:[^\W_]|\|)+(?:(?<=[^\W\d_])!)?")
# Letters OCR reads one for another in a printed sans-serif face: (as read, as printed).
CONFUSIONS = (
    ("l", "I"), ("I", "l"), ("1", "l"), ("l", "1"), ("1", "I"), ("i", "I"), ("i", "l"), ("l", "i"),
    ("i", "j"), ("j", "i"), ("m", "rn"), ("rn", "m"), ("n", "h"), ("h", "n"), ("q", "g"),
    ("|", "I"), ("|", "l"), ("!", "I"), ("0", "O"), ("O", "0"), ("5", "S"), ("c", "e"), ("e", "c"), ("u", "n"),
    ("n", "u"), ("f", "t"), ("t", "f"), ("F", "T"), ("a", "g"),
)  # fmt: skip
# A word this long may carry two slips ("linakunaan" for "lingkungan"): a grey scan's small type
# reads every "g" of a word as "a" alike.
MIN_TWO_SLIPS = 8
# The document's own word outweighs the word read this many times before it is evidence, and a
# word the document prints more often than MAX_SLIP_COUNT is a word of its own ("dari", not "dan").
MIN_DOMINANCE = 3
MAX_SLIP_COUNT = 2
# Words shorter than this are left alone unless the domain knows their mending (ZI, SOP).
MIN_DOCUMENT_WORD = 4
# A word shorter than this is never mended from the dictionary alone: too many short words lie a
# letter apart.
MIN_LEXICON_WORD = 5
# A word of one letter ("c." of a list) is never mended: any other letter is as likely.
MIN_WORD = 2
# A photocopy's spread strokes confuse letters no sans-serif face does ("Eraluasi" for "Evaluasi",
# "efekiivitas" for "efektivitas"). A word this long that no dictionary knows, read once, with one
# letter of any kind away from exactly one word that the dictionary or the domain knows and the
# document prints MIN_DOMINANCE times or more, is that word.
MIN_ANY_SLIP_WORD = 6
ANY_LETTER = "?"
# A word run together by OCR is split when it is this long and each part, this long, is known to the
# domain or printed this often elsewhere in the document.
MIN_RUN = 8
MIN_PART = 3
MIN_PART_COUNT = 2
# Two words joined by a stop or a hyphen ("masyarakat-dalam", "Pelaporan.SPIP"): a speck between
# them, unless the document prints them joined again or they are one word twice ("jenis-jenis").
# A compound broken after its hyphen at a line end ("perundang-" | "undangan") is one word: Word
# and LibreOffice do not hyphenate Indonesian, so a line never ends in a hyphen they added.
JOINED = re.compile(r"(?<![^\W_])([^\W\d_]{4,})([.-])([^\W\d_]{4,})(?![^\W_])")
LINE_BREAK = re.compile(r"(?<![^\W_])([^\W\d_]+)-\s+([^\W\d_]+)")
# A number label read with a speck after its stop ("4.: Sarana").
LABEL_SPECK = re.compile(r"(?<=\d\.)[:;,](?=\s)")
# Items lettered "a. b. c.": a "b," among them is "b.".
LETTER_STOP = re.compile(r"(?<![^\W_])[a-z]\. ")
LETTER_COMMA = re.compile(r"(?<![^\W_])([a-z]),(?= [A-Z])")
# A cell opening "1, Adanya": a numbered item, read with a comma for its stop.
OPENING_COMMA = re.compile(r"^(\d+),(?= [^\W\d_])")
# A stop glued between a closing bracket and the next word ("(SPIP).di") is a speck.
BRACKET_SPECK = re.compile(r"\)\.(?=[^\W\d_])")
# An acronym closed by a bracket that opens nowhere ("PB)"): the bracket is a "J" read thin.
BRACKET_J = re.compile(r"(?<![^\W_])([A-Z]{1,5})\)")
# A stop between two words in small letters ("sesuai. dengan"), where the document prints the same
# two words together without it, twice or more: a speck. A word of three letters or fewer before
# it may be an abbreviation ("dll. dan"), whose stop is printed.
STOP_BETWEEN = re.compile(r"(?<![^\W_])([^\W\d_]{4,})\.(\s)(?=([a-z]{2,})(?![^\W_]))")
MIN_PAIR_COUNT = 2
# Quotation marks come in pairs; one alone is a speck.
QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u2018", "\u2019"))
# Items numbered "1.) 2.) 3.)": a "2,)" among them is "2.)".
LIST_STOP = re.compile(r"\d\.\)")
LIST_COMMA = re.compile(r"(?<!\d)(\d+),\)")
# A colon opens what follows it in its cell: a list at its first item ("Pelayanan: 1)") or words. One
# read where its cell ends, before a list's closing "dan", before an item other than a list's first
# ("petugas: 2) Kartu tamu"), or as one of several in a cell that open no list, is the semicolon
# that closes a plan's items read without its tail: at 150 dpi the two differ by a pixel.
COLON = re.compile(r"(?<=[^\W_]|[)\]]):(?=\s|$)")
FIRST_ITEMS = frozenset({"1", "a", "A"})
MIN_WORD_COLONS = 2
# A cell whose foot is this close to its table's foot on the page reaches it.
FOOT_TOLERANCE_PT = 2.0
SEPARATOR, OPENS_LIST, OPENS_WORDS = "separator", "list", "words"
# A cell opening on a lone "i", "l" or "|" before a capital ("i Evaluasi Organisasi") opens on its item
# number 1 read thin, its stop lost, in a document that numbers with no small roman "ii".
OPENING_ONE = re.compile(r"^[il|](?= [A-Z])")
ROMAN_TWO = "ii"
# Decree cells print no underscore: one glued to a word's end, with any hyphens after it, is a speck
# ("berbagai_- peraturan").
TRAILING_UNDERSCORE = re.compile(r"(?<=[^\W\d_])_[_-]*(?=\s|$)")
# A cell that is one item label ("C.") read with its letter twice, in its two cases ("Cc."): Tesseract
# reads a large bold C so. It is the one letter, in the case the document's other lone labels print.
LONE_LABEL = re.compile(r"^([^\W\d_])[.)]$")
DOUBLED_LABEL = re.compile(r"^([^\W\d_])([^\W\d_])([.)])$")
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


@dataclass(frozen=True)
class Evidence:
    """What vouches for a word: the document's word counts (as printed and lower-cased) and the domain's words."""

    counts: Counter[str]
    lower: Counter[str]
    known: frozenset[str]
    joined: Counter[str]
    pairs: Counter[str]
    lexicon: frozenset[str] = frozenset()
    label_cases: Counter[bool] = field(default_factory=Counter)
    # The document's own known words of some length, each under its spellings with one letter left open.
    open_letters: dict[str, frozenset[str]] = field(default_factory=dict)


def evidence(texts: Iterable[str], lexicon: frozenset[str] | None = None) -> Evidence:
    """Given a document's cell texts and a dictionary of lower-cased words (default: the OCR language's), return
    the evidence of its words, the domain's and the dictionary's."""
    texts = list(texts)
    counts = Counter(w for text in texts for w in WORD.findall(text))
    lower: Counter[str] = Counter()
    for word, n in counts.items():
        lower[word.lower()] += n
    joined = Counter(m.group().lower() for text in texts for m in JOINED.finditer(_line_breaks_closed(text)))
    pairs = Counter(p for text in texts for p in _word_pairs(text))
    labels = Counter(m.group(1).isupper() for text in texts if (m := LONE_LABEL.match(text.strip())))
    words = ocr_lexicon() if lexicon is None else lexicon
    return Evidence(counts, lower, domain_words(), joined, pairs, words, labels, _open_letters(lower, words))


def _open_letters(lower: Counter[str], lexicon: frozenset[str]) -> dict[str, frozenset[str]]:
    """Given the document's lower-cased word counts and the dictionary, return each spelling with one letter left
    open ("ev?luasi") of the long words the document prints often and the dictionary or the domain knows."""
    known = _domain_lower()
    spellings: dict[str, set[str]] = {}
    for word, n in lower.items():
        long_enough = n >= MIN_DOMINANCE and len(word) >= MIN_ANY_SLIP_WORD and word.isalpha()
        for spelling in _with_open_letter(word) if long_enough and (word in lexicon or word in known) else ():
            spellings.setdefault(spelling, set()).add(word)
    return {k: frozenset(v) for k, v in spellings.items()}


def _with_open_letter(word: str) -> Iterator[str]:
    """Given a word, yield it with each of its letters in turn left open."""
    for i in range(len(word)):
        yield word[:i] + ANY_LETTER + word[i + 1 :]


def _any_slip(word: str, seen: Evidence) -> str | None:
    """Given a word read that nothing else mends, return the one word of the document's a letter of any kind away
    from it (cased as it was read), or None.

    Only a long word read once, that neither the dictionary nor the domain knows.
    """
    low = word.lower()
    if len(word) < MIN_ANY_SLIP_WORD or not word.isalpha() or seen.counts[word] > 1:
        return None
    if low in seen.lexicon or low in _domain_lower():
        return None
    found = {w for spelling in _with_open_letter(low) for w in seen.open_letters.get(spelling, ())}
    if len(found) != 1:
        return None
    (printed,) = found
    if word.isupper():
        return printed.upper()
    return printed.capitalize() if word[0].isupper() else printed


def _word_pairs(text: str) -> Iterator[str]:
    """Given a cell's text, yield each two words in a row with nothing but a space between them, lower-cased."""
    words = text.split()
    for first, second in itertools.pairwise(words):
        second = second.rstrip(",.;:")
        if first.isalpha() and second.isalpha():
            yield f"{first.lower()} {second.lower()}"


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


def _two_slips(word: str, once: set[str]) -> set[str]:
    """Given a long word and the words one slip away from it, return every word two slips away (none for a
    short word)."""
    if len(word) < MIN_TWO_SLIPS:
        return set()
    return {twice for one in once for twice in _variants(one)} - {word}


def _is_evidence(candidate: str, word: str, seen: Evidence) -> bool:
    """Given a candidate mending of a word and the evidence, return whether it vouches for the candidate.

    A change of case alone ("integritas", "Integritas") is no slip, but an acronym read with a
    small letter ("Zi" for ZI) is.
    """
    if candidate.lower() == word.lower() and not candidate.isupper():
        return False
    if candidate in seen.known:
        return True
    counts = seen.counts
    if counts[word] > MAX_SLIP_COUNT or len(candidate) < MIN_DOCUMENT_WORD:
        return False
    # The candidate is counted whatever its case: "Maklumat" opening a cell is the word "maklumat" is.
    return seen.lower[candidate.lower()] >= MIN_DOMINANCE * counts[word]


def _vouched_part(part: str, seen: Evidence) -> bool:
    """Given a part of a word run together, return whether the domain knows it or the document prints it elsewhere."""
    low = part.lower()
    return len(part) >= MIN_PART and (low in _lower_words(seen.known) or seen.lower[low] >= MIN_PART_COUNT)


def _splits(word: str, seen: Evidence) -> list[str]:
    """Given a word, return the ways it splits into two or three words the evidence vouches for."""
    out = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, rest = word[:i], word[i:]
        if not _vouched_part(head, seen):
            continue
        if _vouched_part(rest, seen):
            out.append(f"{head} {rest}")
        for j in range(MIN_PART, len(rest) - MIN_PART + 1):
            if _vouched_part(rest[:j], seen) and _vouched_part(rest[j:], seen):
                out.append(f"{head} {rest[:j]} {rest[j:]}")
    return out


def _unsplit(word: str, seen: Evidence) -> str:
    """Given a word the evidence does not know, return it split where OCR ran words together ("Tatakeloladan").

    Only a long word printed nowhere else in the document, that splits one way only.
    """
    if len(word) < MIN_RUN or not word.isalpha() or seen.lower[word.lower()] > 1:
        return word
    found = _splits(word, seen)
    return found[0] if len(found) == 1 else word


def mended_word(word: str, seen: Evidence) -> str:
    """Given a word read and the evidence, return it mended when unambiguous."""
    known = seen.known
    if len(word) < MIN_WORD or word in known or word.lower() in _lower_words(known):
        return word
    if not any(ch.isalpha() for ch in word):
        return word
    once = _variants(word)
    found = [c for c in once if _is_evidence(c, word, seen)]
    if found:
        return found[0] if len(found) == 1 else _unsplit(word, seen)
    twice = _two_slips(word, once)
    found = [c for c in twice if _is_evidence(c, word, seen)] or _in_lexicon(word, (once, twice), seen)
    if len(found) == 1:
        return found[0]
    unsplit = _unsplit(word, seen)
    return unsplit if unsplit != word or found else (_any_slip(word, seen) or word)


def _in_lexicon(word: str, slips: tuple[set[str], set[str]], seen: Evidence) -> list[str]:
    """Given a word read, the words one and two slips away and the evidence, return the one word the dictionary
    knows that the word read is, when the dictionary does not know the word read ("Plagam" is "Piagam").

    A word read again and again is the document's own unless the document prints the word it
    would be mended to as well ("Jumiah" in five cells of spread type, "Jumlah" in others).
    """
    lexicon = seen.lexicon
    if len(word) < MIN_LEXICON_WORD or not word.isalpha() or word.lower() in lexicon:
        return []
    once, twice = slips
    found = [c for c in once if c.lower() in lexicon] or [c for c in twice if c.lower() in lexicon]
    if len({c.lower() for c in found}) != 1:
        return []
    if seen.counts[word] > MAX_SLIP_COUNT and not seen.lower[found[0].lower()]:
        return []
    # "Plagam" is "Piagam" or "PIagam": the word is printed in one case after its first letter.
    natural = {c for c in found if c[1:].islower() or c.isupper()}
    return [natural.pop()] if len(natural) == 1 else []


def unknown_words(text: str) -> int:
    """Given text read, return how many of its words (of letters only) neither the OCR language's dictionary nor
    the domain knows."""
    words = [w.lower() for w in WORD.findall(text) if len(w) >= MIN_WORD and w.isalpha()]
    known, lexicon = _domain_lower(), ocr_lexicon()
    return sum(w not in known and w not in lexicon for w in words)


@cache
def _domain_lower() -> frozenset[str]:
    """Return the domain's words lower-cased, its acronyms among them."""
    return frozenset(w.lower() for w in domain_words())


@cache
def _lower_words(known: frozenset[str]) -> frozenset[str]:
    """Given words, return those that are not acronyms, lower-cased: a word known in another case is known."""
    return frozenset(w.lower() for w in known if not w.isupper())


def _line_breaks_closed(text: str) -> str:
    """Given a cell's text, return it with every word broken at a hyphen and a space whole ("perundang-undangan")."""
    return LINE_BREAK.sub(r"\1-\2", text)


def _without_stray_quotes(text: str) -> str:
    """Given a cell's text, return it without quotation marks that open or close nothing (specks read as quotes)."""
    for opening, closing in QUOTE_PAIRS:
        if (opening in text) != (closing in text):
            text = text.replace(opening, "").replace(closing, "")
    return text


def _brackets(text: str, seen: Evidence) -> str:
    """Given a cell's text and the evidence, return it with the specks and misreadings round brackets mended."""
    text = BRACKET_SPECK.sub(") ", text)
    if "(" in text:
        return text
    return BRACKET_J.sub(lambda m: m.group(1) + "J" if m.group(1) + "J" in seen.known else m.group(), text)


def _numbering(text: str) -> str:
    """Given a cell's text, return its item labels as the cell's others: "2,)" among "1.)", "b," among "a."."""
    text = OPENING_COMMA.sub(r"\1.", LABEL_SPECK.sub("", text))
    text = LIST_COMMA.sub(r"\1.)", text) if LIST_STOP.search(text) else text
    return LETTER_COMMA.sub(r"\1.", text) if LETTER_STOP.search(text) else text


def _colon_kind(rest: str, ends_here: bool) -> str:
    """Given the text after a colon in a cell and whether the cell ends on its page, return what the colon
    does there: separate items (a semicolon read), open a list, or open words.

    A cell cut by a page break may end on a colon that opens what reads on overleaf.
    """
    following = rest.split(maxsplit=1)
    if not following:
        return SEPARATOR if ends_here else OPENS_LIST
    if following[0].lower() in load_domain().list_conjunctions:
        return SEPARATOR
    marker = leading_marker(rest)
    if marker is None or marker.style in ("digit", "letter"):
        return OPENS_WORDS
    return OPENS_LIST if marker.value in FIRST_ITEMS else SEPARATOR


def _separators(text: str, ends_here: bool) -> str:
    """Given a cell's text and whether the cell ends on its page, return it with the semicolons read as colons
    set right."""
    found = [(m.start(), _colon_kind(text[m.end() :], ends_here)) for m in COLON.finditer(text)]
    words = sum(kind == OPENS_WORDS for _, kind in found)
    chars = list(text)
    for at, kind in found:
        if kind == SEPARATOR or (kind == OPENS_WORDS and words >= MIN_WORD_COLONS):
            chars[at] = SEMICOLON
    return "".join(chars)


def _parted(match: re.Match[str], seen: Evidence) -> str:
    """Given two words joined by a stop or hyphen and the evidence, return them parted when the join is a speck."""
    head, tail = match.group(1), match.group(3)
    apart = head.lower() != tail.lower() and all(_vouched_part(w, seen) for w in (head, tail))
    return f"{head} {tail}" if apart and seen.joined[match.group().lower()] <= 1 else match.group()


def _without_stop_between(match: re.Match[str], seen: Evidence) -> str:
    """Given a stop between two words and the evidence, return it left out when the document prints them together."""
    together = f"{match.group(1).lower()} {match.group(3)}"
    return match.group(1) + match.group(2) if seen.pairs[together] >= MIN_PAIR_COUNT else match.group()


def _single_label(text: str, seen: Evidence) -> str:
    """Given a cell's text and the evidence, return a lone label read with its letter twice ("Cc.") as the one
    letter, cased as most of the document's lone labels are (left as read when they are evenly split)."""
    match = DOUBLED_LABEL.match(text)
    if match is None or match.group(1) == match.group(2) or match.group(1).lower() != match.group(2).lower():
        return text
    upper, lower = seen.label_cases[True], seen.label_cases[False]
    if upper == lower:
        return text
    letter = match.group(1).upper() if upper > lower else match.group(1).lower()
    return letter + match.group(3)


def mended_text(text: str, seen: Evidence, ends_here: bool = True) -> str:
    """Given a cell's text, the evidence and whether the cell ends on its page, return the text with its words
    and stops mended."""
    text = _single_label(text, seen)
    text = _numbering(_without_stray_quotes(INNER_QUOTE.sub("/", _line_breaks_closed(text))))
    text = _separators(TRAILING_UNDERSCORE.sub("", text), ends_here)
    text = text if seen.lower[ROMAN_TWO] else OPENING_ONE.sub("1", text)
    text = STOP_BETWEEN.sub(lambda m: _without_stop_between(m, seen), text)
    text = _brackets(text, seen)
    text = JOINED.sub(lambda m: _parted(m, seen), text)
    return WORD.sub(lambda m: mended_word(m.group(), seen), text)


def mended_pages(pages: Sequence[PageCells]) -> list[PageCells]:
    """Given the cells of a document's scanned pages, return them with each cell's OCR slips mended.

    The evidence is the document's own words, counted over all its cells, and the domain's words.
    """
    seen = evidence(c.text for page in pages for c in page.cells)
    return [replace(page, cells=_mended_cells(page.cells, seen)) for page in pages]


def _mended_cells(cells: Sequence[Cell], seen: Evidence) -> tuple[Cell, ...]:
    """Given a page's cells and the evidence, return the cells with their text mended.

    A cell that reaches down to its table's foot on the page may go on overleaf.
    """
    feet: dict[int, float] = {}
    for cell in cells:
        feet[cell.table] = max(feet.get(cell.table, cell.bottom), cell.bottom)
    return tuple(
        replace(c, text=mended_text(c.text, seen, c.bottom < feet[c.table] - FOOT_TOLERANCE_PT)) if c.text else c
        for c in cells
    )
