"""Text hygiene: control characters, bidi overrides and zero-width characters never reach the published plan.

What was dropped is kept in interim/<stem>/hygiene.json, per column and character.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from pipeline.batch import extract_many
from pipeline.config import ExtractSettings
from tests.fixtures import bad
from tests.fixtures.layouts import REPLICA
from tests.fixtures.make_replica import DECREE_YAML
from tests.fixtures.plans import load_decree_body
from tests.fixtures.typeset import render_decree_pdf

# DejaVu Sans has glyphs for U+202E, U+200B and U+FEFF; U+2066 and U+2069 it lacks, and the
# typesetter prints them as glyph 0, which pdfminer reads as NUL.
PRINTED = "Pedoman\u202e terbit\u200b ok\u2066x\u2069 \ufeffend"
CLEAN = "Pedoman terbit okx end"


def test_unseen_characters_are_dropped_from_text_columns_and_counted() -> None:
    from pipeline.hygiene import clean_plan

    plan = pd.DataFrame(
        {
            "row": [1, 2],
            "indikator": ["a\x00b\x07c\u202ed", "e\u2066f\u2069\u200b\u200c\u200d\u2060\ufeffg"],
            "ket": ["baris\nkedua\tkolom", "\x1b[31mmerah"],
            "bulan": [[1, 2, 3], []],
            "penanggung_jawab": ["Kasubbag\u00a0Umum\u200b", ""],
        }
    )
    cleaned, dropped = clean_plan(plan)
    assert cleaned["indikator"].tolist() == ["abcd", "efg"]
    assert cleaned["ket"].tolist() == ["baris\nkedua\tkolom", "[31mmerah"], "newline and tab are kept"
    assert cleaned["penanggung_jawab"].tolist() == ["Kasubbag\u00a0Umum", ""]
    assert cleaned["bulan"].tolist() == [[1, 2, 3], []] and cleaned["row"].tolist() == [1, 2]
    assert dropped == {
        "indikator": {
            "U+0000": 1, "U+0007": 1, "U+200B": 1, "U+200C": 1, "U+200D": 1,
            "U+202E": 1, "U+2060": 1, "U+2066": 1, "U+2069": 1, "U+FEFF": 1,
        },
        "ket": {"U+001B": 1},
        "penanggung_jawab": {"U+200B": 1},
    }  # fmt: skip
    assert plan["indikator"].tolist()[0] == "a\x00b\x07c\u202ed", "the given frame is left as it was"


def test_a_decree_printed_with_unseen_characters_publishes_them_dropped(tmp_path: Path) -> None:
    rows = bad.small_decree_rows()
    rows[0] = dataclasses.replace(rows[0], indikator=PRINTED)
    pdf = tmp_path / "sk.pdf"
    render_decree_pdf(rows, load_decree_body(DECREE_YAML), dataclasses.replace(REPLICA, font="dejavu-sans"), pdf)
    out, interim = tmp_path / "out", tmp_path / "interim"

    (outcome,) = extract_many([pdf], out, ExtractSettings(charts=False), interim)

    assert outcome.status == 0, outcome.message
    plan = pd.read_parquet(out / "sk" / "plan.parquet")
    assert plan["indikator"].tolist() == [CLEAN, *(r.indikator for r in rows[1:])]
    dropped = json.loads((interim / "sk" / "hygiene.json").read_text(encoding="utf-8"))
    assert dropped == {"indikator": {"U+0000": 2, "U+200B": 1, "U+202E": 1, "U+FEFF": 1}}
