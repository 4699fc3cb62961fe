"""The allocators of an extracting process: freed large blocks go back to the system."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from pipeline.allocators import hand_back_large_blocks

# Frees a 16 MiB block (glibc then raises its mmap threshold to 16 MiB unless it is fixed), then
# allocates four 8 MiB blocks and a block kept after them and frees the four; prints how far the
# resident memory stayed above where it began.
_PROBE = """
import sys
from pipeline.allocators import hand_back_large_blocks
def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
if sys.argv[1] == "fixed":
    assert hand_back_large_blocks()
block = bytearray(16 * 2**20)
del block
start = rss_mib()
blocks = [bytearray(8 * 2**20 - 64 * i) for i in range(4)]
for block in blocks:
    block[::4096] = b"x" * len(block[::4096])
kept = bytearray(2**20)
kept[::4096] = b"x" * len(kept[::4096])
del blocks, block
print(rss_mib() - start)
"""

needs_glibc = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's"
)


def _kept_mib(mode: str) -> float:
    """Given "fixed" or "default", run the probe in a fresh interpreter; return the MiB it kept after freeing."""
    done = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


@needs_glibc
def test_freed_page_sized_blocks_are_handed_back_once_the_threshold_is_fixed() -> None:
    assert _kept_mib("fixed") < 2.0


@needs_glibc
def test_without_it_the_same_blocks_stay_in_the_process() -> None:
    # The probe can tell: glibc's own default keeps what the fixed threshold gives back.
    assert _kept_mib("default") > 16.0


@needs_glibc
def test_hand_back_large_blocks_reports_that_it_took_effect() -> None:
    assert hand_back_large_blocks() is True
