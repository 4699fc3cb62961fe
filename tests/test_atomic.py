"""Publishing is atomic and extraction is deterministic.

A run killed with SIGKILL while it publishes must leave the previous out/<stem>/ whole: the new
output is written beside it and swapped in with two os.replace calls. Two runs over the same PDF,
each with a fresh interim folder and the PDF in a different place, must write the same bytes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures import bad
from tests.fixtures.cli_runs import (
    PUBLISHED,
    RUN_TIMEOUT,
    ReplicaRuns,
    child_env,
    copy_interim,
    extract_args,
    replica_runs,
    seed_previous,
    snapshot,
    visible,
)
from tests.fixtures.make_replica import REPO_ROOT

POLL_SECONDS = 0.05
WHILE_WRITING, BEFORE_SWAP = 1, 2
BLOCK_AT = (WHILE_WRITING, BEFORE_SWAP)
# Runs the CLI with the writer's two steps wrapped: at WHILE_WRITING the run stops right after the
# first file of the new output is on disk; at BEFORE_SWAP once every file is written, just before
# the new output replaces the old. Either way it writes the marker file and waits to be killed.
# Arguments: marker, the step, the output folder, CLI arguments.
HOOKED_CLI = """
import os, sys, time
from pathlib import Path

import pipeline.publish as writer

marker, block_at, watched = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
write_file, swap_in = writer._write_file, writer._swap_in


def wait_to_be_killed(where):
    marker.write_text(os.fspath(where))
    time.sleep(3600)


def hooked_write(path, data):
    write_file(path, data)
    if block_at == 1 and path.parent.name.startswith("." + watched.name):
        wait_to_be_killed(path)


def hooked_swap(staging, folder):
    if block_at == 2 and folder == watched:
        wait_to_be_killed(folder)
    swap_in(staging, folder)


writer._write_file, writer._swap_in = hooked_write, hooked_swap
sys.argv = ["python -m pipeline", *sys.argv[4:]]
from pipeline.cli import main

main()
"""


@pytest.fixture(scope="session")
def replica(tmp_path_factory: pytest.TempPathFactory) -> ReplicaRuns:
    """Return the session's extractions of the replica."""
    return replica_runs(tmp_path_factory.getbasetemp())


@dataclass(frozen=True)
class Killed:
    """A run killed while publishing: whether it reached the move it was stopped at, and the folder's versions."""

    reached: bool
    status: int | None
    log: str
    previous: dict[str, bytes]
    new: dict[str, bytes]
    now: dict[str, bytes]

    def versions(self) -> dict[str, str]:
        """Return which version each visible file of the folder is: previous, new or neither."""
        return {
            name: "previous" if data == self.previous.get(name) else "new" if data == self.new.get(name) else "neither"
            for name, data in self.now.items()
        }


@dataclass(frozen=True)
class _Started:
    child: subprocess.Popen[bytes]
    marker: Path
    log: Path
    folder: Path
    previous: dict[str, bytes]


def _start(replica: ReplicaRuns, root: Path, block_at: int) -> _Started:
    """Given the shared runs, a folder and a move number, start an extraction that stops at that move."""
    pdf = bad.replica_pdf()
    space = copy_interim(replica.lone_space, root / "run")
    folder = space.out / pdf.stem
    seed_previous(space.out, pdf.stem)
    marker, log = root / "publishing", root / "child.log"
    args = [str(a) for a in extract_args([pdf], space, "--jobs", "1", "--force")]
    command = [sys.executable, "-c", HOOKED_CLI, str(marker), str(block_at), str(folder), *args]
    with log.open("wb") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=child_env(), cwd=REPO_ROOT)
    return _Started(child, marker, log, folder, visible(snapshot(folder)))


def _wait_for(marker: Path, child: subprocess.Popen[bytes]) -> bool:
    """Given a marker file and a child process, wait until the marker appears (True) or the child ends (False)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        if marker.exists():
            return True
        if child.poll() is not None:
            return marker.exists()
        time.sleep(POLL_SECONDS)
    return False


def _kill(started: _Started, new: dict[str, bytes]) -> Killed:
    """Given a started run, wait until it is publishing, kill it with SIGKILL and return what it left."""
    reached = _wait_for(started.marker, started.child)
    if started.child.poll() is None:
        os.kill(started.child.pid, signal.SIGKILL)
    started.child.wait()
    log = started.log.read_text(errors="replace")
    now = visible(snapshot(started.folder))
    return Killed(reached, started.child.returncode, log, started.previous, new, now)


@pytest.fixture(scope="module")
def killed(replica: ReplicaRuns, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Killed]:
    """Kill one run while it writes its new output and one just before it swaps it in; both run at once."""
    assert replica.lone.status == 0, replica.lone.describe()
    new = visible(snapshot(replica.lone_space.out / bad.replica_pdf().stem))
    started = {n: _start(replica, tmp_path_factory.mktemp(f"killed-at-move-{n}"), n) for n in BLOCK_AT}
    return {n: _kill(run, new) for n, run in started.items()}


@pytest.mark.parametrize("step", BLOCK_AT, ids=["while-writing", "before-swap"])
def test_a_run_killed_while_publishing_leaves_the_previous_output_intact(killed: dict[int, Killed], step: int) -> None:
    run = killed[step]
    assert run.reached, f"the run never reached the step it was to be killed at\n[exit {run.status}]\n{run.log}"
    intact = run.now == run.previous
    assert intact, f"the previous output was not left intact: {run.versions()}"


def test_two_runs_with_fresh_interim_folders_write_identical_bytes(replica: ReplicaRuns) -> None:
    assert replica.lone.status == 0, replica.lone.describe()
    stem = bad.replica_pdf().stem
    first = snapshot(replica.batch_space.out / stem)
    second = snapshot(replica.lone_space.out / stem)
    assert set(PUBLISHED) <= set(first), replica.batch.describe()
    # decree.json names the path each run was given (source_path, sources); nothing else differs.
    given = {"source_path": str(replica.batch_files[0]), "sources": [str(replica.batch_files[0])]}
    assert {k: json.loads(first["decree.json"])[k] for k in given} == given
    first["decree.json"], second["decree.json"] = (_without_paths(v) for v in (first, second))
    differing = [name for name in PUBLISHED if first[name] != second.get(name)]
    assert not differing, f"{differing} differ between two extractions of the same PDF"


def _without_paths(files: dict[str, bytes]) -> bytes:
    """Given a published folder's files, return its decree.json without the paths the run was given."""
    decree = json.loads(files["decree.json"])
    return json.dumps({k: v for k, v in decree.items() if k not in ("source_path", "sources")}).encode()
