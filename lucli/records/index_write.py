"""Writing the SQLite index of checked records (`lucli.records.index`): whole from a load without errors, or a
source's rows at a time (`add_source`, for `lucli.records.reindex`).

Built in a temporary file beside the old one and renamed into place, so a reader never sees half an index.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from lucli import __version__
from lucli.records.build import FileResult
from lucli.records.cache import Entry, result_row
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus
from lucli.records.hints import name_key
from lucli.records.index import INDEX_FILE, INDEX_FORMAT, INDEXES, SCHEMA, file_keys
from lucli.records.load import Loaded, cache_stamp
from lucli.records.model import Source
from lucli.records.project import Project

SearchRows = Iterable[tuple[str, str, str, str, str]]
"""(kind, id, field, text, text as compared) of each searchable text (`lucli.analysis.search.index_rows`)."""


TallyRows = Callable[[Source], Iterable[tuple[str, str, int, int, int, int, int]]]
"""A source's counts on each principle its findings address (`lucli.analysis.tallies.tally_rows` under the
repository's rules): (first publisher, principle, supports, opposes, qualifies, findings, empirical)."""
Measures = Callable[[Source], Any]
"""JSON data a view measures of one source, kept a row per source so that an update a file at a time keeps it
current: the widths of the list of findings' columns (`lucli.render.formats.listing_views.finding_measures`)."""


def write_index(project: Project, loaded: Loaded, corpus: Corpus, search: SearchRows,
                cwd: Path | None = None, tallies: TallyRows | None = None,
                facts: Mapping[str, Any] | None = None, measures: Measures | None = None) -> bool:
    """Write the index of a load without errors (and its whole corpus); False when it cannot be written.

    Without `tallies` the index keeps no counts, and the stance matrix is not answered from it. `facts` are
    JSON data by key, worked out from the whole corpus by the views that read them
    (`lucli.render.indexed_brief.brief_facts`); without them, a briefing is not answered from the index."""
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
            db.executescript(SCHEMA)
            _fill(db, project, loaded.entries, corpus, cwd, tallies, measures)
            _fill_search(db, search)
            db.executemany("INSERT INTO facts VALUES (?, ?)", [(k, _json(v)) for k, v in (facts or {}).items()])
            db.executescript(INDEXES)
            db.commit()
        os.replace(temp, folder / INDEX_FILE)
    except (OSError, sqlite3.Error, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    except BaseException:  # Ctrl-C: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return True


def _fill(db: sqlite3.Connection, project: Project, entries: dict[str, Entry], corpus: Corpus,
          cwd: Path | None, tallies: TallyRows | None, measures: Measures | None) -> None:
    extent = corpus.extent()
    heads = FileResult(organisations=list(corpus.organisations.values()), principles=list(corpus.principles.values()))
    meta = {"format": INDEX_FORMAT, "lucli": __version__, "stamp": cache_stamp(project, cwd),
            "evidence": str(project.evidence), "heads": result_row(heads),
            "whole": [extent.sources, extent.findings, extent.earliest, extent.latest, extent.publishers],
            "empirical": None if tallies is None else list(project.rules.empirical)}
    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, _json(v)) for k, v in meta.items()])
    db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                   [(k, e.size, e.mtime_ns, e.day, e.result.latest_date) for k, e in entries.items()])
    linked = {a for pair in _links(corpus) for a in pair}
    for source in corpus.sources.values():
        add_source(db, source, source.id in linked, tallies, measures)
    db.execute("INSERT INTO org_tally SELECT organisation, principle, SUM(supports), SUM(opposes), SUM(qualifies), "
               "SUM(findings), SUM(empirical), SUM(empirical > 0) FROM tally GROUP BY organisation, principle")
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)",
                   ((name_key(name), name, kind, rid, seq) for seq, (name, kind, rid) in enumerate(_names(corpus))))
    db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)", _links(corpus))


def add_source(db: sqlite3.Connection, source: Source, linked: bool, tallies: TallyRows | None,
               measures: Measures | None = None) -> None:
    """Insert the rows of one source (all but its names and the links between sources)."""
    # The source's row without its findings, then one row per finding (the cache's form of each).
    row = result_row(FileResult(sources=[source]))
    findings, row[3][0][5] = row[3][0][5], []
    db.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)", (source.id, _json(row), linked, source.published,
                                                                 _json(source.publishers), len(source.findings)))
    db.executemany("INSERT INTO findings VALUES (?, ?, ?)",
                   [(source.id, seq, _json(f)) for seq, f in enumerate(findings)])
    db.executemany("INSERT OR IGNORE INTO finding_on VALUES (?, ?, ?)",
                   [(ref.id, source.id, seq) for seq, f in enumerate(source.findings) for ref in f.principles])
    db.executemany("INSERT OR IGNORE INTO publishes VALUES (?, ?)", ((org, source.id) for org in source.publishers))
    db.executemany("INSERT OR IGNORE INTO addresses VALUES (?, ?)",
                   ((ref.id, source.id) for f in source.findings for ref in f.principles))
    texts = (source.text, *(c.text for c in source.reported_in), *(a.file for a in source.texts))
    db.executemany("INSERT OR IGNORE INTO texts VALUES (?, ?)", ((t, source.id) for t in texts if t))
    db.executemany("INSERT INTO responses VALUES (?, ?, ?)",
                   ((source.id, r.source_id, r.finding_id) for f in source.findings for r in f.responds_to))
    if tallies is not None:
        db.executemany("INSERT INTO tally VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       ((source.id, *row) for row in tallies(source)))
    if measures is not None:
        db.execute("INSERT INTO measures VALUES (?, ?)", (source.id, _json(measures(source))))


def names_of_source(source: Source) -> Iterator[tuple[str, str, str]]:
    """(name, kind, id): the names of one source and its findings (`_names`)."""
    yield from ((n, "source", source.id) for n in (source.id, source.title))
    yield from ((f.global_id, "finding", f.global_id) for f in source.findings)


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


def _fill_search(db: sqlite3.Connection, rows: SearchRows) -> None:
    """The texts one row each, read only where the ranking visits them; their compared forms in one value, a
    line each, since every search reads all of them (splitting one value is far quicker than reading rows)."""
    compared: list[str] = []

    def texts() -> Iterator[tuple[int, str, str, str, str]]:
        for seq, (kind, rid, name, body, same) in enumerate(rows):
            compared.append(same)
            yield seq, kind, rid, name, body
    db.executemany("INSERT INTO search VALUES (?, ?, ?, ?, ?)", texts())
    if any("\n" in text for text in compared):
        raise ValueError("a compared text holds a line break")  # rapidfuzz's processing makes it a space
    db.execute("INSERT INTO meta VALUES ('compared', ?)", ("\n".join(compared),))
