"""The `lucli` command line: a thin layer of typer commands over the core."""

import os
import signal
import threading


def _interrupted_while_starting(signum: int, frame: object) -> None:
    # Ctrl-C while the command line is still being imported: nothing has started, so say so and stop.
    os.write(2, b"interrupted\n")
    os._exit(130)


_BEFORE = signal.getsignal(signal.SIGINT) if threading.current_thread() is threading.main_thread() else None
if _BEFORE is not None:
    signal.signal(signal.SIGINT, _interrupted_while_starting)

from lucli.cli.app import app, main  # noqa: E402

if _BEFORE is not None:
    signal.signal(signal.SIGINT, _BEFORE)

__all__ = ["app", "main"]
