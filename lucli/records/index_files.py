"""Which evidence files the index was written from, and whether they are still as they were: the index is
current only while every file has the size and time it had, and no archived text it names has gone."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

from lucli.records.crossref import text_problem
from lucli.records.project import Project, source_names


def files_unchanged(db: sqlite3.Connection, project: Project, today: dt.date) -> bool:
    """True when the files the index records are the evidence files now, each as it was, with checks that
    still hold today, and every archived text it names is still there."""
    known = {name: (size, mtime, day, latest)
             for name, size, mtime, day, latest in db.execute("SELECT * FROM files")}
    keys = file_keys(project)
    if len(keys) != len(known):
        return False
    day = today.isoformat()
    for key, path in keys.items():
        facts = known.get(key)
        if facts is None:
            return False
        size, mtime, checked, latest = facts
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_mtime_ns) != (size, mtime):
            return False
        if not (checked == day or latest is None or latest <= min(checked, day)):
            return False  # the future-date check may answer differently today (`Entry.still_true`)
    texts = [t for (t,) in db.execute("SELECT DISTINCT path FROM texts")]
    return not any(text_problem(project.evidence, t) for t in texts)


def file_keys(project: Project) -> dict[str, str]:
    """Each evidence file the loader reads (`evidence_files`), by its name in the record cache (`load._Store._key`).

    Built from names, not a Path per file: at 10,000 files Path's joins and relative_to took a third of a second.
    """
    found = {}
    folder = project.evidence.relative_to(project.root).as_posix()
    for name in ("organisations.yaml", "principles.yaml"):
        path = os.path.join(project.evidence, name)
        if os.path.exists(path):
            found[f"{folder}/{name}"] = path
    if project.sources.is_dir():
        folder, base = project.sources.relative_to(project.root).as_posix(), str(project.sources)
        found.update((f"{folder}/{name}", os.path.join(base, name)) for name in source_names(project.sources))
    return found
