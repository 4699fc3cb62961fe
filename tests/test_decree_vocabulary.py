"""Tests of the decree vocabulary's patterns: wordings from domain.yaml -> regex alternations."""

from __future__ import annotations

import re

import pytest

from pipeline.decree.vocabulary import alternation, compiled


@pytest.mark.parametrize("text", ["Nomor", "No.", "No"])
def test_an_abbreviation_matches_with_or_without_its_dot(text: str) -> None:
    assert re.fullmatch(alternation(["Nomor", "No."]), text)


def test_a_space_in_a_wording_matches_any_white_space() -> None:
    assert re.fullmatch(alternation(["sesuai dengan aslinya"]), "sesuai  dengan\naslinya")


def test_the_longest_wording_is_tried_first() -> None:
    match = re.match(alternation(["Peraturan", "Peraturan Pemerintah"]), "Peraturan Pemerintah Nomor 1")
    assert match is not None and match.group() == "Peraturan Pemerintah"


def test_a_wording_is_matched_as_written_not_as_a_pattern() -> None:
    assert re.fullmatch(alternation(["t.t.d."]), "t.t.d") and not re.fullmatch(alternation(["t.t.d."]), "txtxd")


def test_a_template_names_its_roles_in_braces_and_doubles_literal_braces() -> None:
    pattern = compiled(r"(?i)^{tentang}\s+(\d{{4}})$")
    assert pattern.match("TENTANG 2021") and not pattern.match("TENTANG 21")
