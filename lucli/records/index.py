"""An SQLite index of checked records, so a warm run reads only the rows its question needs.

Beside the record cache (`lucli.records.cache`), in the same private folder outside the repository
(`lucli.records.cachedir`), lucli keeps `records.sqlite` (standard library `sqlite3`): one row per source
(its records, in the cache's own JSON form), per finding and per name a record can be called by, the
links between sources that respond to one another, the texts `search` reads, and the facts about the
whole evidence that views state (counts, dates, who publishes with whom).

It is kept consistent by the record cache's own keys: each evidence file's size and modification time,
the day its checks were made and the latest date it gives (`Entry.still_true`), and the settings stamp;
plus the archived texts the records name, which validation requires to exist. It is written only from a
load without errors, built in a temporary file and renamed into place. It is data only: every value is
JSON or plain text, read through queries lucli wrote. Missing, stale, corrupt, from another version of
lucli, or not a plain private file: it is not used, and the run reads the records as it always did.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lucli import __version__
from lucli.records.build import FileResult
from lucli.records.cache import Entry, result_from_row, result_row
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus, Whole
from lucli.records.crossref import text_problem
from lucli.records.hints import name_key
from lucli.records.load import Loaded, cache_stamp
from lucli.records.model import Evidence, Source
from lucli.records.project import Project, evidence_files
from lucli.records.rules import Rules

INDEX_FILE = "records.sqlite"
"""The index's file name in the repository's cache folder."""
INDEX_FORMAT = 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, day TEXT, latest TEXT);
CREATE TABLE texts (path TEXT PRIMARY KEY);
CREATE TABLE sources (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER);
CREATE TABLE links (source TEXT NOT NULL, other TEXT NOT NULL, PRIMARY KEY (source, other)) WITHOUT ROWID;
CREATE TABLE search (seq INTEGER PRIMARY KEY, kind TEXT, id TEXT, field TEXT, body TEXT);
"""
_INDEXES = """
CREATE INDEX names_by_key ON names (key);
CREATE INDEX names_by_id ON names (id);
"""


@dataclass(frozen=True)
class Target:
    """A record the index resolved a name to, exactly as the whole corpus would."""

    kind: str
    """principle | organisation | source | finding."""
    id: str
    """Its id (a finding's global id)."""


class Index:
    """An open, current index: read-only queries over one repository's records."""

    def __init__(self, db: sqlite3.Connection, rules: Rules) -> None:
        self.db = db
        self.rules = rules

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise ValueError(f"no {key} in the index")
        return json.loads(row[0])

    def resolve(self, text: str, kinds: tuple[str, ...]) -> Target | None:
        """The one record of `kinds` that `text` names, as `resolve_target` finds it; None when that is not one
        record by an exact id or name (the run then reads the records, which explain the ambiguity)."""
        marks = ",".join("?" * len(kinds))
        exact = self.db.execute(f"SELECT DISTINCT kind, id FROM names WHERE id = ? AND kind IN ({marks})",
                                (text, *kinds)).fetchall()
        if len(exact) != 1:
            exact = self.db.execute(f"SELECT DISTINCT kind, id FROM names WHERE key = ? AND kind IN ({marks})",
                                    (name_key(text), *kinds)).fetchall()
        return Target(*exact[0]) if len(exact) == 1 else None

    def source_of(self, finding_id: str) -> str | None:
        """The source id of a finding's global id, if it is in the index."""
        row = self.db.execute("SELECT id FROM names WHERE kind = 'finding' AND id = ?", (finding_id,)).fetchone()
        return finding_id.split("/", 1)[0] if row else None

    def linked(self, source_id: str) -> list[str]:
        """The source and every source that responds to it or that it responds to."""
        rows = self.db.execute("SELECT other FROM links WHERE source = ?", (source_id,)).fetchall()
        return [source_id, *(r[0] for r in rows)]

    def corpus(self, source_ids: list[str]) -> Corpus:
        """A corpus of every organisation and principle, the named sources, and the facts about all sources."""
        heads = result_from_row(self._meta("heads"))
        sources: list[Source] = []
        for chunk in range(0, len(source_ids), 500):
            wanted = source_ids[chunk:chunk + 500]
            marks = ",".join("?" * len(wanted))
            for (record,) in self.db.execute(f"SELECT record FROM sources WHERE id IN ({marks})", wanted):
                sources += result_from_row(json.loads(record)).sources
        whole = self._meta("whole")
        evidence = Evidence(tuple(heads.organisations), tuple(heads.principles),
                            tuple(sorted(sources, key=lambda s: s.id)))
        return Corpus(evidence, self.rules, Whole(*whole[:4], tuple(tuple(p) for p in whole[4])))

    def search_rows(self) -> Iterator[tuple[str, str, str, str]]:
        """(kind, id, field, text) of every searchable text, in the order `search` reads a whole corpus."""
        yield from self.db.execute("SELECT kind, id, field, body FROM search ORDER BY seq")


def open_index(project: Project, today: dt.date, cwd: Path | None = None) -> Index | None:
    """The repository's index when it is current (see the module's docstring), else None."""
    if project.bundled:
        return None
    folder = cache_folder(project.root)
    path = folder / INDEX_FILE if folder is not None else None
    try:
        if path is None or not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, ValueError, sqlite3.Error):
        return None
    index = Index(db, project.rules)
    try:
        if _current(index, project, today, cwd):
            return index
    except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass
    index.close()
    return None


def _current(index: Index, project: Project, today: dt.date, cwd: Path | None) -> bool:
    if index._meta("format") != INDEX_FORMAT or index._meta("lucli") != __version__:
        return False
    if index._meta("stamp") != cache_stamp(project, cwd) or index._meta("evidence") != str(project.evidence):
        return False
    known = {name: (size, mtime, day, latest)
             for name, size, mtime, day, latest in index.db.execute("SELECT * FROM files")}
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
    texts = [t for (t,) in index.db.execute("SELECT path FROM texts")]
    return not any(text_problem(project.evidence, t) for t in texts)


def file_keys(project: Project) -> dict[str, str]:
    """Each evidence file the loader reads, by its name in the record cache (`load._Store._key`)."""
    found = {}
    for kind, path in evidence_files(project):
        if kind == "source" or path.exists():
            folder = path.parent.relative_to(project.root).as_posix()
            found[f"{folder}/{path.name}"] = str(path)
    return found


def write_index(project: Project, loaded: Loaded, corpus: Corpus, cwd: Path | None = None) -> bool:
    """Write the index of a load without errors; False (and nothing written) when it cannot be."""
    if project.bundled or any(d.severity == "error" for d in loaded.diagnostics):
        return False
    if set(loaded.entries) != set(file_keys(project)):
        return False  # a file the cache does not hold (a link, an odd name): no index to keep it current
    folder = cache_folder(project.root, create=True)
    if folder is None:
        return False
    fd, temp = tempfile.mkstemp(prefix=f".{INDEX_FILE}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(temp)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(_SCHEMA)
            _fill(db, project, loaded.entries, corpus, cwd)
            db.executescript(_INDEXES)
            db.commit()
        os.replace(temp, folder / INDEX_FILE)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    except BaseException:  # Ctrl-C: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return True


def _fill(db: sqlite3.Connection, project: Project, entries: dict[str, Entry], corpus: Corpus,
          cwd: Path | None) -> None:
    extent = corpus.extent()
    heads = FileResult(organisations=list(corpus.organisations.values()), principles=list(corpus.principles.values()))
    meta = {"format": INDEX_FORMAT, "lucli": __version__, "stamp": cache_stamp(project, cwd),
            "evidence": str(project.evidence), "heads": result_row(heads),
            "whole": [extent.sources, extent.findings, extent.earliest, extent.latest, extent.publishers]}
    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, _json(v)) for k, v in meta.items()])
    db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                   [(k, e.size, e.mtime_ns, e.day, e.result.latest_date) for k, e in entries.items()])
    texts = {t for s in corpus.sources.values()
             for t in (s.text, *(c.text for c in s.reported_in), *(a.file for a in s.texts)) if t}
    db.executemany("INSERT INTO texts VALUES (?)", [(t,) for t in sorted(texts)])
    db.executemany("INSERT INTO sources VALUES (?, ?)",
                   ((s.id, _json(result_row(FileResult(sources=[s])))) for s in corpus.sources.values()))
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)",
                   ((name_key(name), name, kind, rid, seq) for seq, (name, kind, rid) in enumerate(_names(corpus))))
    db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)", _links(corpus))
    db.executemany("INSERT INTO search VALUES (?, ?, ?, ?, ?)",
                   ((seq, *row) for seq, row in enumerate(_search_rows(corpus))))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _names(corpus: Corpus) -> Iterator[tuple[str, str, str]]:
    """(name, kind, id): every name a record can be called by, as `lucli.analysis.resolve` lists them."""
    for p in corpus.principles.values():
        yield from ((n, "principle", p.id) for n in (p.id, p.label, *p.aliases))
    for o in corpus.organisations.values():
        yield from ((n, "organisation", o.id) for n in (o.id, o.name, *o.aliases))
    for s in corpus.sources.values():
        yield from ((n, "source", s.id) for n in (s.id, s.title))
    yield from ((gid, "finding", gid) for gid in corpus.findings)


def _links(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """Both directions of every response from one source to another that is in the corpus."""
    for finding in corpus.findings.values():
        for response in finding.responds_to:
            if response.source_id in corpus.sources and response.source_id != finding.source_id:
                yield finding.source_id, response.source_id
                yield response.source_id, finding.source_id


def _search_rows(corpus: Corpus) -> Iterator[tuple[str, str, str, str]]:
    """The texts `search` reads from a whole corpus without filters, in its order."""
    yield from (("principle", pid, "label", p.label) for pid, p in corpus.principles.items())
    yield from (("source", s.id, "title", s.title) for s in corpus.sources.values())
    for gid, finding in corpus.findings.items():
        yield "finding", gid, "statement", finding.statement
        if finding.quote:
            yield "finding", gid, "quote", finding.quote
