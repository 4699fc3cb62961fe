"""The OCR language's own dictionary: the Indonesian words Tesseract's `ind` model was trained with.

Tesseract ships its word list inside the traineddata file as a DAWG; `combine_tessdata` takes it
out and `dawg2wordlist` (both part of the tesseract-ocr package) writes it as words, about 76,000
of them. It is evidence the document cannot give for a word it prints once: "Plagam" is no
Indonesian word and "Piagam", one confused letter away, is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

LEXICON_LANGUAGE = "ind"
WORD_DAWG, UNICHARSET = "lstm-word-dawg", "lstm-unicharset"
TOOL_TIMEOUT_S = 60
# `tesseract --list-langs` names its folder first: List of available languages in "/usr/share/.../tessdata/" (3):
TESSDATA_FOLDER = re.compile(r'"([^"]+)"')


def _tessdata() -> Path | None:
    """Return the folder Tesseract reads its traineddata from, or None when Tesseract is not there."""
    if shutil.which("tesseract") is None:
        return None
    done = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
    )
    found = TESSDATA_FOLDER.search(done.stdout + done.stderr)
    return Path(found.group(1)) if found else None


def _word_list(traineddata: Path, folder: Path) -> list[str]:
    """Given a traineddata file and a scratch folder, return the words of its dictionary."""
    dawg, unicharset, words = (folder / f"{LEXICON_LANGUAGE}.{part}" for part in (WORD_DAWG, UNICHARSET, "words"))
    for command in (
        ["combine_tessdata", "-e", str(traineddata), str(dawg), str(unicharset)],
        ["dawg2wordlist", str(unicharset), str(dawg), str(words)],
    ):
        subprocess.run(command, capture_output=True, timeout=TOOL_TIMEOUT_S, check=True)
    return words.read_text(encoding="utf-8").split()


@cache
def ocr_lexicon() -> frozenset[str]:
    """Return the words of Tesseract's Indonesian dictionary, lower-cased; none when it cannot be read."""
    folder = _tessdata()
    traineddata = folder / f"{LEXICON_LANGUAGE}.traineddata" if folder else None
    if traineddata is None or not traineddata.is_file() or shutil.which("dawg2wordlist") is None:
        return frozenset()
    with tempfile.TemporaryDirectory() as scratch:
        try:
            return frozenset(w.lower() for w in _word_list(traineddata, Path(scratch)))
        except (OSError, subprocess.SubprocessError):
            return frozenset()
