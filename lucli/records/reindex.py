"""Bring the SQLite index up to date a file at a time, after a few source files changed.

A user edits one file; the next question should not rebuild the whole index (about 270 MB at 100k
findings) from every record. So the changed, added and removed source files are found by the index's own
keys (size, modification time, the day of the checks: `lucli.records.index`), only they are parsed and
checked, and only their rows are replaced, in one transaction.

Nothing is updated unless the evidence is then known to be without errors, as the index always is: the
changed files' own problems, the checks between records that involve them (duplicate ids, unknown
principles, publishers, sources and findings, responses to a finding that went away, archived texts),
and every archived text the index names. When that cannot be settled from the changed files and the
index alone (organisations.yaml or principles.yaml changed, many files changed, a file that is not a
plain file, any problem at all), the answer is None and the run reads the records as it always did,
which reports every problem exactly as before.

Everything the index keeps for the views is kept a source at a time (`lucli.records.index_write.Kept`): the
counts, the list's measures, the search texts (their compared forms are left to the next search, which makes
them for the few sources updated) and the words a briefing's names come from, so only the changed sources'
rows are replaced. The facts a briefing states about the whole evidence are dropped (a few kB); the next
briefing works them out again from the index (`lucli.render.indexed_facts`) and keeps them (`keep_facts`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lucli import __version__
from lucli.records.cache import result_from_row
from lucli.records.crossref import check_references, text_problem
from lucli.records.hints import name_key
from lucli.records.index import INDEX_FORMAT, UNREADABLE, Index, connect, generation
from lucli.records.index_damage import reading
from lucli.records.index_exchanges import exchange_inputs, forget_exchanges, rehear
from lucli.records.index_schema import stored
from lucli.records.index_write import Kept, add_source, count_words, names_of_source, word_counts
from lucli.records.load import cache_stamp, load_sources
from lucli.records.model import Evidence, Source
from lucli.records.project import EvidenceState, Project, evidence_state
from lucli.records.results import FileResult

MOST_CHANGED = 200
"""Past this many changed files (or a twentieth of them all, if more), reading every record is as quick."""
HEADS = ("organisations.yaml", "principles.yaml")
"""The files every source is checked against: when one changes, the records are read."""


def refresh_index(project: Project, today: dt.date, kept: Kept,
                  state: EvidenceState | None = None) -> Index | None:
    """The repository's index, brought up to date with its evidence when only source files changed and the
    evidence has no errors; None when the records must be read instead (see the module's docstring).

    `state` is `evidence_state(project)`, when the caller has it already."""
    state = evidence_state(project) if state is None else state
    if state is None:
        return None  # a link among the evidence files: the whole load reports it
    db = connect(project, write=True)
    if db is None:
        return None
    try:
        if _refresh(db, project, today, kept, state) and not _texts_missing(db, project):
            return Index(db, project.rules)
    except UNREADABLE:
        pass
    db.close()
    return None


def _refresh(db: sqlite3.Connection, project: Project, today: dt.date, kept: Kept, state: EvidenceState) -> bool:
    index = Index(db, project.rules)
    if (index._meta("format") != INDEX_FORMAT or index._meta("lucli") != __version__
            or index._meta("stamp") != cache_stamp(project) or index._meta("evidence") != str(project.evidence)
            or index._meta("empirical") != (None if kept.tallies is None else list(project.rules.empirical))
            or index._meta("kept") != [kept.texts is not None, kept.words is not None]):
        return False
    changes = _changes(db, project, today, state)
    if changes is None:
        return False
    changed, removed = changes
    if not changed and not removed:
        return True
    results = load_sources(project, [Path(p) for p in changed.values()], today)
    if any(facts is None or any(d.severity == "error" for d in result.diagnostics) for result, facts in results):
        return False
    fresh = [s for result, _facts in results for s in result.sources]
    gone = {_source_id(key) for key in (*changed, *removed)}
    if len(fresh) != len(changed):
        return False
    # The sources the fresh ones respond to, whole, so that the checks of their responses see them.
    ids = {s.id for s in fresh}
    around = _sources(index, sorted({r.source_id for s in fresh for f in s.findings for r in f.responds_to} - ids))
    if not _consistent(index, project, fresh, around, gone):
        return False
    db.execute("BEGIN IMMEDIATE")
    try:
        others = {s.id: s for s in around if s.id not in gone} | {s.id: s for s in fresh}
        _replace(db, fresh, gone, kept, others)
        day = today.isoformat()
        db.executemany("DELETE FROM files WHERE name = ?", [(k,) for k in removed])
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                       [(key, facts[0], facts[1], day, result.latest_date)
                        for key, (result, facts) in zip(changed, results, strict=True) if facts is not None])
        db.execute("COMMIT")
    except BaseException:  # Ctrl-C too: the update is all or nothing, then the interruption goes on
        db.execute("ROLLBACK")
        raise
    return True


@reading
def _texts_missing(db: sqlite3.Connection, project: Project) -> bool:
    """Whether an archived text the records name is gone (or no longer a plain file in the evidence folder)."""
    return any(text_problem(project.evidence, t) for (t,) in db.execute("SELECT DISTINCT path FROM texts"))


def _source_id(key: str) -> str:
    """A source file's id: its name without the extension (`lucli.records.build.source_from`)."""
    return os.path.splitext(key.rpartition("/")[2])[0]


@reading
def _changes(db: sqlite3.Connection, project: Project, today: dt.date,
             state: EvidenceState) -> tuple[dict[str, str], list[str]] | None:
    """(changed or added source files by key, keys of removed ones); None when the records must be read."""
    if not project.sources.is_dir():
        return None  # no sources folder: an error the whole load reports
    known = {name: (size, mtime, day, latest) for name, size, mtime, day, latest in db.execute("SELECT * FROM files")}
    root = str(project.root) + os.sep
    folder = project.evidence.relative_to(project.root).as_posix()
    heads = {f"{folder}/{name}" for name in HEADS}
    day = today.isoformat()
    changed: dict[str, str] = {}
    present = set()
    for path, size, mtime in state:
        if size < 0:
            continue  # a missing organisations.yaml or principles.yaml: not there, as in `file_keys`
        if not path.startswith(root):
            return None
        key = path[len(root):].replace(os.sep, "/")  # the record cache's name for it (`file_keys`)
        present.add(key)
        facts = known.get(key)
        if facts is not None:
            old_size, old_mtime, checked, latest = facts
            if (size, mtime) == (old_size, old_mtime) and (checked == day or latest is None
                                                           or latest <= min(checked, day)):
                continue
        changed[key] = path
    removed = [k for k in known if k not in present]
    if heads & {*changed, *removed}:
        return None  # organisations.yaml or principles.yaml: every source is checked against them
    if len(changed) + len(removed) > max(MOST_CHANGED, len(present) // 20):
        return None
    if any(k.endswith(".yml") for k in present):
        sources = [k for k in present if k not in heads]
        if len({_source_id(k) for k in sources}) != len(sources):
            return None  # two files, one id (name.yaml and name.yml): a duplicate the whole load reports
    return changed, removed


def _consistent(index: Index, project: Project, fresh: list[Source], around: list[Source], gone: set[str]) -> bool:
    """Whether the evidence with `fresh` in place of the sources `gone` has no error between records (`around`:
    the sources the fresh ones respond to, as the index holds them)."""
    heads = _heads(index)
    ids = {s.id for s in fresh}
    wanted = sorted({r.source_id for s in fresh for f in s.findings for r in f.responds_to} - ids)
    evidence = Evidence(tuple(heads.organisations), tuple(heads.principles),
                        tuple(sorted([*fresh, *around], key=lambda s: s.id)))
    shown = {s.loc.path for s in fresh}
    problems = check_references(evidence, project.evidence)
    if any(d.severity == "error" and d.path in shown for d in problems):
        return False
    if len(around) != len(wanted):
        return False  # a response to a source that is not there
    # Sources left as they were that respond to one that changed or went: their targets must still be there.
    findings = {s.id: {f.id for f in s.findings} for s in fresh}
    for wanted_ids in _chunks(sorted(gone)):
        rows = index.db.execute(f"SELECT source, target, finding FROM responses WHERE target IN ({_marks(wanted_ids)})",
                                wanted_ids).fetchall()
        for source, target, finding in rows:
            if source in gone:
                continue
            if target not in findings or (finding is not None and finding not in findings[target]):
                return False
    return True


@reading
def _heads(index: Index) -> FileResult:
    """The organisations and principles as the index holds them."""
    return result_from_row(index._meta("heads"))


def _sources(index: Index, ids: list[str]) -> list[Source]:
    """The named sources, whole, from the index (those it holds)."""
    return list(index.corpus(ids).sources.values()) if ids else []


def _replace(db: sqlite3.Connection, fresh: list[Source], gone: set[str], kept: Kept,
             others: dict[str, Source]) -> None:
    """Replace the rows of the sources `gone` by those of `fresh` (`others`: the sources they may respond to), and
    the facts about the whole evidence."""
    touched = sorted(gone | {s.id for s in fresh})
    before = _standing(db, touched)
    partners: set[str] = set()
    for sid in sorted(gone):
        partners.update(_forget(db, sid))
    for source in fresh:
        add_source(db, source, False, kept, others)
        _count(db, source.id, 1)
    rehear(db, fresh)  # the responses other sources make to them
    db.execute("DELETE FROM org_tally WHERE findings = 0")
    start = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM names").fetchone()[0]  # (seq is not indexed)
    names = [n for s in fresh for n in names_of_source(s)]
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)",
                   ((name_key(name), name, kind, rid, start + i) for i, (name, kind, rid) in enumerate(names)))
    _relink(db, fresh, partners | gone)
    _restate(db, touched, before)
    db.execute("DELETE FROM vocabulary WHERE capital = 0 AND lower = 0 AND starts = 0")
    # The facts a briefing states about the whole evidence (each principle's verdict, the names that start
    # statements) go (a few kB); the next briefing works them out from the index and keeps them (`keep_facts`),
    # unless the index changed again meanwhile (its generation).
    db.execute("DELETE FROM facts")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation(db) + 1),))


def _standing(db: sqlite3.Connection, ids: list[str]) -> tuple[Any, Any]:
    """What the facts about the whole evidence and the kept exchanges rest on, of the sources `ids` (`_restate`)."""
    return _placed(db, ids), exchange_inputs(db, ids)


def _placed(db: sqlite3.Connection, ids: list[str]) -> list[tuple[Any, ...]]:
    """Of the sources `ids` the index holds, what the facts about the whole evidence count (`_whole`)."""
    placed: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        placed += db.execute(f"SELECT id, published, publishers, findings FROM sources WHERE id IN ({_marks(chunk)}) "
                             "ORDER BY id", chunk).fetchall()
    return placed


def _restate(db: sqlite3.Connection, ids: list[str], before: tuple[Any, Any]) -> None:
    """Work out the facts about the whole evidence again, and drop the kept exchanges, where what they rest on
    changed in the sources `ids` (`before`: `_standing` before they were replaced). Most edits change neither: a
    statement or a stance. At 100k findings with 3% responding, working the exchanges out again was half the
    stance matrix's time after an edit, and the whole evidence's facts a sixth of the update."""
    placed, exchanged = before
    if _placed(db, ids) != placed:
        _whole(db)
    if exchange_inputs(db, ids) != exchanged:
        forget_exchanges(db)


def _forget(db: sqlite3.Connection, sid: str) -> list[str]:
    """Delete one source's rows, each by its table's key; the sources it was linked with."""
    row = db.execute("SELECT publishers FROM sources WHERE id = ?", (sid,)).fetchone()
    publishers = json.loads(row[0]) if row else []
    principles = [r[0] for r in db.execute("SELECT principle FROM tally WHERE source = ?", (sid,))]
    partners = [r[0] for r in db.execute("SELECT other FROM links WHERE source = ?", (sid,))]
    _count(db, sid, -1)
    row = db.execute("SELECT value FROM words WHERE source = ?", (sid,)).fetchone()
    if row is not None:
        count_words(db, word_counts(json.loads(row[0])), -1)
    for table, column in (("sources", "id"), ("findings", "source"), ("texts", "source"), ("responses", "source"),
                          ("tally", "source"), ("links", "source"), ("measures", "source"), ("search", "source"),
                          ("compared", "source"), ("words", "source"), ("heads", "source")):
        db.execute(f"DELETE FROM {table} WHERE {column} = ?", (sid,))
    db.executemany("DELETE FROM links WHERE source = ? AND other = ?", [(p, sid) for p in partners])
    db.executemany("DELETE FROM finding_on WHERE principle = ? AND source = ?", [(p, sid) for p in principles])
    db.executemany("DELETE FROM addresses WHERE principle = ? AND source = ?", [(p, sid) for p in principles])
    db.executemany("DELETE FROM related WHERE principle = ? AND source = ?", [(p, sid) for p in principles])
    db.executemany("DELETE FROM publishes WHERE organisation = ? AND source = ?", [(o, sid) for o in publishers])
    db.execute("DELETE FROM names WHERE kind = 'source' AND id = ?", (sid,))
    # A finding's names are its global ids, `source-id/finding-id`; '0' is the character after '/'.
    db.execute("DELETE FROM names WHERE kind = 'finding' AND id >= ? AND id < ?", (f"{sid}/", f"{sid}0"))
    return partners


def _count(db: sqlite3.Connection, sid: str, sign: int) -> None:
    """Add a source's counts to its first publisher's (or take them away)."""
    rows = db.execute("SELECT organisation, principle, supports, opposes, qualifies, findings, empirical FROM tally "
                      "WHERE source = ?", (sid,)).fetchall()
    db.executemany(
        "INSERT INTO org_tally VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation, principle) DO UPDATE SET "
        "supports = supports + excluded.supports, opposes = opposes + excluded.opposes, qualifies = qualifies + "
        "excluded.qualifies, findings = findings + excluded.findings, empirical = empirical + excluded.empirical, "
        "sources = sources + excluded.sources",
        [(org, pid, sign * a, sign * b, sign * c, sign * n, sign * e, sign * (e > 0))
         for org, pid, a, b, c, n, e in rows])


def _relink(db: sqlite3.Connection, fresh: list[Source], partners: set[str]) -> None:
    """The links between sources that respond to one another, for the sources replaced and those around them."""
    ids = [s.id for s in fresh]
    pairs = set()
    for chunk in _chunks(ids):
        marks = _marks(chunk)
        pairs.update(db.execute(f"SELECT source, target FROM responses WHERE (source IN ({marks}) OR target IN "
                                f"({marks})) AND source != target", (*chunk, *chunk)).fetchall())
    present: set[str] = set()
    for chunk in _chunks(sorted({a for pair in pairs for a in pair})):
        present.update(r[0] for r in db.execute(f"SELECT id FROM sources WHERE id IN ({_marks(chunk)})", chunk))
    links = [(a, b) for a, b in pairs if a in present and b in present]
    db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)", [*links, *((b, a) for a, b in links)])
    touched = sorted(partners | set(ids) | {a for pair in links for a in pair})
    for chunk in _chunks(touched):
        db.execute("UPDATE sources SET linked = EXISTS (SELECT 1 FROM links WHERE links.source = sources.id) "
                   f"WHERE id IN ({_marks(chunk)})", chunk)


def _whole(db: sqlite3.Connection) -> None:
    """The facts about the whole evidence (`Corpus.extent`), from the rows of every source (read from the index
    `sources_by_date` alone: the table's rows hold whole records, and reading them took a fifth of a second at
    100k findings)."""
    count, findings, earliest, latest = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(findings), 0), MIN(published), MAX(published) FROM sources").fetchone()
    # Each list of publishers once, in the order the sources first give it, newest first (`publisher_lists`).
    lists = db.execute("SELECT publishers FROM (SELECT publishers, ROW_NUMBER() OVER (ORDER BY published DESC, "
                       "id ASC) AS n FROM sources) GROUP BY publishers ORDER BY MIN(n)")
    whole = [count, findings, earliest, latest, [json.loads(p) for (p,) in lists]]
    db.execute("UPDATE meta SET value = ? WHERE key = 'whole'", (stored(whole),))


def keep_facts(project: Project, facts: dict[str, Any], seen: int) -> None:
    """Keep the facts a briefing worked out from the index (`lucli.render.indexed_facts`), unless the index has
    changed since it read them (`seen`, its `generation` then) or is busy; they are then worked out again."""
    db = connect(project, write=True, wait=False)
    if db is None:
        return
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            if generation(db) == seen and not db.execute("SELECT 1 FROM facts LIMIT 1").fetchone():
                db.executemany("INSERT INTO facts VALUES (?, ?)", [(k, stored(v)) for k, v in facts.items()])
            db.execute("COMMIT")
        except BaseException:  # Ctrl-C too: no half-kept facts; the error or interruption then goes on
            db.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        pass  # busy, or not writable: a later briefing works them out again
    finally:
        db.close()


@reading
def tallies_summed(index: Index) -> list[tuple[str, str, int, int, int, int, int, int]]:
    """Every organisation's counts on every principle, summed over its sources (`lucli.analysis.tallies`); counts
    that are not numbers are a damaged index."""
    return [(o, p, int(a), int(b), int(c), int(n), int(e), int(s))
            for o, p, a, b, c, n, e, s in index.db.execute("SELECT * FROM org_tally")]


def exchanging(index: Index) -> list[str]:
    """Every source that responds to a source, or that one responds to."""
    rows = index.db.execute("SELECT source FROM responses UNION SELECT target FROM responses "
                            "WHERE target IN (SELECT id FROM sources)")
    return [r[0] for r in rows]


def archived_texts(index: Index) -> list[str]:
    """Every archived text the records name."""
    return [r[0] for r in index.db.execute("SELECT DISTINCT path FROM texts")]




def _chunks(ids: list[Any], size: int = 400) -> Iterable[list[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _marks(ids: list[Any]) -> str:
    return ",".join("?" * len(ids))

