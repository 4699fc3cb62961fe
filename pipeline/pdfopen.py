"""Opening a PDF with pdfplumber, with its chars and rules converted from pdfminer's objects directly.

pdfplumber turns every pdfminer layout object into a dict by walking all of the object's
attributes and resolving each one recursively (`Page.process_object`). On a LAMPIRAN page nine
objects in ten are chars whose attributes are plain numbers, strings and tuples (the rest are the
rules and fills of the table), and that generic walk costs about as much as pdfminer's own
reading of the content stream. `FastCharPage` builds the same dict for a char or a path
directly, resolving only values that are not plain; every other object (images, annotations)
goes through pdfplumber unchanged. tests/test_pdfopen.py checks that the objects are equal to
pdfplumber's on the replica, the corpus layouts, a scan and a page whose MediaBox is shifted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils import resolve_all, resolve_and_decode

# The pdfminer objects converted here, with the kind pdfplumber names them by; others go to pdfplumber.
FAST_KINDS: dict[type, str] = {LTChar: "char", LTRect: "rect", LTLine: "line", LTCurve: "curve"}
CHAR_KIND = "char"
# pdfplumber's cache of pdfminer's layout tree for a page.
LAYOUT_CACHE = "_layout"
PLAIN_TYPES = frozenset({float, int, str, bool, type(None)})
COLOUR_SPACES = ("ncs", "scs")
# Colour-space names seen so far and their decoded form: a page has a handful, read per char.
_COLOUR_SPACE_NAMES: dict[str, Any] = {}


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


class FastCharPage(Page):
    """A pdfplumber page whose chars and paths are converted to dicts directly; other objects by pdfplumber."""

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        """Return the page's objects by kind, letting go of pdfminer's layout tree they were made from."""
        objects: dict[str, list[dict[str, Any]]] = super().parse_objects()
        # The tree is as big again as the objects and nothing reads it after them.
        self.flush_cache([LAYOUT_CACHE])
        return objects

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
        else:
            self._add_path_parts(obj, attr)
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
