"""Cell backends, one module per library, registered by name.

A backend module is imported when it is first used, so a run pays only for its own library
(camelot brings OpenCV and matplotlib, the scan backend OpenCV). Each module has `read_cells`
(a `Backend`); one that reads pdfplumber's page objects also has `read_page`, which the page
split calls on each table page while that page is parsed, so the page is parsed once.
"""

from __future__ import annotations

from importlib import import_module

from ..cells import Backend, PageReader

BACKENDS: dict[str, str] = {"pdfplumber": "pdfplumber", "camelot": "camelot", "scan": "scan"}


def backend_cells(name: str) -> Backend:
    """Given a backend's name, return its cells function."""
    reader: Backend = import_module(f"{__name__}.{BACKENDS[name]}").read_cells
    return reader


def backend_page_reader(name: str) -> PageReader | None:
    """Given a backend's name, return its page reader, or None when it does not read parsed pages."""
    reader: PageReader | None = getattr(import_module(f"{__name__}.{BACKENDS[name]}"), "read_page", None)
    return reader
