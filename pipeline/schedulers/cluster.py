"""The Dask scheduler: the jobs run as tasks on a dask.distributed cluster (`--scheduler local|ADDRESS`).

`local` starts a LocalCluster of `--jobs` worker processes on this machine; an address
(`tcp://host:8786`) connects to a running scheduler. Each document is one task running
`extract_or_raise`, so a failed document is a failed task with the pipeline's own error class and
message, which the dashboard and `client.gather` show as such. Its Outcome is made here, on the
client, from that error, as the process pool makes it. Retries are off (`retries=0`): a document
that failed validation fails again. A worker lost while running a task (killed, out of memory) is
Dask's own case: the scheduler runs the task again elsewhere, up to its
`distributed.scheduler.allowed-failures` times, then reports KilledWorker, which becomes the
document's "worker process stopped" outcome. Every worker reads the PDFs, --out and --interim
at the paths given here: they must be the same paths on every machine.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..batch import Job, Outcome, RunOptions, extract_or_raise, failed, stopped
from ..errors import SchedulerError

if TYPE_CHECKING:
    from distributed import Client, Future

CONNECT_TIMEOUT = "30s"
# One document per worker process at a time, as in the process pool: the stages hold the GIL.
THREADS_PER_WORKER = 1
# Lost workers: the task is run again on another worker this many times before it counts as failed.
LOST_WORKER_RETRIES = 3
MISSING_DASK = "--scheduler needs dask.distributed: pip install '.[dask]'"


@dataclass(frozen=True)
class DaskCluster:
    """A running scheduler's address, or None for a LocalCluster of `workers` worker processes."""

    address: str | None = None
    workers: int = 1

    def run(self, jobs: Sequence[Job], options: RunOptions) -> Iterator[Outcome]:
        """Given the jobs and the run's options, yield each job's Outcome as its task finishes."""
        from distributed import as_completed

        with self._client(options.debug) as client:
            futures = {_submit(client, job, options): job for job in jobs}
            for future in as_completed(futures):
                yield _outcome(future, futures[future])

    @contextmanager
    def _client(self, debug: bool) -> Iterator[Client]:
        """Yield a client of the scheduler at `address`, or of a LocalCluster started (and stopped) here.

        The LocalCluster's own log lines (a task's failure among them) show only with --debug: the
        document's `error:` line says it already.
        """
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise SchedulerError(MISSING_DASK) from exc
        if self.address is not None:
            with _connected(lambda: Client(self.address, timeout=CONNECT_TIMEOUT)) as client:
                yield client
            return
        with dask.config.set({"distributed.scheduler.allowed-failures": LOST_WORKER_RETRIES}):
            cluster = _connected(lambda: LocalCluster(**_local_options(self.workers, debug)))
            with cluster as local, Client(local) as client:
                yield client


def _local_options(workers: int, debug: bool) -> dict[str, Any]:
    """Given the number of worker processes and --debug, return the LocalCluster's options (no dashboard server)."""
    return {
        "n_workers": max(workers, 1),
        "threads_per_worker": THREADS_PER_WORKER,
        "processes": True,
        "dashboard_address": None,
        "silence_logs": logging.WARNING if debug else logging.CRITICAL,
    }


def _connected(start: Any) -> Any:
    """Given a function that starts a cluster or connects a client, return what it returns.

    Raises SchedulerError, with the reason on one line, when the scheduler cannot be reached or started.
    """
    try:
        return start()
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler: {exc}") from exc


def _submit(client: Client, job: Job, options: RunOptions) -> Future:
    """Given a client, a job and the run's options, submit the job's task; return its future."""
    key = f"extract-{job.stem or job.path.stem}-{uuid.uuid4().hex[:8]}"
    return client.submit(extract_or_raise, job, options, key=key, retries=0, pure=False)


def _outcome(future: Future, job: Job) -> Outcome:
    """Given a finished task and its job, return the job's Outcome: the task's result, or its error as an Outcome."""
    from distributed import KilledWorker

    if future.status == "finished":
        result: Outcome = future.result()
        return result
    if future.cancelled():
        return stopped(job.path, SchedulerError(f"task {future.key} was cancelled"))
    exc = future.exception()
    trace = "".join(traceback.format_exception(type(exc), exc, future.traceback()))
    return (stopped if isinstance(exc, KilledWorker) else failed)(job.path, exc, trace)
