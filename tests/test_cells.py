"""Cells stage helpers: which chars fall in which cell box, and how a line of chars reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils import extract_text

from pipeline.backends._shared import chars_by_box, split_at_rules, split_where_text_parts
from pipeline.backends.base import Box
from pipeline.backends.words import LINE_TOLERANCE, WORD_GAP, line_words_text


def _char(x: float, y: float, text: str = "a") -> dict[str, object]:
    """Return a 2x2-point char centred on (x, y)."""
    return {"x0": x - 1, "x1": x + 1, "top": y - 1, "bottom": y + 1, "text": text}


def _reference(chars: list[dict[str, object]], boxes: list[Box]) -> list[list[int]]:
    """Given chars and boxes, return each box's char indices, the rule written out one char at a time."""
    owners: list[list[int]] = [[] for _ in boxes]
    for i, c in enumerate(chars):
        cx = (float(c["x0"]) + float(c["x1"])) / 2  # type: ignore[arg-type]
        cy = (float(c["top"]) + float(c["bottom"])) / 2  # type: ignore[arg-type]
        inside = [j for j, (x0, top, x1, bottom) in enumerate(boxes) if x0 <= cx <= x1 and top <= cy <= bottom]
        if inside:
            smallest = min(inside, key=lambda j: ((boxes[j][2] - boxes[j][0]) * (boxes[j][3] - boxes[j][1]), j))
            owners[smallest].append(i)
    return owners


def test_a_char_goes_to_the_smallest_of_nested_boxes() -> None:
    header, left, right = (0.0, 0.0, 100.0, 20.0), (0.0, 10.0, 50.0, 20.0), (50.0, 10.0, 100.0, 20.0)
    chars = [_char(25, 5, "H"), _char(25, 15, "L"), _char(75, 15, "R"), _char(200, 15, "out")]
    found = chars_by_box(chars, [header, left, right])
    assert [[c["text"] for c in bucket] for bucket in found] == [["H"], ["L"], ["R"]]


def test_equal_boxes_give_their_chars_to_the_first() -> None:
    box = (0.0, 0.0, 10.0, 10.0)
    found = chars_by_box([_char(5, 5)], [box, box])
    assert [len(bucket) for bucket in found] == [1, 0]


def test_no_chars_or_no_boxes() -> None:
    assert chars_by_box([], [(0.0, 0.0, 1.0, 1.0)]) == [[]]
    assert chars_by_box([_char(1, 1)], []) == []


_coord = st.integers(min_value=0, max_value=40).map(float)
_boxes = st.lists(
    st.tuples(_coord, _coord, st.integers(1, 30), st.integers(1, 30)).map(
        lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    max_size=12,
)
_chars = st.lists(st.tuples(_coord, _coord), max_size=40)


@settings(max_examples=200, deadline=None)
@given(boxes=_boxes, points=_chars)
def test_chars_by_box_follows_the_rule_char_by_char(boxes: list[Box], points: list[tuple[float, float]]) -> None:
    chars = [_char(x, y) for x, y in points]
    found = chars_by_box(chars, boxes)
    assert [[_position(chars, c) for c in bucket] for bucket in found] == _reference(chars, boxes)


def _position(chars: list[dict[str, object]], char: dict[str, object]) -> int:
    """Given the chars and one of them, return its index (by identity: equal chars may repeat)."""
    return next(i for i, c in enumerate(chars) if c is char)


_line_chars = st.lists(
    st.tuples(
        st.floats(0, 200, allow_nan=False),
        st.floats(0.5, 8, allow_nan=False),
        st.floats(0, 4, allow_nan=False),
        st.sampled_from(["a", "B", "/", " ", "ﬁ", "1", ".", "ﬀ", "é"]),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(points=_line_chars)
def test_line_text_reads_upright_lines_as_pdfplumber_does(points: list[tuple[float, float, float, str]]) -> None:
    chars = [
        {"x0": x, "x1": x + w, "top": t, "bottom": t + 8, "doctop": t, "text": text, "upright": True}
        for x, w, t, text in points
    ]
    expected = extract_text(list(chars), x_tolerance=WORD_GAP, y_tolerance=LINE_TOLERANCE)
    assert line_words_text(chars) == expected


def _rule(x0: float, x1: float, y: float) -> dict[str, object]:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "orientation": "h"}


def test_a_cell_a_drawn_rule_runs_across_is_two_cells_and_a_doubled_rule_is_one() -> None:
    box = (0.0, 0.0, 100.0, 60.0)
    rules = [_rule(0, 100, 20), _rule(0, 100, 21.5), _rule(0, 30, 40)]  # a doubled rule; a short one
    assert split_at_rules([box], rules) == [(0.0, 0.0, 100.0, 20), (0.0, 20, 100.0, 60.0)]


def test_a_cell_is_cut_at_a_header_edge_only_where_its_text_parts() -> None:
    header = [(0.0, 0.0, 50.0, 10.0), (50.0, 0.0, 100.0, 10.0)]
    parted = (0.0, 10.0, 100.0, 30.0)
    across = (0.0, 30.0, 100.0, 50.0)
    crossing = {**_char(50, 40), "x0": 46.0, "x1": 54.0}  # a glyph printed over the edge
    texts = [[], [], [_char(20, 20), _char(70, 20)], [_char(20, 40), crossing, _char(70, 40)]]
    boxes = split_where_text_parts([*header, parted, across], texts)
    assert boxes == [*header, (0.0, 10.0, 50.0, 30.0), (50.0, 10.0, 100.0, 30.0), across]
