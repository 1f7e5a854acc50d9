"""The exchanges of the whole evidence as JSON data, so that the index can keep them between runs and the stance
matrix after an edit need not work them out again.

Working out the exchanges means building a corpus of every source in an exchange and its findings in one
(`lucli.records.index_exchanges.exchange_facts`): at 100k findings with 3% responding, 3,400 sources and 5,000
findings, half the matrix's time after an edit. Most edits change none of it, so the index keeps them
(`kept_exchanges`) until an update changes what they rest on (`exchange_inputs`, in `lucli.records.reindex`).

What is kept is what the verdicts and the matrix read of an exchange (`lucli.analysis.verdicts`,
`lucli.render.formats.pieces.exchange_json`): of each finding in an exchange its id, kind, principles with their
stances and the responses it makes; of each source in an exchange its title, date, kind and publishers (whose first
gives its voice); of each exchange, which response of which finding it is, what it names and the principles it
bears on. Not the statements, nor the sources' other findings: the argument map, which shows statements, is kept
beside them by the layer above (`lucli.render.indexed_matrix`).
"""

from __future__ import annotations

from typing import Any

from lucli.analysis.voices import Exchange, given_exchanges, voices
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, PrincipleRef, Response, Source


def exchanges_data(found: tuple[Exchange, ...], sources: dict[str, Source]) -> dict[str, Any]:
    """The exchanges `found` (`lucli.analysis.voices.exchanges`, in its order) as JSON data; `sources`: the
    responding sources, by id."""
    heads: dict[str, list[Any]] = {}
    findings: dict[str, list[Any]] = {}
    rows = []
    for e in found:
        for source in (sources[e.finding.source_id], e.target_source):
            if source.id not in heads:
                heads[source.id] = [source.title, source.published, source.kind, list(source.publishers)]
        for finding in (e.finding, e.target):
            if finding is not None and finding.global_id not in findings:
                findings[finding.global_id] = [finding.kind, [[r.id, r.stance] for r in finding.principles],
                                               [[r.ref, r.relation, r.about] for r in finding.responds_to]]
        rows.append([e.finding.global_id, e.finding.responds_to.index(e.response), e.target_source.id,
                     e.target.global_id if e.target is not None else None, list(e.principles)])
    return {"sources": heads, "findings": findings, "exchanges": rows}


def with_exchanges(corpus: Corpus, data: dict[str, Any]) -> Corpus:
    """`corpus` (its organisations, principles and the facts about the whole evidence) with the exchanges of the
    whole evidence given from `exchanges_data`: its verdicts are the whole evidence's. Their findings carry no
    statement and their sources no findings (see the module's docstring)."""
    by_organisation = voices(corpus).by_organisation
    heads = data["sources"]
    voice = {sid: by_organisation[head[3][0]] for sid, head in heads.items()}
    refs: dict[tuple[str, str], PrincipleRef] = {}  # a few dozen distinct ones, each made once
    findings = {}
    for gid, (kind, said, responds) in data["findings"].items():
        sid, _, fid = gid.partition("/")
        principles = tuple(refs.get((p, s)) or refs.setdefault((p, s), PrincipleRef(p, s)) for p, s in said)
        findings[gid] = Finding(fid, sid, kind, "", principles,
                                responds_to=tuple(Response(ref, relation, about) for ref, relation, about in responds))
    targets: dict[str, Source] = {}  # only the sources responded to are read as sources
    found = []
    for gid, which, tid, target, principles in data["exchanges"]:
        finding = findings[gid]
        source = targets.get(tid)
        if source is None:
            title, published, kind, publishers = heads[tid]
            source = targets[tid] = Source(tid, title, tuple(publishers), published, kind)
        found.append(Exchange(finding, finding.responds_to[which], voice[finding.source_id], source,
                              findings[target] if target is not None else None, voice[tid], tuple(principles)))
    given_exchanges(corpus, tuple(found))
    return corpus
