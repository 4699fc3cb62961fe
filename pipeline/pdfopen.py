"""Opening a PDF with pdfplumber, with its chars and rules converted from pdfminer's objects directly.

pdfplumber turns every pdfminer layout object into a dict by walking all of the object's
attributes and resolving each one recursively (`Page.process_object`). On a LAMPIRAN page nine
objects in ten are chars whose attributes are plain numbers, strings and tuples (the rest are the
rules and fills of the table), and that generic walk costs about as much as pdfminer's own
reading of the content stream. `FastCharPage` builds the same dict for a char or a path
directly, resolving only values that are not plain; every other object (images, annotations)
goes through pdfplumber unchanged. tests/test_pdfopen.py checks that the objects are equal to
pdfplumber's on the replica, the corpus layouts, a scan and a page whose MediaBox is shifted. A glyph
that stands for several month marks (`√√`) is cut into one char per mark (`marks`).
A page that draws more than MAX_PAGE_OBJECTS glyphs and shapes is refused while it is parsed:
each costs about 2 KB, and a page of a million one-byte glyphs fits in a few MB of content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTLine, LTPage, LTRect
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFStackT
from pdfminer.utils import Matrix, apply_matrix_pt
from pdfplumber.page import ALL_ATTRS, Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.exceptions import PdfminerException

from . import config
from .errors import UnreadableInput
from .furniture import without_furniture
from .marks import mark_pieces

# The pdfminer objects converted here, with the kind pdfplumber names them by; others go to pdfplumber.
FAST_KINDS: dict[type, str] = {LTChar: "char", LTRect: "rect", LTLine: "line", LTCurve: "curve"}
CHAR_KIND = "char"
# pdfplumber's cache of pdfminer's layout tree for a page.
LAYOUT_CACHE = "_layout"
PLAIN_TYPES = frozenset({float, int, str, bool, type(None)})
COLOUR_SPACES = ("ncs", "scs")
# Colour-space names seen so far and their decoded form: a page has a handful, read per char.
_COLOUR_SPACE_NAMES: dict[str, Any] = {}


# A clip region in device space: (x0, y0, x1, y1), PDF's bottom-left origin.
Clip = tuple[float, float, float, float]
# Text render mode 3 paints nothing: an OCR layer, or text hidden on purpose.
INVISIBLE_RENDER = 3
RECTANGLE_CORNERS = 4


class ClippedState(PDFGraphicState):
    """pdfminer's graphic state with the box of the current clipping path and the text render mode."""

    def __init__(self) -> None:
        super().__init__()
        self.clip: Clip | None = None
        self.text_render = 0

    def copy(self) -> ClippedState:
        """Return a copy that keeps the clip and the render mode (pdfminer's copy drops what it does not know)."""
        obj = ClippedState()
        obj.__dict__.update(super().copy().__dict__)
        obj.clip, obj.text_render = self.clip, self.text_render
        return obj


def _intersect(clip: Clip | None, box: Clip) -> Clip:
    """Given the current clip (None: none yet) and a new path's box, return the clip both leave."""
    if clip is None:
        return box
    return (max(clip[0], box[0]), max(clip[1], box[1]), min(clip[2], box[2]), min(clip[3], box[3]))


class ClippingInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, keeping the clipping path's box and the text render mode with each glyph.

    pdfminer ignores clipping, but a spreadsheet prints the text of a merged cell that a page
    break cut again on the next page, from where the cell would start, clipped to the part of
    the cell on that page: glyphs outside the clip are never seen and must not be read.
    """

    def init_state(self, ctm: Matrix) -> None:
        """Initialize the states, with a graphic state that carries the clip."""
        super().init_state(ctm)
        self.graphicstate = ClippedState()

    def _clip_to_path(self) -> None:
        """Narrow the clip to the box of the current path (the path `W`/`W*` makes the clip)."""
        points = [apply_matrix_pt(self.ctm, (float(seg[-2]), float(seg[-1]))) for seg in self.curpath if len(seg) >= 3]
        if points and isinstance(self.graphicstate, ClippedState):
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            self.graphicstate.clip = _intersect(self.graphicstate.clip, (min(xs), min(ys), max(xs), max(ys)))

    def do_W(self) -> None:
        """Set the clipping path (nonzero winding rule)."""
        self._clip_to_path()

    def do_W_a(self) -> None:
        """Set the clipping path (even-odd rule)."""
        self._clip_to_path()

    def _clip_fill(self) -> None:
        """Cut the rectangles of the path about to be filled to the clip, dropping those wholly outside it.

        A browser paints a border side as a box-sized rectangle under a clip that leaves only the
        side's strip: read as it is, the rectangle would cover the cell as a fill.
        """
        clip = getattr(self.graphicstate, "clip", None)
        a, b, c, d, e, f = self.ctm
        if clip is None or b or c or not a or not d:
            return
        xs = sorted(((clip[0] - e) / a, (clip[2] - e) / a))
        ys = sorted(((clip[1] - f) / d, (clip[3] - f) / d))
        path: list[Any] = []
        for sub in _subpaths(self.curpath):
            box = _rectangle(sub)
            if box is None:
                path += sub
                continue
            x0, y0, x1, y1 = max(box[0], xs[0]), max(box[1], ys[0]), min(box[2], xs[1]), min(box[3], ys[1])
            if x0 < x1 and y0 < y1:
                path += [("m", x0, y0), ("l", x1, y0), ("l", x1, y1), ("l", x0, y1), ("h",)]
        self.curpath = path

    def do_f(self) -> None:
        """Fill the path (nonzero winding rule), cut to the clip."""
        self._clip_fill()
        super().do_f()

    def do_f_a(self) -> None:
        """Fill the path (even-odd rule), cut to the clip."""
        self._clip_fill()
        super().do_f_a()

    def do_B(self) -> None:
        """Fill and stroke the path (nonzero winding rule), cut to the clip."""
        self._clip_fill()
        super().do_B()

    def do_B_a(self) -> None:
        """Fill and stroke the path (even-odd rule), cut to the clip."""
        self._clip_fill()
        super().do_B_a()

    def do_TJ(self, seq: PDFStackT) -> None:
        """Show text, noting the render mode it is shown in."""
        if isinstance(self.graphicstate, ClippedState):
            self.graphicstate.text_render = self.textstate.render
        super().do_TJ(seq)


def _subpaths(path: list[Any]) -> list[list[Any]]:
    """Given a path's segments, return its subpaths (each starts at an `m`)."""
    subs: list[list[Any]] = []
    for segment in path:
        if segment[0] == "m" or not subs:
            subs.append([])
        subs[-1].append(segment)
    return subs


def _rectangle(sub: list[Any]) -> tuple[float, float, float, float] | None:
    """Given a subpath, return its box when it is an axis-aligned rectangle (as `re` draws one), else None."""
    points = [(float(s[1]), float(s[2])) for s in sub if s[0] in ("m", "l")]
    if len(points) == RECTANGLE_CORNERS + 1 and points[0] == points[-1]:
        points = points[:-1]
    if len(points) != RECTANGLE_CORNERS or any(s[0] not in ("m", "l", "h") for s in sub):
        return None
    xs, ys = {round(p[0], 3) for p in points}, {round(p[1], 3) for p in points}
    if len(xs) != 2 or len(ys) != 2:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def is_clipped(char: LTChar) -> bool:
    """Given a pdfminer char, return whether its centre lies outside the clip it was drawn under.

    A glyph whose centre is clipped away shows less than half of itself: Calc prints the last
    line of a merged cell cut by a page break again at the next page's top, clipped to the
    cell, so that only the bottom of "Integritas (LKE ZI)" shows above the row's text.
    """
    clip = getattr(char.graphicstate, "clip", None)
    if clip is None:
        return False
    cx, cy = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
    x0, y0, x1, y1 = clip
    return not (x0 <= cx <= x1 and y0 <= cy <= y1)


def _plain_tuple(value: Any) -> bool:
    """Given a value, return whether it is a tuple of plain values (a matrix, a colour, a point)."""
    return type(value) is tuple and PLAIN_TYPES.issuperset(map(type, value))


def _resolved(value: Any) -> Any:
    """Given an attribute value that is not plain, return it as pdfplumber's `resolve_all` would."""
    if _plain_tuple(value):
        return value
    if type(value) is list and all(_plain_tuple(v) for v in value):
        return list(value)
    return resolve_all(value)


def _attributes(obj: Any) -> dict[str, Any]:
    """Given a pdfminer object, return the attributes pdfplumber keeps, resolved."""
    attr = {key: value for key, value in obj.__dict__.items() if key in ALL_ATTRS}
    for key, value in attr.items():
        if type(value) not in PLAIN_TYPES:
            attr[key] = _resolved(value)
    return attr


def _as_tuple(colour: Any) -> tuple[Any, ...]:
    """Given a graphic-state colour, return it as pdfplumber reports it: always a tuple."""
    return colour if isinstance(colour, tuple) else (colour,)


class _TooManyObjects(Exception):
    """A page drew more objects than its limit."""


class _CountingAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, stopping the page once it has made more objects than a limit."""

    def __init__(self, *args: Any, limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._left = limit

    def tag_cur_item(self) -> None:
        """Count the object just made (pdfplumber calls this once per char, path and image)."""
        super().tag_cur_item()
        self._left -= 1
        if self._left < 0:
            raise _TooManyObjects


class FastCharPage(Page):
    """A pdfplumber page whose chars and paths are converted to dicts directly; other objects by pdfplumber."""

    max_objects = config.MAX_PAGE_OBJECTS

    @property
    def layout(self) -> LTPage:
        """Return pdfminer's layout of the page, read with the interpreter that keeps clips (pdfplumber's code).

        A page of more than `max_objects` glyphs and shapes is refused while it is read.
        """
        if hasattr(self, LAYOUT_CACHE):
            cached: LTPage = getattr(self, LAYOUT_CACHE)
            return cached
        device = _CountingAggregator(
            self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams, limit=self.max_objects
        )
        interpreter = ClippingInterpreter(self.pdf.rsrcmgr, device)
        try:
            interpreter.process_page(self.page_obj)
        except _TooManyObjects as exc:
            reason = f"page {self.page_number} draws more than {self.max_objects} glyphs and shapes"
            raise UnreadableInput(reason) from exc
        except Exception as exc:
            raise PdfminerException(exc) from exc
        result: LTPage = device.get_result()
        setattr(self, LAYOUT_CACHE, result)
        return result

    @property
    def invisible_chars(self) -> frozenset[int]:
        """Return the ids of the page's chars painted in text render mode 3 (drawn, but never seen)."""
        if self.objects is None:
            return frozenset()
        return frozenset(self._invisible)

    @property
    def paint_order(self) -> dict[int, int]:
        """Return the order in which the page painted its chars and paths, by the id of each object's dict."""
        if self.objects is None:
            return {}
        return self._order

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        """Return the page's objects by kind, letting go of pdfminer's layout tree they were made from."""
        self._hidden: set[int] = set()
        self._invisible: set[int] = set()
        self._order: dict[int, int] = {}
        objects: dict[str, list[dict[str, Any]]] = super().parse_objects()
        # The tree is as big again as the objects and nothing reads it after them.
        self.flush_cache([LAYOUT_CACHE])
        if CHAR_KIND in objects:
            shown = [c for c in objects[CHAR_KIND] if id(c) not in self._hidden and self._on_page(c)]
            objects[CHAR_KIND] = self._marks_split(without_furniture(shown))
        return objects

    def close(self) -> None:
        """Let go of the page's parsed objects and of the sets kept beside them (asked again, they are re-read)."""
        super().close()
        # One entry per glyph and path: on a 50-page decree the paint order alone held 15 MiB
        # after every page had been closed.
        self._hidden, self._invisible, self._order = set(), set(), {}

    def _marks_split(self, chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Given the page's chars, return them with each glyph of several marks cut (`marks`), painted as it was."""
        out: list[dict[str, Any]] = []
        for char in chars:
            for piece in mark_pieces(char):
                self._order.setdefault(id(piece), self._order.get(id(char), -1))
                if id(char) in self._invisible:
                    self._invisible.add(id(piece))
                out.append(piece)
        return out

    def _on_page(self, char: dict[str, Any]) -> bool:
        """Given a char, return whether its centre lies on the page (text outside it is never printed)."""
        x0, top, x1, bottom = self.bbox
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return bool(x0 <= cx <= x1 and top <= cy <= bottom)

    def process_object(self, obj: Any) -> dict[str, Any]:
        """Given a pdfminer layout object, return pdfplumber's dict for it."""
        kind = FAST_KINDS.get(type(obj))
        if kind is None or (kind == CHAR_KIND and isinstance(obj.fontname, bytes)):
            result: dict[str, Any] = super().process_object(obj)
            return result
        attr = _attributes(obj)
        attr["object_type"] = kind
        attr["page_number"] = self.page_number
        for space in COLOUR_SPACES:
            if hasattr(obj, space):
                attr[space] = _colour_space_name(getattr(obj, space).name)
        if kind == CHAR_KIND:
            self._add_char_parts(obj, attr)
            if is_clipped(obj):
                self._hidden.add(id(attr))
            elif getattr(obj.graphicstate, "text_render", 0) == INVISIBLE_RENDER:
                self._invisible.add(id(attr))
        else:
            self._add_path_parts(obj, attr)
        self._order[id(attr)] = len(self._order)
        return self._placed(attr)

    def _add_char_parts(self, obj: LTChar, attr: dict[str, Any]) -> None:
        """Given a pdfminer char and its dict, add its text and colours as pdfplumber does."""
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = _normalize(norm, text) if norm is not None else text
        state = obj.graphicstate
        attr["stroking_color"] = _as_tuple(state.scolor)
        attr["non_stroking_color"] = _as_tuple(state.ncolor)

    def _add_path_parts(self, obj: LTCurve, attr: dict[str, Any]) -> None:
        """Given a pdfminer path (curve, line, rect) and its dict, add its points, path and dash."""
        attr["pts"] = list(map(self.point2coord, attr["pts"]))
        path: list[Any] = obj.original_path or []
        attr["path"] = [(cmd, *map(self.point2coord, pts)) for cmd, *pts in path]
        attr["dash"] = obj.dashing_style

    def _placed(self, attr: dict[str, Any]) -> dict[str, Any]:
        """Given an object's dict in pdfminer's coordinates, add its top-left ones as pdfplumber does."""
        mb_x0, mb_top = self.mediabox[:2]
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
        if mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def _colour_space_name(name: Any) -> Any:
    """Given a colour space's name, return it decoded (each distinct name is decoded once)."""
    if type(name) is not str:
        return resolve_and_decode(name)
    if name not in _COLOUR_SPACE_NAMES:
        _COLOUR_SPACE_NAMES[name] = resolve_and_decode(name)
    return _COLOUR_SPACE_NAMES[name]


def _normalize(form: Any, text: str) -> str:
    """Given a Unicode normal form and a char's text, return the text normalized."""
    from unicodedata import normalize

    return normalize(form, text)


def open_pdf(path: Path) -> Any:
    """Given a PDF path, return it opened with pdfplumber, its page list read, each page a FastCharPage."""
    pdf = pdfplumber.open(path)
    pdf._pages = [
        FastCharPage(pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
        for page in pdf.pages
    ]
    return pdf
