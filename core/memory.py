"""Giving the C heap's free pages back to the system (glibc's `malloc_trim`).

A worker's heap keeps the peak of its busiest moment: the blocks a burst of requests freed stay
with malloc, in pieces between blocks still in use, and each later burst adds its own peak on top
of them. `malloc_trim(0)` returns every whole free page (at the heap's end, and inside free
blocks, by `madvise`): ≈ 0.4 ms the first time after a burst, ≈ 0.03 ms when there is nothing to
give back. Elsewhere than glibc (musl, macOS) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def heap_trimmer() -> Callable[[], object] | None:
    """`malloc_trim(0)` where the C library has it, else None."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)
