"""Where a record's file is, as the caches store it and as the user sees it.

Records carry their file's path as the user would type it: relative to the working folder when the file is
inside it, else absolute (`lucli.records.load.display_path`). The record cache and the index store the absolute
path instead, and show it from the working folder when they are read: so a run from another folder (`--root`
from a sibling, or CI in another directory) reuses them and still prints `path:line:col` as a cold run would.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Show a path relative to the working folder when it is inside it."""
    base = cwd or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.is_relative_to(base) else str(path)
    except ValueError:  # pragma: no cover - different drives on Windows
        return str(path)


def stored_path(shown: str, cwd: str | None = None) -> str:
    """The absolute path the caches keep of a path shown from `cwd` (default: the working folder)."""
    return os.path.normpath(os.path.join(cwd or os.getcwd(), shown))


def shown_path(stored: str, cwd: str | None = None) -> str:
    """A stored path as the user sees it from `cwd` (default: the working folder), as `display_path` shows it."""
    folder, name = os.path.split(stored)
    seen = _shown_folder(folder, cwd or os.getcwd())
    return name if seen == "." else os.path.join(seen, name)


@functools.lru_cache(maxsize=1024)
def _shown_folder(folder: str, cwd: str) -> str:
    # A corpus has a few folders and thousands of files: each folder is worked out once.
    inside = folder == cwd or folder.startswith(cwd.rstrip(os.sep) + os.sep)
    return os.path.relpath(folder, cwd) if inside else folder
