"""Publishing: whole files, one-step replacement of an output folder, leftovers of ended runs, locking."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess

import pytest

from pipeline.config import OUTPUT_MARKER
from pipeline.errors import OutputError
from pipeline.publish import _remove_leftovers, locked, publish


def test_publish_replaces_every_file_and_leaves_no_temporaries(tmp_path):
    folder = tmp_path / "out"
    publish(folder, {"a.txt": b"old", "b.txt": b"old"})
    publish(folder, {"a.txt": b"new", "b.txt": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == [OUTPUT_MARKER, "a.txt", "b.txt"]
    assert (folder / "a.txt").read_bytes() == b"new"


def test_publish_to_an_unwritable_place_raises_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        publish(blocker / "out", {"a.txt": b"x"})


def _hold(lock_file, ready, release):
    with locked(lock_file):
        ready.set()
        release.wait(10)


def test_a_second_run_on_the_same_stem_is_refused(tmp_path):
    lock_file = tmp_path / "stem.lock"
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold, args=(lock_file, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(OutputError, match="another run"), locked(lock_file):
            pass
    finally:
        release.set()
        holder.join()
    with locked(lock_file):
        pass


def test_publish_swaps_the_whole_folder_and_clears_what_a_killed_run_left(tmp_path):
    folder = tmp_path / "out" / "stem"
    publish(folder, {"plan.csv": b"old", "schedule-2.png": b"old"})
    leftover = tmp_path / "out" / ".stem.staging-999999"
    leftover.mkdir()
    (leftover / "plan.csv").write_bytes(b"half")
    publish(folder, {"plan.csv": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == [OUTPUT_MARKER, "plan.csv"]
    assert (folder / "plan.csv").read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["stem"]


def test_an_output_moved_aside_by_an_interrupted_swap_is_put_back(tmp_path):
    ended = subprocess.Popen(["true"])
    ended.wait()
    folder, aside = tmp_path / "sk", tmp_path / f".sk.retired-{ended.pid}"
    aside.mkdir()
    (aside / "plan.csv").write_bytes(b"old")
    (aside / OUTPUT_MARKER).write_bytes(b"")
    _remove_leftovers(folder)
    assert (folder / "plan.csv").read_bytes() == b"old" and not aside.exists()
    publish(folder, {"plan.csv": b"new"})
    assert (folder / "plan.csv").read_bytes() == b"new"


def test_an_output_is_staged_under_the_staging_root_by_its_content_and_writer(tmp_path, monkeypatch):
    import pipeline.publish as publishing

    staged: list = []
    swap = publishing._swap_in
    monkeypatch.setattr(publishing, "_swap_in", lambda staging, folder: (staged.append(staging), swap(staging, folder)))
    root, files = tmp_path / "interim" / ".staging", {"plan.csv": b"new"}
    publish(tmp_path / "out" / "sk", files)
    publish(tmp_path / "out" / "sk", files, root)
    beside, under = staged
    digest = publishing.content_digest({**files, OUTPUT_MARKER: b""})[: publishing.DIGEST_DIGITS]
    assert beside.parent == tmp_path / "out" and under.parent == root
    assert under.name.startswith(f".sk.staging-{digest}-") and under.name.endswith(publishing.writer_tag())
    assert beside.name != under.name, "two stagings of the same bytes never share a folder"
    assert list(root.iterdir()) == [] and (tmp_path / "out" / "sk" / "plan.csv").read_bytes() == b"new"


def test_only_this_hosts_ended_writers_staging_folders_are_cleared(tmp_path):
    from pipeline.publish import host_tag

    ended = subprocess.Popen(["true"])
    ended.wait()
    root = tmp_path / "interim" / ".staging"
    other_host = "0" * 8 if host_tag() != "0" * 8 else "1" * 8
    mine = root / f".sk.staging-{'a' * 16}-0000beef-{ended.pid}-{host_tag()}"
    theirs = root / f".sk.staging-{'a' * 16}-0000beef-{ended.pid}-{other_host}"
    for folder in (mine, theirs):
        folder.mkdir(parents=True)
        (folder / "plan.csv").write_bytes(b"half")
    publish(tmp_path / "out" / "sk", {"plan.csv": b"new"}, root)
    assert not mine.exists(), "an ended run of this host left it"
    assert (theirs / "plan.csv").read_bytes() == b"half", "another machine's run may still be writing it"


@pytest.mark.parametrize("exchange", [True, False], ids=["one-exchange", "two-renames"])
def test_publishing_over_an_output_leaves_the_new_one_whole_and_nothing_beside_it(tmp_path, monkeypatch, exchange):
    import pipeline.publish as publishing

    if not exchange:
        monkeypatch.setattr(publishing, "_exchange", lambda staging, folder: False)
    folder, root = tmp_path / "out" / "sk", tmp_path / "interim" / ".staging"
    publish(folder, {"plan.csv": b"old", "decree.json": b"{}"}, root)
    publish(folder, {"plan.csv": b"new"}, root)
    assert sorted(p.name for p in folder.iterdir()) == [OUTPUT_MARKER, "plan.csv"]
    assert (folder / "plan.csv").read_bytes() == b"new"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["sk"] and list(root.iterdir()) == []


def _publish_many(folder, root, label: bytes, times: int) -> None:
    """Publish folder `times` times with files that all say label, without any lock."""
    for _ in range(times):
        publish(folder, {"plan.csv": label, "decree.json": label, "mengingat.csv": label}, root)


def _labels(folder) -> set[bytes]:
    """Given an output folder, return the bytes of its files read through one open handle of the folder.

    A folder read name by name could show files of two versions, one replaced between two reads.
    A handle keeps one folder: of a version being removed, some files may be gone already.
    """
    handle = os.open(folder, os.O_RDONLY)
    try:
        labels = set()
        for name in os.listdir(handle):
            if name == OUTPUT_MARKER:
                continue
            with contextlib.suppress(FileNotFoundError):
                file = os.open(name, os.O_RDONLY, dir_fd=handle)
                labels.add(os.read(file, 64))
                os.close(file)
        return labels
    finally:
        os.close(handle)


def test_two_writers_of_one_folder_never_mix_their_files(tmp_path):
    folder, root = tmp_path / "out" / "sk", tmp_path / "interim" / ".staging"
    publish(folder, {"plan.csv": b"first"}, root)
    writers = [multiprocessing.Process(target=_publish_many, args=(folder, root, label, 40)) for label in (b"a", b"b")]
    for writer in writers:
        writer.start()
    seen = []
    while any(writer.is_alive() for writer in writers):
        with contextlib.suppress(FileNotFoundError):  # opened while the folder was being replaced
            seen.append(_labels(folder))
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert seen and all(len(labels) <= 1 for labels in seen), [sorted(s) for s in seen if len(s) > 1]
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([OUTPUT_MARKER, "decree.json", "mengingat.csv", "plan.csv"]) and _labels(folder) in (
        {b"a"}, {b"b"})  # fmt: skip
