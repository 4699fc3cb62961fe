"""Cell backends, one module per library, registered by name."""

from __future__ import annotations

from ..cells import Backend
from .camelot import camelot_cells
from .pdfplumber import pdfplumber_cells
from .scan import scan_cells

BACKENDS: dict[str, Backend] = {"pdfplumber": pdfplumber_cells, "camelot": camelot_cells, "scan": scan_cells}
