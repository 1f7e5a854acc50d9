"""Write the SQLite index in a short-lived process of its own, so that this process never holds every record.

A digest with no current index (a clean clone in CI) loads every record once to write the index, then renders
its pages from the index. Loaded here, the records left this process's heap fragmented: about 210 MB stayed
resident at 100k findings, beside the workers that render the pages, and the digest peaked at 483 MB. Loaded
in a forked child that ends once the index is written, they are all given back.

What the child would print (notes, warnings, the evidence's errors) comes out exactly as if the load had run
here: written by the child itself on a terminal (its progress bar too), otherwise handed back and written here;
an error it stops on is raised here. Ctrl-C reaches the child as it reaches this process: the child stops as a
load here would (leaving no temporary file) and ends without a word; this process then ends it with
`end_now` if it has not ended already.
"""

from __future__ import annotations

import io
import multiprocessing
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from lucli.errors import LucliError
from lucli.records.interrupts import end_now, held_interrupts

_GRACE = 2.0
"""Seconds a Ctrl-C'd child has to stop by itself (removing its temporary files) before it is killed."""

Outcome = tuple[str, type[LucliError] | None, str, str | None, Any]
"""What the child hands back: what it printed, the error it stopped on (class, message, hint), if any, and what
the work it was given made of the records (`then`)."""


def can_index_apart() -> bool:
    """Tell whether the index can be written in a forked child here (Linux: `fork` is safe)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def index_apart(root: Path | None, project: Any, write: bool = True,
                then: Callable[[Any, Any], Any] | None = None) -> tuple[bool, Any]:
    """Load the records and (with `write`) write the index in a forked child; with `then`, the child also hands
    back `then(project, corpus)`, which must be small and picklable (`digest --since`: what changed since a
    revision, worked out from the records and the revision's, which this process then never holds). Tell
    whether it finished, and what `then` gave (an error it stopped on is raised here, after what it printed).
    False when it ended without a word: load here, which shows why."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    with held_interrupts():  # the child sets its Ctrl-C handler before any Ctrl-C reaches it
        child = context.Process(target=_child, args=(root, project, writer, write, then), daemon=False)
        child.start()
    writer.close()
    try:
        outcome: Outcome | None = reader.recv()
    except EOFError:
        outcome = None
    except BaseException:  # Ctrl-C: the child got it too; give it a moment to clean up, then end it
        _stop(child)
        raise
    finally:
        reader.close()
    child.join()
    if outcome is None:
        return False, None
    printed, kind, message, hint, made = outcome
    sys.stderr.write(printed)
    if kind is not None:
        raise kind(message, hint)
    return True, made


def _stop(child: Any) -> None:
    import os

    if child.pid is not None and child.is_alive():
        try:
            os.kill(child.pid, signal.SIGINT)  # when the Ctrl-C was this process's alone (its handler ignores a second)
        except OSError:
            pass
        child.join(_GRACE)
    end_now([child])


def _interrupted(_signum: int, _frame: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    raise KeyboardInterrupt


def _child(root: Path | None, project: Any, writer: Connection, write: bool,
           then: Callable[[Any, Any], Any] | None) -> None:
    """Load and index, as `open_project_corpus(..., keep_index=True, index_first=True)` does in the parent."""
    import os

    signal.signal(signal.SIGINT, _interrupted)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C held back comes now
        outcome = _loaded(root, project, write, then)
        if outcome is not None:
            writer.send(outcome)
        writer.close()
    except KeyboardInterrupt:
        os._exit(130)  # whatever it was writing is cleaned up; the parent says it was interrupted
    os._exit(0)


def _loaded(root: Path | None, project: Any, write: bool, then: Callable[[Any, Any], Any] | None) -> Outcome | None:
    """What loading and indexing printed, the error it stopped on, and what `then` made of the records; None on
    anything but a `LucliError`."""
    from lucli.cli.common import open_project_corpus

    captured = None if sys.stderr.isatty() else io.StringIO()
    if captured is not None:
        sys.stderr = captured
    try:
        found, corpus = open_project_corpus(root, project=project, keep_index=write, index_first=write)
        made = then(found, corpus) if then is not None else None
    except LucliError as exc:
        return ("" if captured is None else captured.getvalue(), type(exc), exc.message, exc.hint, None)
    except KeyboardInterrupt:
        raise
    except BaseException:  # the parent loads the records itself, which reports it as it would
        return None
    return ("" if captured is None else captured.getvalue(), None, "", None, made)
