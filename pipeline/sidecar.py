"""The sidecar: what a run hands to a second process beside its own work, validation and the schedule images.

Importing Great Expectations and building its context costs more than a short decree's parse
(about 1900 modules, all pure Python, so a thread would not overlap them with pdfminer's work),
and importing matplotlib costs about as much as drawing the charts. A run of one document on a
machine with more than one core therefore starts a sidecar process first: it imports GX, builds
both suites and imports the chart renderer while the run reads the PDF; then it checks the plan
and decree the run sends it, and draws the schedule images while the run writes the data files.
A batch's worker processes do both in themselves: each builds its context once and keeps it for
every document it extracts.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from typing import Any, Protocol

import pandas as pd

from .allocators import configure_allocators
from .validate import prepare_validation, validate_decree, validate_plan
from .validate.gx import prepare_gx_import
from .validate.results import ValidationReport

# Forking starts the sidecar with the run's imports already made; where a platform cannot fork,
# the sidecar is spawned and imports them itself.
FORK = "fork"
SPAWN = "spawn"
KIB_PER_MIB = 1024.0
Images = list[tuple[str, bytes]]


class Sidecar(Protocol):
    """What the runner validates and draws with.

    `ready` waits until the suites are built, `validate` checks a document, `draw_schedule`
    starts drawing its schedule images and returns the call that waits for them.
    """

    def ready(self) -> None:
        """Return once the GX context and suites are built (building them here, or waiting for them)."""

    def validate(self, plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
        """Given a plan frame and a decree.json dict, return the plan's report and the decree's."""

    def draw_schedule(self, plan: pd.DataFrame, document: str) -> Callable[[], Images]:
        """Given a plan and how its charts name the document, start drawing its [(file name, PNG bytes)];
        return the call that waits for them."""


def validate_both(plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
    """Given a plan frame and a decree.json dict, return the plan's report and the decree's."""
    return [validate_plan(plan), validate_decree(decree)]


def schedule_images(plan: pd.DataFrame, document: str) -> Images:
    """Given a plan and how its charts name the document, return its schedule images [(file name, PNG bytes)]."""
    from .render.schedule import schedule_png

    return schedule_png(plan, document)


class InProcess:
    """Validation and drawing in the run's own process (a batch worker's, or a machine's only core)."""

    def ready(self) -> None:
        """Build the process's GX context and suites, once."""
        prepare_validation()

    def validate(self, plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
        """Given a plan frame and a decree.json dict, return both reports."""
        return validate_both(plan, decree)

    def draw_schedule(self, plan: pd.DataFrame, document: str) -> Callable[[], Images]:
        """Given a plan and its charts' document name, return the call that draws its images here."""
        return partial(schedule_images, plan, document)


IN_PROCESS = InProcess()


def _warm() -> float:
    """In the sidecar: set up its allocators, build the GX context and suites; return the process's peak RSS in MiB."""
    configure_allocators()
    prepare_gx_import()
    prepare_validation()
    return _peak_mb()


def _warm_charts() -> None:
    """In the sidecar: import the chart renderer (matplotlib), so that drawing the first images need not."""
    import pipeline.render.schedule.png  # noqa: F401


def _peak_mb() -> float:
    """Return this process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


def _checked(plan: pd.DataFrame, decree: Mapping[str, Any]) -> tuple[list[ValidationReport], float]:
    """In the sidecar: given a plan and a decree dict, return both reports and the peak RSS in MiB."""
    return validate_both(plan, decree), _peak_mb()


def _drawn(plan: pd.DataFrame, document: str) -> tuple[Images, float]:
    """In the sidecar: given a plan and its charts' document name, return its images and the peak RSS in MiB."""
    return schedule_images(plan, document), _peak_mb()


class SidecarProcess:
    """A sidecar process of one worker that builds the suites (and imports the charts) as soon as it starts.

    Should it die (killed, out of memory), validation and drawing go on in the run's own process.
    """

    def __init__(self, charts: bool = True) -> None:
        method = FORK if FORK in multiprocessing.get_all_start_methods() else SPAWN
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method))
        self._warmed: Future[float] = self._pool.submit(_warm)
        if charts:
            self._pool.submit(_warm_charts)
        self.peak_mb = 0.0

    def ready(self) -> None:
        """Return once the sidecar has built the suites (or has died: then build them here)."""
        try:
            self.peak_mb = max(self.peak_mb, self._warmed.result())
        except BrokenProcessPool:
            IN_PROCESS.ready()

    def validate(self, plan: pd.DataFrame, decree: Mapping[str, Any]) -> list[ValidationReport]:
        """Given a plan frame and a decree.json dict, return both reports, checked in the sidecar."""
        try:
            reports, peak = self._pool.submit(_checked, plan, dict(decree)).result()
        except BrokenProcessPool:
            return IN_PROCESS.validate(plan, decree)
        self.peak_mb = max(self.peak_mb, peak)
        return reports

    def draw_schedule(self, plan: pd.DataFrame, document: str) -> Callable[[], Images]:
        """Given a plan and its charts' document name, start drawing its images in the sidecar; return
        the call that waits for them."""
        try:
            drawing = self._pool.submit(_drawn, plan, document)
        except BrokenProcessPool:
            return IN_PROCESS.draw_schedule(plan, document)
        return partial(self._collected, drawing, plan, document)

    def _collected(self, drawing: Future[tuple[Images, float]], plan: pd.DataFrame, document: str) -> Images:
        """Given a drawing under way, return its images once drawn (drawn here instead when the sidecar died)."""
        try:
            images, peak = drawing.result()
        except BrokenProcessPool:
            return IN_PROCESS.draw_schedule(plan, document)()
        self.peak_mb = max(self.peak_mb, peak)
        return images

    def close(self) -> None:
        """Stop the sidecar without waiting for work it has not begun."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _cores() -> int:
    """Return how many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def sidecar_for_run(charts: bool = True) -> Iterator[Sidecar]:
    """Given whether the run draws charts, yield the sidecar it uses: a second process when a core is free."""
    if _cores() < 2:
        yield IN_PROCESS
        return
    sidecar = SidecarProcess(charts)
    try:
        yield sidecar
    finally:
        sidecar.close()
