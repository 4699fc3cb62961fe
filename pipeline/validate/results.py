"""GX suite results read as the pipeline's reports: merging a suite's frames, the failure text, the page view.

A suite checked over several frames gives one GX result per frame; they are merged back into one
suite result in the file's order, and read into a ValidationReport whose failure lines name the
column, the expectation with its arguments and what was observed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.domain import load_pages
from pipeline.templating import render
from pipeline.validate.frames import DECREE_FRAME, DERIVED_COLUMNS

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuiteValidationResult

SAMPLE_SIZE = 5
TEXT_LIMIT = 60
SUBJECT_KEYS = frozenset({"column", "column_list", "column_A", "column_B"})
HIDDEN_KEYS = SUBJECT_KEYS | {"batch_id", "result_format"}

DATA_DOCS_TEMPLATE = "validation.html.j2"
# The pages speak Indonesian; the command line's failure lines stay in English.
PAGE_LANGUAGE = "id"
CLI_LANGUAGE = "en"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one suite on one document."""

    suite: str
    success: bool
    failures: tuple[str, ...]
    statistics: dict[str, int]
    result_json: str
    # Failures of checks whose meta says `"gates": false`: reported, but publication goes on.
    advisory: tuple[str, ...] = ()
    # The decree frame's columns those checks refused: published as null (`decree.without_refused`).
    refused: tuple[str, ...] = ()


def merged_report(
    name: str,
    parts: Mapping[str, ExpectationSuiteValidationResult],
    parameters: dict[str, Any],
) -> ValidationReport:
    """Given one suite's GX result per frame and its run-time parameters, return the suite's one report."""
    return _report(_merge_results(name, parts, parameters))


# --- merging -----------------------------------------------------------------------------------


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
        failures=tuple(_failure_line(r) for r in data["results"] if not r["success"] and _gates(r)),
        statistics={
            "evaluated": int(statistics["evaluated_expectations"]),
            "successful": int(statistics["successful_expectations"]),
            "unsuccessful": int(statistics["unsuccessful_expectations"]),
        },
        result_json=json.dumps(data, indent=2, ensure_ascii=False),
        advisory=tuple(_failure_line(r) for r in data["results"] if not r["success"] and not _gates(r)),
        refused=_refused_columns(data["results"]),
    )


def _refused_columns(results: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """Given the expectation results, return the decree frame's columns that failed a check that does not gate."""
    columns = (
        r["expectation_config"]["kwargs"].get("column")
        for r in results
        if not r["success"]
        and not _gates(r)
        and (r["expectation_config"].get("meta") or {}).get("frame") == DECREE_FRAME
    )
    return tuple(dict.fromkeys(c for c in columns if c))


def _gates(result: Mapping[str, Any]) -> bool:
    """Given one expectation result, return whether its failure stops publication (meta.gates, true unless false)."""
    return bool((result["expectation_config"].get("meta") or {}).get("gates", True))


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


def _detail(result: Mapping[str, Any], language: str = CLI_LANGUAGE, hidden: Sequence[str] = ()) -> str:
    """Given one expectation result, return what was observed, with a few failing values and rows.

    Names in `hidden` (columns derived only for the checks) are left out of an observed list.
    """
    words = load_pages()["findings"][language]
    errors = _exception_messages(result.get("exception_info"))
    if errors:
        return str(words["error"]).format(messages="; ".join(errors))
    found = result.get("result") or {}
    if "element_count" in found:
        return _unexpected_text(found, words)
    if "partial_missing_list" in found:
        return _set_text(found, words)
    missing = (found.get("details") or {}).get("mismatched", {}).get("missing")
    if missing:
        return str(words["missing"]).format(values=_short(missing))
    observed = found.get("observed_value")
    if isinstance(observed, list):
        observed = [value for value in observed if value not in hidden]
    return str(words["observed"]).format(value=_short(observed))


def _unexpected_text(found: Mapping[str, Any], words: Mapping[str, str]) -> str:
    """Given a column-map result and the finding words, return its unexpected count, sample values and rows."""
    text = words["unexpected"].format(unexpected=found["unexpected_count"], total=found["element_count"])
    sample = found.get("partial_unexpected_list") or []
    if sample:
        text += words["sample"].format(values=_short(sample[:SAMPLE_SIZE]))
    rows = [i["row"] for i in found.get("partial_unexpected_index_list") or [] if _has_row(i)]
    if rows:
        text += words["rows"].format(rows=", ".join(map(str, rows[:SAMPLE_SIZE])))
    return text


def _has_row(index: Any) -> bool:
    """Given an unexpected-index entry, return whether it names the plan's `row`."""
    return isinstance(index, Mapping) and "row" in index


def _set_text(found: Mapping[str, Any], words: Mapping[str, str]) -> str:
    """Given a distinct-values result and the finding words, return the values missing from and foreign to the set."""
    missing = found.get("partial_missing_list") or []
    extra = found.get("partial_unexpected_list") or []
    parts = [words["missing"].format(values=_short(missing))] if missing else []
    parts += [words["foreign"].format(values=_short(extra))] if extra else []
    return ", ".join(parts) or words["set_ok"]


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
        return f"[{head}, … ({len(value)})]"
    if isinstance(value, list):
        return "[" + ", ".join(_short(item) for item in value) + "]"
    # GX turns numeric kwargs into floats; 8.0 reads better as the 8 the suite file says.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f'"{value}"' if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 3] + "..."


# --- the page ----------------------------------------------------------------------------------


def data_docs_html(reports: Sequence[ValidationReport]) -> str:
    """Given validation reports, return one self-contained HTML page listing every expectation."""
    words = load_pages()["validation"]
    return render(DATA_DOCS_TEMPLATE, words=words, suites=[suite_view(report) for report in reports])


def suite_view(report: ValidationReport) -> dict[str, Any]:
    """Given a report, return the values the pages show for its suite, in the pages' words."""
    data = json.loads(report.result_json)
    words = load_pages()["validation"]
    return {
        "name": report.suite,
        "title": words["suites"].get(report.suite, report.suite),
        "success": report.success,
        "statistics": report.statistics,
        "rows": [_expectation_view(report.suite, result) for result in data["results"]],
    }


def expectation_key(config: Mapping[str, Any]) -> str:
    """Given an expectation config, return its key in pages.yaml: "<type> <column(s) or table>", and
    " mostly=<share>" for a check that allows a share of exceptions (it may stand beside a strict
    check of its own type and column)."""
    key = f"{config['type']} {_subject(config['kwargs'])}"
    mostly = config["kwargs"].get("mostly")
    return key if mostly is None else f"{key} mostly={mostly}"


def _expectation_view(suite: str, result: Mapping[str, Any]) -> dict[str, Any]:
    """Given a suite's name and one expectation result, return its row: sentence, column, expression, finding.

    The sentence and the published column come from pages.yaml; a derived check column never shows.
    """
    config = result["expectation_config"]
    said = load_pages()["expectations"].get(suite, {}).get(expectation_key(config), {})
    return {
        "subject": said.get("column", _subject(config["kwargs"])),
        "sentence": said.get("sentence", config.get("notes") or ""),
        "expression": _expectation_text(config),
        "success": bool(result["success"]),
        "detail": _detail(result, PAGE_LANGUAGE, DERIVED_COLUMNS),
    }
