"""Read a repository's files without being led out of it, and only plain files within the size limit.

A pull request controls every file and link in the repository. A link named
like a template or an evidence file could publish `/etc/passwd`, the CI's
environment (`/proc/self/environ`) or the token the checkout wrote into
`.git/config`; a FIFO would hang the run; a sparse file of gigabytes would
fill memory. So every file lucli reads from a repository goes through
`read_inside`: the real path (all links resolved) must lie inside the folder
the file belongs to (and not in `.git`), the file is opened without following
a link, must be a regular file, and is read no further than the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer


@dataclass(frozen=True)
class Refusal:
    """Why a file was not read, as a diagnostic code, a message and a hint."""

    code: str
    message: str
    hint: str = ""


def real_inside(path: Path, folder: Path, where: str | None = None) -> Path | Refusal:
    """The real path of `path` when it lies inside `folder` (and not in a `.git` folder), else a refusal.

    `where` names the folder in the message (default: `name/`)."""
    real = _real_inside(path, folder, where, None)
    return real if isinstance(real, Refusal) else Path(real)


def _real_inside(path: Path, folder: Path, where: str | None, base: str | None) -> str | Refusal:
    # Plain strings, not pathlib: a cold load asks this of every evidence file.
    try:
        real = os.path.realpath(path, strict=True)
        base = os.path.realpath(folder) if base is None else base
    except FileNotFoundError:
        return Refusal("unreadable", "cannot read the file: it is missing, or a link to nothing",
                       "restore the file, or remove the link")
    except (OSError, RuntimeError, ValueError) as exc:
        return _broken(exc)
    prefix = base.rstrip(os.sep) + os.sep
    if real != base and (not real.startswith(prefix) or ".git" in real[len(prefix):].split(os.sep)):
        return Refusal("outside-root", f"is a link to a place outside {where or folder.name + '/'}; it was not read",
                       "copy the file into the repository instead")
    return real


def read_inside(path: Path, folder: Path, max_bytes: int, where: str | None = None, *,
                base: str | None = None) -> bytes | Refusal:
    """Read a regular file that lies inside `folder` (links resolved), at most `max_bytes` of it.

    `base` is the folder's real path, when the caller has worked it out once for many files."""
    real = _real_inside(path, folder, where, base)
    if isinstance(real, Refusal):
        return real
    return read_regular(real, max_bytes)


def read_regular(path: Path | str, max_bytes: int) -> bytes | Refusal:
    """Read a regular file (never a link, pipe, device or folder), refusing one over `max_bytes`."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except (OSError, ValueError) as exc:
        return _broken(exc)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return Refusal("not-a-file", "is a folder, not a file", "move or rename it")
        if not stat.S_ISREG(info.st_mode):
            return Refusal("not-a-file", "is not a regular file (a pipe, socket or device); it was not read",
                           "replace it with a plain file")
        if info.st_size > max_bytes:
            return _too_large(f"{info.st_size:,} bytes", max_bytes)
        raw = _read_up_to(fd, info.st_size, max_bytes + 1)
    except OSError as exc:
        return _broken(exc)
    finally:
        os.close(fd)
    return _too_large("larger than it said", max_bytes) if len(raw) > max_bytes else raw


def _read_up_to(fd: int, expected: int, limit: int) -> bytes:
    """Read until the end of the file or `limit` bytes, asking first for the size the file gave (plus one
    byte, to see a file that grew)."""
    chunks, size = [], 0
    while size < limit:
        want = (expected + 1 if size <= expected else limit) - size
        chunk = os.read(fd, min(want, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(size: str, max_bytes: int) -> Refusal:
    return Refusal("too-large", f"file is {size}, over the limit of {max_bytes:,}",
                   "split it, or raise limits.max_bytes in lucli.yaml")


def _broken(exc: BaseException) -> Refusal:
    if isinstance(exc, OSError) and exc.errno == errno.ELOOP or isinstance(exc, RuntimeError):
        return Refusal("unreadable", "is a link that leads round in a loop; it was not read",
                       "replace the link with the file")
    if isinstance(exc, OSError) and exc.errno == errno.EISDIR:
        return Refusal("not-a-file", "is a folder, not a file", "move or rename it")
    if isinstance(exc, ValueError):
        return Refusal("unreadable", "its name holds a NUL character", "rename it")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Refusal("unreadable", f"cannot read the file: {reason}")

