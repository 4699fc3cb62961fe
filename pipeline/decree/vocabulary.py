r"""Decree vocabulary -> regex: patterns whose wordings come from domain.yaml's `decree` section.

A pattern is written as a template that names a role in braces where its wordings go, e.g.
`(?i)\b{tentang}\b\s*:?\s*`; literal braces of a quantifier are doubled (`\d{{4}}`). The
code keeps the pattern's structure, the YAML its words: a new wording needs no code change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pipeline.domain import DecreeWords, load_domain

ABBREVIATION_DOT = "."


def words() -> DecreeWords:
    """Return the shipped decree vocabulary (parsed once per process with the domain)."""
    return load_domain().decree


def _wording(text: str) -> str:
    """Given one wording, return its pattern: spaces match any white space, a trailing `.` is optional."""
    pattern = r"\s+".join(re.escape(word) for word in text.split())
    return pattern + "?" if text.endswith(ABBREVIATION_DOT) else pattern


def alternation(wordings: Iterable[str]) -> str:
    """Given wordings, return a non-capturing group matching any of them, the longest tried first."""
    return "(?:" + "|".join(_wording(text) for text in sorted(wordings, key=len, reverse=True)) + ")"


@cache
def _alternations() -> dict[str, str]:
    """Return every list role of the vocabulary -> the alternation of its wordings."""
    vocabulary = vars(words())
    return {role: alternation(value) for role, value in vocabulary.items() if isinstance(value, tuple)}


@cache
def compiled(template: str) -> re.Pattern[str]:
    """Given a pattern template naming vocabulary roles in braces, return it compiled with their wordings."""
    return re.compile(template.format_map(_alternations()))


def casefolded(wordings: Iterable[str]) -> frozenset[str]:
    """Given wordings, return them casefolded, for comparing one word."""
    return frozenset(text.casefold() for text in wordings)
