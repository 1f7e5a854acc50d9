"""Work on many files in a pool of worker processes that Ctrl-C ends at once, leaving no traceback.

A multiprocessing pool rather than concurrent.futures: its workers can be ended at once, which Ctrl-C needs; the
executor waits for their work, or (cancelled) prints a thread's traceback.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import TypeVar

from lucli.records.interrupts import end_pool_now, held_interrupts, worker_ignores_interrupts

J = TypeVar("J")
P = TypeVar("P")


def in_workers(jobs: list[J], work: Callable[[J], P], take: Callable[[Iterator[P]], None], workers: int) -> None:
    """Run `work` on every job in `workers` processes and give `take` the results, in the jobs' order, as they
    come. `work` must be a module-level function (the workers are forked and handed it by name)."""
    import multiprocessing

    pool = None
    try:
        with held_interrupts():  # a worker must not get Ctrl-C before it ignores it (it would print a traceback)
            pool = multiprocessing.Pool(workers, initializer=_worker_start)
        take(pool.imap(work, jobs, chunksize=max(16, len(jobs) // (workers * 8))))
        pool.close()
        pool.join()
        # Its clean-up now, not from a finaliser at exit: a Ctrl-C there is "Exception ignored" and a traceback.
        pool.terminate()
    except BaseException:  # Ctrl-C (or any failure): kill the workers now; wait neither for them nor the pool
        if pool is not None:
            end_pool_now(pool)
        raise


def _worker_start() -> None:
    """A worker keeps the cycle collector paused: reference counting frees each job's objects, and parsing
    makes no cycles, so collections would only walk live records (a sixth of a cold load). It ignores
    Ctrl-C: the terminal sends it to every process, and only the main one answers (it ends the workers)."""
    gc.disable()
    worker_ignores_interrupts()
