"""Decree stage: the body pages' text -> the decree's number, title, grounds, dicta and signatory.

The body of a Keputusan reads, in order: letterhead, `KEPUTUSAN <issuer> NOMOR: <nomor>`,
`TENTANG <title>`, the issuer again, Menimbang (items a., b., ...), Mengingat (numbered legal
instruments), MEMUTUSKAN, Menetapkan, the dicta KESATU, KEDUA, ..., and the closing block
`Ditetapkan di <place>` / `pada tanggal <date>` / office / `Ttd.` / name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from string import ascii_lowercase

import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.config import HEADING_MATCH_MIN
from pipeline.domain import Domain, load_domain

BODY_HEADINGS = ("menimbang", "mengingat", "memutuskan", "menetapkan")
CLOSING = "ditetapkan"
CLOSING_WORD = "ditetapkan"
MONTH_MATCH_MIN = 80.0
DATE_SEARCH_LINES = 4
FUZZY_MONTH_MIN_LENGTH = 5
MENGINGAT_COLUMNS = ("no", "jenis", "nomor", "tahun", "tentang")
LETTER_LABELS = tuple(ascii_lowercase)
NUMBER_LABELS = tuple(str(n) for n in range(1, 100))

_WS = re.compile(r"\s+")
_GLUED_END = re.compile(r"(?:\w-|/)$")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,3}[-–—\s]*$")
_COLON_ONLY = re.compile(r"^[:\s]+$")
# A page of a Keputusan ends with the first words of the next page ("Mengingat...").
_CATCHWORD = re.compile(r"^\S+(?:\s+\S+){0,3}?\s*(?:\.{3,}|…)$")
_SPACED_CAPS = re.compile(r"^(?:[A-Z] ){3,}[A-Z]\s*:?$")
_LEAD_TOKEN = re.compile(r"^\s*([A-Za-z]+)(.*)$", re.S)
_ITEM_START = re.compile(r"^(?:[a-z]|\d{1,2})\s*[.)]", re.I)
_LETTER_ITEM = re.compile(r"^([a-z])\s*[.)]\s*(?=\S)", re.I)
_NUMBER_ITEM = re.compile(r"^(\d{1,2})\s*[.)]\s*(?=[A-Za-z(])")
_NOMOR = re.compile(r"\b(?:nomor|no\.?)(?![a-z])\s*:?\s*([a-z0-9][\w.\-]*(?:\s*/\s*[\w.\-]+)+)", re.I)
_SLASH_SPACE = re.compile(r"\s*/\s*")
_NOMOR_YEAR = re.compile(r"(?:^|/)((?:19|20)\d{2})$")
_TENTANG = re.compile(r"\btentang\b\s*:?\s*", re.I)
_ISSUER = re.compile(r"\bkeputusan\s+(.+?)\s+(?:nomor|no\.?)(?![a-z])", re.I)
_BLESSING = re.compile(r"\bDENGAN\s+RAHMAT\s+TUHAN\b", re.I)
_AMENDS = re.compile(r"\bperubahan(?:\s+(?:pertama|kedua|ketiga|keempat|kelima))?(?:\s+atas)?\s+keputusan\b", re.I)
_NAMED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.\s]\s*([A-Za-z]+)\.?\s*[-/.\s]?\s*(\d{4})(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_PLACE_PREFIX = re.compile(r"^\S+\s+di\b\s*:?\s*", re.I)
_DATE_PHRASE = re.compile(r"\b(?:pada\s+)?tanggal\b", re.I)
_SIGNED_MARK = re.compile(r"^[(\[]?\s*(?:(?:ttd|t\.t\.d|dto|cap)\.?\s*(?:dan|&|/|,)?\s*)+[)\]]?\.?$", re.I)
_COPY_MARK = re.compile(r"^salinan\b|\bsesuai\s+dengan\s+aslinya\b", re.I)
# A new instrument starts with a capitalised name of letters only, then its Nomor.
_INSTRUMENT_HEAD = re.compile(r"^\s*(?:(?i:dan)\s+)?[A-Z][A-Za-z\-]*(?:\s+[A-Za-z\-/,]+){0,12}?\s+(?i:nomor)\b")
_WITH_NOMOR = re.compile(
    r"^(?P<jenis>.+?)\s+nomor\s*:?\s*(?P<nomor>[^\s/]+(?:\s*/\s*[^\s/]+)*)"
    r"(?:\s+tahun\s+(?P<tahun>\d{4}))?",
    re.I,
)
_WITH_YEAR = re.compile(r"^(?P<jenis>.+?)\s+tahun\s+(?P<tahun>\d{4})", re.I)
_LEADING_DAN = re.compile(r"^\s*dan\s+", re.I)
_LIST_END = re.compile(r"(?:\s*[;,.]\s*(?:dan|serta)?)+\s*$", re.I)


@dataclass(frozen=True)
class Instrument:
    """One legal instrument of the Mengingat list."""

    no: int
    jenis: str
    nomor: str
    tahun: int | None
    tentang: str


@dataclass(frozen=True)
class Signatory:
    """The official who signs the decree."""

    jabatan: str
    nama: str


@dataclass(frozen=True)
class Decree:
    """What the body pages of one decree say."""

    nomor: str | None
    tentang: str | None
    mengubah_nomor: str | None
    ditetapkan_di: str | None
    tanggal: str | None
    penandatangan: Signatory | None
    menimbang: tuple[str, ...]
    mengingat: tuple[Instrument, ...]
    diktum: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Marker:
    """Where a heading, a dictum label or the closing block starts."""

    key: str
    line: int
    rest: str


# --- text ------------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    """Given text, return it with runs of white space made one space, trimmed."""
    return _WS.sub(" ", text).strip()


def _join_lines(lines: Sequence[str]) -> str:
    """Given wrapped lines, return one line; a line ending in `word-` or `/` is glued on."""
    text = ""
    for line in (raw.strip() for raw in lines):
        if line:
            glue = "" if not text or _GLUED_END.search(text) else " "
            text += glue + line
    return _collapse(text)


def _unspace_caps(line: str) -> str:
    """Given a line, return `M E M U T U S K A N` written as `MEMUTUSKAN`."""
    return line.replace(" ", "") if _SPACED_CAPS.match(line) else line


def _is_noise(line: str) -> bool:
    """Given a stripped line, return whether it is a page number, a catchword or a lone colon."""
    return not line or any(p.match(line) for p in (_PAGE_NUMBER, _CATCHWORD, _COLON_ONLY))


def _clean_lines(text: str) -> list[str]:
    """Given the body text, return its non-empty content lines."""
    lines = (_unspace_caps(raw.strip()) for raw in text.splitlines())
    return [line for line in lines if not _is_noise(line)]


# --- numbers and dates -----------------------------------------------------------------------


def _clean_nomor(raw: str) -> str:
    """Given a printed number, return it without spaces around `/` or trailing punctuation."""
    return _SLASH_SPACE.sub("/", raw.strip()).strip(".,;:-")


def find_nomor(text: str) -> str | None:
    """Given text, return the first `Nomor <a>/<b>/...` number in it, or None."""
    match = _NOMOR.search(text)
    return _clean_nomor(match.group(1)) if match else None


def _month_number(word: str) -> int | None:
    """Given a month word (name, abbreviation or near-miss), return its number, or None."""
    months = load_domain().months
    key = word.casefold()
    if key in months:
        return months[key]
    names = [name for name in months if len(name) >= FUZZY_MONTH_MIN_LENGTH]
    hit = process.extractOne(key, names, scorer=fuzz.ratio, score_cutoff=MONTH_MATCH_MIN)
    return months[hit[0]] if hit else None


def _iso_date(year: int, month: int | None, day: int) -> str | None:
    """Given date parts, return the ISO date, or None when they name no real day."""
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_tanggal(text: str) -> str | None:
    """Given text holding `7 Oktober 2021` or `7-10-2021`, return `2021-10-07`, or None."""
    for match in _NAMED_DATE.finditer(text):
        day, month, year = match.groups()
        found = _iso_date(int(year), _month_number(month), int(day))
        if found:
            return found
    for match in _NUMERIC_DATE.finditer(text):
        found = _iso_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if found:
            return found
    return None


# --- headings --------------------------------------------------------------------------------


def _marker_order(domain: Domain) -> tuple[str, ...]:
    """Given the domain, return the keys of the body's markers in reading order."""
    return (*BODY_HEADINGS, *domain.diktum_labels, CLOSING)


def _vocabulary(domain: Domain) -> dict[str, str]:
    """Given the domain, return every heading wording (casefolded) -> its marker key."""
    words = {w.casefold(): key for key in BODY_HEADINGS for w in domain.decree_headings[key]}
    return words | {label.casefold(): label for label in domain.diktum_labels}


@cache
def _heading_words() -> dict[str, str]:
    """Return the shipped domain's heading vocabulary (built once per process)."""
    return _vocabulary(load_domain())


def _is_closing(line: str) -> bool:
    """Given a line, return whether it opens the closing block (`Ditetapkan di ...`)."""
    words = line.split()
    return (
        len(words) >= 2
        and words[1].strip(":").casefold() == "di"
        and fuzz.ratio(words[0].casefold(), CLOSING_WORD) >= HEADING_MATCH_MIN
    )


def _heading_hit(line: str, vocabulary: dict[str, str]) -> tuple[str, str, bool] | None:
    """Given a line, return (marker key, text after the heading, whether the form is strong)."""
    match = _LEAD_TOKEN.match(line)
    if not match:
        return None
    token = match.group(1).casefold()
    hit = process.extractOne(token, list(vocabulary), scorer=fuzz.ratio, score_cutoff=HEADING_MATCH_MIN)
    if hit is None:
        return None
    rest = match.group(2).strip()
    strong = rest.startswith(":") or not rest.strip(":.") or bool(_ITEM_START.match(rest))
    return vocabulary[hit[0]], rest.lstrip(":").strip(), strong


def _marker_at(line: str, index: int, order: tuple[str, ...], last: int) -> _Marker | None:
    """Given a line and the last marker's rank, return the next marker the line opens, or None.

    A heading written without its colon (`Menetapkan KEPUTUSAN ...`) is taken only when it is
    the next one expected, so a wrapped sentence starting with `menetapkan` is not a heading.
    """
    if _is_closing(line):
        return _Marker(CLOSING, index, line)
    hit = _heading_hit(line, _heading_words())
    if hit is None:
        return None
    key, rest, strong = hit
    rank = order.index(key)
    expected = rank == last + 1 and line[:1].isupper()
    return _Marker(key, index, rest) if rank > last and (strong or expected) else None


def _find_markers(lines: Sequence[str]) -> tuple[_Marker, ...]:
    """Given the body lines, return the headings, dictum labels and closing block found."""
    order = _marker_order(load_domain())
    found: list[_Marker] = []
    for index, line in enumerate(lines):
        marker = _marker_at(line, index, order, order.index(found[-1].key) if found else -1)
        if marker is not None:
            found.append(marker)
            if marker.key == CLOSING:
                break
    return tuple(found)


def _section(lines: Sequence[str], markers: Sequence[_Marker], key: str) -> list[str]:
    """Given the lines and markers, return the lines of the section opened by `key`."""
    for position, marker in enumerate(markers):
        if marker.key == key:
            end = markers[position + 1].line if position + 1 < len(markers) else len(lines)
            return [marker.rest, *lines[marker.line + 1 : end]]
    return []


def _preamble(lines: Sequence[str], markers: Sequence[_Marker]) -> list[str]:
    """Given the lines and markers, return the lines before the first heading."""
    return list(lines[: markers[0].line]) if markers else list(lines)


# --- title -----------------------------------------------------------------------------------


def _decree_nomor(preamble_text: str) -> str | None:
    """Given the preamble, return the decree's own number (the first after KEPUTUSAN)."""
    head = _TENTANG.split(preamble_text, maxsplit=1)[0]
    start = re.search(r"\bkeputusan\b", head, re.I)
    return find_nomor(head[start.start() :] if start else head) or find_nomor(preamble_text)


def _drop_issuer(title: str, issuer: str | None) -> str:
    """Given the text after TENTANG, return it without the issuing official's line.

    The official's line ends with a comma; without one the title's own ending (often the
    same institution name) must not be cut.
    """
    title = _BLESSING.split(title, maxsplit=1)[0].strip()
    if issuer and title.endswith(","):
        title = title.rstrip(",").rstrip()
        tail = title[-len(issuer) :]
        if fuzz.ratio(tail.casefold(), issuer.casefold()) >= HEADING_MATCH_MIN:
            title = title[: -len(issuer)]
    return title.strip().rstrip(",").strip()


def _title(text: str) -> str | None:
    """Given the preamble (or the Menetapkan text), return the decree's title, or None."""
    parts = _TENTANG.split(text, maxsplit=1)
    if len(parts) < 2:
        return None
    issuer = _ISSUER.search(text)
    return _drop_issuer(parts[1], issuer.group(1) if issuer else None).rstrip(".") or None


def _amended_nomor(texts: Sequence[str]) -> str | None:
    """Given the title and the first dictum, return the number of the decree being amended."""
    for text in texts:
        match = _AMENDS.search(text)
        found = find_nomor(text[match.end() :]) if match else None
        if found:
            return found
    return None


# --- items -----------------------------------------------------------------------------------


def _split_items(lines: Sequence[str], labels: Sequence[str], pattern: re.Pattern[str]) -> list[str]:
    """Given a section's lines, return its items; only the next label in sequence opens one."""
    groups: list[list[str]] = []
    seen = 0
    for line in lines:
        match = pattern.match(line)
        if match and seen < len(labels) and match.group(1).casefold() == labels[seen]:
            groups.append([line[match.end() :]])
            seen += 1
        elif groups:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [text for text in map(_join_lines, groups) if text]


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
    return _LIST_END.sub("", text).strip()


def split_instruments(item: str) -> list[str]:
    """Given one numbered Mengingat item, return its legal instruments (split at `;`)."""
    text = _collapse(item)
    parts, start = [], 0
    for cut in _top_level_semicolons(text):
        if _INSTRUMENT_HEAD.match(text[cut + 1 :]):
            parts.append(text[start:cut])
            start = cut + 1
    parts.append(text[start:])
    cleaned = (_strip_list_end(_LEADING_DAN.sub("", part)) for part in parts)
    return [part for part in cleaned if part]


def _year(printed: str | None, nomor: str) -> int | None:
    """Given the printed `Tahun` and the number, return the year (from `.../2021` if needed)."""
    if printed:
        return int(printed)
    match = _NOMOR_YEAR.search(nomor)
    return int(match.group(1)) if match else None


def _instrument(no: int, text: str) -> Instrument:
    """Given an instrument's text, return it as jenis, nomor, tahun and tentang."""
    parts = _TENTANG.split(text, maxsplit=1)
    head, tentang = parts[0].strip(), _strip_list_end(parts[1]) if len(parts) > 1 else ""
    match = _WITH_NOMOR.match(head)
    if match:
        nomor = _clean_nomor(match["nomor"])
        jenis = _collapse(match["jenis"])
        return Instrument(no, jenis, nomor, _year(match["tahun"], nomor), tentang)
    match = _WITH_YEAR.match(head)
    if match:
        return Instrument(no, _collapse(match["jenis"]), "", int(match["tahun"]), tentang)
    return Instrument(no, _strip_list_end(head), "", None, tentang)


def _instruments(items: Sequence[str]) -> tuple[Instrument, ...]:
    """Given the Mengingat items, return one Instrument per legal instrument, numbered 1..n."""
    texts = [part for item in items for part in split_instruments(item)]
    return tuple(_instrument(no, text) for no, text in enumerate(texts, start=1))


def _diktum(lines: Sequence[str], markers: Sequence[_Marker]) -> tuple[tuple[str, str], ...]:
    """Given the lines and markers, return each dictum's label and text."""
    labels = set(load_domain().diktum_labels)
    return tuple(
        (marker.key, _join_lines(_section(lines, markers, marker.key))) for marker in markers if marker.key in labels
    )


# --- closing block ---------------------------------------------------------------------------


def _place_text(line: str) -> str:
    """Given the `Ditetapkan di` line, return the place it names (may be empty)."""
    return _collapse(_DATE_PHRASE.split(_PLACE_PREFIX.sub("", line), maxsplit=1)[0]).rstrip(",")


def _place_end(closing: Sequence[str]) -> int:
    """Given the closing block, return the index after the place (wrapped to line 2 or not)."""
    wrapped = len(closing) > 1 and not _place_text(closing[0])
    return 2 if wrapped and not _DATE_PHRASE.search(closing[1]) else 1


def _place(closing: Sequence[str]) -> str | None:
    """Given the closing block, return the place after `Ditetapkan di`, or None."""
    if not closing:
        return None
    place = _place_text(closing[0]) if _place_end(closing) == 1 else _collapse(closing[1])
    return place.rstrip(",") or None


def _date_line_end(closing: Sequence[str]) -> int:
    """Given the closing block, return the index just after the place and date lines."""
    for end in range(1, min(len(closing), DATE_SEARCH_LINES) + 1):
        if parse_tanggal(_join_lines(closing[:end])):
            return max(end, _place_end(closing))
    phrases = [i for i, line in enumerate(closing[:DATE_SEARCH_LINES]) if _DATE_PHRASE.search(line)]
    return max(phrases[-1] + 1 if phrases else 1, _place_end(closing))


def _signature_lines(closing: Sequence[str]) -> list[str]:
    """Given the closing block, return the lines after the date, before the certified copy."""
    lines: list[str] = []
    for line in closing[_date_line_end(closing) :]:
        if _COPY_MARK.search(line):
            break
        lines.append(line)
    return lines


def _split_office(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Given the signature lines, return (office lines, lines from the signature on)."""
    for index, line in enumerate(lines):
        if line.rstrip().endswith(","):
            return list(lines[: index + 1]), list(lines[index + 1 :])
        if _SIGNED_MARK.match(line):
            return list(lines[:index]), list(lines[index:])
    return list(lines[:-1]), list(lines[-1:])


def _signatory(closing: Sequence[str]) -> Signatory | None:
    """Given the closing block, return the signing office and name, or None."""
    office, rest = _split_office(_signature_lines(closing))
    names = [line for line in rest if not _SIGNED_MARK.match(line)]
    jabatan = _join_lines(office).rstrip(",").strip()
    if not jabatan or not names:
        return None
    return Signatory(jabatan, _collapse(names[0]).rstrip(","))


# --- the decree ------------------------------------------------------------------------------


def parse_decree(body_text: str) -> Decree:
    """Given the body pages' text joined with newlines, return the Decree it prints."""
    lines = _clean_lines(body_text)
    markers = _find_markers(lines)
    preamble = _join_lines(_preamble(lines, markers))
    tentang = _title(preamble) or _title(_join_lines(_section(lines, markers, "menetapkan")))
    diktum = _diktum(lines, markers)
    closing = _section(lines, markers, CLOSING)
    return Decree(
        nomor=_decree_nomor(preamble),
        tentang=tentang,
        mengubah_nomor=_amended_nomor([tentang or "", *(text for _, text in diktum[:1])]),
        ditetapkan_di=_place(closing),
        tanggal=parse_tanggal(_join_lines(closing[:DATE_SEARCH_LINES])),
        penandatangan=_signatory(closing),
        menimbang=tuple(_split_items(_section(lines, markers, "menimbang"), LETTER_LABELS, _LETTER_ITEM)),
        mengingat=_instruments(_split_items(_section(lines, markers, "mengingat"), NUMBER_LABELS, _NUMBER_ITEM)),
        diktum=diktum,
    )


def decree_to_dict(
    decree: Decree, *, doc_id: str, source: str, sha256: str, pages: int, lampiran_pages: list[int]
) -> dict[str, object]:
    """Given a Decree and its document facts, return decree.json's mapping in contract order."""
    signatory = decree.penandatangan
    return {
        "doc_id": doc_id,
        "source": source,
        "sha256": sha256,
        "pages": pages,
        "nomor": decree.nomor,
        "tentang": decree.tentang,
        "mengubah_nomor": decree.mengubah_nomor,
        "ditetapkan_di": decree.ditetapkan_di,
        "tanggal": decree.tanggal,
        "penandatangan": asdict(signatory) if signatory else None,
        "menimbang": list(decree.menimbang),
        "mengingat": [asdict(instrument) for instrument in decree.mengingat],
        "diktum": [{"label": label, "text": text} for label, text in decree.diktum],
        "lampiran_pages": list(lampiran_pages),
        "satker": satker_of(decree),
    }


_KPU = re.compile(r"\bKOMISI\s+PEMILIHAN\s+UMUM\b", re.I)
_OFFICE_PREFIX = re.compile(r"^(?:SEKRETARIS|KETUA|SEKRETARIAT|PLT\.?|PLH\.?)\s+", re.I)
_ACRONYMS = frozenset({"KPU", "RI", "DKI", "DIY"})
_WORK_UNIT = re.compile(r"\bDI\s+LINGKUNGAN\s+(.+)$", re.I)


def satker_of(decree: Decree) -> str | None:
    """Given a Decree, return the work unit (satuan kerja) it comes from, e.g. "KPU Kota Tegal".

    It is read from the signatory's office ("SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL") or,
    failing that, from the title's "DI LINGKUNGAN ..." phrase.
    """
    office = decree.penandatangan.jabatan if decree.penandatangan else ""
    if not office:
        found = _WORK_UNIT.search(decree.tentang or "")
        office = found.group(1) if found else ""
    office = _OFFICE_PREFIX.sub("", office.strip(" ,."))
    if not office:
        return None
    words = _KPU.sub("KPU", office).split()
    return " ".join(w if w in _ACRONYMS else w.capitalize() for w in words)


def mengingat_frame(decree: Decree) -> pd.DataFrame:
    """Given a Decree, return its legal instruments as a table (for mengingat.csv)."""
    frame = pd.DataFrame([asdict(i) for i in decree.mengingat], columns=list(MENGINGAT_COLUMNS))
    return frame.astype({"no": "int64", "jenis": "str", "nomor": "str", "tahun": "Int64", "tentang": "str"})
