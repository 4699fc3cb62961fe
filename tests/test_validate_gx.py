"""Tests of the GX set-up: suites run over named frames, and the modules GX imports for unused expectations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.validate.gx import run_suite, suite_name

PROBE_SUITE = {
    "name": "probe",
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "x"}, "meta": {"frame": "other"}},
    ],
}


def test_each_frame_is_checked_by_the_expectations_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "probe.json"
    path.write_text(json.dumps(PROBE_SUITE), encoding="utf-8")
    frames = {"first": pd.DataFrame({"a": [1, 2]}), "other": pd.DataFrame({"x": [1, None]})}
    for _ in range(2):  # the second run reuses the context, the suite and the batch definitions
        parts = run_suite(path, frames, {}, {"result_format": "SUMMARY"})
        assert list(parts) == ["first", "other"]
        assert [r.expectation_config.id for r in parts["first"].results] == ["probe-001"]
        assert [r.expectation_config.id for r in parts["other"].results] == ["probe-002"]
        assert parts["first"].success and not parts["other"].success
    # A passing frame keeps its first, BASIC result; a failing one is checked again and names its rows.
    assert "partial_unexpected_index_list" not in parts["first"].results[0].result
    assert parts["other"].results[0].result["partial_unexpected_index_list"] == [1]
    assert suite_name(path) == "probe"


DEFERRED_CHECK = """
import sys
from pipeline.validate import validate_decree
validate_decree({})
print(sorted(type(sys.modules[name]).__name__ for name in ("altair", "scipy.stats")))
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
print(round(float(kl.stats.entropy([0.5, 0.5], [0.9, 0.1])), 4), type(sys.modules["scipy.stats"]).__name__)
"""


def test_modules_gx_imports_for_unused_expectations_load_only_when_used() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", DEFERRED_CHECK], cwd=root, capture_output=True, text=True, check=True, timeout=300
    )
    stand_ins, used = done.stdout.strip().splitlines()
    assert stand_ins == "['_DeferredModule', '_DeferredModule']"
    # KL(0.5,0.5 || 0.9,0.1) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1)
    assert used == "0.5108 module"
