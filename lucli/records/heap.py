"""Keep Python's cycle collector out of the way while a corpus is built, and settle it afterwards.

Loading 100k findings makes millions of small objects (records, locations,
tuples); the cycle collector, triggered by the allocation count, walks every
one of them again and again: a third of a warm load at 100k findings. lucli's
records hold no reference cycles, so nothing is lost by pausing it while they
are made; anything cyclic made meanwhile is collected once it runs again.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    """Pause the cycle collector for the block (as it was before, afterwards).

    With `keep`, for what is made to last (a view that lives until the command ends): everything made while the
    collector was paused sits in its youngest generation, and the first young collection after the block walked
    all of it (at 100k findings, a briefing's view: 15-30 ms, for nothing). So when the block ends everything
    moves to the oldest generation at once (`settle`: whole lists, not each object, and nothing left frozen)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            settle()
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Once the corpus is built: move everything made while the collector was paused to its oldest generation.

    Objects made while the collector was paused all sit in its youngest generation, and the young collections
    that followed walked them again and again: dedupe at 100k findings took 50 s without this step, 38 s with
    it. The move is what `collector_paused(keep=True)` does (`gc.freeze` then `gc.unfreeze` move whole lists),
    not a full collection: that walked every object the process holds, the corpus and all else, to find
    nothing (the records hold no cycles). At 100k findings a full collection took about half a second; in a
    process that has run much before (lucli used as a library, the test suite, where it took a third of the
    CPU), tens of milliseconds however small the corpus. Dedupe at 100k, 2 runs each, alternately: 57.8 and
    60.6 s with the full collection, 60.4 and 55.2 s with the move.
    """
    gc.freeze()
    gc.unfreeze()


def give_back() -> None:
    """Hand the memory freed since the last call back to the system, where the C library can (glibc).

    A process that renders a large page frees most of what it made, but the C library keeps the freed
    blocks for later: a digest worker stayed 10 to 15 MB larger after each of the pages that read much.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
