"""Decree lines: the body pages' text -> its content lines, and wrapped lines -> one line."""

from __future__ import annotations

import re
from collections.abc import Sequence

_WS = re.compile(r"\s+")
# A line ending in `word-` or a slash glued to its text goes on without a space; one ending in
# ` /` (a number typed with spaces at its slashes, `25 / HK.03.2 /`) goes on after a space.
_GLUED_END = re.compile(r"(?:\w-|(?<!\s)/)$")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,3}[-–—\s]*$")
_COLON_ONLY = re.compile(r"^[:\s]+$")
# A page of a Keputusan ends with the first words of the next page ("Mengingat...").
_CATCHWORD = re.compile(r"^\S+(?:\s+\S+){0,3}?\s*(?:\.{3,}|…)$")
_SPACED_CAPS = re.compile(r"^(?:[A-Z] ){3,}[A-Z]\s*:?$")


def collapse(text: str) -> str:
    """Given text, return it with runs of white space made one space, trimmed."""
    return _WS.sub(" ", text).strip()


def join_lines(lines: Sequence[str]) -> str:
    """Given wrapped lines, return one line; the line after one ending in `word-` or `x/` is glued on."""
    text = ""
    for line in (raw.strip() for raw in lines):
        if line:
            glue = "" if not text or _GLUED_END.search(text) else " "
            text += glue + line
    return collapse(text)


def _unspace_caps(line: str) -> str:
    """Given a line, return `M E M U T U S K A N` written as `MEMUTUSKAN`."""
    return line.replace(" ", "") if _SPACED_CAPS.match(line) else line


def _is_noise(line: str) -> bool:
    """Given a stripped line, return whether it is a page number, a catchword or a lone colon."""
    return not line or any(p.match(line) for p in (_PAGE_NUMBER, _CATCHWORD, _COLON_ONLY))


def clean_lines(text: str) -> list[str]:
    """Given the body text, return its non-empty content lines."""
    lines = (_unspace_caps(raw.strip()) for raw in text.splitlines())
    return [line for line in lines if not _is_noise(line)]
