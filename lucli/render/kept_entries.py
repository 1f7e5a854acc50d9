"""Reference-list entries kept between runs, so that a briefing reuses what earlier briefings formatted.

citeproc-py takes a millisecond or more an entry, and a principle's briefing at 100k findings lists some three
hundred. Formatted entries are kept in the repository's private cache folder (`lucli.records.cachedir`), in
`references.sqlite` (standard library `sqlite3`): one row an entry, its text under a hash of everything it is
made from (`lucli.render.cite.Bibliography` makes the hash: the style's bytes, citeproc-py's and lucli's
versions, and every field of the source the entry reads), so a changed style, library or record is never
answered by an entry made from the old one.

It is data only: plain text looked up by its key through queries lucli wrote. The file is made whole under a
temporary name and renamed into place, never by a process that may be killed at Ctrl-C (`KeptEntries.ready`); each
write after that is one transaction. A file that is not a plain file, cannot be read, or was not made in this
format is never read from (it is replaced when entries are next kept). Keeping entries is for speed only: any
failure leaves the run as it would have been without it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Mapping
from pathlib import Path

from lucli.atomic import temporary_file
from lucli.records.cachedir import cache_folder

KEPT_FILE = "references.sqlite"
"""The file's name in the repository's cache folder."""
KEPT_FORMAT = 1
"""Stored as SQLite's `user_version`: a file with any other is not read."""
KEEP_AT_MOST = 100_000
"""Entries kept before the file is started afresh: more than the sources of any repository lucli has met,
and at a few hundred bytes each, tens of megabytes at most."""
_SCHEMA = "CREATE TABLE entries (id TEXT PRIMARY KEY, entry TEXT NOT NULL) WITHOUT ROWID"
_CHUNK = 500
"""Ids asked for in one query (SQLite limits a query's parameters)."""


class KeptEntries:
    """The entries kept in one file, read and written on demand; one connection a process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def find(self, ids: list[str]) -> dict[str, str]:
        """The kept entries among these ids (none when the file is missing or cannot be read)."""
        found: dict[str, str] = {}
        try:
            db = self._open()
            if db is None:
                return found
            for start in range(0, len(ids), _CHUNK):
                part = ids[start:start + _CHUNK]
                marks = ",".join("?" * len(part))
                for key, entry in db.execute(f"SELECT id, entry FROM entries WHERE id IN ({marks})", part):
                    if type(key) is str and type(entry) is str:
                        found[key] = entry
        except sqlite3.Error:
            self.close()
            return {}
        return found

    def keep(self, entries: Mapping[str, str], *, make: bool = True) -> None:
        """Add entries (by id) in one transaction; a file that cannot be used, or is full, is replaced by a new one.

        With `make=False` no file is made: the entries are kept only in a usable file with room for them (a
        process that may be killed at Ctrl-C, which would leave its half-made file behind: see `ready`)."""
        if not entries:
            return
        try:
            db = self._open() or (self._fresh() if make else None)
            if db is None:
                return
            if self._count(db) + len(entries) > KEEP_AT_MOST:
                db = self._fresh(afresh=True) if make else None
                if db is None:
                    return
            with db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", entries.items())
        except sqlite3.Error:
            self.close()

    def ready(self, room: int) -> None:
        """Make the file now, in this process, if it is missing, cannot be used, or has no room for `room` more
        entries; then close it.

        The digest's workers keep what they format with `make=False`: at Ctrl-C the main process kills them at
        once (`lucli.records.interrupts.end_now`), and one killed while it made the file under its temporary name
        left that behind. Adding rows is one transaction, which SQLite rolls back when its process is killed."""
        try:
            db = self._open() or self._fresh()
            if db is not None and self._count(db) + room > KEEP_AT_MOST:
                self._fresh(afresh=True)
        except sqlite3.Error:
            pass
        self.close()

    @staticmethod
    def _count(db: sqlite3.Connection) -> int:
        (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
        return int(count)

    def close(self) -> None:
        """Close the connection (a forked child opens its own)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def _open(self) -> sqlite3.Connection | None:
        """The file's connection, when it is a plain file made in this format; None otherwise."""
        if self._db is not None and self._pid == os.getpid():
            return self._db
        self._db = None  # a connection must not cross a fork: the child opens its own
        try:
            if not stat.S_ISREG(os.lstat(self.path).st_mode):
                return None
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except (OSError, ValueError, sqlite3.Error):
            return None
        try:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            columns = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
            if version != KEPT_FORMAT or columns != ["id", "entry"]:
                db.close()
                return None
            db.execute("PRAGMA synchronous = OFF")  # a cache: a crash rolls back, and costs speed only
        except sqlite3.Error:
            db.close()
            return None
        self._db, self._pid = db, os.getpid()
        return db

    def _fresh(self, afresh: bool = False) -> sqlite3.Connection | None:
        """Make an empty file of this format under a temporary name and move it into place.

        Several processes may find the file missing at once (the digest's workers keep entries in parallel):
        the file is linked into place only where none is, so one made meanwhile is used rather than replaced
        with the entries another process has just kept in it. A file that cannot be used (or, `afresh`, any
        file) is replaced."""
        self.close()
        try:
            with temporary_file(self.path) as (fd, temp):
                os.close(fd)
                made = sqlite3.connect(temp, isolation_level=None)
                try:
                    made.execute("PRAGMA synchronous = OFF")
                    made.execute(_SCHEMA)
                    made.execute(f"PRAGMA user_version = {KEPT_FORMAT}")
                finally:
                    made.close()
                if afresh or not self._linked(temp):
                    os.replace(temp, self.path)
        except (OSError, sqlite3.Error):
            return None
        return self._open()

    def _linked(self, temp: str) -> bool:
        """Put the new file at the path unless a usable one is there now; False when it must replace it."""
        try:
            os.link(temp, self.path)
        except FileExistsError:
            if self._open() is None:
                return False
            self.close()
        except OSError:  # no hard links here: replace, as before
            return False
        os.unlink(temp)
        return True


def kept_entries(root: Path) -> KeptEntries | None:
    """The kept entries of the repository at `root` (a folder that holds evidence), or None when it has no
    private cache folder."""
    folder = cache_folder(root, create=True)
    return KeptEntries(folder / KEPT_FILE) if folder is not None else None
