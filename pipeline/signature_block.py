"""The signature block under the table: given the LAMPIRAN's last pages, return the blocks printed below the table.

An annex ends under the table's last row with the signing official's block (`SEKRETARIS ...,` /
`Ttd.` / name), often beside a certified copy's (`Salinan sesuai dengan aslinya` / office /
official), sometimes on a page of its own. The two stand side by side, so each printed line is
cut where a wide gap parts them and its parts are put in the column they start in. The decree
stage reads the official from them when the body pages print no signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from statistics import median
from typing import Any

from pdfplumber.utils import cluster_objects

from .backends.words import line_words_text
from .decree import Signatory
from .decree.signatory import block_signatory
from .rows import TableRead

# Points between two parts of one printed line that stand in two blocks side by side.
BLOCK_GAP = 30.0
LINE_TOLERANCE = 3.0
# Points below the table's last rule from which the block is read.
BELOW_TABLE = 1.0

# One printed part of a line: where it starts and ends, and its text.
_Part = tuple[float, float, str]


def _line_parts(line: Sequence[dict[str, Any]]) -> list[_Part]:
    """Given the chars of one printed line, return its parts: runs of chars without a gap wider than BLOCK_GAP."""
    parts: list[list[dict[str, Any]]] = []
    for char in sorted(line, key=itemgetter("x0")):
        if parts and char["x0"] - max(c["x1"] for c in parts[-1]) <= BLOCK_GAP:
            parts[-1].append(char)
        else:
            parts.append([char])
    found = [(min(c["x0"] for c in p), max(c["x1"] for c in p), line_words_text(p).strip()) for p in parts]
    return [part for part in found if part[2]]


def _boundary(lines: Sequence[Sequence[_Part]]) -> float | None:
    """Given the parts of each line, return the x between the two blocks (None: one block only)."""
    gaps = [(line[0][1] + line[1][0]) / 2 for line in lines if len(line) == 2]
    return median(gaps) if gaps else None


def blocks_of(chars: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Given the chars printed under the table, return its blocks, left to right, each its lines top to bottom."""
    lines = [_line_parts(line) for line in cluster_objects(list(chars), itemgetter("top"), LINE_TOLERANCE)]
    lines = [line for line in lines if line]
    boundary = _boundary(lines)
    if boundary is None:
        return [[" ".join(text for _, _, text in line) for line in lines]] if lines else []
    left = [" ".join(t for x0, _, t in line if x0 < boundary) for line in lines]
    right = [" ".join(t for x0, _, t in line if x0 >= boundary) for line in lines]
    return [[t for t in block if t] for block in (left, right) if any(block)]


def chars_below(page: Any, top: float) -> list[dict[str, Any]]:
    """Given a pdfplumber page and the table's bottom on it, return the chars printed below the table."""
    return [c for c in page.chars if c["top"] >= top + BELOW_TABLE]


def signature_blocks(pdf: Any, last_table_page: int, table_bottom: float, lampiran_end: int) -> list[list[str]]:
    """Given the PDF, the table's last page and bottom, and the LAMPIRAN's last page, return the blocks after the table.

    The pages after the table's last page up to the LAMPIRAN's end are read whole.
    """
    chars = chars_below(pdf.pages[last_table_page - 1], table_bottom)
    blocks = blocks_of(chars)
    for number in range(last_table_page + 1, lampiran_end + 1):
        blocks += blocks_of(pdf.pages[number - 1].chars)
    return blocks


def signed_under_table(pdf: Any, table: TableRead, lampiran_end: int) -> Signatory | None:
    """Given the PDF, the table read and the LAMPIRAN's last page, return the official signing under the table."""
    if not table.segments:
        return None
    last = table.segments[-1]
    bottom = max((c.bottom for c in last.cells), default=0.0)
    return block_signatory(signature_blocks(pdf, last.page, bottom, max(lampiran_end, last.page)))
