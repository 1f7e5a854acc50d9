"""Run independent jobs (rendering the pages of a digest) in forked processes, with sequential results.

The results, and the error reported when a job fails, are exactly what
running the jobs one after another gives: results come back in job order,
and when jobs fail the error of the first failing one (in job order) is
raised. Processes take the next job from a shared counter, so a slow page
does not hold the others up. Forked processes inherit everything the jobs
need (the corpus views, the template environment), so nothing but the
results crosses between them. Where `fork` is not safe (Windows, macOS) or
there is one core, jobs run in this process.

With hard limits, every job runs in a worker and none in this process: each job gets a wall-clock
alarm whose default action ends the worker even inside a single long C-level step, and each worker
may add only so much memory. A worker that is ended so is reported as an error, never retried here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from lucli.errors import LucliError, RenderError
from lucli.records.index_damage import UNREADABLE, DamagedIndex
from lucli.records.interrupts import end_now, held_interrupts, worker_ignores_interrupts
from lucli.render.guarded import limit_memory

T = TypeVar("T")
MIN_JOBS = 100
"""Fewer jobs than this run in this process: forking would cost more than it saves."""

_Failure = tuple[int, type[LucliError] | type[DamagedIndex], str, str | None]
"""A failed job, as it crosses from a worker: its index, the error's class, message and hint."""
_NOT_RUN = object()


@dataclass(frozen=True)
class HardLimits:
    """What one job may take, whatever it does: the backstop behind the sandbox's own caps."""

    seconds: float
    """Wall-clock time for one job."""
    memory: int
    """Bytes of address space a worker may add to what it had when it started."""


_STOPPED = ("rendering a page did not finish within {seconds:g} seconds, or needed more memory than it may "
            "use; it was stopped")


_FAILED = "rendering a page failed with an error its worker could not report (above); it was stopped"


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class _Counter:
    """The next job to take, shared by the processes, and the first job known to have failed."""

    def __init__(self, context: Any, total: int) -> None:
        self.total = total
        self.next = context.Value("q", 0)  # its lock guards both values
        self.failed = context.Value("q", total, lock=False)

    def take(self) -> int | None:
        """The next job, or None when all are taken or the rest come after a failure (they cannot count)."""
        with self.next.get_lock():
            index = self.next.value
            if index >= min(self.total, self.failed.value):
                return None
            self.next.value = index + 1
            return int(index)

    def fail(self, index: int) -> None:
        """Note that a job failed, so that no later one is started."""
        with self.next.get_lock():
            self.failed.value = min(self.failed.value, index)


def run_in_order(jobs: Sequence[Callable[[], T]], workers: int | None = None,
                 limits: HardLimits | None = None) -> list[T]:
    """Run every job and return their results in order; `workers` processes at most (default: one per core).

    With `limits` (and where `fork` is safe), every job runs in a worker under those limits.
    """
    count = min(workers if workers is not None else cores(), len(jobs))
    supervised = limits is not None and _can_fork() and len(jobs) > 0
    if not supervised and (count <= 1 or (workers is None and len(jobs) < MIN_JOBS) or not _can_fork()):
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    counter = _Counter(context, len(jobs))
    children: list[tuple[Any, Connection]] = []
    results: list[Any] = [_NOT_RUN] * len(jobs)
    failures: list[_Failure] = []
    gc.freeze()  # the children's collector leaves the parent's objects alone: their pages stay shared
    try:
        with held_interrupts():  # a worker must not get Ctrl-C before it ignores it (it would print a traceback)
            for _ in range(max(1, count) if supervised else count - 1):
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(jobs, counter, writer, limits), daemon=True)
                process.start()
                writer.close()
                children.append((process, reader))
        if not supervised:
            _work(jobs, counter, results, failures)
        lost = [_collect(reader, results, failures) for _process, reader in children]
    except BaseException:  # Ctrl-C: end the workers at once, wait for nothing
        end_now(process for process, _reader in children)
        raise
    finally:
        gc.unfreeze()
        for process, reader in children:
            reader.close()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    if any(lost) and limits is not None:
        failed = [process for gone, (process, _reader) in zip(lost, children, strict=True) if gone]
        if any(process.exitcode == 1 for process in failed):
            raise RenderError(_FAILED, "the error above says why; if it is not in a template of yours, it is a "
                                       "fault in lucli: please report it with that error")
        raise RenderError(_STOPPED.format(seconds=limits.seconds), "simplify the template")
    if any(lost):  # a worker died without a word: run what it took here, which shows why
        first = min((f[0] for f in failures), default=len(jobs))
        for index in range(first):
            if results[index] is _NOT_RUN:
                results[index] = jobs[index]()
    return _outcome(results, failures)


def _work(jobs: Sequence[Callable[[], Any]], counter: _Counter, results: list[Any],
          failures: list[_Failure], seconds: float = 0.0) -> None:
    """Take jobs from the counter and run them, until none is left or one fails.

    With `seconds`, each job runs under an alarm that ends this process when it goes off.
    """
    while (index := counter.take()) is not None:
        try:
            if seconds:
                signal.setitimer(signal.ITIMER_REAL, seconds)
            results[index] = jobs[index]()
        except LucliError as exc:
            failures.append((index, type(exc), exc.message, exc.hint))
            counter.fail(index)
            return
        except UNREADABLE as exc:  # the caller reads the records instead: it must hear of it, not of a lost worker
            failures.append((index, DamagedIndex, str(exc), None))
            counter.fail(index)
            return
        except MemoryError:
            failures.append((index, RenderError, "rendering a page needed more memory than it may use; "
                             "it was stopped", "simplify the template"))
            counter.fail(index)
            return
        finally:
            if seconds:
                signal.setitimer(signal.ITIMER_REAL, 0)


def _child(jobs: Sequence[Callable[[], Any]], counter: _Counter, writer: Connection,
           limits: HardLimits | None = None) -> None:
    """A worker process: run jobs from the counter and send back what they gave.

    It ignores Ctrl-C, which the terminal sends to every process: the main process answers it and ends
    the workers, so none prints a traceback. Under `limits`, the alarm keeps its default action (end the
    process), which no Python code and no long C-level step can hold off.
    """
    worker_ignores_interrupts()
    if limits is not None:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        limit_memory(limits.memory)
    results: list[Any] = [_NOT_RUN] * len(jobs)
    failures: list[_Failure] = []
    _work(jobs, counter, results, failures, limits.seconds if limits is not None else 0.0)
    writer.send(([(i, r) for i, r in enumerate(results) if r is not _NOT_RUN], failures))
    writer.close()


def _collect(reader: Connection, results: list[Any], failures: list[_Failure]) -> bool:
    """Take a worker's results; tell whether it died without sending them."""
    try:
        done, failed = reader.recv()
    except EOFError:
        return True
    for index, result in done:
        results[index] = result
    failures.extend(failed)
    return False


def _outcome(results: list[Any], failures: list[_Failure]) -> list[Any]:
    """The results, or the error of the first job that failed."""
    if failures:
        _index, kind, message, hint = min(failures, key=lambda f: f[0])
        if kind is DamagedIndex:
            raise DamagedIndex(message)
        raise kind(message, hint)
    return results
