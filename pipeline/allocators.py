"""How an extracting process allocates memory: the C library's malloc and Arrow's memory pool.

Both defaults keep freed memory for later. A run frees many large buffers of different sizes
(pdfminer's layouts, a page-sized Agg buffer per chart page, the encoded images and report.html),
and on a 50-page decree what the allocators kept was a tenth of the process's peak.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

# glibc's mallopt(3) parameter; a fixed threshold also stops glibc raising it to the largest
# block freed so far, which is what sends later page-sized buffers to the heap, kept there.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 128 * 1024


@functools.cache
def _mallopt() -> Any:
    """Return the C library's mallopt (None where the C library is not glibc's)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "mallopt", None) if name else None
    except OSError:
        return None


def hand_back_large_blocks() -> bool:
    """Make malloc give blocks of 128 KiB and more back to the system when freed; return whether it could."""
    mallopt = _mallopt()
    return bool(mallopt and mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def use_system_memory_pool() -> None:
    """Make Arrow allocate with the C library's malloc in this process.

    Arrow's default pool (mimalloc) keeps the pages it freed for later; the pipeline's Arrow
    buffers are small and short-lived, and on a 50-page decree those kept pages were ~20 MiB of
    the process's peak memory.
    """
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def configure_allocators() -> None:
    """Set up this process's allocators for a run: large blocks handed back, Arrow on malloc."""
    hand_back_large_blocks()
    use_system_memory_pool()
