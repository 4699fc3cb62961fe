"""Data shipped in data/, each file loaded once: the document type's vocabulary (domain.yaml: headings,
reform areas, month marks and names, decree vocabulary), the words of the pages and charts for people
(display.yaml), the words of the validation and diff pages (pages.yaml) and the areas' colours
(colours.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

import yaml

DATA_PACKAGE = "pipeline"
DOMAIN_FILE = "data/domain.yaml"
DISPLAY_FILE = "data/display.yaml"
COLOURS_FILE = "data/colours.yaml"
PAGES_FILE = "data/pages.yaml"


@dataclass(frozen=True)
class HeadingSpec:
    """One table field: its name, whether the table needs it, and its known wordings."""

    field: str
    required: bool
    wordings: tuple[str, ...]


@dataclass(frozen=True)
class AreaSpec:
    """One canonical reform area: its code, canonical name and known wordings."""

    code: str
    name: str
    wordings: tuple[str, ...]


@dataclass(frozen=True)
class DecreeWords:
    """The wordings of a decree's body pages, by role (see the `decree` section of domain.yaml)."""

    headings: dict[str, tuple[str, ...]]
    diktum_labels: tuple[str, ...]
    keputusan: tuple[str, ...]
    nomor: tuple[str, ...]
    tentang: tuple[str, ...]
    blessing: tuple[str, ...]
    perubahan: tuple[str, ...]
    perubahan_ordinals: tuple[str, ...]
    perubahan_atas: tuple[str, ...]
    instrument_nomor: tuple[str, ...]
    instrument_tahun: tuple[str, ...]
    instrument_joiners: tuple[str, ...]
    list_end_words: tuple[str, ...]
    ditetapkan: tuple[str, ...]
    ditetapkan_place: tuple[str, ...]
    date_words: tuple[str, ...]
    date_leads: tuple[str, ...]
    signed_marks: tuple[str, ...]
    signed_joiners: tuple[str, ...]
    copy_openings: tuple[str, ...]
    copy_phrases: tuple[str, ...]
    office_titles: tuple[str, ...]
    work_unit_leads: tuple[str, ...]
    abbreviations: dict[str, str]
    acronyms: frozenset[str]


# The decree roles that are not a plain list of wordings.
_DECREE_MAPPINGS = frozenset({"headings", "abbreviations", "acronyms"})


@dataclass(frozen=True)
class TemplateSpec:
    """Another template's table: its name, the headings it must have and the headings that tell it."""

    name: str
    key_headings: tuple[str, ...]
    headings: tuple[str, ...]
    min_headings: int


@dataclass(frozen=True)
class FurnitureSpec:
    """Page furniture: the phrases that are never cell text, and how a line is cut into phrases."""

    phrases: tuple[str, ...]
    angle_tolerance: float
    phrase_gap: float


@dataclass(frozen=True)
class Domain:
    """Everything the stages know about the document type."""

    headings: tuple[HeadingSpec, ...]
    extra_headings: tuple[str, ...]
    other_templates: tuple[TemplateSpec, ...]
    areas: tuple[AreaSpec, ...]
    area_label_words: tuple[str, ...]
    schemes: dict[str, tuple[str, ...]]
    month_marks: frozenset[str]
    months: dict[str, int]
    quarter_words: tuple[str, ...]
    schedule_years: tuple[int, int]
    continuation_words: frozenset[str]
    list_conjunctions: frozenset[str]
    word_suffixes: frozenset[str]
    cell_vocabulary: tuple[str, ...]
    decree: DecreeWords
    furniture: FurnitureSpec

    @property
    def area_codes(self) -> tuple[str, ...]:
        """Return the canonical area codes in road-map order."""
        return tuple(a.code for a in self.areas)

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Return the fields a table must have."""
        return tuple(h.field for h in self.headings if h.required)


@dataclass(frozen=True)
class Display:
    """The words of the pages and charts people read (Indonesian)."""

    month_names: tuple[str, ...]
    month_abbreviations: tuple[str, ...]
    report_title: str
    schedule_title: str
    label_heading: str
    continued: str
    no_months: str
    no_kegiatan: str
    unknown_area: str
    image_place: str
    document_place: str
    document_name: str
    document_id: str
    illustrative: str
    illustrative_marker: str
    hover_fields: tuple[tuple[str, str], ...]
    months_field: str


@dataclass(frozen=True)
class AreaColours:
    """The fixed colour (#RRGGBB) of every canonical area code, and that of an unknown area."""

    by_code: dict[str, str]
    unknown: str


def _read_data(name: str) -> dict[str, Any]:
    """Given a file name under the package (data/....yaml), return its parsed content."""
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _decree_words(raw: dict[str, Any]) -> DecreeWords:
    """Given the YAML's decree section, return its wordings by role."""
    lists = {f.name: tuple(raw[f.name]) for f in fields(DecreeWords) if f.name not in _DECREE_MAPPINGS}
    return DecreeWords(
        headings={str(k): tuple(v) for k, v in raw["headings"].items()},
        abbreviations={str(k): str(v) for k, v in raw["abbreviations"].items()},
        acronyms=frozenset(raw["acronyms"]),
        **lists,
    )


def _from_mapping(raw: dict[str, Any]) -> Domain:
    """Given the parsed YAML, return a Domain."""
    return Domain(
        headings=tuple(
            HeadingSpec(name, bool(spec["required"]), tuple(spec["wordings"])) for name, spec in raw["headings"].items()
        ),
        extra_headings=tuple(raw["extra_headings"]),
        other_templates=tuple(
            TemplateSpec(str(t["name"]), tuple(t["key_headings"]), tuple(t["headings"]), int(t["min_headings"]))
            for t in raw["other_templates"].values()
        ),
        areas=tuple(AreaSpec(code, spec["name"], tuple(spec["wordings"])) for code, spec in raw["areas"].items()),
        area_label_words=tuple(map(str, raw["area_label_words"])),
        schemes={str(name): tuple(map(str, codes)) for name, codes in raw["schemes"].items()},
        month_marks=frozenset(raw["month_marks"]),
        months={str(k): int(v) for k, v in raw["months"].items()},
        quarter_words=tuple(map(str, raw["quarter_words"])),
        schedule_years=(int(raw["schedule_years"]["min"]), int(raw["schedule_years"]["max"])),
        continuation_words=frozenset(raw["continuation_words"]),
        list_conjunctions=frozenset(map(str, raw["list_conjunctions"])),
        word_suffixes=frozenset(map(str, raw["word_suffixes"])),
        cell_vocabulary=tuple(map(str, raw["cell_vocabulary"])),
        decree=_decree_words(raw["decree"]),
        furniture=FurnitureSpec(
            tuple(map(str, raw["furniture"]["phrases"])),
            float(raw["furniture"]["angle_tolerance"]),
            float(raw["furniture"]["phrase_gap"]),
        ),
    )


def _display_from_mapping(raw: dict[str, Any]) -> Display:
    """Given the parsed display.yaml, return its words."""
    return Display(
        month_names=tuple(map(str, raw["month_names"])),
        month_abbreviations=tuple(map(str, raw["month_abbreviations"])),
        report_title=str(raw["report_title"]),
        schedule_title=str(raw["schedule_title"]),
        label_heading=str(raw["label_heading"]),
        continued=str(raw["continued"]),
        no_months=str(raw["no_months"]),
        no_kegiatan=str(raw["no_kegiatan"]),
        unknown_area=str(raw["unknown_area"]),
        image_place=str(raw["image_place"]),
        document_place=str(raw["document_place"]),
        document_name=str(raw["document_name"]),
        document_id=str(raw["document_id"]),
        illustrative=str(raw["illustrative"]),
        illustrative_marker=str(raw["illustrative_marker"]),
        hover_fields=tuple((str(column), str(name)) for column, name in raw["hover_fields"].items()),
        months_field=str(raw["months_field"]),
    )


@cache
def load_domain() -> Domain:
    """Return the domain data shipped with the package (parsed once per process)."""
    return _from_mapping(_read_data(DOMAIN_FILE))


@cache
def load_display() -> Display:
    """Return the words of the pages and charts shipped with the package (parsed once per process)."""
    return _display_from_mapping(_read_data(DISPLAY_FILE))


@cache
def load_colours() -> AreaColours:
    """Return the area colours shipped with the package (parsed once per process)."""
    raw = _read_data(COLOURS_FILE)
    by_code = {str(code): str(colour) for code, colour in raw["area_colours"].items()}
    return AreaColours(by_code, str(raw["unknown_area"]))


@cache
def load_pages() -> dict[str, Any]:
    """Return the words of the validation and diff pages (pages.yaml), parsed once per process."""
    return _read_data(PAGES_FILE)
