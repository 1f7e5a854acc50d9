"""Run one render in a forked process with a hard time and memory limit, where the platform allows it.

The sandbox's deadline is checked between template steps and its caps stop every single step known to run
away; this is the backstop for anything they miss. The child ignores Ctrl-C (the parent answers it and
ends the child), and its result or `LucliError` comes back through a pipe. Where `fork` is not safe
(Windows, macOS) the render runs in this process, under the sandbox's own limits.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from lucli.errors import LucliError, RenderError
from lucli.records.interrupts import end_now, held_interrupts, worker_ignores_interrupts

T = TypeVar("T")
HARD_SECONDS = 120.0
"""Longest one guarded render may take, whatever it does."""
HARD_MEMORY = 4 * 1024**3
"""Most address space, in bytes, a guarded render may add to what the process had."""


def guarded(job: Callable[[], T], seconds: float = HARD_SECONDS, memory: int = HARD_MEMORY) -> T:
    """Run `job` in a forked child that is killed after `seconds` and refused more than `memory` bytes."""
    if not (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()):
        return job()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(job, writer, memory), daemon=True)
    try:
        with held_interrupts():  # the child must not get Ctrl-C before it ignores it (it would print a traceback)
            child.start()
        writer.close()
        if not reader.poll(seconds):
            raise RenderError(f"rendering did not finish within {seconds:g} seconds; it was stopped",
                              "simplify the template")
        kind, value = reader.recv()
    except EOFError:
        raise RenderError("rendering stopped without an answer (it ran out of memory or was killed)",
                          "simplify the template") from None
    finally:
        reader.close()
        end_now([child])
    if kind == "error":
        error_class, message, hint = value
        raise error_class(message, hint)
    return value  # type: ignore[no-any-return]


def _child(job: Callable[[], Any], writer: Any, memory: int) -> None:
    worker_ignores_interrupts()
    limit_memory(memory)
    try:
        answer: tuple[str, Any] = ("ok", job())
    except LucliError as exc:
        answer = ("error", (type(exc), exc.message, exc.hint))
    except MemoryError:
        answer = ("error", (RenderError, "rendering needed more memory than it may use; it was stopped",
                            "simplify the template"))
    writer.send(answer)
    writer.close()


def limit_memory(memory: int) -> None:
    """Let this process add at most `memory` bytes of address space to what it has now."""
    try:
        import resource

        with open(f"/proc/{os.getpid()}/statm") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = used + memory
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass  # no limit to set here: the sandbox's own caps still hold
