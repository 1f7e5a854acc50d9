"""What a digest answered from the SQLite index reads of it beyond one view's rows (`lucli.records.index`): each
organisation's counts on each principle over every source it published or co-published, the sources in the
whole corpus's order with their number of findings, and the findings on one principle, row by row.

Read by `lucli.render.digest_outline` and `lucli.render.indexed_digest`; kept apart from `Index`, whose queries
answer the other commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lucli.records.corpus import latest_first_ids
from lucli.records.index import Index


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


def organisation_holdings(index: Index) -> dict[tuple[str, str], Held]:
    """`Held` by (principle, organisation), for every organisation and principle with findings."""
    held: dict[tuple[str, str], Held] = {}
    for pid, org, sid, supports, opposes, qualifies, findings, empirical, published in index.db.execute(
            "SELECT t.principle, p.organisation, t.source, t.supports, t.opposes, t.qualifies, t.findings, "
            "t.empirical, s.published FROM tally t JOIN publishes p ON p.source = t.source "
            "JOIN sources s ON s.id = t.source"):
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


def sources_in_order(index: Index) -> list[tuple[str, int]]:
    """(id, number of findings) of every source, in the whole corpus's order (newest first, ties by id)."""
    rows = index.db.execute("SELECT id, published, findings FROM sources").fetchall()
    counts = {sid: findings for sid, _published, findings in rows}
    return [(sid, counts[sid]) for sid in latest_first_ids((sid, published) for sid, published, _n in rows)]


def finding_kinds(index: Index) -> set[str]:
    """The kinds of finding the evidence uses."""
    return {kind for (kind,) in index.db.execute("SELECT DISTINCT json_extract(record, '$[1]') FROM findings")}


def statements_on(index: Index, principle: str, order: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(kind, statement) of every finding on a principle, in the whole corpus's order (`order`: each source's
    place in it)."""
    rows = index.db.execute("SELECT f.source, f.seq, json_extract(f.record, '$[1]'), json_extract(f.record, '$[2]') "
                            "FROM finding_on o JOIN findings f ON f.source = o.source AND f.seq = o.seq "
                            "WHERE o.principle = ?", (principle,)).fetchall()
    rows.sort(key=lambda row: (order[row[0]], row[1]))
    for _source, _seq, kind, statement in rows:
        yield kind, statement
