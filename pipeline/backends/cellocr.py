"""Cell OCR: read each table cell of a level page image with Tesseract, one crop per cell.

Page OCR reads a table as one page of text and guesses where its columns part: words of
neighbouring cells run together and a rule read as "|" joins a word. A crop of one cell holds one
block of text and nothing else, so Tesseract is run on each cell's inside (borders left out),
padded with paper and enlarged where the scan is coarse. All crops of a page go to one Tesseract
process (a list of images, one page each), so the model is loaded once per page. The words come
back as chars in page points, one per letter spread over the word's box, so that the cell text is
put together by the same rules as a born-digital PDF's; each char keeps its word's confidence.

The domain's words (headings, areas, decree vocabulary) are Tesseract's user words. The raw TSV
of a page is kept beside the OCR'd copy, named by a hash of the crops, and read back instead of
running Tesseract again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .image import Grey
from .ocrwords import domain_words, unknown_words
from .stops import mended_stop

# English leads: the Indonesian model reads a semicolon as a colon and "&" as nothing; the
# Indonesian model still reads the words English does not know.
LANGUAGES = "eng+ind"
# Tesseract's page segmentation modes: one uniform block of text, and one line. Read as a block, a
# bold "B." alone in its crop comes back empty: a lone glyph read as nothing is read again as one line,
# and that reading is kept when it is a label or a number with its stop, sure of itself.
BLOCK_PSM = "6"
LINE_PSM = "7"
STOPPED_LABEL = re.compile(r"^[^\W_]{1,2}[.)]$")
# Crops are enlarged to at least this resolution: Tesseract reads best at 300 dpi and above.
TARGET_DPI = 300.0
POINTS_PER_INCH = 72.0
PAD_PX = 12
# A lone glyph's crop takes in the ink near it that weighs at least this share of the glyph (a stop,
# a letter of its word); specks of dust weigh less.
MIN_PART_SHARE = 0.05
NEAR_HEIGHTS = 2.0
# A cell whose inside holds fewer ink pixels than this share is blank and is not read.
MIN_INK_SHARE = 0.002
INK_LEVEL = 128
TIMEOUT_S = 600.0
OMP_LIMIT, TESSERACT_THREADS = "OMP_THREAD_LIMIT", "1"
WORD_LEVEL = "5"
HASH_LENGTH = 16
FIRST_WORD = "1"
# Signs that stand as words of their own ("Reward & Punishment", "2020 - 2024"); any other word
# without a letter or digit is a speck or a rule's end.
SIGN_WORDS = frozenset("&-\u2013\u2014/%+=")
# A word whose box is under this size (points) each way is a speck: a hyphen is some 2 pt wide.
SPECK_PT = 1.0
# The least width (points) of a char moved after the word before it.
MIN_CHAR_PT = 0.5
NUMBER_COMMA = re.compile(r"^(\d+),$")

# A crop read as nothing, or whose least sure word is under UNSURE_CONFIDENCE, is read again with its
# strokes thinned by a THIN_PX square (white grown over black), and that reading is kept only when
# its least sure word is at least MIN_THINNED_CONFIDENCE sure.
THIN_PX = 3
ENLARGE_FACTOR = 2.0
UNSURE_CONFIDENCE = 0.5
# A crop is read again, too, when this share of its ink lies outside every word read (a word's box
# grown by WORD_SLACK_PT each way: specks, the ends of rules and a stop's offset are no words lost).
MAX_UNREAD_INK = 0.05
WORD_SLACK_PT = 1.0
MIN_THINNED_CONFIDENCE = 0.8

PixelBox = tuple[int, int, int, int]
_READ: dict[str, str] = {}


@dataclass(frozen=True)
class Crop:
    """One cell's inside as a padded, enlarged image, with where it came from (pixel origin), the factor and
    Tesseract's page segmentation mode to read it with."""

    image: Grey
    origin: tuple[int, int]
    factor: float
    psm: str = BLOCK_PSM
    lone: bool = False


def _user_words() -> str:
    """Return the domain's words, one per line, for Tesseract's --user-words."""
    return "\n".join(sorted(w for w in domain_words() if len(w) > 2)) + "\n"


def has_ink(grey: Grey, box: PixelBox) -> bool:
    """Given a level page image and a cell's inside (pixels), return whether enough dark ink lies in it to read."""
    x0, top, x1, bottom = box
    inside = grey[top:bottom, x0:x1]
    return inside.size > 0 and float((inside < INK_LEVEL).mean()) >= MIN_INK_SHARE


def crop(grey: Grey, box: PixelBox, dpi: float, binary: bool = False, lone: bool = False) -> Crop:
    """Given a level page image, a cell's inside in pixels and the image's resolution, return the crop to read.

    With `binary`, the crop is turned black and white (Otsu's threshold): a lone number in a
    tall cell is read wrong in grey ("1." as "4"), where a block of text reads better in grey.
    With `lone`, it holds one glyph (a label, a number, a mark), read again as a line when read as nothing.
    """
    x0, top, x1, bottom = box
    inside = np.asarray(grey[top:bottom, x0:x1], dtype=np.uint8)
    factor = max(1.0, TARGET_DPI / dpi)
    if factor > 1.0:
        inside = np.asarray(cv2.resize(inside, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC), np.uint8)
    if binary and inside.size:
        inside = np.asarray(cv2.threshold(inside, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1], np.uint8)
    padded = cv2.copyMakeBorder(inside, PAD_PX, PAD_PX, PAD_PX, PAD_PX, cv2.BORDER_CONSTANT, value=255)
    return Crop(np.asarray(padded, dtype=np.uint8), (x0, top), factor, lone=lone)


def ink_box(grey: Grey, box: PixelBox, margin: int) -> PixelBox:
    """Given a level page image, a cell's inside and a margin in pixels, return the box round its glyph's ink.

    The glyph is the largest blot of ink with the blots that lie, one after another, within twice
    its height of it (a label's stop, a word's other letters, the item number before it). Specks
    of dust are left out: a photocopy's specks strewn down a tall merged cell would stretch the
    crop of its "B." to the cell's height, where Tesseract reads nothing.
    """
    x0, top, x1, bottom = box
    ink = np.asarray(grey[top:bottom, x0:x1] < INK_LEVEL, dtype=np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return box
    left, up, right, down = _near_glyph(stats[1:])
    return (
        max(x0, x0 + left - margin),
        max(top, top + up - margin),
        min(x1, x0 + right + margin),
        min(bottom, top + down + margin),
    )


def _near_glyph(stats: npt.NDArray[Any]) -> PixelBox:
    """Given connected components' stats (left, top, width, height, area), return the box round the largest
    and every component of some weight (MIN_PART_SHARE of it) that lies, one after another, within
    NEAR_HEIGHTS of the largest's height of it: the letters of a word, the next word, a label's stop.
    """
    lefts, tops = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    rights, bottoms = lefts + stats[:, cv2.CC_STAT_WIDTH], tops + stats[:, cv2.CC_STAT_HEIGHT]
    areas = stats[:, cv2.CC_STAT_AREA]
    main = int(np.argmax(areas))
    reach = round(NEAR_HEIGHTS * int(stats[main, cv2.CC_STAT_HEIGHT]))
    weighty = areas >= MIN_PART_SHARE * areas[main]
    box = (int(lefts[main]), int(tops[main]), int(rights[main]), int(bottoms[main]))
    while True:
        near = (
            weighty
            & (lefts <= box[2] + reach)
            & (rights >= box[0] - reach)
            & (tops <= box[3] + reach)
            & (bottoms >= box[1] - reach)
        )
        grown = (int(lefts[near].min()), int(tops[near].min()), int(rights[near].max()), int(bottoms[near].max()))
        if grown == box:
            return box
        box = grown


def _png(image: Grey) -> bytes:
    """Given a greyscale image, return it PNG-encoded."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("a cell crop could not be encoded")
    return bytes(data)


def _crops_key(pngs: Sequence[bytes], psm: str) -> str:
    """Given the encoded crops of a page and the segmentation mode, return a short hash naming their OCR."""
    digest = hashlib.sha256(LANGUAGES.encode() + psm.encode() + _user_words().encode())
    for png in pngs:
        digest.update(hashlib.sha256(png).digest())
    return digest.hexdigest()[:HASH_LENGTH]


def _run_tesseract(pngs: Sequence[bytes], psm: str) -> str:
    """Given the encoded crops of a page and the segmentation mode, return Tesseract's TSV for them, one
    Tesseract page per crop."""
    with tempfile.TemporaryDirectory(prefix="cellocr-") as folder:
        root = Path(folder)
        paths = []
        for index, png in enumerate(pngs):
            path = root / f"{index:05d}.png"
            path.write_bytes(png)
            paths.append(str(path))
        (root / "list.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
        (root / "words.txt").write_text(_user_words(), encoding="utf-8")
        command = [
            "tesseract", str(root / "list.txt"), "stdout", "-l", LANGUAGES, "--psm", psm,
            "--user-words", str(root / "words.txt"), "-c", "preserve_interword_spaces=1", "tsv",
        ]  # fmt: skip
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False, env=tesseract_env()
        )
        if done.returncode != 0:
            raise RuntimeError(f"tesseract failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
        return done.stdout


def tesseract_env() -> dict[str, str]:
    """Return the environment for a Tesseract run: this one, with OpenMP held to TESSERACT_THREADS unless it says
    otherwise.

    Tesseract's OpenMP threads wait on each other: a page of crops takes 16 s with them and 1.9 s
    on one thread (Tesseract 5.3, 2 cores), and the pipeline already reads documents in parallel.
    """
    limit = os.environ.get(OMP_LIMIT, "")
    return {**os.environ, OMP_LIMIT: limit if limit.isdigit() else TESSERACT_THREADS}


def page_tsv(pngs: Sequence[bytes], keep: Path | None, psm: str = BLOCK_PSM) -> str:
    """Given the encoded crops of a page, a folder for the raw OCR (or None) and the segmentation mode, return
    their TSV.

    A TSV already kept for the same crops is read back rather than made again.
    """
    if not pngs:
        return ""
    key = _crops_key(pngs, psm)
    kept = keep / f"cells-{key}.tsv" if keep is not None else None
    if kept is not None and kept.exists():
        return kept.read_text(encoding="utf-8")
    tsv = _READ.get(key) or _run_tesseract(pngs, psm)
    # A process reading the same scan again (a batch, a re-run) gets its OCR from memory.
    _READ[key] = tsv
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(tsv, encoding="utf-8")
    return tsv


def _line_key(row: dict[str, str]) -> tuple[str, ...]:
    """Given a TSV word row, return the key of its line: page, block, paragraph and line numbers."""
    return (row["page_num"], row["block_num"], row["par_num"], row["line_num"])


def _word_rows(tsv: str) -> list[dict[str, str]]:
    """Given Tesseract's TSV, return its word rows that hold text."""
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [row for row in reader if row.get("level") == WORD_LEVEL and not _is_noise(_word(row))]


def _is_speck(row: dict[str, str], crop_: Crop, scale: float) -> bool:
    """Given a TSV word row, its crop and pixels per point, return whether the word is a speck of dust or JPEG noise.

    So it is when its box is smaller than SPECK_PT each way: no printed letter or sign is, not even a hyphen.
    """
    least = SPECK_PT * scale * crop_.factor
    return float(row["width"]) < least and float(row["height"]) < least


def _word(row: dict[str, str]) -> str:
    """Given a TSV word row, return its text."""
    return (row.get("text") or "").strip()


def _is_noise(word: str) -> bool:
    """Given a word OCR read, return whether it is no word: empty or lone punctuation (a speck, a rule's end)."""
    return word not in SIGN_WORDS and not any(ch.isalnum() for ch in word)


def _corrected(text: str, first: bool) -> str:
    """Given a word OCR read and whether it opens its cell, return it with the one unambiguous slip mended.

    A cell's opening number is written "1." and read "1,": a comma never follows a lone number there.
    """
    return NUMBER_COMMA.sub(r"\1.", text) if first else text


def _crop_box(row: dict[str, str]) -> PixelBox:
    """Given a TSV word row, return the word's box in its crop's pixels."""
    left, top = int(row["left"]), int(row["top"])
    return (left, top, left + int(row["width"]), top + int(row["height"]))


def _word_chars(row: dict[str, str], crop_: Crop, scale: float, line_top: float, first: bool) -> list[dict[str, Any]]:
    """Given a TSV word row, its crop, pixels per point, its line's top (points) and whether it opens its cell,
    return one char per letter, after a blank when the word follows another on its line.
    """
    text = mended_stop(_corrected(row["text"].strip(), first), crop_.image, _crop_box(row))
    left = (float(row["left"]) - PAD_PX) / crop_.factor + crop_.origin[0]
    top = (float(row["top"]) - PAD_PX) / crop_.factor + crop_.origin[1]
    width = float(row["width"]) / crop_.factor
    height = float(row["height"]) / crop_.factor
    x0, bottom = left / scale, (top + height) / scale
    confidence = max(0.0, float(row["conf"])) / 100.0
    letters = text if row["word_num"] == FIRST_WORD else " " + text
    step = width / len(letters) / scale
    return [
        {
            "text": letter,
            "x0": x0 + i * step,
            "x1": x0 + (i + 1) * step,
            "top": line_top,
            "bottom": bottom,
            "doctop": line_top,
            "upright": True,
            "size": height / scale,
            "fontname": "OCR",
            "non_stroking_color": (0.0,),
            "ocr_confidence": confidence,
        }
        for i, letter in enumerate(letters)
    ]


def cell_chars(tsv: str, crops: Sequence[Crop], scale: float) -> list[list[dict[str, Any]]]:
    """Given a page's TSV, its crops in order and pixels per point, return each crop's chars in page points.

    The words of one line share the line's top, so that they cluster into one printed line.
    """
    out: list[list[dict[str, Any]]] = [[] for _ in crops]
    rows = [r for r in _word_rows(tsv) if not _is_speck(r, crops[int(r["page_num"]) - 1], scale)]
    lines = _line_tops(rows, crops)
    ends: dict[tuple[int, float], float] = {}
    for row in rows:
        index = int(row["page_num"]) - 1
        top = lines[_line_key(row)] / scale
        chars = _word_chars(row, crops[index], scale, top, not out[index])
        at = (index, round(top, 1))
        chars = _after(chars, ends[at]) if at in ends else chars
        ends[at] = chars[-1]["x1"]
        out[index].extend(chars)
    return out


def _line_tops(rows: Sequence[dict[str, str]], crops: Sequence[Crop]) -> dict[tuple[str, ...], float]:
    """Given a page's TSV word rows and its crops, return each line's top in page pixels, every line of a crop
    starting below the middle of the line Tesseract read before it.

    Strokes a photocopy spread make two lines touch: Tesseract then reads them as two lines in
    order but boxes the second from the first's top, and the two would be put together as one
    line with their letters interleaved ("BloPweimnbgan" for "Pembangunan ... / Blowing").
    """
    tops: dict[tuple[str, ...], float] = {}
    bottoms: dict[tuple[str, ...], float] = {}
    for row in rows:
        key, crop_ = _line_key(row), crops[int(row["page_num"]) - 1]
        top = (float(row["top"]) - PAD_PX) / crop_.factor + crop_.origin[1]
        tops[key] = min(tops.get(key, top), top)
        bottoms[key] = max(bottoms.get(key, top), top + float(row["height"]) / crop_.factor)
    out: dict[tuple[str, ...], float] = {}
    before: dict[str, tuple[float, float]] = {}
    for key, top in tops.items():
        if key[0] in before:
            top = max(top, sum(before[key[0]]) / 2)
        out[key] = top
        before[key[0]] = (top, bottoms[key])
    return out


def _after(chars: list[dict[str, Any]], start: float) -> list[dict[str, Any]]:
    """Given a word's chars and where the word before it on its line ends (points), return the chars moved to
    begin there when Tesseract's box of the word reaches back over the word before.

    Overlapping boxes would interleave the two words' letters ("Pembangun JaDInH").
    """
    if chars[0]["x0"] >= start:
        return chars
    end = max(chars[-1]["x1"], start + len(chars) * MIN_CHAR_PT)
    step = (end - start) / len(chars)
    return [{**c, "x0": start + i * step, "x1": start + (i + 1) * step} for i, c in enumerate(chars)]


def agrees(layer: str, read: str) -> bool:
    """Given a cell's text from a PDF's text layer and from cell OCR, return whether they say the same thing.

    They must read alike letter for letter, whatever the spacing: a layer read from the whole page
    that differs from the cell's own reading by one letter is as likely wrong as the cell's, and
    the cell's was read from a crop with no neighbour and no rule in it.
    """
    first, second = (" ".join(t.split()) for t in (layer, read))
    return bool(first) and first == second


def thinned(crop_: Crop) -> Crop:
    """Given a crop, return it in black and white (Otsu's threshold) with its strokes one pixel thinner."""
    _, binary = cv2.threshold(crop_.image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return replace(crop_, image=np.asarray(cv2.dilate(binary, np.ones((THIN_PX, THIN_PX), np.uint8)), np.uint8))


def enlarged(crop_: Crop) -> Crop:
    """Given a crop, return it ENLARGE_FACTOR times as large: spread strokes close a letter's counters at the
    reading resolution, and Tesseract loses the words they touch ("1) Adanya" of a photocopied cell)."""
    image = cv2.resize(crop_.image, None, fx=ENLARGE_FACTOR, fy=ENLARGE_FACTOR, interpolation=cv2.INTER_CUBIC)
    pad = round(PAD_PX * (ENLARGE_FACTOR - 1.0))
    image = image[pad : image.shape[0] - pad, pad : image.shape[1] - pad]
    return replace(crop_, image=np.asarray(image, np.uint8), factor=crop_.factor * ENLARGE_FACTOR)


def read_crops(
    crops: Sequence[Crop], again: Sequence[bool], scale: float, keep: Path | None
) -> list[list[dict[str, Any]]]:
    """Given a page's crops, which of them may be read a second time, pixels per point and the raw OCR's folder,
    return each crop's chars.

    A photocopy spreads strokes until Tesseract reads a clean "AREA PERUBAHAN" as nothing and
    "INDIKATOR KEBERHASILAN" as "INDIKATOR k=-==criASILAN": a crop that may be read again and is
    read as nothing, unsure (UNSURE_CONFIDENCE) or with ink left in no word (MAX_UNREAD_INK) is
    read with its strokes thinned and, where that reading is not kept, enlarged; such a reading is
    kept only when every word of it is sure (MIN_THINNED_CONFIDENCE) and it reads no more unknown
    words.
    """
    chars = _lone_labels(crops, _read(crops, scale, keep), scale, keep)
    unsure = [i for i, read in enumerate(chars) if again[i] and _is_unsure(read, crops[i], scale)]
    if not unsure:
        return chars
    for remade in (thinned, enlarged):
        second = [remade(crops[i]) for i in unsure]
        taken = set()
        for i, read in zip(unsure, _read(second, scale, keep), strict=True):
            if _reads_better(read, chars[i]):
                chars[i] = read
                taken.add(i)
        # What a thinned reading settled is not read a third time.
        unsure = [i for i in unsure if i not in taken]
        if not unsure:
            break
    return chars


def _lone_labels(
    crops: Sequence[Crop], chars: list[list[dict[str, Any]]], scale: float, keep: Path | None
) -> list[list[dict[str, Any]]]:
    """Given a page's crops, their chars, pixels per point and the raw OCR's folder, return the chars with each
    lone glyph read as nothing read again as one line, where that reads as a sure label ("B.", "12.").

    A mark read so is no label: a tick has no stop, and a mark's glyph with a speck ("V.") is told
    from writing later by `reads_as_text`.
    """
    empty = [i for i, (c, read) in enumerate(zip(crops, chars, strict=True)) if c.lone and not read]
    if not empty:
        return chars
    out = list(chars)
    lines = [replace(crops[i], psm=LINE_PSM) for i in empty]
    for i, read in zip(empty, _read(lines, scale, keep), strict=True):
        if STOPPED_LABEL.match(_text(read)) and _least(read) >= MIN_THINNED_CONFIDENCE:
            out[i] = read
    return out


def _read(crops: Sequence[Crop], scale: float, keep: Path | None) -> list[list[dict[str, Any]]]:
    """Given a page's crops, pixels per point and the raw OCR's folder, return each crop's chars, every crop read
    in its own segmentation mode (one Tesseract run per mode)."""
    out: list[list[dict[str, Any]]] = [[] for _ in crops]
    for psm in sorted({c.psm for c in crops}):
        members = [i for i, c in enumerate(crops) if c.psm == psm]
        group = [crops[i] for i in members]
        for i, read in zip(members, cell_chars(page_tsv(encode(group), keep, psm), group, scale), strict=True):
            out[i] = read
    return out


def _text(read: Sequence[dict[str, Any]]) -> str:
    """Given a crop's chars, return their text."""
    return "".join(char["text"] for char in read)


def _least(read: Sequence[dict[str, Any]]) -> float:
    """Given a crop's chars, return the confidence of its least sure word (0 when none)."""
    return min((float(char["ocr_confidence"]) for char in read), default=0.0)


def _reads_better(thin: Sequence[dict[str, Any]], first: Sequence[dict[str, Any]]) -> bool:
    """Given a crop's reading with its strokes thinned and its unsure or empty first reading, return whether the
    thinned one is taken.

    So it is when every word of it is sure and it reads no more words that the dictionary and the
    domain do not know: a first reading unsure of one word may be right where the thinned one,
    sure of itself, reads "Plagam" for "Piagam".
    """
    if not thin or _least(thin) < MIN_THINNED_CONFIDENCE:
        return False
    return unknown_words(_text(thin)) <= unknown_words(_text(first))


def _is_unsure(read: Sequence[dict[str, Any]], crop_: Crop, scale: float) -> bool:
    """Given a crop's chars, the crop and pixels per point, return whether it was read as nothing, its least
    sure word is unsure, or ink was left out of every word read."""
    return not read or _least(read) < UNSURE_CONFIDENCE or _unread_ink(read, crop_, scale) >= MAX_UNREAD_INK


def _unread_ink(read: Sequence[dict[str, Any]], crop_: Crop, scale: float) -> float:
    """Given a crop's chars, the crop and pixels per point, return the share of the crop's ink that lies in no
    word read (each word's box grown by WORD_SLACK_PT).

    Tesseract may read a line from its third word on, sure of every word it read: a photocopied
    "1) Adanya alat sosialisasi" comes back as "alat sosialisasi", and only the ink tells.
    """
    ink = crop_.image < INK_LEVEL
    total = int(ink.sum())
    if not total:
        return 0.0
    covered = np.zeros_like(ink)
    slack = WORD_SLACK_PT * scale * crop_.factor
    height, width = ink.shape
    for char in read:
        x0, top = _crop_pixels(char["x0"], char["top"], crop_, scale)
        x1, bottom = _crop_pixels(char["x1"], char["bottom"], crop_, scale)
        rows = slice(max(0, round(top - slack)), min(height, round(bottom + slack)))
        covered[rows, max(0, round(x0 - slack)) : min(width, round(x1 + slack))] = True
    return float((ink & ~covered).sum()) / total


def _crop_pixels(x: float, y: float, crop_: Crop, scale: float) -> tuple[float, float]:
    """Given a point on the page (points), its crop and pixels per point, return where it lies in the crop."""
    across = (x * scale - crop_.origin[0]) * crop_.factor + PAD_PX
    down = (y * scale - crop_.origin[1]) * crop_.factor + PAD_PX
    return across, down


def encode(crops: Sequence[Crop]) -> list[bytes]:
    """Given crops, return them PNG-encoded."""
    return [_png(c.image) for c in crops]


@cache
def tesseract_available() -> bool:
    """Return whether Tesseract is on PATH."""
    return shutil.which("tesseract") is not None
