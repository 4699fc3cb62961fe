"""Tests of the check frames: the columns derived from a plan and the frames of a decree reach the suites."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline.validate import validate_decree, validate_plan
from pipeline.validate.frames import decree_check_frames, plan_check_frame
from tests.fixtures.validation_seed import SEED_ROWS, assert_fails_on, plan_frame, plan_rows, seed_decree

# --- plan frame ------------------------------------------------------------------------------


def test_plan_from_python_lists_and_extra_columns_passes() -> None:
    plan = pd.DataFrame(plan_rows()).assign(penanggung_jawab="Sub Bagian Hukum")
    report = validate_plan(plan)
    assert report.success, report.failures


def test_row_without_indikator_sub_kegiatan_or_ket_fails() -> None:
    rows = plan_rows()
    rows[8].update(indikator="", sub_kegiatan="  ", ket="")
    assert_fails_on(validate_plan(plan_frame(rows)), "indikator_or_fallback", "(row 9)")


def test_month_thirteen_fails() -> None:
    rows = plan_rows()
    rows[6]["bulan"] = [12, 13]
    assert_fails_on(validate_plan(plan_frame(rows)), "bulan_max", "[13]", "(row 7)")


def test_months_out_of_order_fail() -> None:
    rows = plan_rows()
    rows[0]["bulan"] = [4, 3]
    assert_fails_on(validate_plan(plan_frame(rows)), "bulan_ascending", "(row 1)")


def test_bulan_as_text_gives_the_months_of_the_same_list() -> None:
    rows = plan_rows()
    rows[0]["bulan"] = [4, 3]
    as_lists = plan_check_frame(plan_frame(rows))
    as_text = plan_check_frame(pd.DataFrame([{**row, "bulan": ";".join(map(str, row["bulan"]))} for row in rows]))
    derived = ["bulan_min", "bulan_max", "bulan_ascending"]
    pd.testing.assert_frame_equal(as_text[derived], as_lists[derived])
    assert as_lists.loc[0, derived].tolist() == [3, 4, False]
    # The seed's fourth row has no months: no bounds, and nothing out of order.
    assert as_lists.loc[3, "bulan_min"] is pd.NA and as_lists.loc[3, "bulan_ascending"]


def test_indikator_falls_back_to_sub_kegiatan_then_ket() -> None:
    rows = plan_rows()
    rows[0].update(indikator=" ", sub_kegiatan="")
    frame = plan_check_frame(plan_frame(rows))
    indikator, sub_kegiatan, ket = 5, 4, 6  # places in a SEED_ROWS entry
    assert frame.loc[1, "indikator_or_fallback"] == SEED_ROWS[1][indikator]
    assert frame.loc[6, "indikator_or_fallback"] == SEED_ROWS[6][sub_kegiatan]
    assert frame.loc[0, "indikator_or_fallback"] == SEED_ROWS[0][ket]


# --- decree frames ---------------------------------------------------------------------------


def test_decree_without_signatory_fails() -> None:
    report = validate_decree(seed_decree() | {"penandatangan": None})
    assert_fails_on(report, "penandatangan_nama", "expect_column_values_to_not_be_null")


@pytest.mark.parametrize("tahun", [None, "21"])
def test_mengingat_without_a_year_fails(tahun: object) -> None:
    decree = seed_decree()
    decree["mengingat"][1]["tahun"] = tahun
    assert_fails_on(validate_decree(decree), "tahun")


def test_decree_frames_flatten_the_signatory_and_keep_a_missing_year_null() -> None:
    decree = seed_decree() | {"tanggal": date(2021, 10, 7)}
    decree["mengingat"][1]["tahun"] = None
    frames = decree_check_frames(decree)
    assert list(frames) == ["decree", "mengingat"]
    decree_row = frames["decree"].iloc[0]
    assert decree_row["tanggal"] == "2021-10-07"
    assert decree_row["penandatangan_jabatan"] == "SEKRETARIS KOMISI PEMILIHAN UMUM KOTA TEGAL"
    assert decree_row["penandatangan_nama"] == "ANDI BUDI HARJANTO"
    assert frames["mengingat"]["tahun"].tolist() == ["2004", None, "2010", "2018", "2020", "2019", "2020"]
    assert frames["mengingat"]["no"].tolist() == ["1", "2", "3", "3", "4", "5", "6"]


def test_items_numbered_in_order_under_their_parent_pass() -> None:
    rows = plan_rows()
    rows[1]["sub_kegiatan_no"] = "2"
    frame = plan_check_frame(plan_frame(rows))
    assert frame["numbering_in_order"].all()


def test_a_list_that_starts_again_at_one_under_its_parent_passes() -> None:
    # The seed numbers every sub kegiatan 1: each starts its list again, as the decree does in places.
    frame = plan_check_frame(plan_frame(plan_rows()))
    assert frame["numbering_in_order"].all()


def test_a_new_item_that_does_not_go_past_the_one_before_fails() -> None:
    rows = plan_rows()
    rows[0]["sub_kegiatan_no"] = "2"
    rows[1]["sub_kegiatan_no"] = "2"
    assert list(plan_check_frame(plan_frame(rows))["numbering_in_order"])[:3] == [True, False, True]
    assert_fails_on(validate_plan(plan_frame(rows)), "numbering_in_order", "(row 2)")


def test_lettered_items_are_numbered_by_their_letter() -> None:
    rows = plan_rows()
    rows[0]["sub_kegiatan_no"], rows[1]["sub_kegiatan_no"] = "c", "b"
    assert not plan_check_frame(plan_frame(rows))["numbering_in_order"].all()
    rows[0]["sub_kegiatan_no"], rows[1]["sub_kegiatan_no"] = "a", "b"
    assert plan_check_frame(plan_frame(rows))["numbering_in_order"].all()
