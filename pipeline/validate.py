"""Check an extracted plan and decree against the expectation suites kept as JSON in expectations/.

The suites are Great Expectations (GX 1.x) ExpectationSuite files, loaded at run time. A plan is
validated together with columns derived from it here (a list column such as `bulan` cannot be
checked by GX directly); a decree is validated as a one-row frame plus a frame of its mengingat
entries, each expectation naming its frame in `meta.frame`. GX is imported lazily and one
ephemeral context serves the whole process.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import json
import logging
import os
import sys
import types
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from pipeline.config import DECREE_SUITE, PLAN_SUITE

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite, ExpectationSuiteValidationResult
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.data_context import EphemeralDataContext

# Set before great_expectations is first imported: no usage statistics leave the machine.
GX_ENVIRONMENT = {"GX_ANALYTICS_ENABLED": "false"}
# GX imports these when it is imported, for one expectation the suites do not use
# (expect_column_kl_divergence_to_be_less_than plots with altair and tests with scipy.stats):
# ~75 MiB and two seconds in every process. They are stand-ins until first used.
DEFERRED_MODULES = ("altair", "scipy.stats")
GX_LOGGER = "great_expectations"
DATASOURCE_NAME = "pipeline"

PLAN_FRAME = "plan"
DECREE_FRAME = "decree"
MENGINGAT_FRAME = "mengingat"
FRAME_NAMES = (PLAN_FRAME, DECREE_FRAME, MENGINGAT_FRAME)

PARTIAL_UNEXPECTED_COUNT = 20
PLAN_RESULT_FORMAT: dict[str, Any] = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
    "unexpected_index_column_names": ["row"],
}
DECREE_RESULT_FORMAT: dict[str, Any] = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
}
# A frame is checked first with BASIC results (observed values and a sample of unexpected ones),
# about half the cost of SUMMARY, whose index lists name the failing rows; a frame that fails is
# checked again with its suite's full format so that the report shows those rows.
FIRST_PASS_FORMAT: dict[str, Any] = {
    "result_format": "BASIC",
    "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
}

FALLBACK_TEXT_COLUMNS = ("indikator", "sub_kegiatan", "ket")
DECREE_COLUMNS = ("doc_id", "nomor", "mengubah_nomor", "tentang", "ditetapkan_di", "tanggal")
SIGNATORY_COLUMNS = ("jabatan", "nama")
MENGINGAT_COLUMNS = ("no", "jenis", "nomor", "tahun", "tentang")

SAMPLE_SIZE = 5
TEXT_LIMIT = 60
SUBJECT_KEYS = frozenset({"column", "column_list", "column_A", "column_B"})
HIDDEN_KEYS = SUBJECT_KEYS | {"batch_id", "result_format"}

DATA_DOCS_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eee; } .pass { color: #176b1f; } .fail { color: #a4161a; font-weight: bold; }
code { font-size: .9em; } .notes { color: #555; font-size: .9em; }
</style></head><body>
<h1>{{ title }}</h1>
{% for suite in suites %}
<h2>Suite <code>{{ suite.name }}</code>:
<span class="{{ 'pass' if suite.success else 'fail' }}">
{{- 'passed' if suite.success else 'failed' }}</span></h2>
<p>{{ suite.statistics.evaluated }} evaluated, {{ suite.statistics.successful }} successful,
{{ suite.statistics.unsuccessful }} unsuccessful.</p>
<table><tr><th>Column</th><th>Expectation</th><th>Result</th><th>Observed / failing values</th></tr>
{% for row in suite.rows %}
<tr><td><code>{{ row.subject }}</code></td>
<td><code>{{ row.expectation }}</code>
{%- if row.notes %}<div class="notes">{{ row.notes }}</div>{% endif %}</td>
<td class="{{ 'pass' if row.success else 'fail' }}">{{ 'pass' if row.success else 'FAIL' }}</td>
<td>{{ row.detail }}</td></tr>
{% endfor %}
</table>
{% endfor %}
</body></html>
"""
DATA_DOCS_TITLE = "Validation results"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one suite on one document."""

    suite: str
    success: bool
    failures: tuple[str, ...]
    statistics: dict[str, int]
    result_json: str


def validate_plan(plan: pd.DataFrame) -> ValidationReport:
    """Given a plan frame (contract columns), return its report against expectations/plan.json."""
    frame = _plan_check_frame(plan)
    return _run_suite(PLAN_SUITE, {PLAN_FRAME: frame}, _plan_parameters(frame), PLAN_RESULT_FORMAT)


def validate_decree(decree: Mapping[str, Any]) -> ValidationReport:
    """Given a decree.json dict, return its report against expectations/decree.json."""
    frames = {
        DECREE_FRAME: _decree_frame(decree),
        MENGINGAT_FRAME: _mengingat_frame(decree.get("mengingat")),
    }
    return _run_suite(DECREE_SUITE, frames, {}, DECREE_RESULT_FORMAT)


def data_docs_html(reports: Sequence[ValidationReport]) -> str:
    """Given validation reports, return one self-contained HTML page listing every expectation."""
    suites = [suite_view(report) for report in reports]
    template = jinja2.Environment(autoescape=True).from_string(DATA_DOCS_TEMPLATE)
    return template.render(title=DATA_DOCS_TITLE, suites=suites)


# --- plan frame --------------------------------------------------------------------------------


def _plan_check_frame(plan: pd.DataFrame) -> pd.DataFrame:
    """Given a plan frame, return it with the derived columns the plan suite checks."""
    months = [_months(cell) for cell in _column(plan, "bulan")]
    return plan.assign(
        indikator_or_fallback=_first_text(plan, FALLBACK_TEXT_COLUMNS),
        bulan_min=pd.array([min(m) if m else None for m in months], dtype="Int16"),
        bulan_max=pd.array([max(m) if m else None for m in months], dtype="Int16"),
        bulan_ascending=[all(a < b for a, b in itertools.pairwise(m)) for m in months],
    )


def _column(plan: pd.DataFrame, name: str) -> pd.Series:
    """Given a plan frame and a column name, return the column, or nulls when it is missing."""
    if name in plan.columns:
        return plan[name]
    return pd.Series([None] * len(plan), index=plan.index, dtype=object)


def _months(cell: Any) -> list[int]:
    """Given a bulan cell (list, array or `1;2;3` text), return its months as ints."""
    if isinstance(cell, str):
        return [int(part) for part in cell.split(";") if part.strip()]
    if cell is None or not hasattr(cell, "__iter__"):
        return []
    return [int(month) for month in cell]


def _first_text(plan: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """Given a plan frame, return per row the first of `columns` that holds non-blank text."""
    texts = [_column(plan, name).fillna("").astype(str).str.strip() for name in columns]
    chosen = texts[0]
    for text in texts[1:]:
        chosen = chosen.where(chosen != "", text)
    return chosen


def _plan_parameters(frame: pd.DataFrame) -> dict[str, Any]:
    """Given the plan check frame, return the suite parameters known only at run time."""
    top = pd.to_numeric(_column(frame, "area_no"), errors="coerce").max()
    last_area = 0 if pd.isna(top) else int(top)
    return {"row_count": len(frame), "area_no_set": list(range(1, last_area + 1))}


# --- decree frames -----------------------------------------------------------------------------


def _decree_frame(decree: Mapping[str, Any]) -> pd.DataFrame:
    """Given a decree dict, return one row of its scalar keys with the signatory flattened."""
    row = {name: _scalar(decree.get(name)) for name in DECREE_COLUMNS}
    signatory = decree.get("penandatangan")
    if not isinstance(signatory, Mapping):
        signatory = {}
    row |= {f"penandatangan_{key}": _scalar(signatory.get(key)) for key in SIGNATORY_COLUMNS}
    return pd.DataFrame([row], dtype=object)


def _mengingat_frame(entries: Any) -> pd.DataFrame:
    """Given the decree's mengingat list, return one text row per legal instrument."""
    rows = [
        {name: _text(entry.get(name)) for name in MENGINGAT_COLUMNS}
        for entry in entries or []
        if isinstance(entry, Mapping)
    ]
    return pd.DataFrame(rows, columns=list(MENGINGAT_COLUMNS), dtype=object)


def _scalar(value: Any) -> Any:
    """Given a decree value, return it with dates written as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def _text(value: Any) -> str | None:
    """Given a mengingat value, return it as stripped text (None stays None)."""
    return None if value is None else str(value).strip()


# --- running GX --------------------------------------------------------------------------------


def _run_suite(
    path: Path,
    frames: Mapping[str, pd.DataFrame],
    parameters: dict[str, Any],
    result_format: dict[str, Any],
) -> ValidationReport:
    """Given a suite file and its frames, return the merged report of every frame's part."""
    parts = {
        frame: _validate_frame(frame, suite, frames[frame], parameters, result_format)
        for frame, suite in _frame_suites(path, next(iter(frames)))
    }
    return _report(_merge_results(_suite_name(path), parts, parameters))


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
    batch = _batch_definitions()[frame].get_batch(batch_parameters={"dataframe": data})
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


def _suite_name(path: Path) -> str:
    """Given a suite file, return the suite's name."""
    return str(_suite_json(path)["name"])


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
def _batch_definitions() -> dict[str, BatchDefinition]:
    """Return a whole-dataframe batch definition per frame name, on one pandas data source."""
    source = _context().data_sources.add_pandas(DATASOURCE_NAME)
    return {name: source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name) for name in FRAME_NAMES}


def _merge_results(
    name: str,
    parts: Mapping[str, ExpectationSuiteValidationResult],
    parameters: dict[str, Any],
) -> ExpectationSuiteValidationResult:
    """Given the per-frame results of one suite, return them as one GX suite result."""
    from great_expectations import __version__
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.validator.validation_statistics import calc_validation_statistics

    results = sorted(
        (result for part in parts.values() for result in part.results),
        key=lambda result: str(result.expectation_config.id if result.expectation_config else ""),
    )
    statistics = calc_validation_statistics(results)
    return ExpectationSuiteValidationResult(
        success=statistics.success,
        results=results,
        suite_name=name,
        suite_parameters=parameters,
        statistics={
            "evaluated_expectations": statistics.evaluated_expectations,
            "successful_expectations": statistics.successful_expectations,
            "unsuccessful_expectations": statistics.unsuccessful_expectations,
            "success_percent": statistics.success_percent,
        },
        meta={
            "great_expectations_version": __version__,
            "batches": {frame: part.meta for frame, part in parts.items()},
        },
    )


# --- reading results ---------------------------------------------------------------------------


def _report(result: ExpectationSuiteValidationResult) -> ValidationReport:
    """Given a GX suite result, return the pipeline's report of it."""
    data = result.to_json_dict()
    statistics = data["statistics"]
    return ValidationReport(
        suite=str(data["suite_name"]),
        success=bool(data["success"]),
        failures=tuple(_failure_line(r) for r in data["results"] if not r["success"]),
        statistics={
            "evaluated": int(statistics["evaluated_expectations"]),
            "successful": int(statistics["successful_expectations"]),
            "unsuccessful": int(statistics["unsuccessful_expectations"]),
        },
        result_json=json.dumps(data, indent=2, ensure_ascii=False),
    )


def _failure_line(result: Mapping[str, Any]) -> str:
    """Given one expectation result, return `subject: expectation(arguments): detail`."""
    config = result["expectation_config"]
    return f"{_subject(config['kwargs'])}: {_expectation_text(config)}: {_detail(result)}"


def _subject(kwargs: Mapping[str, Any]) -> str:
    """Given expectation kwargs, return the column(s) it is about, or `table`."""
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_list" in kwargs:
        return ", ".join(map(str, kwargs["column_list"]))
    if "column_A" in kwargs:
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    return "table"


def _expectation_text(config: Mapping[str, Any]) -> str:
    """Given an expectation config, return its type with its arguments."""
    shown = [
        f"{key}={_short(value)}"
        for key, value in config["kwargs"].items()
        if key not in HIDDEN_KEYS and value is not None
    ]
    return f"{config['type']}({', '.join(shown)})"


def _detail(result: Mapping[str, Any]) -> str:
    """Given one expectation result, return what was observed, with a few failing values."""
    errors = _exception_messages(result.get("exception_info"))
    if errors:
        return "error: " + "; ".join(errors)
    found = result.get("result") or {}
    if "element_count" in found:
        return _unexpected_text(found)
    if "partial_missing_list" in found:
        return _set_text(found)
    missing = (found.get("details") or {}).get("mismatched", {}).get("missing")
    if missing:
        return f"missing {_short(missing)}"
    return f"observed {_short(found.get('observed_value'))}"


def _unexpected_text(found: Mapping[str, Any]) -> str:
    """Given a column-map result, return its unexpected count, sample values and rows."""
    text = f"{found['unexpected_count']} of {found['element_count']} values unexpected"
    sample = found.get("partial_unexpected_list") or []
    if sample:
        text += f", e.g. {_short(sample[:SAMPLE_SIZE])}"
    rows = [i["row"] for i in found.get("partial_unexpected_index_list") or [] if _has_row(i)]
    if rows:
        text += f" (row {', '.join(map(str, rows[:SAMPLE_SIZE]))})"
    return text


def _has_row(index: Any) -> bool:
    """Given an unexpected-index entry, return whether it names the plan's `row`."""
    return isinstance(index, Mapping) and "row" in index


def _set_text(found: Mapping[str, Any]) -> str:
    """Given a distinct-values result, return the values missing from and foreign to the set."""
    missing = found.get("partial_missing_list") or []
    extra = found.get("partial_unexpected_list") or []
    parts = [f"missing {_short(missing)}"] if missing else []
    parts += [f"unexpected {_short(extra)}"] if extra else []
    return ", ".join(parts) or "values match the set"


def _exception_messages(info: Any) -> list[str]:
    """Given a result's exception_info (flat or keyed by metric), return its distinct messages."""
    if not isinstance(info, Mapping):
        return []
    entries = [info] if "raised_exception" in info else list(info.values())
    messages = [
        str(entry.get("exception_message"))
        for entry in entries
        if isinstance(entry, Mapping) and entry.get("raised_exception")
    ]
    return list(dict.fromkeys(messages))


def _short(value: Any) -> str:
    """Given a value from a result, return it as short JSON-like text."""
    if isinstance(value, list) and len(value) > SAMPLE_SIZE:
        head = ", ".join(_short(item) for item in value[:SAMPLE_SIZE])
        return f"[{head}, ... ({len(value)} values)]"
    if isinstance(value, list):
        return "[" + ", ".join(_short(item) for item in value) + "]"
    # GX turns numeric kwargs into floats; 8.0 reads better as the 8 the suite file says.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f'"{value}"' if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 3] + "..."


def suite_view(report: ValidationReport) -> dict[str, Any]:
    """Given a report, return the values the Data Docs template shows for its suite."""
    data = json.loads(report.result_json)
    return {
        "name": report.suite,
        "success": report.success,
        "statistics": report.statistics,
        "rows": [_expectation_view(result) for result in data["results"]],
    }


def _expectation_view(result: Mapping[str, Any]) -> dict[str, Any]:
    """Given one expectation result, return the values of its Data Docs table row."""
    config = result["expectation_config"]
    return {
        "subject": _subject(config["kwargs"]),
        "expectation": _expectation_text(config),
        "notes": config.get("notes") or "",
        "success": bool(result["success"]),
        "detail": _detail(result),
    }
