"""Compile a briefing's or a digest's templates in a forked process while this one builds the view, and hand the
code over.

A briefing's templates are compiled once a run (about 0.08 s at any size; a digest's sixteen, 0.7 s); the view
it renders takes the main process half a second at 100k findings (a digest's outline, a second or more). Neither
needs the other, so on a machine with a second core a process forked before the view is built compiles the
templates meanwhile and sends back Jinja's compiled code, which the render then loads instead of compiling
(into `lucli.render.compiled_code`'s memory of compiled code: nothing is written anywhere or read from a file,
and Jinja loads code only for the exact text it was compiled from). Anything that goes wrong (no `fork`, a
helper that dies, a template that does not compile) hands nothing over, and the render compiles the templates
itself, as it always did.
"""

from __future__ import annotations

import contextlib
import marshal
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Iterator

import jinja2

from lucli.records.interrupts import held_interrupts, worker_ignores_interrupts
from lucli.render.compiled_code import HeldCode


@contextlib.contextmanager
def compiled_ahead(env: jinja2.Environment, names: Iterable[str]) -> Iterator[CompiledAhead]:
    """Start compiling the templates `names` in a forked process; the helper is ended on leaving the block."""
    ahead = CompiledAhead(env, list(names))
    try:
        yield ahead
    finally:
        ahead.end()


class CompiledAhead:
    """A forked process compiling templates; `hand_over` gives their code to the environment."""

    def __init__(self, env: jinja2.Environment, names: list[str]) -> None:
        self.env = env
        self.pid: int | None = None
        self.reader: int | None = None
        if names and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
            self._start(names)

    def _start(self, names: list[str]) -> None:
        reader, writer = os.pipe()
        with held_interrupts():  # the helper must not get Ctrl-C before it ignores it
            pid = os.fork()
            if pid == 0:
                # Still held here: leaving the block would let a Ctrl-C through to lucli's handler in the helper,
                # which would print "interrupted" and unwind the command it was forked from. It ignores it first.
                os.close(reader)
                _compile_and_send(self.env, names, writer)  # never returns
        os.close(writer)
        self.pid, self.reader = pid, reader

    def hand_over(self) -> None:
        """Wait for the helper's code and give it to the environment (nothing, if it has none)."""
        if self.reader is None:
            return
        with os.fdopen(self.reader, "rb") as pipe:
            self.reader = None
            sent = pipe.read()
        self._reap()
        try:
            code = marshal.loads(sent) if sent else None
        except (EOFError, ValueError, TypeError):
            code = None
        if not (isinstance(code, dict) and code):
            return
        if isinstance(self.env.bytecode_cache, HeldCode):  # the process's (`lucli.render.compiled_code`)
            self.env.bytecode_cache.code.update(code)
        elif self.env.bytecode_cache is None:
            self.env.bytecode_cache = HeldCode(code)

    def end(self) -> None:
        """End the helper if its code was never asked for."""
        if self.reader is not None:
            os.close(self.reader)
            self.reader = None
            if self.pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _compile_and_send(env: jinja2.Environment, names: list[str], writer: int) -> None:
    """In the helper: compile each template, send the code through `writer`, and end without Python's exit."""
    code = 1
    try:
        worker_ignores_interrupts()
        held = HeldCode(env.bytecode_cache.code if isinstance(env.bytecode_cache, HeldCode) else None)
        env.bytecode_cache = held
        for name in names:
            env.get_template(name)
        data = marshal.dumps(held.code)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # noqa: BLE001 - nothing is handed over; the render compiles as it always did
        pass
    finally:
        os._exit(code)
