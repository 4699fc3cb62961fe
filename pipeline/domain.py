"""Domain data (headings, reform areas, month marks, month names) loaded once from data/domain.yaml."""

from __future__ import annotations

from dataclasses import dataclass
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
class Domain:
    """Everything the stages know about the document type."""

    headings: tuple[HeadingSpec, ...]
    extra_headings: tuple[str, ...]
    areas: tuple[AreaSpec, ...]
    month_marks: frozenset[str]
    months: dict[str, int]
    decree_headings: dict[str, tuple[str, ...]]
    diktum_labels: tuple[str, ...]
    continuation_words: frozenset[str]

    @property
    def area_codes(self) -> tuple[str, ...]:
        """Return the canonical area codes in road-map order."""
        return tuple(a.code for a in self.areas)

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Return the fields a table must have."""
        return tuple(h.field for h in self.headings if h.required)


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
        decree_headings={k: tuple(v) for k, v in raw["decree_headings"].items()},
        diktum_labels=tuple(raw["diktum_labels"]),
        continuation_words=frozenset(raw["continuation_words"]),
    )


@cache
def load_domain() -> Domain:
    """Return the domain data shipped with the package (parsed once per process)."""
    text = resources.files("pipeline").joinpath("data/domain.yaml").read_text(encoding="utf-8")
    return _from_mapping(yaml.safe_load(text))
