"""Cell backends, one module per library, registered by name.

A backend module is imported when it is first used, so a run pays only for its own library
(camelot brings OpenCV and matplotlib, the scan backend OpenCV). Each module defines one class
that implements `base.Backend`; one that reads pdfplumber's parsed pages also implements
`base.PageReader`, which the page split calls on each table page while that page is parsed.
"""

from __future__ import annotations

from importlib import import_module

from .base import Backend, Cell, PageCells, PageReader

# Backend name -> (module, class).
REGISTRY: dict[str, tuple[str, str]] = {
    "pdfplumber": ("pdfplumber", "PdfplumberBackend"),
    "camelot": ("camelot", "CamelotBackend"),
    "scan": ("scan", "ScanBackend"),
}
BACKEND_NAMES = tuple(REGISTRY)
SCAN_BACKEND = "scan"


def get_backend(name: str) -> Backend:
    """Given a backend's name, return the backend (its module imported on first use)."""
    module, cls = REGISTRY[name]
    backend: Backend = getattr(import_module(f"{__name__}.{module}"), cls)()
    return backend


def page_reader(name: str) -> PageReader | None:
    """Given a backend's name, return it as a page reader, or None when it does not read parsed pages."""
    backend = get_backend(name)
    return backend if isinstance(backend, PageReader) else None


__all__ = ["BACKEND_NAMES", "REGISTRY", "SCAN_BACKEND", "Backend", "Cell", "PageCells", "PageReader", "get_backend"]
