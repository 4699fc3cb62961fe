"""Decompression bombs: a PDF whose streams inflate past the limits is refused before pdfminer parses it.

The bomb is made here: 200 MB of zeros, Flate-compressed into about 200 KB, as a page's content
stream. It is refused in a second, in little memory, with one error line and status 2. A page
that draws more glyphs and shapes than MAX_PAGE_OBJECTS is refused while it is parsed.
"""

from __future__ import annotations

import os
import subprocess
import time
import zlib
from pathlib import Path

import pikepdf
import pytest

from pipeline.config import MAX_INFLATED_STREAM_MB
from pipeline.errors import UnreadableInput
from pipeline.ingest import open_document, read_source
from pipeline.pdfopen import FastCharPage, open_pdf
from tests.fixtures.cli_runs import CliRun, child_env, pipeline_command
from tests.fixtures.make_replica import REPO_ROOT

MB = 1 << 20
BOMB_MB = 200
MAX_SECONDS = 10.0
MAX_RSS_KB = 1536 * 1024


def _zeros_deflated(megabytes: int) -> bytes:
    """Given a size in MB, return that many zero bytes Flate-compressed, made a MB at a time."""
    deflater, zeros = zlib.compressobj(9), bytes(MB)
    return b"".join(deflater.compress(zeros) for _ in range(megabytes)) + deflater.flush()


def _pdf_with_streams(path: Path, streams: list[tuple[bytes, list[str]]], text: bytes = b"") -> Path:
    """Given a path and (encoded data, filters) streams, write a one-page PDF whose content is those streams."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
    contents = []
    for data, filters in streams:
        stream = pikepdf.Stream(pdf, b"")
        stream.write(data, filter=pikepdf.Array([pikepdf.Name(f) for f in filters]) if filters else None)
        contents.append(pdf.make_indirect(stream))
    if text:
        contents.append(pdf.make_indirect(pikepdf.Stream(pdf, text)))
    page.obj.Contents = pikepdf.Array(contents)
    pdf.save(path)
    return path


def _refusal(path: Path, tmp_path: Path) -> str:
    """Given a PDF, open it as the ingest stage does and return why it was refused."""
    with pytest.raises(UnreadableInput) as caught:
        open_document(read_source(path), tmp_path / "work" / "repaired.pdf").close()
    return str(caught.value)


def test_a_flate_bomb_is_refused_fast_in_little_memory_with_one_error_line(tmp_path: Path) -> None:
    bomb = _pdf_with_streams(tmp_path / "bomb.pdf", [(_zeros_deflated(BOMB_MB), ["/FlateDecode"])])
    assert bomb.stat().st_size < MB
    command = pipeline_command("extract", bomb, "--out", tmp_path / "out", "--interim", tmp_path / "im", "--jobs", "1")
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    started = time.monotonic()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, env=child_env(), cwd=REPO_ROOT)
        # wait4 gives this child's own peak memory, not the largest of every child so far.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    run = CliRun(tuple(command), child.returncode, stdout.read_text(), stderr.read_text())
    assert run.status == 2, run.describe()
    assert run.stderr_lines == [f"error: {bomb}: a content stream inflates past {MAX_INFLATED_STREAM_MB} MB"]
    assert seconds < MAX_SECONDS, f"took {seconds:.1f} s"
    assert usage.ru_maxrss < MAX_RSS_KB, f"peak memory {usage.ru_maxrss // 1024} MiB"


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        (["/ASCIIHexDecode", "/FlateDecode"], lambda data: data.hex().encode()),
        (["/ASCII85Decode", "/FlateDecode"], lambda data: __import__("base64").a85encode(data) + b"~>"),
    ],
    ids=["hex-then-flate", "ascii85-then-flate"],
)
def test_a_bomb_behind_another_filter_is_refused(tmp_path: Path, filters, encode) -> None:
    data = encode(_zeros_deflated(2 * MAX_INFLATED_STREAM_MB))
    path = _pdf_with_streams(tmp_path / "bomb.pdf", [(data, filters)])
    assert _refusal(path, tmp_path) == f"a content stream inflates past {MAX_INFLATED_STREAM_MB} MB"


def test_a_run_length_bomb_is_refused(tmp_path: Path) -> None:
    runs = b"\x81\x00" * ((2 * MAX_INFLATED_STREAM_MB * MB) // 128)  # each two bytes: 128 zeros
    path = _pdf_with_streams(tmp_path / "bomb.pdf", [(runs, ["/RunLengthDecode"])])
    assert _refusal(path, tmp_path) == f"a content stream inflates past {MAX_INFLATED_STREAM_MB} MB"


def test_streams_each_under_the_limit_are_refused_past_the_page_limit(tmp_path: Path) -> None:
    from pipeline.inflation import check_inflation

    path = _pdf_with_streams(tmp_path / "many.pdf", [(_zeros_deflated(1), ["/FlateDecode"])] * 4)
    with pikepdf.open(path) as pdf:
        check_inflation(pdf, stream_mb=2, page_mb=4)
        with pytest.raises(UnreadableInput, match=r"^the streams of page 1 inflate past 3 MB in all$"):
            check_inflation(pdf, stream_mb=2, page_mb=3)


def test_a_page_of_too_many_glyphs_is_refused_while_it_is_parsed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(FastCharPage, "max_objects", 500)
    glyphs = b"BT /F1 1 Tf 10 10 Td (" + b"a" * 600 + b") Tj ET"
    path = _pdf_with_streams(tmp_path / "glyphs.pdf", [], text=glyphs)
    pdf = open_pdf(path)
    try:
        with pytest.raises(UnreadableInput, match=r"^page 1 draws more than 500 glyphs and shapes$"):
            _ = pdf.pages[0].chars
    finally:
        pdf.close()


def test_a_decree_inflates_within_the_limits(tmp_path: Path) -> None:
    from tests.fixtures.bad import replica_pdf

    document = open_document(read_source(replica_pdf()), tmp_path / "repaired.pdf")
    assert document.pages == 11
    document.close()
