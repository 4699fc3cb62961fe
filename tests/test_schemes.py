"""Schemes: a plan is named by the smallest scheme holding all of its areas; an unmatched area names none."""

from __future__ import annotations

from pipeline.domain import load_domain
from pipeline.hierarchy import match_area
from pipeline.schemes import scheme_of

ZI = ["manajemen_perubahan", "penataan_tatalaksana", "penataan_sdm", "penguatan_akuntabilitas",
      "penguatan_pengawasan", "pelayanan_publik"]  # fmt: skip


def test_the_six_zona_integritas_areas_are_a_zi_plan() -> None:
    assert scheme_of(ZI * 2) == "zona_integritas"


def test_a_plan_with_deregulasi_or_organisasi_follows_the_road_map() -> None:
    assert scheme_of([*ZI, "deregulasi_kebijakan"]) == "rb_2020_2024"
    assert scheme_of(["penataan_organisasi"]) == "rb_2020_2024"


def test_an_unmatched_area_or_an_empty_plan_names_no_scheme() -> None:
    assert scheme_of([*ZI, None]) is None
    assert scheme_of([]) is None
    assert scheme_of(["bukan_area"]) is None


def test_the_road_map_scheme_is_every_canonical_area() -> None:
    assert set(load_domain().schemes["rb_2020_2024"]) == set(load_domain().area_codes)


def test_zi_and_other_wordings_met_map_to_their_area() -> None:
    wordings = {
        "Penataan Manajemen SDM": "penataan_sdm",
        "Deregulasi & Simplifikasi Kebijakan": "deregulasi_kebijakan",
        "Penataan Peraturan Perundangan/ Deregulasi Kebijakan": "deregulasi_kebijakan",
        "Penataan Tatalaksana (SPBE)": "penataan_tatalaksana",
        "Penguatan Akuntabilitas (SAKIP)": "penguatan_akuntabilitas",
        "Penataan Sistem Manajemen SDM Aparatur": "penataan_sdm",
    }
    for name, code in wordings.items():
        assert match_area(name, 70.0).code == code, name
