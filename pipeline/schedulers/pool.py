"""The default scheduler: worker processes on this machine (`--jobs N`), or this process for one job
(then beside a sidecar process: `pipeline.sidecar`).

When a worker process ends (killed, out of memory), the pool breaks and every unfinished job
fails with it: each of those is run again alone, so only a document that ends its worker fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial

from ..batch import Job, Outcome, RunOptions, extract_job, stopped


@dataclass(frozen=True)
class ProcessPool:
    """Up to `workers` worker processes; one worker (or one job) runs in this process."""

    workers: int = 1

    def run(self, jobs: Sequence[Job], options: RunOptions) -> Iterator[Outcome]:
        """Given the jobs and the run's options, yield each job's Outcome as it finishes."""
        run = partial(extract_job, options=options)
        if self.workers <= 1 or len(jobs) <= 1:
            yield from _here(jobs, options)
        else:
            yield from _in_workers(jobs, min(self.workers, len(jobs)), run)


def _here(jobs: Sequence[Job], options: RunOptions) -> Iterator[Outcome]:
    """Given the jobs and the run's options, yield each job's Outcome, extracted in this process.

    The suites are built, and the charts drawn, in a sidecar process when a second core is free.
    """
    from ..sidecar import sidecar_for_run

    with sidecar_for_run(options.settings.charts) as sidecar:
        for job in jobs:
            yield extract_job(job, options, sidecar)


def _alone(job: Job, run: Callable[[Job], Outcome]) -> Outcome:
    """Given a job whose pool broke, run it in a worker of its own, so only a document that ends its worker fails."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(run, job)
        try:
            return future.result()
        except BrokenProcessPool as exc:
            return stopped(job.path, exc)


def _in_workers(jobs: Sequence[Job], workers: int, run: Callable[[Job], Outcome]) -> Iterator[Outcome]:
    """Given jobs and a number of worker processes, yield each job's Outcome as it finishes; run again alone
    each job that a broken pool took with it."""
    broken: list[Job] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[Outcome], Job] = {pool.submit(run, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
    for job in broken:
        yield _alone(job, run)
