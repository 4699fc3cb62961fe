"""Rows stage: given the cells of every LAMPIRAN page, return the plan's logical rows.

A logical row is one indikator (the leaf column's cell). A merged cell gives its text to every
row it spans; at a page break the repeated header and the column-number row are dropped, a row
that Word split over two pages is joined back, and a merged cell whose text flowed onto the next
page is joined with its tail.

segments (`segments.py`) -> rows of each page (`grid.py`) -> page breaks stitched (`stitch.py`)
-> the table's logical rows (`table.py`).
"""

from .segments import Segment, pages_to_segments
from .stitch import Evidence, evidence
from .table import UNUSED_ROLE, LogicalRow, TableRead, cells_to_rows, read_table

__all__ = [
    "UNUSED_ROLE",
    "Evidence",
    "LogicalRow",
    "Segment",
    "TableRead",
    "cells_to_rows",
    "evidence",
    "pages_to_segments",
    "read_table",
]
