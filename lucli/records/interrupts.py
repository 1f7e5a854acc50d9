"""Worker processes and Ctrl-C: workers never see it, and the main process ends them at once when it comes.

The terminal sends Ctrl-C (SIGINT) to every process of the run. A worker
that receives it before it has set itself to ignore it runs the main
process's handler and prints a traceback, so the main process holds SIGINT
back while it forks (`held_interrupts`); the child starts with it held, ignores
it, then lets it through (`worker_ignores_interrupts`); the main process gets
any SIGINT that came meanwhile as soon as the fork is done. When the main
process is interrupted it ends its workers with SIGKILL (`end_now`): a worker
may be in a long C-level step, and nothing it holds needs saving.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterable, Iterator
from typing import Any

from lucli.atomic import hold_interrupts, let_interrupts_through

_ALL_AT_ONCE = 0.5
"""Seconds to wait for killed workers to be gone (SIGKILL cannot be held off; this is only reaping)."""


@contextlib.contextmanager
def held_interrupts() -> Iterator[None]:
    """Hold SIGINT back in this thread for the block (processes forked in it start with it held)."""
    held = hold_interrupts()
    try:
        yield
    finally:
        let_interrupts_through(held)  # a SIGINT that came meanwhile is handled now


def worker_ignores_interrupts() -> None:
    """In a worker just forked under `held_interrupts`: ignore SIGINT from now on, then stop holding it back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def end_now(processes: Iterable[Any]) -> None:
    """Kill worker processes (`multiprocessing.Process`es) at once and reap them; never wait for their work."""
    chosen = [p for p in processes if p.pid is not None and p.pid != os.getpid()]
    for process in chosen:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in chosen:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(_ALL_AT_ONCE)


def end_pool_now(pool: Any) -> None:
    """Kill a `multiprocessing.Pool`'s workers at once, and leave its threads to end with the process.

    `Pool.terminate()` kills the workers and then joins the pool's threads; a worker killed while it was
    sending a result holds the result queue's lock for ever, and the join then waits for ever (one
    interrupted digest in about a hundred hung so, on a busy machine). Nothing the pool holds needs
    saving when the run is interrupted, so its worker handler is told to stop (it would start workers in
    place of killed ones), its own termination is cancelled (it would run when the pool is collected, or
    at exit), and the workers are killed. These are the pool's private parts, in every Python since 3.8.
    """
    from multiprocessing import pool as pools

    pool._state = pools.TERMINATE
    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:
        handler._state = pools.TERMINATE
    finaliser = getattr(pool, "_terminate", None)
    if finaliser is not None:
        finaliser.cancel()
    end_now(list(getattr(pool, "_pool", [])))
    if handler is not None:
        handler.join(_ALL_AT_ONCE)  # it stops at once now; any worker it started meanwhile is killed next
    end_now(list(getattr(pool, "_pool", [])))
