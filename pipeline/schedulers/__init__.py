"""Schedulers: where a run's documents are extracted, one module per engine, chosen by `--scheduler`.

Each implements `base.Scheduler`: given the jobs left after the skip decision (`pipeline.batch`),
yield each one's Outcome as it finishes. The process pool is the default; `local` or a scheduler's
address runs the jobs on a dask.distributed cluster (the `dask` extra), imported only then.
"""

from __future__ import annotations

from .base import Scheduler
from .pool import ProcessPool

LOCAL_CLUSTER = "local"


def scheduler_for(spec: str | None, workers: int) -> Scheduler:
    """Given `--scheduler` (None: worker processes; `local`; or an address) and `--jobs`, return the scheduler."""
    if spec is None:
        return ProcessPool(workers)
    from .cluster import DaskCluster

    return DaskCluster(None if spec == LOCAL_CLUSTER else spec, workers)


__all__ = ["LOCAL_CLUSTER", "ProcessPool", "Scheduler", "scheduler_for"]
