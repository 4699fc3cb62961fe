"""Great Expectations (GX 1.x) set-up, and running one suite file over named data frames.

GX is imported lazily; one ephemeral context, its batch definitions and the suites read from
expectations/*.json are built once per process and reused by every run. An expectation names the
frame it checks in its `meta.frame`.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import os
import sys
import types
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite, ExpectationSuiteValidationResult
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.data_context import EphemeralDataContext
    from great_expectations.datasource.fluent import PandasDatasource

# Set before great_expectations is first imported: no usage statistics leave the machine.
GX_ENVIRONMENT = {"GX_ANALYTICS_ENABLED": "false"}
# GX imports these when it is imported, for one expectation the suites do not use
# (expect_column_kl_divergence_to_be_less_than plots with altair and tests with scipy.stats):
# ~75 MiB and two seconds in every process. They are stand-ins until first used.
DEFERRED_MODULES = ("altair", "scipy.stats")
GX_LOGGER = "great_expectations"
DATASOURCE_NAME = "pipeline"

PARTIAL_UNEXPECTED_COUNT = 20
# A frame is checked first with BASIC results (observed values and a sample of unexpected ones),
# about half the cost of SUMMARY, whose index lists name the failing rows; a frame that fails is
# checked again with its suite's full format so that the report shows those rows.
FIRST_PASS_FORMAT: dict[str, Any] = {
    "result_format": "BASIC",
    "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
}


def run_suite(
    path: Path,
    frames: Mapping[str, pd.DataFrame],
    parameters: dict[str, Any],
    result_format: dict[str, Any],
) -> dict[str, ExpectationSuiteValidationResult]:
    """Given a suite file, its frames by name, run-time parameters and a result format, return GX's result per frame.

    Expectations without a `meta.frame` check the first frame given; frames come in the file's order.
    """
    return {
        frame: _validate_frame(frame, suite, frames[frame], parameters, result_format)
        for frame, suite in _frame_suites(path, next(iter(frames)))
    }


def prepare_suites(default_frames: Mapping[Path, str]) -> None:
    """Given suite files and the frame each one's unnamed expectations check, build the process's
    GX context, those suites and their batch definitions (each once per process)."""
    for path, default_frame in default_frames.items():
        for frame, _ in _frame_suites(path, default_frame):
            _batch_definition(frame)


def suite_name(path: Path) -> str:
    """Given a suite file, return the suite's name."""
    return str(_suite_json(path)["name"])


def _validate_frame(
    frame: str,
    suite: ExpectationSuite,
    data: pd.DataFrame,
    parameters: dict[str, Any],
    result_format: dict[str, Any],
) -> ExpectationSuiteValidationResult:
    """Given a frame name, its suite part and data, return GX's validation result.

    A frame that passes keeps its first, BASIC result; one that fails is validated again in result_format.
    """
    batch = _batch_definition(frame).get_batch(batch_parameters={"dataframe": data})
    # GX's pandas calls may warn about pandas internals; the CLI's stderr is for document errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = batch.validate(suite, result_format=FIRST_PASS_FORMAT, expectation_parameters=parameters)
        if first.success:
            return first
        return batch.validate(suite, result_format=result_format, expectation_parameters=parameters)


@functools.cache
def _suite_json(path: Path) -> dict[str, Any]:
    """Given a suite file, return its parsed JSON (read once per process)."""
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _frame_suites(path: Path, default_frame: str) -> tuple[tuple[str, ExpectationSuite], ...]:
    """Given a suite file, return one GX suite per frame named in the expectations' meta.frame."""
    _context()  # first: it quiets GX before great_expectations is imported
    from great_expectations import ExpectationSuite

    raw = _suite_json(path)
    groups: dict[str, list[dict[str, Any]]] = {}
    for position, expectation in enumerate(raw["expectations"], start=1):
        frame = expectation.get("meta", {}).get("frame", default_frame)
        identified = {**expectation, "id": _expectation_id(raw["name"], position)}
        groups.setdefault(frame, []).append(identified)
    return tuple(
        (frame, ExpectationSuite(name=raw["name"], expectations=group, meta=raw.get("meta")))
        for frame, group in groups.items()
    )


def _expectation_id(suite: str, position: int) -> str:
    """Given a suite name and an expectation's 1-based place in its file, return its id."""
    # Zero-padded so that sorting results by id restores the file's order.
    return f"{suite}-{position:03d}"


class _DeferredModule(types.ModuleType):
    """A stand-in in sys.modules that imports the real module the first time one of its attributes is read."""

    def __getattr__(self, attribute: str) -> Any:
        """Given an attribute name, import the real module in this stand-in's place and return its attribute."""
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


def prepare_gx_import() -> None:
    """Before great_expectations is first imported: no usage statistics, and its unused imports deferred."""
    for key, value in GX_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    if "great_expectations" in sys.modules:
        return
    for name in DEFERRED_MODULES:
        sys.modules.setdefault(name, _DeferredModule(name))


@functools.cache
def _context() -> EphemeralDataContext:
    """Return the process's one ephemeral GX context, quiet and without progress bars."""
    prepare_gx_import()
    logging.getLogger(GX_LOGGER).setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


@functools.cache
def _data_source() -> PandasDatasource:
    """Return the context's one pandas data source."""
    return _context().data_sources.add_pandas(DATASOURCE_NAME)


@functools.cache
def _batch_definition(frame: str) -> BatchDefinition:
    """Given a frame name, return its whole-dataframe batch definition (one asset per name)."""
    return _data_source().add_dataframe_asset(frame).add_batch_definition_whole_dataframe(frame)
