"""Where a run validates: in its own process, or in a validator process started before the pages are read.

Importing Great Expectations and building its context costs more than a short decree's parse
(about 1900 modules, all pure Python, so a thread would not overlap them with pdfminer's work).
A run of one document on a machine with more than one core therefore starts a validator process
first: it imports GX and builds both suites while the run reads the PDF, then checks the plan and
decree the run sends it. A batch's worker processes validate in themselves: each builds its
context once and keeps it for every document it extracts.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Protocol

import pandas as pd

from . import prepare_validation, validate_decree, validate_plan
from .gx import prepare_gx_import
from .results import ValidationReport

# Forking starts the validator with the run's imports already made; where a platform cannot fork,
# the validator is spawned and imports them itself.
FORK = "fork"
SPAWN = "spawn"
KIB_PER_MIB = 1024.0


class Validator(Protocol):
    """What the runner validates with: `ready` waits until the suites are built, `validate` checks a document."""

    def ready(self) -> None:
        """Return once the GX context and suites are built (building them here, or waiting for them)."""

    def validate(self, plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
        """Given a plan frame and a decree.json dict, return the plan's report and the decree's."""


def validate_both(plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
    """Given a plan frame and a decree.json dict, return the plan's report and the decree's."""
    return [validate_plan(plan), validate_decree(decree)]


class InProcess:
    """Validation in the run's own process (a batch worker's, or a machine's only core)."""

    def ready(self) -> None:
        """Build the process's GX context and suites, once."""
        prepare_validation()

    def validate(self, plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
        """Given a plan frame and a decree.json dict, return both reports."""
        return validate_both(plan, decree)


IN_PROCESS = InProcess()


def _warm() -> float:
    """In the validator process: build the GX context and suites; return the process's peak RSS in MiB."""
    prepare_gx_import()
    prepare_validation()
    return _peak_mb()


def _peak_mb() -> float:
    """Return this process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


def _checked(plan: pd.DataFrame, decree: Mapping[str, Any]) -> tuple[list[ValidationReport], float]:
    """In the validator process: given a plan and a decree dict, return both reports and the peak RSS in MiB."""
    return validate_both(plan, decree), _peak_mb()


class ValidatorProcess:
    """A validator process of one worker that builds the suites as soon as it starts.

    Should it die (killed, out of memory), validation goes on in the run's own process.
    """

    def __init__(self) -> None:
        method = FORK if FORK in multiprocessing.get_all_start_methods() else SPAWN
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method))
        self._warmed: Future[float] = self._pool.submit(_warm)
        self.peak_mb = 0.0

    def ready(self) -> None:
        """Return once the validator process has built the suites (or has died: then build them here)."""
        try:
            self.peak_mb = max(self.peak_mb, self._warmed.result())
        except BrokenProcessPool:
            IN_PROCESS.ready()

    def validate(self, plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
        """Given a plan frame and a decree.json dict, return both reports, checked in the validator process."""
        try:
            reports, peak = self._pool.submit(_checked, plan, dict(decree)).result()
        except BrokenProcessPool:
            return IN_PROCESS.validate(plan, decree)
        self.peak_mb = max(self.peak_mb, peak)
        return reports

    def close(self) -> None:
        """Stop the validator process without waiting for work it has not begun."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _cores() -> int:
    """Return how many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def validator_for_run() -> Iterator[Validator]:
    """Yield the validator a run in this process uses: a validator process when a second core is free."""
    if _cores() < 2:
        yield IN_PROCESS
        return
    validator = ValidatorProcess()
    try:
        yield validator
    finally:
        validator.close()
