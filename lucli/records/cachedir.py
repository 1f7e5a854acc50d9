"""Whose a cache folder is: lucli's caches trust only what this machine wrote.

Each cache folder holds an empty folder, `.owner`, that lucli makes the first time it writes there and
never changes. Its device, inode and change time (to the nanosecond) are part of every cache key. A
`.lucli/cache/` committed to a repository is made afresh in every clone, so its contents never match
there: a pull request cannot hand CI pre-checked records or views that its YAML does not hold.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER = ".owner"


def owner_mark(cache_folder: Path, *, create: bool = False) -> str:
    """The identity of the folder's owner mark ('' when there is none and `create` is false)."""
    mark = cache_folder / OWNER
    if create:
        mark.mkdir(parents=True, exist_ok=True)
    try:
        stat = os.stat(mark)
    except OSError:
        return ""
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_ctime_ns}"
