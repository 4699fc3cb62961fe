"""The cell backends' declared interface: the records they return and the protocol they implement.

A backend finds the table grid on LAMPIRAN pages and returns every cell with its text and marks.
All backends return the same records, so the later stages never know which one read a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..ingest import Document


# A box in PDF points, top-left origin: (x0, top, x1, bottom).
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Cell:
    """One table cell on one page: its box in PDF points (top-left origin), text and marks."""

    page: int
    table: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    shaded: bool = False
    mark: bool = False
    text_bottom: float | None = None
    line_height: float | None = None
    last_line_width: float | None = None
    # At the table's end on its page: False when a rule closes the cell there, True when it is left
    # open while rules close others (it reads on overleaf); None above the end or when all are open.
    open_bottom: bool | None = None
    # Where the cell's leftmost glyph starts (None: no text).
    text_left: float | None = None
    # The lowest word confidence (0..1) of the cell's OCR; None when no OCR read its text.
    ocr_confidence: float | None = None

    @property
    def width(self) -> float:
        """Return the cell's width."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Return the cell's height."""
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        """Return the cell's horizontal centre."""
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Coverage:
    """How well a page's cells explain its table: the grid strategy used and the glyphs no cell holds.

    Every visible glyph inside a table's region belongs to exactly one cell; `uncovered` holds
    the text of each line of glyphs that landed in none (empty when the cells explain the page).
    A month shaded as a mark is ink too: `marks_left_out` counts the filled boxes in the region
    whose centre lies in no cell.
    """

    strategy: str
    glyphs: int = 0
    uncovered: tuple[str, ...] = ()
    left_out: int = 0
    marks_left_out: int = 0

    @property
    def held(self) -> int:
        """Return how many glyphs of the table regions the cells hold."""
        return self.glyphs - self.left_out

    @property
    def missed(self) -> int:
        """Return how many glyphs and shaded marks of the table regions no cell holds."""
        return self.left_out + self.marks_left_out

    @property
    def complete(self) -> bool:
        """Return whether every glyph and shaded mark in the table regions is in a cell."""
        return not self.uncovered and not self.marks_left_out


@dataclass(frozen=True)
class PageCells:
    """The cells one backend found on one page, with the page's size and how well they cover it."""

    page: int
    width: float
    height: float
    cells: tuple[Cell, ...]
    coverage: Coverage | None = None


class Backend(Protocol):
    """A cell backend: given an opened document and 1-based page numbers, return each page's cells."""

    name: str

    def read_cells(self, document: Document, pages: Sequence[int]) -> list[PageCells]:
        """Given an opened document and 1-based page numbers, return the cells of each page."""
        ...


@runtime_checkable
class PageReader(Protocol):
    """A backend that reads a page pdfplumber has parsed, so the page split can read its cells then."""

    def read_page(self, page: Any, number: int) -> PageCells:
        """Given a parsed pdfplumber page and its 1-based number, return its cells."""
        ...
