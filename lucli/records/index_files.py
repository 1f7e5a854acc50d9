"""Which evidence files the index was written from, and whether they are still as they were: the index is
current only while every file has the size and time it had, and no archived text it names has gone."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

from lucli.records.crossref import text_problem
from lucli.records.project import EvidenceState, Project, evidence_state, source_names


def files_unchanged(db: sqlite3.Connection, project: Project, today: dt.date,
                    state: EvidenceState | None = None) -> bool:
    """True when the files the index records are the evidence files now, each as it was, with checks that
    still hold today, and every archived text it names is still there.

    `state` is `evidence_state(project)` when the caller has it already: the remembered briefing's key is made
    from the same stat of each file (at 100k findings a second pass over 10,002 files cost 0.05 s)."""
    state = evidence_state(project) if state is None else state
    now = None if state is None else _by_key(project, state)
    if now is None:
        return False  # a link, a folder named like a source, or a folder that cannot be listed
    known = {name: (size, mtime, day, latest)
             for name, size, mtime, day, latest in db.execute("SELECT * FROM files")}
    if len(now) != len(known):
        return False
    day = today.isoformat()
    for key, (size, mtime) in now.items():
        facts = known.get(key)
        if facts is None or (size, mtime) != facts[:2]:
            return False
        checked, latest = facts[2:]
        if not (checked == day or latest is None or latest <= min(checked, day)):
            return False  # the future-date check may answer differently today (`Entry.still_true`)
    texts = [t for (t,) in db.execute("SELECT DISTINCT path FROM texts")]
    return not any(text_problem(project.evidence, t) for t in texts)


def _by_key(project: Project, state: EvidenceState) -> dict[str, tuple[int, int]] | None:
    """(size, modification time) of each evidence file there is, by its name in the record cache (`file_keys`);
    None when a file lies outside the repository's folder."""
    root = str(project.root) + os.sep
    found = {}
    for path, size, mtime in state:
        if size < 0:
            continue  # not there (a missing organisations.yaml, or a file removed since the folder was listed)
        if not path.startswith(root):
            return None
        found[path[len(root):].replace(os.sep, "/")] = (size, mtime)
    return found


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
