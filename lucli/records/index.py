"""An SQLite index of checked records, so a warm run reads only the rows its question needs.

Beside the record cache (`lucli.records.cache`), in the same private folder outside the repository
(`lucli.records.cachedir`), lucli keeps `records.sqlite` (standard library `sqlite3`): one row per source
(its records, in the cache's own JSON form), per finding and per name a record can be called by, the
links between sources that respond to one another, the texts `search` reads, and the facts about the
whole evidence that views state (counts, dates, who publishes with whom; and, worked out by the layer
above and handed over as JSON data, what a briefing states about other principles than its own, and the
exchanges as the stance matrix reads them: `kept`, `lucli.records.index_exchanges.kept_exchanges`).

It is kept consistent by the record cache's own keys: each evidence file's size and modification time,
the day its checks were made and the latest date it gives (`Entry.still_true`), and the settings stamp;
plus the archived texts the records name, which validation requires to exist. It is written only from a
load without errors, built in a temporary file and renamed into place. It is data only: every value is
JSON or plain text, read through queries lucli wrote. Missing, stale, corrupt, from another version of
lucli, or not a plain private file: it is not used, and the run reads the records as it always did.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from lucli import __version__
from lucli.records.cache import result_from_row, sources_from_rows
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus, Whole, latest_first_ids
from lucli.records.hints import name_key
from lucli.records.index_damage import UNREADABLE as UNREADABLE  # what its readers raise, read from here
from lucli.records.index_damage import DamagedIndex, reading
from lucli.records.index_files import files_unchanged
from lucli.records.index_schema import INDEX_FORMAT as INDEX_FORMAT  # read from here by the index's users
from lucli.records.load import cache_stamp
from lucli.records.model import Evidence, Source
from lucli.records.project import EvidenceState, Project
from lucli.records.rules import Rules

T = TypeVar("T")
INDEX_FILE = "records.sqlite"
"""The index's file name in the repository's cache folder."""
PART = 50
"""Sources read at once by `Index.each_part`: one query for all of them; a few hundred findings."""
NO_PRINCIPLE = ""
"""A principle id no principle has: read with it (`Index.corpus`), a source outside every exchange comes without
its findings."""


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
        self._read_heads: tuple[Evidence, Whole] | None = None

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    @reading
    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise DamagedIndex(f"no {key} in the index")
        return json.loads(row[0])

    def resolve(self, text: str, kinds: tuple[str, ...]) -> Target | None:
        """The one record of `kinds` that `text` names, as `resolve_target` finds it; None when that is not one
        record by an exact id or name (the run then reads the records, which explain the ambiguity)."""
        places = marks(list(kinds))
        exact = self.db.execute(f"SELECT DISTINCT kind, id FROM names WHERE id = ? AND kind IN ({places})",
                                (text, *kinds)).fetchall()
        if len(exact) != 1:
            exact = self.db.execute(f"SELECT DISTINCT kind, id FROM names WHERE key = ? AND kind IN ({places})",
                                    (name_key(text), *kinds)).fetchall()
        return Target(*exact[0]) if len(exact) == 1 else None

    def named(self, text: str, kinds: tuple[str, ...]) -> list[Target]:
        """Every record of `kinds` one of whose names is `text` (ignoring case, punctuation and spacing), as
        `lucli.analysis.resolve.resolve` matches names before it tries id prefixes."""
        rows = self.db.execute(f"SELECT DISTINCT kind, id FROM names WHERE key = ? AND kind IN ({marks(list(kinds))})",
                               (name_key(text), *kinds)).fetchall()
        return [Target(*row) for row in rows]

    def source_of(self, finding_id: str) -> str | None:
        """The source id of a finding's global id, if it is in the index."""
        row = self.db.execute("SELECT id FROM names WHERE kind = 'finding' AND id = ?", (finding_id,)).fetchone()
        return finding_id.split("/", 1)[0] if row else None

    def linked(self, source_id: str) -> list[str]:
        """The source and every source in an exchange with it: that responds to it or that it responds to."""
        rows = self.db.execute("SELECT other FROM links WHERE source = ?", (source_id,)).fetchall()
        return [source_id, *(r[0] for r in rows)]

    def on_principle(self, principle_id: str) -> list[str]:
        """The sources with a finding on a principle, and every source that responds to one of them or that
        one of them responds to (a response to a finding on the principle bears on it)."""
        rows = self.db.execute("SELECT source FROM addresses WHERE principle = ? UNION SELECT links.other FROM "
                               "addresses JOIN links ON links.source = addresses.source WHERE principle = ?",
                               (principle_id, principle_id))
        return [r[0] for r in rows]

    def by_organisation(self, organisation_id: str) -> list[str]:
        """The sources an organisation published or co-published, and every source in an exchange with one."""
        rows = self.db.execute("SELECT source FROM publishes WHERE organisation = ? UNION SELECT links.other FROM "
                               "publishes JOIN links ON links.source = publishes.source WHERE organisation = ?",
                               (organisation_id, organisation_id))
        return [r[0] for r in rows]

    @reading
    def corpus(self, source_ids: list[str], principle: str | None = None) -> Corpus:
        """A corpus of every organisation and principle, the named sources, and the facts about all sources.

        With `principle`, each source brings only its findings on that principle: a view of one principle reads
        nothing else of it. A source in an exchange brings its findings that respond or are responded to as well,
        and the principles all its findings address, so that every exchange and the principles it bears on are as
        in the whole corpus.
        """
        heads, facts = self.heads()
        rows: dict[str, list[Any]] = {}
        whole: list[str] = []
        linking: list[str] = []
        for wanted in chunks(source_ids):
            got = self.db.execute(f"SELECT id, record, linked FROM sources WHERE id IN ({marks(wanted)})",
                                  wanted).fetchall()
            # One decode for the chunk's rows, not one a row: at 100k a principle's view reads 4,577 of them.
            for (sid, _record, linked), row in zip(got, json.loads(f"[{','.join(r[1] for r in got)}]"), strict=True):
                rows[sid] = row
                if principle is None:
                    whole.append(sid)
                elif linked:
                    linking.append(sid)
        found: dict[str, set[tuple[int, str]]] = {sid: set() for sid in rows}
        for wanted in chunks(whole):
            for sid, seq, record in self.db.execute(
                    f"SELECT source, seq, record FROM findings WHERE source IN ({marks(wanted)})", wanted):
                found[sid].add((seq, record))
        if principle is not None and rows:
            # Every finding on the principle in one query, those of other sources passed over: the sources read are
            # nearly always all those that speak on it, and asking with their ids, 500 a query, took half as long again.
            for sid, seq, record in self.db.execute(
                    "SELECT f.source, f.seq, f.record FROM finding_on o JOIN findings f ON f.source = o.source AND "
                    "f.seq = o.seq WHERE o.principle = ?", (principle,)):
                if sid in found:
                    found[sid].add((seq, record))
        addressed = self._exchanging(linking, found)
        if addressed:
            facts = replace(facts, addressed=addressed)
        ordered = list(rows)
        arrays = (",".join(record for _seq, record in sorted(found[sid])) for sid in ordered)
        every = json.loads("[" + ",".join(f"[{a}]" for a in arrays) + "]")  # one decode, not one a finding
        for sid, findings in zip(ordered, every, strict=True):
            rows[sid][3][0][5] = findings
        sources = sources_from_rows(rows[sid] for sid in ordered)
        return Corpus(replace(heads, sources=tuple(sorted(sources, key=lambda s: s.id))), self.rules, facts)

    def _exchanging(self, ids: list[str], found: dict[str, set[tuple[int, str]]]) -> dict[str, frozenset[str]]:
        """Add to `found` the findings of the sources `ids` that respond or are responded to; the principles all
        the findings of each address (`lucli.records.index_exchanges`)."""
        addressed: dict[str, frozenset[str]] = {}
        for wanted in chunks(ids):
            places = marks(wanted)
            for sid, seq, record in self.db.execute(
                    "SELECT f.source, f.seq, f.record FROM findings f JOIN (SELECT source, seq FROM responses WHERE "
                    f"source IN ({places}) UNION SELECT target, tseq FROM responses WHERE target IN ({places}) AND "
                    "tseq IS NOT NULL) r ON f.source = r.source AND f.seq = r.seq", (*wanted, *wanted)):
                found[sid].add((seq, record))
            for sid, value in self.db.execute(f"SELECT source, addressed FROM heads WHERE source IN ({places})",
                                              wanted):
                addressed[sid] = frozenset(json.loads(value))
        return addressed

    @reading
    def heads(self) -> tuple[Evidence, Whole]:
        """Every organisation and principle (no sources), and the facts about the whole evidence: read once for
        the connection (a digest reads a corpus for each of its pages)."""
        if self._read_heads is None:
            self._read_heads = self._heads_read()
        return self._read_heads

    def _heads_read(self) -> tuple[Evidence, Whole]:
        heads = result_from_row(self._meta("heads"))
        count, findings, earliest, latest, publishers = self._meta("whole")
        return (Evidence(tuple(heads.organisations), tuple(heads.principles)),
                Whole(int(count), int(findings), earliest, latest, tuple(tuple(p) for p in publishers)))

    @reading
    def latest_first(self) -> list[str]:
        """Every source's id in the whole corpus's order (`Corpus.sources`): newest first, ties by id."""
        return latest_first_ids((sid, json.loads(record)[3][0][3])
                                for sid, record in self.db.execute("SELECT id, record FROM sources"))

    @reading
    def each_part(self, ids: list[str], size: int | None = None) -> Iterator[list[Source]]:
        """The named sources with all their findings, in that order, `size` sources at a time (`PART`).

        Only one part's rows are held at a time: `lucli list findings` at 100k findings reads them all."""
        for wanted in chunks(ids, size or PART):
            rows = {sid: json.loads(record) for sid, record in self.db.execute(
                f"SELECT id, record FROM sources WHERE id IN ({marks(wanted)})", wanted)}
            found: dict[str, list[str]] = {sid: [] for sid in wanted}
            for sid, record in self.db.execute(f"SELECT source, record FROM findings WHERE source IN "
                                               f"({marks(wanted)}) ORDER BY source, seq", wanted):
                found[sid].append(record)
            for sid in wanted:
                row = rows[sid]  # a KeyError if a source's row is missing: DamagedIndex
                row[3][0][5] = json.loads(f"[{','.join(found[sid])}]")  # one decode, not one a finding
            yield sources_from_rows(rows[sid] for sid in wanted)

    @reading
    def facts(self, keys: list[str]) -> dict[str, Any]:
        """The facts stored under `keys` (`write_index`'s `facts`); a key with none is left out."""
        found: dict[str, Any] = {}
        for wanted in chunks(keys):
            for key, value in self.db.execute(f"SELECT key, value FROM facts WHERE key IN ({marks(wanted)})",
                                              wanted):
                found[key] = json.loads(value)
        return found

    @reading
    def measures(self) -> list[Any] | None:
        """Every source's `Measures`, in no order; None when a source has none (an index written without them)."""
        rows = self.db.execute("SELECT value FROM measures").fetchall()
        count = self.db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        return [json.loads(value) for (value,) in rows] if len(rows) == count else None

    def generation(self) -> int:
        """How many updates a file at a time the index has had since it was written whole."""
        return generation(self.db)

    @reading
    def search_texts(self, compare: Callable[[str], str]) -> tuple[list[str], Callable[[list[int]], list[Row]]]:
        """(every searchable text as search compares phrases, (kind, id, field, text) of the texts at given
        positions): a group of texts per source (`HEADS_KEY` first, then by id), in each the order search gives them.

        A source's texts are rows with consecutive numbers from its `first`, so the texts at a batch of positions
        are read in one query. A source updated a file at a time has no compared forms yet (they need search's
        scorer, which the update does not load): `compare` makes them here, from its few texts."""
        compared: list[str] = []
        starts: list[int] = []
        firsts: list[int] = []
        for source, first, count, value in self.db.execute(
                "SELECT source, first, count, value FROM compared ORDER BY source"):
            if not count:
                continue
            if value is None:
                texts = [compare(body) for (body,) in self.db.execute(
                    "SELECT body FROM search WHERE seq >= ? AND seq < ? ORDER BY seq", (first, first + count))]
            else:
                texts = value.split("\n")
            if len(texts) != count:
                raise ValueError(f"the search texts of {source} are incomplete")
            starts.append(len(compared))
            firsts.append(first)
            compared += texts

        @reading
        def texts_at(positions: list[int]) -> list[Row]:
            seqs = []
            for position in positions:
                group = bisect.bisect_right(starts, position) - 1
                seqs.append(firsts[group] + position - starts[group])
            found: dict[int, Row] = {}
            for wanted in chunks(seqs):
                for seq, *row in self.db.execute(
                        f"SELECT seq, kind, id, field, body FROM search WHERE seq IN ({marks(wanted)})", wanted):
                    found[seq] = (row[0], row[1], row[2], row[3])
            return [found[seq] for seq in seqs]  # a KeyError if one is missing: DamagedIndex
        return compared, texts_at


Row = tuple[str, str, str, str]
"""(kind, id, field, text) of a searchable text."""


@reading
def generation(db: sqlite3.Connection) -> int:
    """How many updates a file at a time an index has had since it was written whole (`Index.generation`)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(json.loads(row[0])) if row else 0


def chunks(ids: list[T], size: int = 500) -> Iterator[list[T]]:
    """SQLite limits the parameters of one query: ask for a few hundred ids at a time."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def marks(ids: list[Any]) -> str:
    return ",".join("?" * len(ids))


def connect(project: Project, *, write: bool = False, wait: bool = True) -> sqlite3.Connection | None:
    """The repository's index file, opened read-only (or to be updated: `lucli.records.reindex`); None when
    there is none, it is not a plain file in a private cache folder, or it cannot be opened. Without `wait`, a
    write finds the index busy at once rather than after five seconds."""
    if project.bundled:
        return None
    folder = cache_folder(project.root)
    path = folder / INDEX_FILE if folder is not None else None
    try:
        if path is None or not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        if not write:
            return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5.0 if wait else 0.0)
        # A cache, not a record: a crash mid-write rolls back from the journal, and the index is only ever
        # written again from the evidence, so waiting for the disk at each commit buys nothing.
        db.execute("PRAGMA synchronous = OFF")
        return db
    except (OSError, ValueError, sqlite3.Error):
        return None


def open_index(project: Project, today: dt.date, state: EvidenceState | None = None) -> Index | None:
    """The repository's index when it is current (see the module's docstring), else None. `state` is
    `evidence_state(project)` when the caller has it already."""
    db = connect(project)
    if db is None:
        return None
    index = Index(db, project.rules)
    try:
        if _current(index, project, today, state):
            return index
    except UNREADABLE:
        pass
    index.close()
    return None


def discard_index(project: Project) -> None:
    """Remove the repository's index (found damaged): the next run that loads the records writes it afresh."""
    folder = None if project.bundled else cache_folder(project.root)
    if folder is not None:
        with contextlib.suppress(OSError):
            os.unlink(folder / INDEX_FILE)


@reading
def _current(index: Index, project: Project, today: dt.date, state: EvidenceState | None) -> bool:
    if index._meta("format") != INDEX_FORMAT or index._meta("lucli") != __version__:
        return False
    if index._meta("stamp") != cache_stamp(project) or index._meta("evidence") != str(project.evidence):
        return False
    return files_unchanged(index.db, project, today, state)
