"""Run independent jobs (rendering the pages of a digest) in forked processes, with sequential results.

The results, and the error reported when a job fails, are exactly what
running the jobs one after another gives: results come back in job order,
and when jobs fail the error of the first failing one (in job order) is
raised. Processes take the next job from a shared counter, so a slow page
does not hold the others up. Forked processes inherit everything the jobs
need (the corpus views, the template environment), so nothing but the
results crosses between them. Where `fork` is not safe (Windows, macOS) or
there is one core, jobs run in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from lucli.errors import LucliError

T = TypeVar("T")
MIN_JOBS = 100
"""Fewer jobs than this run in this process: forking would cost more than it saves."""

_Failure = tuple[int, type[LucliError], str, str | None]
"""A failed job, as it crosses from a worker: its index, the error's class, message and hint."""
_NOT_RUN = object()


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


def run_in_order(jobs: Sequence[Callable[[], T]], workers: int | None = None) -> list[T]:
    """Run every job and return their results in order; `workers` processes at most (default: one per core)."""
    count = min(workers if workers is not None else cores(), len(jobs))
    if count <= 1 or (workers is None and len(jobs) < MIN_JOBS) or not _can_fork():
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    counter = _Counter(context, len(jobs))
    children = []
    for _ in range(count - 1):
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(jobs, counter, writer), daemon=True)
        process.start()
        writer.close()
        children.append((process, reader))
    results: list[Any] = [_NOT_RUN] * len(jobs)
    failures: list[_Failure] = []
    try:
        _work(jobs, counter, results, failures)
        lost = [_collect(reader, results, failures) for _process, reader in children]
    except BaseException:  # Ctrl-C: end the workers at once, wait for nothing
        for process, _reader in children:
            process.terminate()
        raise
    finally:
        for process, reader in children:
            reader.close()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    if any(lost):  # a worker died without a word: run what it took here, which shows why
        first = min((f[0] for f in failures), default=len(jobs))
        for index in range(first):
            if results[index] is _NOT_RUN:
                results[index] = jobs[index]()
    return _outcome(results, failures)


def _work(jobs: Sequence[Callable[[], Any]], counter: _Counter, results: list[Any],
          failures: list[_Failure]) -> None:
    """Take jobs from the counter and run them, until none is left or one fails."""
    while (index := counter.take()) is not None:
        try:
            results[index] = jobs[index]()
        except LucliError as exc:
            failures.append((index, type(exc), exc.message, exc.hint))
            counter.fail(index)
            return


def _child(jobs: Sequence[Callable[[], Any]], counter: _Counter, writer: Connection) -> None:
    """A worker process: run jobs from the counter and send back what they gave.

    It ignores Ctrl-C, which the terminal sends to every process: the main process answers it and ends
    the workers, so none prints a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    results: list[Any] = [_NOT_RUN] * len(jobs)
    failures: list[_Failure] = []
    _work(jobs, counter, results, failures)
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
        raise kind(message, hint)
    return results
