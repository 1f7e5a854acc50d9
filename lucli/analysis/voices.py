"""Independent voices, their roles, and the exchanges between them.

The unit of agreement is an independent **voice**, not an organisation:
organisations that publish a source together form one voice (Demos and LIPSIT
are "Demos + LIPSIT"), and the grouping is transitive, so no verdict counts an
organisation twice. A voice has a **role**: `evidence`, or `subject` when one of
its organisations is the body whose policy is under review (a `government`
organisation unless organisations.yaml says otherwise); subject voices are
shown apart and count toward no verdict.

An **exchange** is one finding's `responds_to` entry resolved against the
corpus: who responds to whom, how (challenges, rebuts, endorses, extends),
about what, and the principles it bears on.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Organisation, Response, Source

T = TypeVar("T")
_MEMO: dict[tuple[int, str], Any] = {}


def _memo(corpus: Corpus, name: str, build: Callable[[Corpus], T]) -> T:
    """Work something out once per corpus (a Corpus is never changed once built)."""
    key = (id(corpus), name)
    if key not in _MEMO:
        _MEMO[key] = build(corpus)
        weakref.finalize(corpus, _MEMO.pop, key, None)
    found: T = _MEMO[key]
    return found


def short_name(organisation: Organisation) -> str:
    """Return the shortest name fit for a column header: shortest alias, else a short name, else the id."""
    if organisation.aliases or len(organisation.name) <= 10:
        return spoken_name(organisation)
    return organisation.id


def spoken_name(organisation: Organisation) -> str:
    """Return the name a sentence uses: the shortest alias, else the name (never the id, which only a column
    header narrow enough to need it shows, beside a key)."""
    if organisation.aliases:
        # min() keeps the first of equally short aliases, so the choice is stable.
        return min(organisation.aliases, key=len)
    return organisation.name


@dataclass(frozen=True)
class Voice:
    """Organisations that speak as one: they published (some of) their sources together."""

    id: str
    """Its organisations' ids joined by '+', e.g. 'demos+lipsit'."""
    name: str
    """Its organisations' short names joined by ' + ', e.g. 'Demos + LIPSIT'."""
    organisations: tuple[str, ...]
    """Organisation ids, in organisations.yaml order."""
    role: str
    """evidence | subject."""
    sources: tuple[str, ...]
    """Ids of the sources its organisations published, newest first."""
    spoken: str
    """Its organisations' names for a sentence (`spoken_name`) joined by ' + ': 'Beta Research Institute challenges
    it', where `name`, a column header's, may give an id."""

    @property
    def independent(self) -> bool:
        """True for an evidence voice: one that counts toward verdicts."""
        return self.role == "evidence"


@dataclass(frozen=True)
class Voices:
    """Every active voice of a corpus, and which voice each organisation and source belongs to."""

    all: tuple[Voice, ...]
    """Evidence voices first, then subject voices, each in organisations.yaml order."""
    by_organisation: dict[str, Voice]
    by_source: dict[str, Voice]

    @property
    def evidence(self) -> tuple[Voice, ...]:
        """The independent voices, which verdicts count."""
        return tuple(v for v in self.all if v.independent)

    @property
    def subject(self) -> tuple[Voice, ...]:
        """The voices whose policy is under review, shown apart."""
        return tuple(v for v in self.all if not v.independent)


def voices(corpus: Corpus) -> Voices:
    """Group the publishing organisations of a corpus into independent voices."""
    return _memo(corpus, "voices", _group)


def _group(corpus: Corpus) -> Voices:
    parent: dict[str, str] = {}

    def root(oid: str) -> str:
        while parent.setdefault(oid, oid) != oid:
            parent[oid] = parent[parent[oid]]
            oid = parent[oid]
        return oid

    # Each list of co-publishers once: the same groups, in the same order, as going through every source (and
    # a corpus that holds part of the evidence gives the lists of all of it, so its voices are the whole's).
    for publishers in corpus.publisher_lists():
        first, *rest = publishers
        root(first)
        for other in rest:
            parent[root(other)] = root(first)
    order = {oid: i for i, oid in enumerate(corpus.organisations)}
    members: dict[str, list[str]] = {}
    for oid in parent:
        members.setdefault(root(oid), []).append(oid)
    by_first: dict[str, list[str]] = {}  # each voice's sources, in the corpus's order
    for s in corpus.sources.values():
        by_first.setdefault(root(s.publishers[0]), []).append(s.id)
    found = []
    for head, group in members.items():
        ids = sorted(group, key=lambda o: order.get(o, len(order)))
        orgs = [corpus.organisations[o] for o in ids if o in corpus.organisations]
        subject = any(o.effective_role == "subject" for o in orgs)
        names = [short_name(corpus.organisations[o]) if o in corpus.organisations else o for o in ids]
        spoken = [spoken_name(corpus.organisations[o]) if o in corpus.organisations else o for o in ids]
        sources = tuple(by_first.get(head, ()))
        found.append(Voice("+".join(ids), " + ".join(names), tuple(ids), "subject" if subject else "evidence",
                           sources, " + ".join(spoken)))
    found.sort(key=lambda v: (v.role != "evidence", order.get(v.organisations[0], len(order))))
    return Voices(tuple(found), {o: v for v in found for o in v.organisations},
                  {s: v for v in found for s in v.sources})


def voice_of(corpus: Corpus, source: Source | str) -> Voice:
    """Return the voice a source speaks for."""
    return voices(corpus).by_source[source if isinstance(source, str) else source.id]


@dataclass(frozen=True)
class Exchange:
    """One finding responding to another record: who responds to whom, how and about what."""

    finding: Finding
    """The finding that responds."""
    response: Response
    voice: Voice
    """Who responds."""
    target_source: Source
    target: Finding | None
    """The finding responded to; None when the response is to the whole source."""
    target_voice: Voice
    principles: tuple[str, ...]
    """Principles it bears on: the target finding's, or (for a whole source) those both sides address."""

    @property
    def relation(self) -> str:
        """challenges | rebuts | endorses | extends."""
        return self.response.relation

    @property
    def dissents(self) -> bool:
        """True when it challenges or rebuts what it responds to."""
        return self.response.dissents

    @property
    def between_evidence(self) -> bool:
        """True when both sides are independent evidence voices (and not the same one)."""
        # By id: a voice's id names it in its corpus, and comparing ids is quicker than comparing every field.
        return self.voice.independent and self.target_voice.independent and self.voice.id != self.target_voice.id


def exchanges(corpus: Corpus) -> tuple[Exchange, ...]:
    """Every response in the corpus whose target is in it, newest responding source first."""
    return _memo(corpus, "exchanges", _exchanges)


def given_exchanges(corpus: Corpus, found: tuple[Exchange, ...]) -> None:
    """Give a corpus its exchanges, worked out before (kept by the index: `lucli.analysis.kept_exchanges`) rather
    than from its findings, which it need not hold."""
    _memo(corpus, "exchanges", lambda _corpus: found)


def _exchanges(corpus: Corpus) -> tuple[Exchange, ...]:
    found = []
    for finding in corpus.findings.values():
        for response in finding.responds_to:
            source = corpus.sources.get(response.source_id)
            target = corpus.findings.get(response.target) if response.finding_id else None
            if source is None or (response.finding_id and target is None):
                continue  # filtered out of this view
            if target is not None:
                principles = tuple(dict.fromkeys(r.id for r in target.principles))
            else:
                principles = tuple(p for p in dict.fromkeys(r.id for r in finding.principles)
                                   if p in corpus.addressed(source.id))
            found.append(Exchange(finding, response, voice_of(corpus, finding.source_id), source, target,
                                  voice_of(corpus, source), principles))
    return tuple(found)


def exchanges_on(corpus: Corpus) -> dict[str, tuple[Exchange, ...]]:
    """The exchanges that bear on each principle, in `exchanges` order (those bearing on none are left out)."""
    return _memo(corpus, "exchanges_on", _exchanges_on)


def _exchanges_on(corpus: Corpus) -> dict[str, tuple[Exchange, ...]]:
    found: dict[str, list[Exchange]] = {}
    for e in exchanges(corpus):
        for principle in dict.fromkeys(e.principles):
            found.setdefault(principle, []).append(e)
    return {principle: tuple(bearing) for principle, bearing in found.items()}


def exchanges_about(corpus: Corpus, record_id: str) -> tuple[tuple[Exchange, ...], tuple[Exchange, ...]]:
    """Return (responses it makes, responses it receives) for a source id or a finding's global id."""
    made, received = [], []
    for e in exchanges(corpus):
        if record_id in (e.finding.global_id, e.finding.source_id):
            made.append(e)
        if record_id == e.target_source.id or (e.target is not None and record_id == e.target.global_id):
            received.append(e)
    return tuple(made), tuple(received)
