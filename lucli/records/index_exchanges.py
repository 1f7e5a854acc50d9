"""The exchanges between sources as the SQLite index keeps them (`lucli.records.index`): what the verdicts read of
them, without decoding the sources in an exchange.

Each response is a row of `responses`, kept with the source that responds (written and deleted with its other
rows, `lucli.records.index_write.add_source`). Beside which record it names, the row holds what the stance matrix,
a briefing's facts and the digest's outline read of either side (`lucli.analysis.voices.exchanges`):

- `said` and `statement`: the responding finding's id, kind, principles with their stances and every response it
  makes, and its statement;
- `tseq`, `heard` and `heard_statement`: the same of the finding responded to (and its place), '[]' for a
  response to a whole source, or NULL when what it names is not in the evidence.

Each source's title, kind, date, publishers and the principles its findings address are a row of `heads`, so a
source in an exchange is read without its record.

The side responded to belongs to another source, so an update a file at a time rewrites `heard` wherever a
changed source is responded to (`rehear`). Where a third of the findings respond to another record, as in the
bundled corpus, the sources in an exchange are most of the evidence: at 100k findings with 3% responding, the
matrix after an edit decoded 3,700 sources' rows; it now reads 2,900 rows of facts and 3,400 heads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from lucli.records.cache import sources_from_rows
from lucli.records.corpus import Corpus
from lucli.records.index import Index, chunks, generation, marks
from lucli.records.index_damage import reading
from lucli.records.index_schema import stored
from lucli.records.model import Finding, PrincipleRef, Response, Source

Head = tuple[str, str, str, list[str], str]
"""(title, kind, published, publishers, principles its findings address as JSON) of a source: what a lean `Source`
holds."""


def response_rows(source: Source, others: Mapping[str, Source]) -> list[tuple[Any, ...]]:
    """The rows of `responses` for one source's findings (`others`: the sources they may respond to, by id)."""
    rows = []
    for seq, finding in enumerate(source.findings):
        if not finding.responds_to:
            continue
        said = stored([finding.id, finding.kind, _refs(finding),
                       [[r.ref, r.relation, r.about] for r in finding.responds_to]])
        for response in finding.responds_to:
            heard = hearing(others.get(response.source_id), response.finding_id)
            rows.append((source.id, response.source_id, response.finding_id, seq, said, finding.statement, *heard))
    return rows


def head_row(source: Source) -> tuple[str, str, str, str, str, str]:
    """A source's row of `heads` (`Head`)."""
    addressed = sorted({r.id for f in source.findings for r in f.principles})
    return source.id, source.title, source.kind, source.published, stored(source.publishers), stored(addressed)


def hearing(target: Source | None, finding_id: str | None) -> tuple[int | None, str | None, str | None]:
    """(place, facts, statement) of the finding a response names in `target` (None: the source is not there): the
    facts '[]' for a response to the whole source, and all three None when what it names is not there."""
    if target is not None and finding_id is None:
        return None, "[]", None
    for seq, finding in enumerate(target.findings if target is not None else ()):
        if finding.id == finding_id:
            return seq, stored([finding.id, finding.kind, _refs(finding)]), finding.statement
    return None, None, None


def rehear(db: sqlite3.Connection, fresh: Iterable[Source]) -> None:
    """Rewrite the facts of every response to one of the `fresh` sources (replaced or added by an update)."""
    for source in fresh:
        named = db.execute("SELECT DISTINCT finding FROM responses WHERE target = ?", (source.id,)).fetchall()
        db.executemany("UPDATE responses SET tseq = ?, heard = ?, heard_statement = ? WHERE target = ? AND "
                       "finding IS ?", [(*hearing(source, finding), source.id, finding) for (finding,) in named])


def _refs(finding: Finding) -> list[list[str]]:
    return [[r.id, r.stance] for r in finding.principles]




Lean = tuple[dict[str, Head], dict[tuple[str, int], Finding]]
"""(each source in an exchange's head, the findings in an exchange by (source, place))."""


def _lean(index: Index) -> Lean:
    """Every source in an exchange and every finding that responds or is responded to, from the rows' facts."""
    rows = index.db.execute("SELECT source, seq, target, tseq, said, statement, heard, heard_statement "
                            "FROM responses WHERE heard IS NOT NULL").fetchall()
    # One decode for every row's facts, and one for every head's lists, not one a row.
    facts = json.loads("[" + ",".join(f"[{row[4]},{row[6]}]" for row in rows) + "]")
    findings: dict[tuple[str, int], Finding] = {}
    for (sid, seq, _target, _tseq, _said, statement, _heard, _hs), (said, _h) in zip(rows, facts, strict=True):
        fid, kind, refs, responds = said
        findings[sid, seq] = Finding(fid, sid, kind, statement, tuple(PrincipleRef(p, s) for p, s in refs),
                                     responds_to=tuple(Response(ref, relation, about) for ref, relation, about
                                                       in responds))
    for (_sid, _seq, target, tseq, _said, _st, _heard, statement), (_s, heard) in zip(rows, facts, strict=True):
        if heard and (target, tseq) not in findings:  # one that responds too holds its responses
            fid, kind, refs = heard
            findings[target, tseq] = Finding(fid, target, kind, statement, tuple(PrincipleRef(p, s) for p, s in refs))
    heads = index.db.execute(
        "SELECT source, title, kind, published, publishers, addressed FROM heads WHERE source IN (SELECT source "
        "FROM responses WHERE heard IS NOT NULL UNION SELECT target FROM responses WHERE heard IS NOT NULL)").fetchall()
    publishers = json.loads("[" + ",".join(h[4] for h in heads) + "]")
    return {h[0]: (h[1], h[2], h[3], p, h[5]) for h, p in zip(heads, publishers, strict=True)}, findings


class _Addressed(Mapping[str, frozenset[str]]):
    """The principles each source in an exchange addresses, decoded only for those asked about (the verdicts ask
    about the sources responded to whole, a few hundred of 3,400 at 100k findings)."""

    def __init__(self, heads: dict[str, Head]) -> None:
        self.heads = heads
        self.decoded: dict[str, frozenset[str]] = {}

    def __getitem__(self, sid: str) -> frozenset[str]:
        found = self.decoded.get(sid)
        if found is None:
            found = self.decoded[sid] = frozenset(json.loads(self.heads[sid][4]))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.heads)

    def __len__(self) -> int:
        return len(self.heads)


@reading
def exchange_facts(index: Index) -> Corpus:
    """A corpus of every organisation and principle, the facts about all sources, and of each source in an exchange
    its title, kind, date and publishers and only the findings that respond or are responded to (their ids, kinds,
    statements, principles and responses), with the principles all its findings address: what the verdicts and
    the argument map read of the exchanges (`lucli.analysis.voices.exchanges`), from the rows' facts alone."""
    heads, facts = index.heads()
    lean, findings = _lean(index)
    held: dict[str, list[Finding]] = {sid: [] for sid in lean}
    for sid, seq in sorted(findings):  # each source's findings in its file's order
        held[sid].append(findings[sid, seq])
    sources = [Source(sid, title, tuple(publishers), published, kind, tuple(held[sid]))
               for sid, (title, kind, published, publishers, _addressed) in lean.items()]
    return _corpus(index, heads, facts, sources, lean)


@reading
def exchange_corpus(index: Index) -> Corpus:
    """`exchange_facts`, but each source in an exchange read whole but for its findings (its every field, for the
    digest's views of it), and its findings in an exchange whole."""
    heads, facts = index.heads()
    lean, findings = _lean(index)
    wanted: dict[str, dict[int, str]] = {sid: {} for sid in lean}
    for chunk in chunks(sorted(findings)):
        pairs = [x for pair in chunk for x in pair]
        for sid, seq, record in index.db.execute(
                "SELECT source, seq, record FROM findings WHERE (source, seq) IN (VALUES "
                + ",".join(["(?, ?)"] * len(chunk)) + ")", pairs):
            wanted[sid][seq] = record
    if sum(map(len, wanted.values())) != len(findings):
        raise KeyError("a finding in an exchange has no row")  # DamagedIndex (`reading`): a damaged index
    sources: list[Source] = []
    for ids in chunks(sorted(wanted)):
        got = index.db.execute(f"SELECT id, record FROM sources WHERE id IN ({marks(ids)})", ids).fetchall()
        # One decode for the chunk's rows and one for their findings, not one a row.
        rows = json.loads(f"[{','.join(record for _sid, record in got)}]")
        held = json.loads("[" + ",".join(f"[{','.join(wanted[sid][seq] for seq in sorted(wanted[sid]))}]"
                                         for sid, _record in got) + "]")
        for row, found in zip(rows, held, strict=True):
            row[3][0][5] = found
        sources += sources_from_rows(rows)
    return _corpus(index, heads, facts, sources, lean)


def _corpus(index: Index, heads: Any, facts: Any, sources: list[Source], lean: dict[str, Head]) -> Corpus:
    if len(sources) != len(lean):
        raise KeyError("a source in an exchange has no row")  # DamagedIndex (`reading`): a damaged index
    whole = replace(facts, addressed=_Addressed(lean))
    return Corpus(replace(heads, sources=tuple(sorted(sources, key=lambda s: s.id))), index.rules, whole)


EXCHANGES = "exchanges"
"""The key under which the index keeps the exchanges of the whole evidence as the stance matrix reads them."""


@reading
def kept_exchanges(index: Index) -> Any | None:
    """The exchanges of the whole evidence, as the layer above worked them out and kept them (JSON data,
    `keep_exchanges`); None when they are not kept (an update changed what they rest on)."""
    row = index.db.execute("SELECT value FROM kept WHERE key = ?", (EXCHANGES,)).fetchone()
    return json.loads(row[0]) if row is not None else None


def keep_exchanges(db: sqlite3.Connection, value: Any, seen: int) -> None:
    """Keep the exchanges worked out from the index (`kept_exchanges`), unless it has changed since they were read
    from it (`seen`, its generation then), or it is busy or read-only: they are then worked out again next time."""
    try:
        waits = db.execute("PRAGMA busy_timeout").fetchone()[0]
        db.execute("PRAGMA busy_timeout = 0")  # busy: not worth waiting for (the answer is already worked out)
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                if generation(db) == seen:
                    db.execute("INSERT OR REPLACE INTO kept VALUES (?, ?)", (EXCHANGES, stored(value)))
                db.execute("COMMIT")
            except BaseException:  # Ctrl-C too: nothing half kept; the error or interruption then goes on
                db.execute("ROLLBACK")
                raise
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(waits)}")
    except sqlite3.Error:
        pass


@reading
def exchange_inputs(db: sqlite3.Connection, ids: list[str]) -> Any:
    """What the kept exchanges rest on, of the named sources: the rows of the responses they make or receive, the
    heads of those of them in an exchange, and who publishes with whom (the voices) in the whole evidence. An update
    a file at a time compares it before and after (`lucli.records.reindex`): any difference drops them."""
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(sorted(ids)):
        rows += db.execute(f"SELECT * FROM responses WHERE source IN ({marks(chunk)}) OR target IN ({marks(chunk)})",
                           (*chunk, *chunk)).fetchall()
    involved = sorted({sid for row in rows for sid in row[:2]} & set(ids))
    heads: list[tuple[Any, ...]] = []
    for chunk in chunks(involved):
        heads += db.execute(f"SELECT * FROM heads WHERE source IN ({marks(chunk)})", chunk).fetchall()
    whole = db.execute("SELECT value FROM meta WHERE key = 'whole'").fetchone()
    voices = {tuple(p) for p in json.loads(whole[0])[4]} if whole is not None else None
    return sorted(rows, key=repr), sorted(heads), voices


def forget_exchanges(db: sqlite3.Connection) -> None:
    """Drop the kept exchanges (`exchange_inputs` changed): the next stance matrix works them out again."""
    db.execute("DELETE FROM kept WHERE key = ?", (EXCHANGES,))
