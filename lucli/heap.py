"""Keep Python's cycle collector out of the way while a corpus is built.

Loading 100k findings makes millions of small objects (records, locations,
tuples); the cycle collector, triggered by the allocation count, walks every
one of them again and again: a third of a warm load at 100k findings. lucli's
records hold no reference cycles, so nothing is lost by pausing it while they
are made; anything cyclic made meanwhile is collected once it runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (as it was before, afterwards)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """In a command-line run, once the corpus is built: exempt everything alive now from later collections.

    The corpus lives until the process ends, so walking it again in each later collection is wasted work.
    """
    gc.freeze()
