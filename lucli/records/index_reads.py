"""What a digest and a briefing's facts answered from the SQLite index read of it beyond one view's rows
(`lucli.records.index`): each organisation's counts on each principle over every source it published or
co-published, the key sources, the sources in the whole corpus's order with their number of findings, the
findings on one principle row by row, and the names, dates and related principles a briefing states.

Read by `lucli.render.digest_outline`, `lucli.render.indexed_digest` and `lucli.render.indexed_facts`; kept apart
from `Index`, whose queries answer the other commands. A value not as lucli wrote it raises `DamagedIndex`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from lucli.records.corpus import latest_first_ids
from lucli.records.index import Index
from lucli.records.index_damage import reading


@dataclass
class Held:
    """One organisation's findings on one principle, counted over every source it published or co-published
    (an organisation's position, as `lucli.analysis.verdicts.position` takes it; a voice counts a source
    toward its first publisher only)."""

    stances: list[int] = field(default_factory=lambda: [0, 0, 0])
    """Findings that support, oppose and qualify (`STANCES` order)."""
    findings: int = 0
    empirical: int = 0
    empirical_sources: int = 0
    sources: set[str] = field(default_factory=set)
    """The sources with findings on it."""
    key: tuple[str, int, str] | None = None
    """(source, findings on it, date published) of the source with the most findings on it, the newest of equals
    (ties by id): the position's key source."""


@reading
def organisation_holdings(index: Index) -> dict[tuple[str, str], Held]:
    """`Held` by (principle, organisation), for every organisation and principle with findings."""
    held: dict[tuple[str, str], Held] = {}
    ids: dict[str, str] = {}  # each source id once: a string a row was 11 MB of the outline at 100k findings
    for pid, org, sid, supports, opposes, qualifies, findings, empirical, published in index.db.execute(
            "SELECT t.principle, p.organisation, t.source, t.supports, t.opposes, t.qualifies, t.findings, "
            "t.empirical, s.published FROM tally t JOIN publishes p ON p.source = t.source "
            "JOIN sources s ON s.id = t.source"):
        sid = ids.setdefault(sid, sid)
        found = held.get((pid, org))
        if found is None:
            found = held[pid, org] = Held()
        found.stances[0] += supports
        found.stances[1] += opposes
        found.stances[2] += qualifies
        found.findings += findings
        found.empirical += empirical
        found.empirical_sources += empirical > 0
        found.sources.add(sid)
        known = found.key
        if known is None or (findings, published) > known[1:] or ((findings, published) == known[1:]
                                                                  and sid < known[0]):
            found.key = (sid, findings, published)
    return held


@reading
def publishers_of(index: Index) -> dict[str, list[str]]:
    """The organisations that published or co-published each source (not in the order the source names them)."""
    publishers: dict[str, list[str]] = {}
    for organisation, source in index.db.execute("SELECT organisation, source FROM publishes"):
        publishers.setdefault(str(source), []).append(str(organisation))
    return publishers


def published_in_order(publishers: dict[str, list[str]], ordered: list[str]) -> dict[str, tuple[str, ...]]:
    """The sources each organisation published or co-published (`publishers_of` read them), in the order of
    `ordered` (every source id)."""
    found: dict[str, list[str]] = {}
    for sid in ordered:
        for organisation in publishers.get(sid, ()):
            found.setdefault(organisation, []).append(sid)
    return {organisation: tuple(ids) for organisation, ids in found.items()}


@reading
def sources_in_order(index: Index) -> list[tuple[str, int]]:
    """(id, number of findings) of every source, in the whole corpus's order (newest first, ties by id)."""
    rows = index.db.execute("SELECT id, published, findings FROM sources").fetchall()
    counts = {sid: findings for sid, _published, findings in rows}
    return [(sid, counts[sid]) for sid in latest_first_ids((sid, published) for sid, published, _n in rows)]


@reading
def finding_kinds(index: Index) -> set[str]:
    """The kinds of finding the evidence uses."""
    return {kind for (kind,) in index.db.execute("SELECT DISTINCT json_extract(record, '$[1]') FROM findings")}


@reading
def statements_on(index: Index, principle: str, order: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(kind, statement) of every finding on a principle, in the whole corpus's order (`order`: each source's
    place in it)."""
    rows = index.db.execute("SELECT f.source, f.seq, json_extract(f.record, '$[1]'), json_extract(f.record, '$[2]') "
                            "FROM finding_on o JOIN findings f ON f.source = o.source AND f.seq = o.seq "
                            "WHERE o.principle = ?", (principle,)).fetchall()
    rows.sort(key=lambda row: (order[row[0]], row[1]))
    for _source, _seq, kind, statement in rows:
        yield kind, statement


@reading
def statement_names(index: Index) -> list[str]:
    """The words statements start with that the evidence only writes with a capital inside sentences
    (`lucli.render.wording.word_marks`, summed over the sources), sorted."""
    return sorted(w for (w,) in index.db.execute(
        "SELECT word FROM vocabulary WHERE starts > 0 AND capital > 0 AND lower = 0"))


@reading
def dates(index: Index) -> list[str]:
    """Every source's publication date, each once, sorted."""
    return sorted(d for (d,) in index.db.execute("SELECT DISTINCT published FROM sources"))


@reading
def key_sources(index: Index) -> dict[tuple[str, str], tuple[str, int, str]]:
    """For each principle and organisation, (source, findings on it, date published) of the organisation's source
    with the most findings on it, the newest of equals (ties by id), among the sources it published first
    (`lucli.analysis.voices`). Picked here rather than by a window query, which sorted every row of the counts
    with its date (0.35 s at 100k findings, against 0.2 s)."""
    dated = dict(index.db.execute("SELECT id, published FROM sources").fetchall())  # the covering index
    best: dict[tuple[str, str], tuple[str, int, str]] = {}
    for pid, org, sid, findings in index.db.execute("SELECT principle, organisation, source, findings FROM tally"):
        known = best.get((pid, org))
        if known is None or (findings, dated[sid]) > known[1:] or (
                (findings, dated[sid]) == known[1:] and sid < known[0]):
            best[pid, org] = (sid, findings, dated[sid])
    return best


@reading
def principle_counts(index: Index) -> dict[str, int]:
    """How many findings address each principle (those no finding addresses are left out)."""
    return dict(index.db.execute("SELECT principle, SUM(findings) FROM tally GROUP BY principle").fetchall())


@reading
def co_addressed(index: Index, principle: str) -> Iterator[list[str]]:
    """For each source with findings on a principle, in the whole corpus's order (newest first, ties by id), the
    other principles those findings address, in the order they first come."""
    for (value,) in index.db.execute("SELECT r.value FROM related r JOIN sources s ON s.id = r.source WHERE "
                                     "r.principle = ? ORDER BY s.published DESC, s.id ASC", (principle,)):
        yield json.loads(value)


@reading
def finding_texts(index: Index) -> Iterator[tuple[str, str, str | None, tuple[str, ...]]]:
    """(global id, statement, quote, the ids of the principles it bears on) of every finding, a row at a time,
    without building a record (`lucli dedupe`: at 100k findings the records took 280 MB)."""
    for source, record in index.db.execute("SELECT source, record FROM findings"):
        fid, _kind, statement, refs, quote = json.loads(record)[:5]
        if not (isinstance(statement, str) and isinstance(quote, (str, type(None)))):
            raise TypeError("a finding's texts are not text")
        yield f"{source}/{fid}", statement, quote, tuple(ref[0] for ref in refs)


@reading
def stances_by_source(index: Index) -> dict[str, dict[str, tuple[int, int, int]]]:
    """For each source, how many of its findings support, oppose and qualify each principle they address."""
    found: dict[str, dict[str, tuple[int, int, int]]] = {}
    for source, principle, supports, opposes, qualifies in index.db.execute(
            "SELECT source, principle, supports, opposes, qualifies FROM tally"):
        found.setdefault(source, {})[principle] = (int(supports), int(opposes), int(qualifies))
    return found


@reading
def findings_by_source(index: Index) -> dict[str, int]:
    """How many findings each source reports, by its id."""
    return {source: int(count) for source, count in index.db.execute("SELECT id, findings FROM sources")}
