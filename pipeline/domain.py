"""Domain data (headings, reform areas, month marks and names, decree vocabulary) loaded once from data/domain.yaml."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

import yaml


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
class Domain:
    """Everything the stages know about the document type."""

    headings: tuple[HeadingSpec, ...]
    extra_headings: tuple[str, ...]
    areas: tuple[AreaSpec, ...]
    month_marks: frozenset[str]
    months: dict[str, int]
    continuation_words: frozenset[str]
    decree: DecreeWords

    @property
    def area_codes(self) -> tuple[str, ...]:
        """Return the canonical area codes in road-map order."""
        return tuple(a.code for a in self.areas)

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Return the fields a table must have."""
        return tuple(h.field for h in self.headings if h.required)


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
        areas=tuple(AreaSpec(code, spec["name"], tuple(spec["wordings"])) for code, spec in raw["areas"].items()),
        month_marks=frozenset(raw["month_marks"]),
        months={str(k): int(v) for k, v in raw["months"].items()},
        continuation_words=frozenset(raw["continuation_words"]),
        decree=_decree_words(raw["decree"]),
    )


@cache
def load_domain() -> Domain:
    """Return the domain data shipped with the package (parsed once per process)."""
    text = resources.files("pipeline").joinpath("data/domain.yaml").read_text(encoding="utf-8")
    return _from_mapping(yaml.safe_load(text))
