"""Inflation limits: given a PDF opened with pikepdf, refuse it when reading a page would inflate too many bytes.

A few hundred KB of Flate can inflate to gigabytes (a decompression bomb), and pdfminer inflates
each stream whole before it parses it. Every stream pdfminer decodes to read a page (its content
streams, the form XObjects they draw, the fonts' files, ToUnicode and encoding CMaps) is inflated
here first, in chunks that are counted and let go, and no further than the limit: a bomb is
refused after inflating the limit's worth, in constant memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pikepdf
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder

from . import config
from .errors import UnreadableInput

CHUNK = 1 << 20
MB = 1 << 20
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
CONTENT_STREAM = "content stream"
FONT_STREAM = "font stream"
RUN_LENGTH_END = 128


class _TooBig(Exception):
    """A stream inflated past its limit."""


def _flate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Given Flate-compressed chunks, yield the inflated bytes a chunk at a time (stopping where the data breaks)."""
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            data = chunk
            while data:
                yield inflater.decompress(data, CHUNK)
                data = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error:
        return


def _run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Given RunLength-encoded chunks, yield the decoded bytes one run at a time."""
    data = b"".join(chunks)
    at = 0
    while at < len(data) and data[at] != RUN_LENGTH_END:
        length = data[at]
        if length < RUN_LENGTH_END:
            yield data[at + 1 : at + 2 + length]
            at += 2 + length
        else:
            yield data[at + 1 : at + 2] * (257 - length)
            at += 2


def _lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Given LZW-encoded chunks, yield the decoded bytes a code at a time."""
    import io

    yield from LZWDecoder(io.BytesIO(b"".join(chunks))).run()


def _whole(decode: Callable[[bytes], bytes]) -> Callable[[Iterable[bytes]], Iterator[bytes]]:
    """Given a decoder that never inflates (ASCII hex, ASCII85), return it as a chunk decoder."""

    def decoder(chunks: Iterable[bytes]) -> Iterator[bytes]:
        yield decode(b"".join(chunks))

    return decoder


DECODERS: dict[str, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    "/FlateDecode": _flate,
    "/Fl": _flate,
    "/LZWDecode": _lzw,
    "/LZW": _lzw,
    "/RunLengthDecode": _run_length,
    "/RL": _run_length,
    "/ASCIIHexDecode": _whole(asciihexdecode),
    "/AHx": _whole(asciihexdecode),
    "/ASCII85Decode": _whole(ascii85decode),
    "/A85": _whole(ascii85decode),
}


def _bounded(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """Given chunks and a limit in bytes, yield them; raise _TooBig once more than the limit went through."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise _TooBig
        yield chunk


def _filters(stream: Any) -> list[str]:
    """Given a pikepdf stream, return its filter names in the order they decode."""
    found = stream.get("/Filter")
    if found is None:
        return []
    return [str(f) for f in found] if isinstance(found, pikepdf.Array) else [str(found)]


def inflated_size(stream: Any, limit: int) -> int:
    """Given a pikepdf stream and a limit in bytes, return its decoded size; raise _TooBig past the limit.

    Every stage of the filter chain is bounded by the limit. A filter pdfminer does not inflate
    for reading (an image codec) counts as its encoded bytes; data that breaks a decoder ends there.
    """
    chunks: Iterable[bytes] = _bounded([stream.read_raw_bytes()], limit)
    for name in _filters(stream):
        decoder = DECODERS.get(name)
        if decoder is None:
            break
        chunks = _bounded(decoder(chunks), limit)
    total = 0
    try:
        for chunk in chunks:
            total += len(chunk)
    except _TooBig:
        raise
    except Exception:  # broken data ends the stream here, as it ends pdfminer's reading
        return total
    return total


def _resources(node: Any) -> Any:
    """Given a page or form dictionary, return its resources, inherited from its parents when it has none."""
    for _ in range(config.MAX_PAGES):
        if node is None:
            return None
        found = node.get("/Resources")
        if found is not None:
            return found
        node = node.get("/Parent")
    return None


def _values(resources: Any, kind: str) -> list[Any]:
    """Given a resources dictionary and a kind (/Font, /XObject), return its entries of that kind."""
    found = resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
    return list(found.values()) if isinstance(found, pikepdf.Dictionary) else []


def _font_streams(font: Any) -> Iterator[tuple[str, Any]]:
    """Given a font dictionary, yield the streams pdfminer decodes to read it: its files, ToUnicode and CMap."""
    fonts = [font, *(font.get("/DescendantFonts") or [])]
    for each in fonts:
        if not isinstance(each, pikepdf.Dictionary):
            continue
        descriptor = each.get("/FontDescriptor")
        files = [descriptor.get(k) for k in FONT_FILES] if isinstance(descriptor, pikepdf.Dictionary) else []
        for found in (*files, each.get("/ToUnicode"), each.get("/Encoding")):
            if isinstance(found, pikepdf.Stream):
                yield FONT_STREAM, found


def _drawn_streams(node: Any, seen: set[tuple[int, int]]) -> Iterator[tuple[str, Any]]:
    """Given a page or a form XObject, yield (kind, stream) for every stream reading it decodes, each once."""
    contents = node.get("/Contents") if not isinstance(node, pikepdf.Stream) else node
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    yield from ((CONTENT_STREAM, s) for s in streams if isinstance(s, pikepdf.Stream))
    resources = _resources(node)
    for font in _values(resources, "/Font"):
        yield from _font_streams(font)
    for xobject in _values(resources, "/XObject"):
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _drawn_streams(xobject, seen)


def _page_total(page: Any, sizes: dict[tuple[int, int], int], stream_limit: int) -> int:
    """Given a pikepdf page and the sizes measured so far, return the bytes its distinct streams inflate to."""
    total = 0
    counted: set[tuple[int, int]] = set()
    for kind, stream in _drawn_streams(page.obj, set()):
        key = stream.objgen
        if key in counted and key != (0, 0):
            continue
        counted.add(key)
        if key not in sizes or key == (0, 0):
            try:
                sizes[key] = inflated_size(stream, stream_limit)
            except _TooBig as exc:
                raise UnreadableInput(f"a {kind} inflates past {stream_limit // MB} MB") from exc
            except pikepdf.PdfError:
                sizes[key] = 0
        total += sizes[key]
    return total


def check_inflation(
    pdf: Any, stream_mb: int = config.MAX_INFLATED_STREAM_MB, page_mb: int = config.MAX_INFLATED_PAGE_MB
) -> None:
    """Given a PDF opened with pikepdf, raise UnreadableInput when a stream or a page's streams inflate past the limits.

    A stream that cannot be read is left for the later stages to judge.
    """
    sizes: dict[tuple[int, int], int] = {}
    for number, page in enumerate(pdf.pages, start=1):
        try:
            total = _page_total(page, sizes, stream_mb * MB)
        except pikepdf.PdfError:
            continue
        if total > page_mb * MB:
            raise UnreadableInput(f"the streams of page {number} inflate past {page_mb} MB in all")
