"""Which job a worker of `lucli.render.parallel` takes next: shared by the processes, in job order, with no job
started after one known to have failed, and (for `solo` jobs) never two of the pages that need the most memory at
once.

A principle's page at 100k findings takes about 70 MB while it renders; two at once, one in each worker, set the
digest's peak memory. Kept to one at a time, the other worker renders the smaller pages meanwhile, so the digest
takes no longer.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any

WAIT = 0.01
"""Seconds a worker waits before looking again, when only solo jobs are left and one is running."""


class JobCounter:
    """The jobs not yet taken, the first job known to have failed and the solo job running, if any."""

    def __init__(self, context: Any, total: int, solo: Collection[int] = ()) -> None:
        self.total = total
        self.next = context.Value("q", 0)  # the first job not yet taken; its lock guards every value here
        self.failed = context.Value("q", total, lock=False)
        self.solo = frozenset(solo)
        self.taken = context.Array("b", total, lock=False) if self.solo else None
        self.running = context.Value("q", -1, lock=False)  # the solo job running, or -1

    def take(self) -> int | None:
        """The next job, or None when all are taken or the rest come after a failure (they cannot count).

        A solo job is passed over while another runs; when nothing else is left, this waits for it to end."""
        while True:
            with self.next.get_lock():
                end = min(self.total, self.failed.value)
                if self.next.value >= end:
                    return None
                index = self._free(self.next.value, end)
                if index is not None:
                    return self._took(index)
            time.sleep(WAIT)

    def _free(self, start: int, end: int) -> int | None:
        if self.taken is None:
            return start
        solo_free = self.running.value < 0
        return next((i for i in range(start, end) if not self.taken[i] and (solo_free or i not in self.solo)), None)

    def _took(self, index: int) -> int:
        if self.taken is None:
            self.next.value = index + 1
            return index
        self.taken[index] = 1
        if index in self.solo:
            self.running.value = index
        while self.next.value < self.total and self.taken[self.next.value]:
            self.next.value += 1
        return index

    def done(self, index: int) -> None:
        """Note that a job has ended (whether or not it failed), so that another solo job may start."""
        if index in self.solo:
            self.release()

    def release(self) -> None:
        """Let another solo job start: the one running has ended, or its worker was lost."""
        with self.next.get_lock():
            self.running.value = -1

    def left(self) -> bool:
        """Whether a job is still to be taken (none after a failure)."""
        with self.next.get_lock():
            return bool(self.next.value < min(self.total, self.failed.value))

    def fail(self, index: int) -> None:
        """Note that a job failed, so that no later one is started."""
        with self.next.get_lock():
            self.failed.value = min(self.failed.value, index)
