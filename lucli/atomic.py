"""Write files so that a reader never sees half of one and an interrupted run loses nothing."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, text: str | bytes | Iterable[str], *, overwrite: bool = True) -> None:
    """Write `text` (a string, pieces of one, or bytes) to `path` via a temporary file beside it, fsync and rename.

    With `overwrite=False` an existing file is never replaced (FileExistsError).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
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
    except BaseException:  # Ctrl-C too: remove the temporary file, then let the interruption go on
        if os.path.exists(temp):
            os.unlink(temp)
        raise


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
