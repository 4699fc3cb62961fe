"""Text hygiene: given the plan, return it without the characters no reader sees, and what was dropped.

A cell's text can hold characters that print nothing but change what software does with it:
NUL and other control characters (a CSV reader or a terminal acts on them), bidi overrides and
isolates that show text in another order than it is stored, and zero-width characters that make
two texts that look equal differ. They are dropped from every text column of the plan; newline
and tab are kept. What was dropped is counted per column and character (`hygiene.json` in interim).
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pyarrow as pa

from .schema import PLAN_SCHEMA

# Control characters (Unicode category Cc) except tab and newline; bidi embeddings, overrides
# (U+202A..U+202E) and isolates (U+2066..U+2069); zero-width space, joiners, word joiner and BOM.
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")
Dropped = dict[str, dict[str, int]]


def _code_point(ch: str) -> str:
    """Given a character, return its name as a code point (U+202E)."""
    return f"U+{ord(ch):04X}"


def clean_text(text: str) -> tuple[str, Counter[str]]:
    """Given a text, return it without unseen characters, and the count of each one dropped."""
    found = _UNSEEN.findall(text)
    if not found:
        return text, Counter()
    return _UNSEEN.sub("", text), Counter(_code_point(ch) for ch in found)


def text_columns(plan: pd.DataFrame) -> list[str]:
    """Given a plan frame, return its text columns: the contract's string columns and every extra column."""
    strings = {f.name for f in PLAN_SCHEMA if pa.types.is_string(f.type)}
    return [c for c in plan.columns if c in strings or c not in PLAN_SCHEMA.names]


def clean_plan(plan: pd.DataFrame) -> tuple[pd.DataFrame, Dropped]:
    """Given a plan frame, return it with unseen characters dropped from its text columns, and what was dropped.

    What was dropped is {column: {"U+202E": count}}, only for columns that lost something.
    """
    cleaned = plan.copy()
    dropped: Dropped = {}
    for column in text_columns(plan):
        counts: Counter[str] = Counter()
        values = []
        for value in plan[column].tolist():
            text, lost = clean_text(value) if isinstance(value, str) else (value, Counter())
            values.append(text)
            counts.update(lost)
        if counts:
            cleaned[column] = pd.Series(values, index=plan.index, dtype=plan[column].dtype)
            dropped[column] = dict(sorted(counts.items()))
    return cleaned, dropped
