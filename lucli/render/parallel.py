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
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

from lucli.errors import LucliError, RenderError
from lucli.records.index_damage import UNREADABLE, DamagedIndex
from lucli.records.interrupts import end_now, held_interrupts, worker_ignores_interrupts
from lucli.render.guarded import limit_memory
from lucli.render.job_counter import JobCounter

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


def run_in_order(jobs: Sequence[Callable[[], T]], workers: int | None = None,
                 limits: HardLimits | None = None, renew_after: int | None = None,
                 solo: Collection[int] = ()) -> list[T]:
    """Run every job and return their results in order; `workers` processes at most (default: one per core).

    With `limits` (and where `fork` is safe), every job runs in a worker under those limits. With `renew_after`
    as well, a worker that holds more than that many bytes of its own (`_Outgrown`) stops after its job and a
    fresh one takes the next: a large page leaves the memory it freed scattered through the worker's heap, where
    Python cannot give it back (at 100k findings, 60-80 MB a worker, held to its end). The jobs at the positions
    `solo` never run two at once (`lucli.render.job_counter`), and with `renew_after` each ends the worker that ran
    it (`_work`).
    """
    count = min(workers if workers is not None else cores(), len(jobs))
    supervised = limits is not None and _can_fork() and len(jobs) > 0
    if not supervised and (count <= 1 or (workers is None and len(jobs) < MIN_JOBS) or not _can_fork()):
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    counter = JobCounter(context, len(jobs), solo)
    children: list[tuple[Any, Connection]] = []
    results: list[Any] = [_NOT_RUN] * len(jobs)
    failures: list[_Failure] = []
    gc.freeze()  # the children's collector leaves the parent's objects alone: their pages stay shared
    renew = renew_after if supervised else None  # this process cannot be renewed: it renders only unsupervised
    lost: list[Any] = []
    try:
        def start() -> tuple[Any, Connection]:
            with held_interrupts():  # a worker must not get Ctrl-C before it ignores it (it would print a traceback)
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(jobs, counter, writer, limits, renew), daemon=True)
                process.start()
                writer.close()
                children.append((process, reader))
                return process, reader

        for _ in range(max(1, count) if supervised else count - 1):
            start()
        if not supervised:
            _work(jobs, counter, results, failures)
        lost = _collected(children, results, failures, counter, start)
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
    if lost and limits is not None:
        if any(process.exitcode == 1 for process in lost):
            raise RenderError(_FAILED, "the error above says why; if it is not in a template of yours, it is a "
                                       "fault in lucli: please report it with that error")
        raise RenderError(_STOPPED.format(seconds=limits.seconds), "simplify the template")
    if lost:  # a worker died without a word: run what it took here, which shows why
        first = min((f[0] for f in failures), default=len(jobs))
        for index in range(first):
            if results[index] is _NOT_RUN:
                results[index] = jobs[index]()
    return _outcome(results, failures)


def _work(jobs: Sequence[Callable[[], Any]], counter: JobCounter, results: list[Any],
          failures: list[_Failure], seconds: float = 0.0, renew: int | None = None, tidy: bool = False) -> None:
    """Take jobs from the counter and run them, until none is left, one fails or (with `renew`) this process holds
    more than `renew` bytes of its own.

    With `seconds`, each job runs under an alarm that ends this process when it goes off. With `tidy`, the
    youngest generation of the cycle collector is collected after each job: with the collector off, everything
    the job made that is still tracked. Not after a job that leaves this process outgrown, which ends here, nor
    (with `renew`) after a solo job, after which it always ends: what the job made goes with the process. A
    principle's page at 100k findings leaves about 130,000 objects in reference cycles (Jinja's macro modules
    hold the page's context); collecting them took 0.08 s a page, and a worker that went on held the heap they
    had spread through (a fresh worker, forked, starts from the parent's pages, shared).
    """
    outgrown = _Outgrown(renew)
    while not outgrown() and (index := counter.take()) is not None:
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
            counter.done(index)
        if renew is not None and index in counter.solo:
            return  # one of the largest pages: a fresh worker takes the next job, and this one's heap goes whole
        if tidy and not outgrown():
            gc.collect(0)


class _Outgrown:
    """Whether this worker holds more than `limit` bytes of its own (what it no longer shares with the process it
    was forked from): each page adds what it leaves scattered in the heap, and every object it reads from the
    parent's pages makes a copy of the page it is on. Looked at after a long job, or after a quarter of a second of
    short ones (a look costs about a millisecond)."""

    EVERY = 0.25

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.looked = time.monotonic()
        self.over = False

    def __call__(self) -> bool:
        """Whether it is outgrown: looked at when a quarter of a second has passed since the last look; a worker
        once outgrown stays so (it ends)."""
        if self.limit is not None and not self.over and time.monotonic() - self.looked >= self.EVERY:
            self.looked = time.monotonic()
            self.over = _own_memory() > self.limit
        return self.over


def _own_memory() -> int:
    """Bytes of memory this process holds that no other process shares (0 where that cannot be read)."""
    try:
        with open("/proc/self/smaps_rollup", "rb") as rollup:
            return sum(int(line.split()[1]) << 10 for line in rollup
                       if line.startswith((b"Private_Clean:", b"Private_Dirty:")))
    except (OSError, ValueError, IndexError):
        return 0


def _child(jobs: Sequence[Callable[[], Any]], counter: JobCounter, writer: Connection,
           limits: HardLimits | None = None, renew: int | None = None) -> None:
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
    # The cycle collector's own timing walked every object a page holds, again and again while it rendered (a
    # sixth of a worker's CPU): here it runs once after each page instead, over what that page made.
    gc.disable()
    _work(jobs, counter, results, failures, limits.seconds if limits is not None else 0.0, renew, tidy=True)
    writer.send(([(i, r) for i, r in enumerate(results) if r is not _NOT_RUN], failures))
    writer.close()


def _collected(children: list[tuple[Any, Connection]], results: list[Any], failures: list[_Failure],
               counter: JobCounter, start: Callable[[], tuple[Any, Connection]]) -> list[Any]:
    """Take every worker's results as each ends, starting a fresh worker whenever one ends with jobs still to take
    (it was renewed); the workers that died without sending their results."""
    lost = []
    waiting = {reader: process for process, reader in children}
    while waiting:
        for ready in multiprocessing.connection.wait(list(waiting)):
            reader = cast(Connection, ready)
            process = waiting.pop(reader)
            if _collect(reader, results, failures):
                lost.append(process)
                counter.release()  # its job will never end: the others must not wait for it
            elif counter.left():
                # Its memory is given back first: a worker ends holding what its last page left (`_work`).
                process.join(timeout=1.0)
                fresh, fresh_reader = start()
                waiting[fresh_reader] = fresh
    return lost


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
