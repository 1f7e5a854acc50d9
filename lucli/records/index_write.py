"""Writing the SQLite index of checked records (`lucli.records.index`): whole from a load without errors, or a
source's rows at a time (`add_source`, for `lucli.records.reindex`).

Built in a temporary file beside the old one and renamed into place, so a reader never sees half an index.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lucli import __version__
from lucli.atomic import temporary_file
from lucli.records.build import FileResult
from lucli.records.cache import Entry, result_row
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus
from lucli.records.hints import name_key
from lucli.records.index import INDEX_FILE
from lucli.records.index_exchanges import head_row, response_rows
from lucli.records.index_files import file_keys
from lucli.records.index_schema import HEADS_KEY, INDEX_FORMAT, INDEXES, SCHEMA, stored
from lucli.records.load import Loaded, cache_stamp
from lucli.records.model import Source
from lucli.records.project import Project

Row = tuple[str, str, str, str]
"""(kind, id, field, text) of a searchable text."""
SearchTexts = Callable[[Source], list[Row]]
"""The texts `search` reads of one source, in its order (`lucli.analysis.search.source_texts`)."""
Words = Callable[[Source], dict[str, int]]
"""Each word of one source's texts (lower-cased) with its marks, as `lucli.render.wording.word_marks` gives them:
whether it is written with a capital inside a sentence (1), without one (2), and whether a statement starts with
it (4). Summed per word over the sources, they say which words are names."""

TallyRows = Callable[[Source], Iterable[tuple[str, str, int, int, int, int, int]]]
"""A source's counts on each principle its findings address (`lucli.analysis.tallies.tally_rows` under the
repository's rules): (first publisher, principle, supports, opposes, qualifies, findings, empirical)."""
Measures = Callable[[Source], Any]
"""JSON data a view measures of one source, kept a row per source so that an update a file at a time keeps it
current: the widths of the list of findings' columns (`lucli.render.formats.listing_views.finding_measures`)."""
MARKS = (1, 2, 4)
"""The bits of a word's marks, in the order of the vocabulary's columns (capital, lower, starts)."""


@dataclass(frozen=True)
class Kept:
    """What the layers above keep of each source in the index, worked out a source at a time so that an update a
    file at a time keeps it current. Each one left out is not kept (and not answered from the index)."""

    tallies: TallyRows | None = None
    measures: Measures | None = None
    texts: SearchTexts | None = None
    compare: Callable[[str], str] | None = None
    """How search compares a text (rapidfuzz's `default_process`); None leaves it to search (`Index.search_texts`)."""
    words: Words | None = None
    head_texts: tuple[Row, ...] = ()
    """The search texts of organisations.yaml and principles.yaml (the principles' labels); whole writes only."""
    head_words: Mapping[str, int] | None = None
    """The words of principles.yaml's texts (`Words`); whole writes only."""


def write_index(project: Project, loaded: Loaded, corpus: Corpus, kept: Kept,
                facts: Mapping[str, Any] | None = None) -> bool:
    """Write the index of a load without errors (and its whole corpus); False when it cannot be written.

    Without `kept.tallies` the index keeps no counts, and the stance matrix is not answered from it. `facts` are
    JSON data by key, worked out by the views that read them (`lucli.render.indexed_brief.brief_facts`); without
    them, the first briefing works them out from the index and keeps them (`lucli.records.reindex.keep_facts`).
    Everything is written a source at a time: nothing made for the index is held for the whole corpus."""
    if project.bundled or any(d.severity == "error" for d in loaded.diagnostics):
        return False
    if set(loaded.entries) != set(file_keys(project)):
        return False  # a file the cache does not hold (a link, an odd name): no index to keep it current
    folder = cache_folder(project.root, create=True)
    if folder is None:
        return False
    try:
        with temporary_file(folder / INDEX_FILE) as (fd, temp):
            os.close(fd)
            with contextlib.closing(sqlite3.connect(temp)) as db:
                db.execute("PRAGMA journal_mode = OFF")
                db.execute("PRAGMA synchronous = OFF")
                db.executescript(SCHEMA)
                _fill(db, project, loaded.entries, corpus, kept)
                db.executemany("INSERT INTO facts VALUES (?, ?)", [(k, stored(v)) for k, v in (facts or {}).items()])
                db.executescript(INDEXES)
                db.commit()
            os.replace(temp, folder / INDEX_FILE)
    except (OSError, sqlite3.Error, ValueError):  # the temporary file is gone; there is simply no index
        return False
    return True


def _fill(db: sqlite3.Connection, project: Project, entries: dict[str, Entry], corpus: Corpus, kept: Kept) -> None:
    extent = corpus.extent()
    heads = FileResult(organisations=list(corpus.organisations.values()), principles=list(corpus.principles.values()))
    meta = {"format": INDEX_FORMAT, "lucli": __version__, "stamp": cache_stamp(project),
            "evidence": str(project.evidence), "heads": result_row(heads),
            "whole": [extent.sources, extent.findings, extent.earliest, extent.latest, extent.publishers],
            "empirical": None if kept.tallies is None else list(project.rules.empirical),
            "kept": [kept.texts is not None, kept.words is not None]}
    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, stored(v)) for k, v in meta.items()])
    db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                   [(k, e.size, e.mtime_ns, e.day, e.result.latest_date) for k, e in entries.items()])
    linked = {a for pair in _links(corpus) for a in pair}
    if kept.texts is not None:
        _add_texts(db, HEADS_KEY, list(kept.head_texts), kept.compare)
    vocabulary: dict[str, list[int]] = {}
    if kept.words is not None:
        _add_words(db, HEADS_KEY, dict(kept.head_words or {}), vocabulary)
    for source in corpus.sources.values():
        add_source(db, source, source.id in linked, kept, corpus.sources, vocabulary)
    db.executemany("INSERT INTO vocabulary VALUES (?, ?, ?, ?)", ((w, *n) for w, n in vocabulary.items()))
    db.execute("INSERT INTO org_tally SELECT organisation, principle, SUM(supports), SUM(opposes), SUM(qualifies), "
               "SUM(findings), SUM(empirical), SUM(empirical > 0) FROM tally GROUP BY organisation, principle")
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)",
                   ((name_key(name), name, kind, rid, seq) for seq, (name, kind, rid) in enumerate(_names(corpus))))
    db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)", _links(corpus))


def add_source(db: sqlite3.Connection, source: Source, linked: bool, kept: Kept, others: Mapping[str, Source],
               vocabulary: dict[str, list[int]] | None = None) -> None:
    """Insert the rows of one source (all but its names and the links between sources). `others` are the sources
    its findings may respond to, by id (`lucli.records.index_exchanges.response_rows`). Its words are added to
    `vocabulary` (word: counts, summed in memory for a whole write), or, without it, to the vocabulary table."""
    # The source's row without its findings, then one row per finding (the cache's form of each).
    row = result_row(FileResult(sources=[source]))
    findings, row[3][0][5] = row[3][0][5], []
    db.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)", (source.id, stored(row), linked, source.published,
                                                                 stored(source.publishers), len(source.findings)))
    db.executemany("INSERT INTO findings VALUES (?, ?, ?)",
                   [(source.id, seq, stored(f)) for seq, f in enumerate(findings)])
    db.executemany("INSERT OR IGNORE INTO finding_on VALUES (?, ?, ?)",
                   [(ref.id, source.id, seq) for seq, f in enumerate(source.findings) for ref in f.principles])
    db.executemany("INSERT OR IGNORE INTO publishes VALUES (?, ?)", ((org, source.id) for org in source.publishers))
    db.executemany("INSERT OR IGNORE INTO addresses VALUES (?, ?)",
                   ((ref.id, source.id) for f in source.findings for ref in f.principles))
    db.executemany("INSERT INTO related VALUES (?, ?, ?)",
                   ((pid, source.id, stored(others)) for pid, others in _related(source).items()))
    texts = (source.text, *(c.text for c in source.reported_in), *(a.file for a in source.texts))
    db.executemany("INSERT OR IGNORE INTO texts VALUES (?, ?)", ((t, source.id) for t in texts if t))
    db.executemany("INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", response_rows(source, others))
    db.execute("INSERT INTO heads VALUES (?, ?, ?, ?, ?, ?)", head_row(source))
    if kept.tallies is not None:
        db.executemany("INSERT INTO tally VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       ((source.id, *row) for row in kept.tallies(source)))
    if kept.measures is not None:
        db.execute("INSERT INTO measures VALUES (?, ?)", (source.id, stored(kept.measures(source))))
    if kept.texts is not None:
        _add_texts(db, source.id, kept.texts(source), kept.compare)
    if kept.words is not None:
        _add_words(db, source.id, kept.words(source), vocabulary)


def _related(source: Source) -> dict[str, list[str]]:
    """For each principle the source's findings address, the other principles those findings address, in the
    order they first come (`lucli.render.indexed_brief.brief_facts`' related principles)."""
    found: dict[str, dict[str, None]] = {}
    for finding in source.findings:
        refs = list(dict.fromkeys(ref.id for ref in finding.principles))
        for pid in refs:
            found.setdefault(pid, {}).update(dict.fromkeys(r for r in refs if r != pid))
    return {pid: list(others) for pid, others in found.items()}


def _add_texts(db: sqlite3.Connection, source: str, rows: list[Row], compare: Callable[[str], str] | None) -> None:
    """One source's search texts, a row each, read only where the ranking visits them; their compared forms in
    one value, a line each, since every search reads all of them (splitting one value is far quicker than
    reading rows)."""
    # Numbered on from the last, so that a source's texts are consecutive rows (`Index.search_texts`).
    first = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM search").fetchone()[0]
    db.executemany("INSERT INTO search VALUES (?, ?, ?, ?, ?, ?)",
                   ((first + offset, source, *row) for offset, row in enumerate(rows)))
    value = None
    if compare is not None:
        compared = [compare(row[3]) for row in rows]
        if any("\n" in text for text in compared):
            raise ValueError("a compared text holds a line break")  # rapidfuzz's processing makes it a space
        value = "\n".join(compared)
    db.execute("INSERT INTO compared VALUES (?, ?, ?, ?)", (source, first, len(rows), value))


def _add_words(db: sqlite3.Connection, source: str, words: dict[str, int],
               vocabulary: dict[str, list[int]] | None) -> None:
    """One source's words and their marks, and the counts of each word's marks over every source."""
    db.execute("INSERT INTO words VALUES (?, ?)", (source, stored(words)))
    if vocabulary is None:
        count_words(db, word_counts(words), 1)
        return
    for word, marks in words.items():  # summed in place: a tuple a word cost a third of a second at 10k findings
        total = vocabulary.get(word)
        if total is None:
            total = vocabulary[word] = [0, 0, 0]
        total[0] += marks & 1
        total[1] += (marks >> 1) & 1
        total[2] += marks >> 2


def word_counts(words: Mapping[str, int]) -> list[tuple[str, int, int, int]]:
    """(word, capital, lower, starts), each 1 or 0, from a source's words and their marks (`Words`)."""
    return [(word, *(int((marks & bit) > 0) for bit in MARKS)) for word, marks in words.items()]  # type: ignore[misc]


def count_words(db: sqlite3.Connection, counts: Iterable[tuple[str, int, int, int]], sign: int) -> None:
    """Add (word, capital, lower, starts) counts to the vocabulary (or take them away, with `sign` -1)."""
    db.executemany("INSERT INTO vocabulary VALUES (?, ?, ?, ?) ON CONFLICT (word) DO UPDATE SET "
                   "capital = capital + excluded.capital, lower = lower + excluded.lower, "
                   "starts = starts + excluded.starts",
                   [(word, sign * a, sign * b, sign * c) for word, a, b, c in counts])


def names_of_source(source: Source) -> Iterator[tuple[str, str, str]]:
    """(name, kind, id): the names of one source and its findings (`_names`)."""
    yield from ((n, "source", source.id) for n in (source.id, source.title))
    yield from ((f.global_id, "finding", f.global_id) for f in source.findings)




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
