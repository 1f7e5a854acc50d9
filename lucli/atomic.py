"""Write files so that a reader never sees half of one and an interrupted run loses nothing."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def write_atomic(path: Path, text: str | bytes | Iterable[str], *, overwrite: bool = True) -> None:
    """Write `text` (a string, pieces of one, or bytes) to `path` via a temporary file beside it, fsync and rename.

    With `overwrite=False` an existing file is never replaced (FileExistsError).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with temporary_file(path) as (fd, temp):
        # mkstemp makes the file private; give it the mode of the file it replaces (a private file stays
        # private), else the mode a plain open() would.
        os.chmod(temp, _mode_of(path))
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            _write_text(fd, text)
        if overwrite:
            os.replace(temp, path)
        else:
            # link() fails if the target exists, so a file written meanwhile is never replaced.
            os.link(temp, path)
            os.unlink(temp)


@contextlib.contextmanager
def temporary_file(path: Path) -> Iterator[tuple[int, str]]:
    """A new private file beside `path`, named after it (`.NAME.*.tmp`): its descriptor and name.

    It is removed if the block fails or is interrupted; the block moves it into place or removes it."""
    with _removed_on_failure(lambda: tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent),
                             lambda made: os.unlink(made[1])) as made:
        yield made


@contextlib.contextmanager
def temporary_folder(path: Path) -> Iterator[str]:
    """A new private folder beside `path`, named after it (`.NAME.*.tmp`), removed if the block fails or is
    interrupted."""
    with _removed_on_failure(lambda: tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent),
                             lambda made: shutil.rmtree(made, ignore_errors=True)) as made:
        yield made


@contextlib.contextmanager
def _removed_on_failure(make: Callable[[], T], remove: Callable[[T], object]) -> Iterator[T]:
    # A Ctrl-C that lands just after the file is made, before its name reaches the code that would remove it,
    # left it behind (seen under load, when creating a file is slow). So SIGINT is held back while it is made
    # and let through only inside the guard below, where a Ctrl-C that came meanwhile is raised at once.
    held = hold_interrupts()
    try:
        made = make()
    except BaseException:
        let_interrupts_through(held)
        raise
    try:
        let_interrupts_through(held)
        yield made
    except BaseException:  # Ctrl-C too: remove what was made, then let the failure go on
        with contextlib.suppress(OSError):
            remove(made)
        raise


def hold_interrupts() -> set[int | signal.Signals] | None:
    """Hold SIGINT back in this thread (the main one, where the platform can); what to give `let_interrupts_through`."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def let_interrupts_through(held: set[int | signal.Signals] | None) -> None:
    """Stop holding SIGINT back (`hold_interrupts`): one that came meanwhile is handled now."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _write_text(fd: int, text: str | Iterable[str]) -> None:
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        if isinstance(text, str):
            handle.write(text)
        else:
            handle.writelines(text)
        handle.flush()
        os.fsync(handle.fileno())


def _mode_of(path: Path) -> int:
    try:
        info = os.lstat(path)
    except OSError:
        return 0o666 & ~_umask()
    return stat.S_IMODE(info.st_mode) & 0o777 if stat.S_ISREG(info.st_mode) else 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def inside(path: Path, folder: Path) -> bool:
    """Tell whether `path` resolves to a place inside `folder`."""
    return path.resolve().is_relative_to(folder.resolve())
