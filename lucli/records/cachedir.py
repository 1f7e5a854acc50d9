"""Where a repository's caches live: outside the repository, in a folder only this user can write.

A cache inside the work tree could be committed, or be a link to somewhere else, and a pull request
controls both. So caches live in the user's cache directory (`LUCLI_CACHE_DIR`, else
`$XDG_CACHE_HOME/lucli`, else `~/.cache/lucli`), one folder per repository, named by a hash of the
repository's absolute path and the device and inode of its root folder: a fresh clone at the same
path is a new folder with a new inode, so it never meets an earlier clone's entries. Nothing in the
repository (a `.lucli/` folder included) is read or written for caching.

A cache folder is used only when every folder from the cache directory down is a real folder (no
link) owned by this user and writable by no one else; otherwise there is no cache and the run reads
the records themselves.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

CACHE_ENV = "LUCLI_CACHE_DIR"
"""Environment variable naming the folder that holds lucli's caches."""


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder that holds every repository's cache folder."""
    env = os.environ if env is None else env
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV]).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "lucli"
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA") or Path.home()) / "lucli" / "Cache"
    base = env.get("XDG_CACHE_HOME")
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "lucli"


def cache_folder(root: Path, *, create: bool = False, env: Mapping[str, str] | None = None) -> Path | None:
    """The trusted cache folder of the repository at `root`, or None when it has none.

    With `create`, the folder (and the cache directory) are made, private to this user, when missing.
    None means: do not cache (the root cannot be stat-ed, or a folder on the way is a link, someone
    else's, or writable by others).
    """
    try:
        root = root.resolve()
        found = os.stat(root)
    except (OSError, ValueError):
        return None
    key = hashlib.sha256(f"{root}\0{found.st_dev}\0{found.st_ino}".encode("utf-8", "surrogateescape")).hexdigest()
    base = user_cache_dir(env)
    folder = base / "repos" / f"{_readable(root.name)}-{key[:32]}"
    ok = _private_folder(base, create, others=stat.S_IWOTH)  # a shared group may write the user's own cache dir
    if not (ok and _private_folder(base / "repos", create) and _private_folder(folder, create)):
        return None
    return folder


def _readable(name: str) -> str:
    """A short, safe part of the repository's folder name, so a person can tell the folders apart."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:40] or "root"


def _private_folder(path: Path, create: bool, others: int = stat.S_IWGRP | stat.S_IWOTH) -> bool:
    """Tell whether `path` is a real folder of this user's that no one else can write (made if asked)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            info = os.lstat(path)
        except OSError:
            return False
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False  # a link (or a file): never followed
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & others
