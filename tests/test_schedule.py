"""Schedules by quarter and by year: their labels, and which plan column their marks fill."""

from __future__ import annotations

import pytest

from pipeline.schedule import Schedule, month_number, quarter_number, schedule_of, year_number


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["TW I", "TW II", "TW III", "TW IV"], Schedule("triwulan", (1, 2, 3, 4))),
        (["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"], Schedule("triwulan", (1, 2, 3, 4))),
        (["TW1", "TW2", "TW3", "TW4"], Schedule("triwulan", (1, 2, 3, 4))),
        (["TW-1", "TW-2"], Schedule("triwulan", (1, 2))),
        (["2022", "2023", "2024"], Schedule("tahun", (2022, 2023, 2024))),
    ],
)
def test_quarter_and_year_labels_make_their_schedule(labels: list[str], expected: Schedule) -> None:
    assert schedule_of(labels) == expected


@pytest.mark.parametrize(
    "labels",
    [["TW II", "TW III"], ["TW I", "TW III"], ["2022", "2024"], ["1", "2", "3"], ["Jan", "Feb"], ["Target", "Rp"]],
)
def test_labels_out_of_order_or_of_months_make_no_quarter_or_year_schedule(labels: list[str]) -> None:
    assert schedule_of(labels) is None


def test_one_label_of_each_kind() -> None:
    assert (quarter_number("Triwulan IV"), quarter_number("TW 3"), quarter_number("TW V")) == (4, 3, None)
    assert (year_number("2023"), year_number("23"), year_number("1890")) == (2023, None, None)


@pytest.mark.parametrize(
    ("text", "month"),
    [("Agt", 8), ("Agu", 8), ("Ags", 8), ("Nop", 11), ("Des", 12), ("Mei", 5), ("Januari", 1), ("Okt", 10)],
)
def test_abbreviated_and_full_month_names(text: str, month: int) -> None:
    assert month_number(text) == month
