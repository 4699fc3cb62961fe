"""Column mapping: given the cells of one page table, find its header rows and map columns by heading.

Headings are matched with rapidfuzz against the wordings in data/domain.yaml, so "KETERANGAN",
"Indikator Keberhasilan / Output" or an OCR'd "lNDIKATOR" map to their field; columns are found by
heading, never by position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from .backends.base import Cell
from .domain import Domain, load_domain
from .errors import ColumnMappingError
from .other_templates import other_template
from .schedule import MONTH_SCHEDULE, Schedule, month_number
from .schedule_columns import BAND_TOLERANCE, schedule_columns
from .text import collapse, normalize_heading, slugify

__all__ = ["ColumnMap", "FieldSpan", "Header", "body_top_after", "find_header", "match_heading", "month_number"]

HEADER_SEARCH_BANDS = 4
MIN_COLUMN_NUMBERS = 5
MIN_NUMBERS_IN_PLACE = 0.8
SCHEDULE_FIELD = "bulan"
LEAF_FIELD = "indikator"
# A field a table may print as full-width rows above its kegiatan instead of as a column.
ROW_FIELD = "area"
# A cell covers a column when it spans more than this share of the column's width.
COVER_SHARE = 0.5
# Points from a column's left edge to where left-aligned text in it starts, at most; and the
# points a glyph may reach left over the edge.
TEXT_INDENT_PT = 6.0
TEXT_SLACK = 1.0


@dataclass(frozen=True)
class FieldSpan:
    """One mapped column: the field it feeds, its x-range, the printed heading and match score."""

    field: str
    x0: float
    x1: float
    heading: str
    score: float
    extra: bool = False


@dataclass(frozen=True)
class ColumnMap:
    """The columns of a table: field spans, the x-ranges of the schedule's columns and what they schedule.

    The schedule's columns are the twelve months, or quarters or years (`schedule`); `values`
    gives each column's month, quarter or year, left to right.
    """

    spans: tuple[FieldSpan, ...]
    months: tuple[tuple[float, float], ...]
    schedule: Schedule = MONTH_SCHEDULE

    def _value(self, index: int) -> int:
        """Given a schedule column's index, return its month, quarter or year."""
        values = self.schedule.values
        return values[index] if index < len(values) else index + 1

    @property
    def x0(self) -> float:
        """Return the left edge of the mapped table."""
        return min(s.x0 for s in self.spans)

    @property
    def x1(self) -> float:
        """Return the right edge of the mapped table."""
        return max(s.x1 for s in self.spans)

    @property
    def extra_fields(self) -> tuple[str, ...]:
        """Return the names of the extra (non-standard) columns."""
        return tuple(s.field for s in self.spans if s.extra)

    def field_of(self, cell: Cell) -> str | None:
        """Given a body cell, return the field whose span holds most of it.

        A cell with text that reaches from the schedule over one text column is that column's:
        a spreadsheet that prints months with no rules between them and none left of KET gives
        KET's text ("Terbentuknya SK UPG") a cell that runs over the months beside it.
        """
        starting = self._text_column(cell)
        if starting is not None:
            return starting
        best, best_overlap = None, 0.5 * cell.width
        for span in self.spans:
            overlap = min(cell.x1, span.x1) - max(cell.x0, span.x0)
            if overlap > best_overlap:
                best, best_overlap = span.field, overlap
        if best == SCHEDULE_FIELD and cell.text.strip() and not cell.mark:
            covered = self.spans_covered(cell)
            if len(covered) == 1:
                return covered[0].field
        return best

    def _text_column(self, cell: Cell) -> str | None:
        """Given a body cell over several text columns, return the inner column its text starts at, if any.

        A browser that draws no box for a merged cell running on over a page break leaves the
        cell beside it as wide as both: its text ("dan Motto Pelayanan: ...", the tail of a SUB
        KEGIATAN) starts at its own column's edge, left-aligned, and nothing lies left of it. An
        author's merged cell starts its text at its own left side, not at an inner edge.
        """
        covered = self.spans_covered(cell)
        if len(covered) < 2 or cell.text_left is None:
            return None
        inner = [s for s in covered[1:] if s.x0 - TEXT_SLACK <= cell.text_left <= s.x0 + TEXT_INDENT_PT]
        return inner[0].field if inner else None

    @property
    def area_rows(self) -> bool:
        """Return whether the table prints its areas as full-width rows: it has no area column."""
        return all(s.field != ROW_FIELD for s in self.spans)

    def is_area_row(self, cell: Cell) -> bool:
        """Given a body cell of a table without an area column, return whether it is an area's full-width row.

        It holds text across the table: over its first column and the leaf's (indikator).
        """
        if not self.area_rows or not cell.text.strip():
            return False
        covered = {s.field for s in self.spans_covered(cell)}
        return LEAF_FIELD in covered and min(self.spans, key=lambda s: s.x0).field in covered

    def months_covered(self, cell: Cell) -> tuple[int, ...]:
        """Given a body cell in the schedule, return the months 1..12 (quarters, years) it covers most of.

        A run of months printed without rules between them is one cell (a bar): it marks each.
        Under a split schedule a sub-column's cell (`Target` under `TW I`) covers half of its
        column or less: it is the column's it lies in.
        """
        covered = tuple(
            self._value(index)
            for index, (x0, x1) in enumerate(self.months)
            if min(cell.x1, x1) - max(cell.x0, x0) > COVER_SHARE * (x1 - x0)
        )
        inside = self.month_of(cell) if self.schedule.split else None
        return covered or ((inside,) if inside is not None else ())

    def fills_schedule(self, cell: Cell) -> bool:
        """Given a body cell in the schedule, return whether it schedules its columns.

        It is shaded or marked; under a split schedule (`Target | Rp`) any value in it counts too.
        """
        return cell.shaded or cell.mark or (self.schedule.split and bool(cell.text.strip()))

    def spans_covered(self, cell: Cell) -> tuple[FieldSpan, ...]:
        """Given a body cell, return the non-schedule columns it covers most of."""
        return tuple(
            span
            for span in self.spans
            if span.field != SCHEDULE_FIELD
            and min(cell.x1, span.x1) - max(cell.x0, span.x0) > COVER_SHARE * (span.x1 - span.x0)
        )

    def month_of(self, cell: Cell) -> int | None:
        """Given a body cell in the schedule, return its month 1..12."""
        for index, (x0, x1) in enumerate(self.months):
            if x0 <= cell.cx <= x1:
                return self._value(index)
        return None


@dataclass(frozen=True)
class Header:
    """A table's header: where its body starts and how its columns map."""

    body_top: float
    columns: ColumnMap
    headings: tuple[str, ...]


@dataclass(frozen=True)
class _Match:
    cell: Cell
    field: str
    score: float


def match_heading(text: str, domain: Domain, min_score: float) -> tuple[str, float] | None:
    """Given a header cell's text, return (field, score) of the best-matching known heading."""
    norm = normalize_heading(text)
    if not norm:
        return None
    best: tuple[str, float] | None = None
    for spec in domain.headings:
        for wording in spec.wordings:
            score = fuzz.ratio(norm, normalize_heading(wording))
            if score >= min_score and (best is None or score > best[1]):
                best = (spec.field, score)
    return best


def _bands(cells: Sequence[Cell]) -> list[float]:
    """Given cells, return the distinct tops of their rows, top to bottom."""
    tops: list[float] = []
    for top in sorted(c.top for c in cells):
        if not tops or top - tops[-1] > BAND_TOLERANCE:
            tops.append(top)
    return tops


def _top_band_cells(cells: Sequence[Cell]) -> list[Cell]:
    """Given a table's cells, return those of its top bands, where a header would be."""
    bands = _bands(cells)
    limit = bands[min(HEADER_SEARCH_BANDS, len(bands) - 1)] if bands else 0.0
    return [c for c in cells if c.top <= limit + BAND_TOLERANCE]


def _heading_matches(cells: Sequence[Cell], min_score: float) -> list[_Match]:
    """Given a table's cells, return the best cell per field among the top bands."""
    best: dict[str, _Match] = {}
    for cell in _top_band_cells(cells):
        found = match_heading(cell.text, load_domain(), min_score)
        if found and (found[0] not in best or found[1] > best[found[0]].score):
            best[found[0]] = _Match(cell, *found)
    return list(best.values())


def _is_column_number_row(cells: Sequence[Cell]) -> bool:
    """Given the cells of one band, return whether they only number the columns (1, 2, 3 ...).

    Read from a scan, some numbers are lost or misread ("7" for 17): the band numbers the columns
    too when nearly every number read is its own cell's place in the band.
    """
    placed = [(i + 1, c.text.strip()) for i, c in enumerate(sorted(cells, key=lambda c: c.x0)) if c.text.strip()]
    if len(placed) < MIN_COLUMN_NUMBERS or not all(t.isdigit() for _, t in placed):
        return False
    numbers = [int(t) for _, t in placed]
    if numbers[0] <= 2 and all(b > a for a, b in pairwise(numbers)):
        return True
    return sum(int(t) == place for place, t in placed) >= MIN_NUMBERS_IN_PLACE * len(placed)


def body_top_after(cells: Sequence[Cell], top: float) -> float:
    """Given table cells and where the body would start, skip a column-number row found there."""
    band = [c for c in cells if abs(c.top - top) <= BAND_TOLERANCE]
    if band and _is_column_number_row(band):
        return max(c.bottom for c in band)
    return top


def _extra_spans(
    cells: Sequence[Cell], matches: Sequence[_Match], bottom: float, months: Sequence[tuple[float, float]]
) -> list[FieldSpan]:
    """Given the header block, return spans for headed columns that no known heading names."""
    taken = [(m.cell.x0, m.cell.x1) for m in matches]
    spans = []
    for cell in cells:
        text = collapse(cell.text)
        if cell.bottom > bottom + BAND_TOLERANCE or not text or month_number(text):
            continue
        centre = cell.cx
        if any(x0 <= centre <= x1 for x0, x1 in taken) or any(x0 <= centre <= x1 for x0, x1 in months):
            continue
        spans.append(FieldSpan(slugify(text), cell.x0, cell.x1, text, 0.0, extra=True))
    return spans


def _require(matches: Sequence[_Match], domain: Domain, headings: Sequence[str]) -> None:
    """Raise ColumnMappingError naming the headings found when a required field is missing.

    The area may be missing: a table can print each area as a full-width row above its kegiatan
    (the rows stage reads them, and refuses a table that has neither).
    """
    found_fields = {m.field for m in matches}
    missing = [f for f in domain.required_fields if f not in found_fields and f != ROW_FIELD]
    if missing:
        found = ", ".join(headings) or "none"
        raise ColumnMappingError(f"no column for {', '.join(missing)} (headings found: {found})")


def _refuse_other_template(cells: Sequence[Cell], min_score: float) -> None:
    """Raise ColumnMappingError naming the template when the table's top bands are another template's headings."""
    template = other_template((c.text for c in _top_band_cells(cells)), min_score)
    if template is not None:
        raise ColumnMappingError(
            f"the table is a {template.name} action plan, another template than the Rencana Aksi Reformasi "
            "Birokrasi table; it is not read"
        )


def find_header(cells: Sequence[Cell], min_score: float) -> Header | None:
    """Given one page table's cells, return its header, or None when the table has none.

    Raises ColumnMappingError when the table clearly has a header (two or more known headings)
    but a required column is missing.
    """
    _refuse_other_template(cells, min_score)
    matches = _heading_matches(cells, min_score)
    if len(matches) < 2:
        return None
    schedule = next((m for m in matches if m.field == "bulan"), None)
    months, months_bottom, slots = schedule_columns(cells, schedule.cell if schedule else None)
    bottom = max(max(m.cell.bottom for m in matches), months_bottom)
    core = [FieldSpan(m.field, m.cell.x0, m.cell.x1, collapse(m.cell.text), m.score) for m in matches]
    spans = tuple(sorted(core + _extra_spans(cells, matches, bottom, months), key=lambda s: s.x0))
    headings = tuple(s.heading for s in spans)
    _require(matches, load_domain(), headings)
    return Header(body_top_after(cells, bottom), ColumnMap(spans, tuple(months), slots), headings)
