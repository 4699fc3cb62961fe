"""The schedulers' declared interface: given a run's jobs, yield each one's Outcome as it finishes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..batch import Job, Outcome, RunOptions


@runtime_checkable
class Scheduler(Protocol):
    """Where documents are extracted. Every job gets exactly one Outcome, a failed or lost one included;
    the skip decision, the printed lines and plans.parquet stay with the caller."""

    def run(self, jobs: Sequence[Job], options: RunOptions) -> Iterator[Outcome]:
        """Given the jobs to extract and the run's options, yield each job's Outcome as it finishes."""
        ...
