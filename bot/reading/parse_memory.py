"""Bound the memory that parsing HTML takes, and give it back afterwards.

lxml and trafilatura hold several trees of a page at once: a 4 MB page with 50,000 links costs about
170 MB while it is parsed. Twelve such pages in parallel took the work process past 1.2 GB, and glibc kept
the freed heap. So parses share a byte budget (one page of the largest size plus small ones run together;
a second big one waits: it is CPU-bound anyway) and, after a big page, the freed heap is returned to the OS.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BIG_PAGE = 1_000_000  # characters of HTML above which a parse is followed by a release
_SMALL_PAGES_ROOM = 1_000_000  # beside one largest page, this much more may be parsed at once


class ParseBudget:
    """At most `budget` characters of HTML and `parallel` parses at once; a page larger than the budget
    still runs, alone."""

    def __init__(self, budget: int, parallel: int | None = None) -> None:
        self.budget = budget
        self.parallel = parallel or max(1, os.cpu_count() or 1)
        self._in_use = 0
        self._running = 0
        self._lock = threading.Condition()

    @classmethod
    def for_pages_up_to(cls, max_page_bytes: int) -> ParseBudget:
        return cls(max_page_bytes + _SMALL_PAGES_ROOM)

    @contextmanager
    def parsing(self, size: int) -> Iterator[None]:
        with self._lock:
            self._lock.wait_for(lambda: self._running == 0 or (
                self._running < self.parallel and self._in_use + size <= self.budget))
            self._in_use += size
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_use -= size
                self._running -= 1
                self._lock.notify_all()
            if size >= BIG_PAGE:
                release_memory()


def release_memory() -> None:
    """Collect the parse's reference cycles, then hand glibc's free heap pages back to the OS."""
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim():  # type: ignore[no-untyped-def]
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # glibc only; musl and macOS have none
    except (OSError, AttributeError):
        return None


_malloc_trim = _find_malloc_trim()
