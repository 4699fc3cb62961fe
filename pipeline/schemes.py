"""Schemes: given the canonical areas a plan has, return the scheme they follow (domain.yaml's `schemes`)."""

from __future__ import annotations

from collections.abc import Iterable

from .domain import load_domain


def scheme_of(area_codes: Iterable[str | None]) -> str | None:
    """Given a plan's area codes, return the smallest scheme holding them all (None when none does or none matched).

    A code that is None (an area that matched nothing) leaves the scheme unknown: it is never guessed.
    """
    codes = list(area_codes)
    if not codes or any(code is None for code in codes):
        return None
    found = set(codes)
    fitting = [(len(areas), name) for name, areas in load_domain().schemes.items() if found <= set(areas)]
    return min(fitting)[1] if fitting else None
