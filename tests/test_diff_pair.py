"""Tests of the pairing of two plans' rows (pipeline.diff.pair) on plans built in code."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.diff import DiffSettings, diff_plans, diff_to_arrow, summary_line, text_similarity
from pipeline.schema import COMPARED_FIELDS, DIFF_COLUMNS, DIFF_SCHEMA
from tests.fixtures.diff_plans import EXPECTED, change_list

# --- (1) known edits -----------------------------------------------------------------------


def test_known_edits_give_the_exact_change_list(known_diff: pd.DataFrame) -> None:
    assert change_list(known_diff) == EXPECTED


def test_known_edits_area_and_indikator_columns(known_diff: pd.DataFrame) -> None:
    assert known_diff["area_no"].tolist() == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3]
    removed = known_diff[known_diff["change"] == "removed"]
    assert removed["indikator_old"].tolist() == ["Pengukuran periode Sasaran kinerja Individu", ""]
    assert removed["indikator_new"].isna().all()
    added = known_diff[known_diff["change"] == "added"]
    assert added["indikator_old"].isna().all()
    assert added["indikator_new"].iloc[0] == "Tersusunnya usulan formasi jabatan fungsional"


def test_known_edits_similarity(known_diff: pd.DataFrame) -> None:
    sim = dict(zip(known_diff["row_new"].astype(object), known_diff["similarity"], strict=True))
    assert pd.isna(sim[3])  # added: no partner, no similarity
    assert known_diff.loc[known_diff["change"] != "modified", "similarity"].isna().all()
    assert sim[8] == 1.0 and sim[9] == 1.0 and sim[11] == 1.0  # only numbers / months changed
    assert 0.8 < sim[5] < 1.0  # typo fix in the kegiatan
    assert 0.8 < sim[7] < 1.0  # one word of the indikator
    assert known_diff["similarity"].between(0.0, 1.0).all()


def test_diff_dtypes_match_the_schema(known_diff: pd.DataFrame) -> None:
    assert list(known_diff.columns) == list(DIFF_COLUMNS)
    assert known_diff["area_no"].dtype == "int8"
    assert known_diff["row_old"].dtype == "Int32"
    assert known_diff["row_new"].dtype == "Int32"
    assert known_diff["similarity"].dtype == "Float32"
    assert known_diff["renumbered"].dtype == bool


def test_known_edits_old_and_new_values(known_diff: pd.DataFrame) -> None:
    by_new = {int(r["row_new"]): r for r in known_diff.to_dict("records") if not pd.isna(r["row_new"])}
    # Written from the two plans of tests/fixtures/diff_plans.py.
    assert by_new[8]["values"] == [{"field": "indikator_no", "old_value": "1", "new_value": "2"}]
    assert by_new[9]["values"] == [{"field": "indikator_no", "old_value": "4", "new_value": "3"}]
    assert by_new[10]["values"] == [
        {"field": "ket", "old_value": "Rekap pelanggaran", "new_value": "Rekap pelanggaran disiplin pegawai"}
    ]
    assert by_new[11]["values"] == [{"field": "bulan", "old_value": "3", "new_value": "4;5"}]
    assert [v["field"] for v in by_new[5]["values"]] == ["kegiatan_no", "kegiatan"]
    assert by_new[3]["values"] == []
    renumbered = sorted(int(r) for r in known_diff.loc[known_diff["renumbered"], "row_new"])
    assert renumbered == [8, 9]


def test_diff_to_arrow_conforms_to_the_schema(known_diff: pd.DataFrame) -> None:
    table = diff_to_arrow(known_diff)
    assert table.schema.equals(DIFF_SCHEMA)
    first = table.slice(0, 1).to_pylist()[0]
    assert first["change"] == "added"
    assert first["row_old"] is None
    assert first["fields"] == []
    assert first["similarity"] is None and first["values"] == [] and first["renumbered"] is False
    assert table.column("fields").to_pylist()[2] == ["kegiatan_no", "kegiatan"]


def test_diff_to_arrow_of_an_empty_diff(old_plan: pd.DataFrame) -> None:
    table = diff_to_arrow(diff_plans(old_plan, old_plan))
    assert table.num_rows == 0
    assert table.schema.equals(DIFF_SCHEMA)


# --- (2) self-diff and reverse diff ----------------------------------------------------------


def test_self_diff_is_empty(old_plan: pd.DataFrame, new_plan: pd.DataFrame) -> None:
    assert diff_plans(old_plan, old_plan).empty
    assert diff_plans(new_plan, new_plan.copy()).empty


def test_whitespace_page_and_doc_id_are_not_changes(old_plan: pd.DataFrame) -> None:
    other = old_plan.copy()
    other["doc_id"] = "cccccccccccccccc"
    other["page"] = (other["page"] + 3).astype("int16")
    other["indikator"] = other["indikator"].str.replace(" ", "  ")
    other["penanggung_jawab"] = "Sekretaris"
    assert diff_plans(old_plan, other).empty


def test_reverse_diff_swaps_added_and_removed(
    old_plan: pd.DataFrame, new_plan: pd.DataFrame, known_diff: pd.DataFrame
) -> None:
    swap = {"added": "removed", "removed": "added", "modified": "modified"}
    forward = {(swap[c], new, old, fields) for c, old, new, fields in change_list(known_diff)}
    backward = diff_plans(new_plan, old_plan)
    assert set(change_list(backward)) == forward
    assert sorted(backward["indikator_old"].dropna()) == sorted(known_diff["indikator_new"].dropna())


def test_duplicate_indikator_texts_pair_by_context(old_plan: pd.DataFrame) -> None:
    # Rows 12 and 15 then read alike ("Laporan pelaksanaan kegiatan", same ket) under different
    # kegiatan; only row 15 changes months, and row 13 is dropped in between.
    old = old_plan.copy()
    old.loc[11, "ket"] = old.loc[14, "ket"]
    new = old.drop(index=12).reset_index(drop=True)
    new["row"] = range(1, len(new) + 1)
    new.loc[13, "bulan"] = [7]
    assert change_list(diff_plans(old, new)) == [
        ("removed", 13, None, ()),
        ("modified", 15, 14, ("bulan",)),
    ]


def test_missing_values_and_csv_months_read_as_blank(old_plan: pd.DataFrame) -> None:
    other = old_plan.astype({"ket": "string", "indikator": "string"})
    other.loc[[13, 16], "indikator"] = pd.NA
    other["bulan"] = [";".join(map(str, months)) for months in old_plan["bulan"]]
    assert diff_plans(old_plan, other).empty


def test_empty_side_gives_all_added_or_all_removed(old_plan: pd.DataFrame) -> None:
    empty = old_plan.iloc[:0]
    added = change_list(diff_plans(empty, old_plan))
    assert added == [("added", None, row, ()) for row in range(1, 18)]
    assert [c for c, *_ in change_list(diff_plans(old_plan, empty))] == ["removed"] * 17


def test_renumbered_area_is_still_paired_by_area_code(old_plan: pd.DataFrame) -> None:
    new = old_plan[old_plan["area_code"] != "penataan_organisasi"].copy()
    new["area_no"] = (new["area_no"] - 1).astype("int8")
    new["row"] = range(1, len(new) + 1)
    diff = diff_plans(old_plan, new)
    assert [c for c, *_ in change_list(diff)] == ["removed"] * 4 + ["modified"] * 13
    assert {tuple(f) for f in diff["fields"][4:]} == {("area_no",)}


# --- (4) unit tests ------------------------------------------------------------------------


def test_summary_line(known_diff: pd.DataFrame) -> None:
    assert summary_line(known_diff) == "3 added, 2 removed, 8 modified"
    assert summary_line(known_diff.iloc[:0]) == "no changes"
    assert summary_line(known_diff.iloc[2:3]) == "0 added, 0 removed, 1 modified"


def test_text_similarity() -> None:
    assert text_similarity("unit/satuan kerja", "unit/ satuan kerja") == 1.0
    assert text_similarity("Penyesuaian STOK", "Penyesuaian SOTK") > 0.7
    assert text_similarity("Penyesuaian STOK", "") == 0.0
    assert text_similarity("Evaluasi Organisasi", "Laporan pengadaan barang/jasa") < 0.3


# --- (3) property test: random plans and edit scripts ----------------------------------------

VOCAB_TEXT = """
    penyusunan dokumen laporan evaluasi pelaksanaan kegiatan pegawai jabatan fungsional
    sasaran kinerja individu organisasi satuan kerja unit pembangunan sistem merit penerapan
    pengukuran disiplin kode etik penyelenggara pemilu pelanggaran rekapitulasi sosialisasi
    media informasi publik pelayanan pengaduan masyarakat integritas zona wilayah birokrasi
    reformasi perubahan agen rencana aksi tahunan monitoring pengendalian gratifikasi
    benturan kepentingan anggaran belanja aplikasi terintegrasi arsip statis dinamis vital
    peraturan naskah dinas penetapan revisi deregulasi kebijakan standar maklumat survei
    kepuasan pemohon sarana prasarana fasilitas kompetensi pelatihan diklat sertifikat
    pengadaan barang jasa akuntabilitas renstra reviu capaian tindak lanjut rapat undangan
    keputusan sekretaris komisi pemilihan umum kota kabupaten provinsi bendahara pengelola
    struktur mandat formasi usulan promosi mutasi asesmen kuesioner dokumentasi piagam
    penghargaan teguran sanksi website papan pengumuman buku tamu kartu identitas petugas
"""
VOCAB = tuple(VOCAB_TEXT.split())
AREAS = (
    ("manajemen_perubahan", "Manajemen Perubahan"),
    ("penataan_organisasi", "Penguatan Kelembagaan"),
    ("penataan_sdm", "Penataan Sistem Manajemen SDM Aparatur"),
    ("penguatan_akuntabilitas", "Penguatan Akuntabilitas Kinerja"),
)


@dataclass
class Item:
    """One indikator row of a generated plan; origin identifies it across versions."""

    origin: int | None
    no: str
    indikator: str
    ket: str
    bulan: tuple[int, ...]


@dataclass
class Node:
    """A kegiatan or sub kegiatan of a generated plan: number, text and children."""

    no: str
    label: str
    children: list[Any] = field(default_factory=list)


class Words:
    """Draws texts whose words barely overlap with any text drawn before."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.drawn: list[set[str]] = []

    def text(self, low: int, high: int) -> str:
        while True:
            words = self.rng.sample(VOCAB, self.rng.randint(low, high))
            if all(len(set(words) & seen) <= 1 for seen in self.drawn):
                self.drawn.append(set(words))
                return " ".join(words).capitalize()

    def months(self) -> tuple[int, ...]:
        return tuple(sorted(self.rng.sample(range(1, 13), self.rng.randint(0, 4))))


def build_plan(rng: random.Random, words: Words) -> list[Node]:
    """Given a random source, return a plan: areas of kegiatan of sub kegiatan of items."""
    counter = iter(range(10_000))
    areas = []
    for a_no, (code, _) in enumerate(rng.sample(AREAS, rng.randint(1, 3)), start=1):
        kegs = [Node(str(k), words.text(3, 5)) for k in range(1, rng.randint(1, 3) + 1)]
        for keg in kegs:
            keg.children = [Node(str(s), words.text(3, 5)) for s in range(1, rng.randint(1, 2) + 1)]
            for sub in keg.children:
                sub.children = [
                    Item(next(counter), str(i), words.text(4, 7),
                         words.text(2, 4) if rng.random() < 0.8 else "", words.months())
                    for i in range(1, rng.randint(1, 3) + 1)
                ]  # fmt: skip
        areas.append(Node(str(a_no), code, kegs))
    return areas


def small_edit(rng: random.Random, text: str) -> str:
    """Given a text, return it with one word replaced or two letters of a word swapped."""
    words = text.split()
    k = rng.randrange(len(words))
    if rng.random() < 0.5:
        words[k] = rng.choice([w for w in VOCAB if w not in text.lower().split()])
        return " ".join(words)
    word = words[k]
    spots = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    i = rng.choice(spots)
    words[k] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


def subs_of(plan: list[Node]) -> list[Node]:
    return [sub for area in plan for keg in area.children for sub in keg.children]


def items_of(plan: list[Node]) -> list[Item]:
    return [item for sub in subs_of(plan) for item in sub.children if item.origin is not None]


def apply_edit(rng: random.Random, words: Words, plan: list[Node], kind: str) -> None:
    """Given a plan, apply one random edit of the given kind to it in place."""
    items = items_of(plan)
    if kind == "insert_row":
        sub = rng.choice(subs_of(plan))
        new = Item(None, str(len(sub.children) + 1), words.text(4, 7), words.text(2, 4),
                   words.months())  # fmt: skip
        sub.children.insert(rng.randint(0, len(sub.children)), new)
    elif kind == "insert_kegiatan":
        area = rng.choice(plan)
        sub = Node("1", words.text(3, 5), [Item(None, "1", words.text(4, 7), "", words.months())])
        keg = Node(str(len(area.children) + 1), words.text(3, 5), [sub])
        area.children.insert(rng.randint(0, len(area.children)), keg)
    elif kind == "delete_row" and len(items) > 1:
        victim = rng.choice(items)
        for sub in subs_of(plan):
            sub.children = [item for item in sub.children if item is not victim]
        prune(plan)
    elif kind == "edit_indikator" and items:
        item = rng.choice(items)
        item.indikator = small_edit(rng, item.indikator)
    elif kind == "edit_ket" and [i for i in items if i.ket]:
        item = rng.choice([i for i in items if i.ket])
        item.ket = small_edit(rng, item.ket)
    elif kind == "edit_label":
        node = rng.choice([keg for area in plan for keg in area.children] + subs_of(plan))
        node.label = small_edit(rng, node.label)
    elif kind == "change_months" and items:
        item = rng.choice(items)
        item.bulan = tuple(sorted(set(item.bulan) ^ {rng.randint(1, 12)}))


def prune(plan: list[Node]) -> None:
    """Given a plan, drop in place the sub kegiatan, kegiatan and areas left empty."""
    for area in plan:
        for keg in area.children:
            keg.children = [sub for sub in keg.children if sub.children]
        area.children = [keg for keg in area.children if keg.children]
    plan[:] = [area for area in plan if area.children]


def renumber(plan: list[Node]) -> None:
    """Given a plan, number its kegiatan, sub kegiatan and items 1, 2, ... in place."""
    for area in plan:
        for k, keg in enumerate(area.children, start=1):
            keg.no = str(k)
            for s, sub in enumerate(keg.children, start=1):
                sub.no = str(s)
                for i, item in enumerate(sub.children, start=1):
                    item.no = str(i)


def flatten(plan: list[Node]) -> list[dict[str, Any]]:
    """Given a generated plan, return its rows as plan records (origin kept aside)."""
    names = dict(AREAS)
    records: list[dict[str, Any]] = []
    for area in plan:
        code = area.label
        for keg in area.children:
            for sub in keg.children:
                for item in sub.children:
                    records.append({
                        "origin": item.origin, "doc_id": "x", "row": len(records) + 1,
                        "area_no": int(area.no), "area": names[code], "area_code": code,
                        "kegiatan_no": keg.no, "kegiatan": keg.label,
                        "sub_kegiatan_no": sub.no, "sub_kegiatan": sub.label,
                        "indikator_no": item.no, "indikator": item.indikator,
                        "ket": item.ket, "bulan": list(item.bulan), "page": 1 + len(records) // 4,
                    })  # fmt: skip
    return records


def expected_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """Given both versions' records, return the true (change, row_old, row_new, fields) set."""
    old_by_origin = {rec["origin"]: rec for rec in old}
    new_origins = {rec["origin"] for rec in new}
    truth: set[tuple[Any, ...]] = {("removed", rec["row"], None, ()) for rec in old if rec["origin"] not in new_origins}
    for rec in new:
        if rec["origin"] is None:
            truth.add(("added", None, rec["row"], ()))
            continue
        before = old_by_origin[rec["origin"]]
        fields = tuple(f for f in COMPARED_FIELDS if before[f] != rec[f])
        if fields:
            truth.add(("modified", before["row"], rec["row"], fields))
    return truth


EDIT_KINDS = ("insert_row", "insert_kegiatan", "delete_row", "edit_indikator", "edit_ket",
              "edit_label", "change_months")  # fmt: skip


@st.composite
def plan_versions(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Draw a random plan and a version of it changed by a random edit script."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    words = Words(rng)
    old = build_plan(rng, words)
    new = [replace(a, children=deep_copy(a.children)) for a in old]
    for kind in draw(st.lists(st.sampled_from(EDIT_KINDS), min_size=1, max_size=5)):
        apply_edit(rng, words, new, kind)
    if draw(st.booleans()):
        renumber(new)
    return flatten(old), flatten(new)


def deep_copy(nodes: list[Any]) -> list[Any]:
    """Given kegiatan / sub kegiatan / items, return an independent copy."""
    return [replace(n, children=deep_copy(n.children)) if isinstance(n, Node) else replace(n)
            for n in nodes]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_versions())
def test_diff_recovers_random_edit_scripts(
    versions: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    old, new = versions
    truth = expected_changes(old, new)
    old_frame = pd.DataFrame(old).drop(columns="origin")
    new_frame = pd.DataFrame(new).drop(columns="origin")
    assert set(change_list(diff_plans(old_frame, new_frame))) == truth
    swap = {"added": "removed", "removed": "added", "modified": "modified"}
    reverse = {(swap[c], b, a, f) for c, a, b, f in truth}
    assert set(change_list(diff_plans(new_frame, old_frame))) == reverse


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        DiffSettings().row_min_score = 0.1  # type: ignore[misc]


def test_stricter_threshold_turns_a_rewording_into_removed_and_added(
    old_plan: pd.DataFrame,
) -> None:
    new = old_plan.copy()
    new.loc[0, "indikator"] = "Dokumentasi hasil FGD Organisasi"
    loose = diff_plans(old_plan, new)
    strict = diff_plans(old_plan, new, DiffSettings(row_min_score=0.99, moved_min_score=0.99))
    assert change_list(loose) == [("modified", 1, 1, ("indikator",))]
    assert sorted(c for c, *_ in change_list(strict)) == ["added", "removed"]
