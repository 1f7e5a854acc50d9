"""Build the read-only views of the Corpus once per command: positions, verdicts, voices and strength.

The views are defined in `lucli.render.context`; this module fills them from a `Corpus`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lucli.analysis.provenance import COVERAGE_CAVEAT, rests_on_coverage
from lucli.analysis.strength import is_empirical
from lucli.analysis.strength import scale as strength_scale
from lucli.analysis.verdicts import Verdict, gaps, position, verdict, verdicts
from lucli.analysis.voices import Exchange, Voice, exchanges, voices
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Organisation, Principle
from lucli.records.rules import Rules
from lucli.render.context import (
    CorpusView,
    ExchangeView,
    FindingView,
    OrganisationView,
    PositionView,
    PrincipleView,
    SourceView,
    VoiceView,
)
from lucli.render.mermaid import argument_map
from lucli.render.strength_view import STRENGTH_SCALE, Strength
from lucli.render.wording import (
    STALE_YEARS,
    STANCE_SYMBOLS,
    STANCE_WORDS,
    acronym,
    date_text,
    is_stale,
    label,
    proper_nouns,
    quote_label,
    verbs,
)


def strength_of(findings: tuple[FindingView, ...], rules: Rules | None = None) -> Strength:
    """Rate a set of findings on the evidence-strength scale (the thresholds of `rules`, else the defaults)."""
    from lucli.records.model import BASES

    rules = rules or Rules()
    empirical = [f for f in findings if f.evidence == "empirical"]
    advocacy = [f for f in findings if f.evidence == "advocacy"]
    empirical_sources = len({f.source_id for f in empirical})
    name, symbol, description = _level(empirical_sources, bool(findings), rules)
    named: dict[str, int] = {}
    for f in findings:  # one pass: a principle at 100k findings has thousands
        for b in set(f.basis):
            named[b] = named.get(b, 0) + 1
    bases = tuple((b, named[b]) for b in BASES if named.get(b))
    evidence = "empirical" if empirical else "advocacy" if findings else "none"
    basis_text = ", ".join(b.replace("-", " ") for b, _ in bases) or "no basis given"
    return Strength(name, symbol, description, len(findings), len(empirical), empirical_sources, len(advocacy),
                    len({f.source_id for f in advocacy}), bases, sum(not f.basis for f in findings), evidence,
                    basis_text)


def _level(empirical_sources: int, any_findings: bool, rules: Rules) -> tuple[str, str, str]:
    """(level, symbol, description) on the strength scale."""
    if empirical_sources >= rules.strong:
        level = 0
    elif empirical_sources >= rules.limited:
        level = 1 if empirical_sources >= rules.moderate else 2
    else:
        level = 3 if any_findings else 4
    name, symbol, _ = STRENGTH_SCALE[level]
    return name, symbol, strength_scale(rules)[level][2]


def counted_strength(findings: int, empirical: int, empirical_sources: int, rules: Rules) -> Strength:
    """`strength_of` findings known only by their counts: the level, the symbol and the counts of findings, as a
    view of part of the evidence states them of positions whose findings it does not hold (no bases)."""
    name, symbol, description = _level(empirical_sources, findings > 0, rules)
    evidence = "empirical" if empirical else "advocacy" if findings else "none"
    return Strength(name, symbol, description, findings, empirical, empirical_sources, findings - empirical, 0, (), 0,
                    evidence, "no basis given")


@dataclass(frozen=True)
class Parts:
    """The views of the records themselves, by id: what every principle's view is built from."""

    organisations: dict[str, OrganisationView]
    findings: dict[str, FindingView]
    sources: dict[str, SourceView]


def view_parts(corpus: Corpus, today: dt.date, stale_after: int = STALE_YEARS,
               proper: set[str] | None = None, kept: dict[Any, OrganisationView] | None = None) -> Parts:
    """The views of every organisation, finding and source; sources more than `stale_after` years old are flagged.

    `proper` gives the words statements start with that are names (`proper_nouns`, worked out from the whole
    evidence), for a corpus that holds part of it (`lucli.render.indexed_brief`). `kept` (a dict the caller keeps)
    holds the views of organisations with no source in the corpus, for the next corpus of the same records."""
    actives = {o.id for o in corpus.active_organisations()}
    orgs = {o.id: _organisation_view(o, tuple(s.id for s in corpus.sources_by_organisation.get(o.id, ())),
                                     o.id in actives, kept)
            for o in corpus.organisations.values()}
    proper = proper_nouns(corpus) if proper is None else proper
    # Worked out once a source, not once a finding; and once a date (a principle's page reads thousands of sources,
    # a few hundred dates).
    speaking = {s.id: tuple(orgs[p] for p in s.publishers if p in orgs) for s in corpus.sources.values()}
    findings = {gid: _finding_view(corpus, f, speaking[f.source_id], proper) for gid, f in corpus.findings.items()}
    order = {pid: i for i, pid in enumerate(corpus.principles)}
    dated: dict[str, tuple[str, bool]] = {}
    sources = {}
    for s in corpus.sources.values():
        addressed = sorted({r.id for f in s.findings for r in f.principles if r.id in order}, key=order.__getitem__)
        if s.published not in dated:
            dated[s.published] = (date_text(s.published), is_stale(s.published, today, stale_after))
        when, stale = dated[s.published]
        coverage = rests_on_coverage(s)
        sources[s.id] = SourceView(s, speaking[s.id], tuple(findings[f.global_id] for f in s.findings), when, s.year,
                                   stale, tuple(addressed), coverage, COVERAGE_CAVEAT if coverage else "")
    return Parts(orgs, findings, sources)


def organisation_views(corpus: Corpus, published: Mapping[str, tuple[str, ...]]) -> dict[str, OrganisationView]:
    """Every organisation's view, given the sources each published or co-published (newest first), for a corpus
    that does not hold them all."""
    actives = {o.id for o in corpus.active_organisations()}
    return {o.id: _organisation_view(o, published.get(o.id, ()), o.id in actives, None)
            for o in corpus.organisations.values()}


def _organisation_view(organisation: Organisation, source_ids: tuple[str, ...], active: bool,
                       kept: dict[Any, OrganisationView] | None) -> OrganisationView:
    """An organisation's view; one with no source in the corpus is the same for every page of a digest (a source's
    page names two or three of fifty organisations), so it is taken from `kept` when the record is the same."""
    if kept is None or source_ids:
        return OrganisationView(organisation, acronym(organisation), label(organisation), source_ids, active)
    view = kept.get((organisation.id, active))
    if view is None or view.record is not organisation:
        view = kept[(organisation.id, active)] = OrganisationView(organisation, acronym(organisation),
                                                                  label(organisation), (), active)
    return view


def principle_view(corpus: Corpus, principle_id: str, parts: Parts) -> PrincipleView:
    """The view of one principle: every active organisation's and voice's position, and the verdict."""
    return _principle_view(corpus, corpus.principles[principle_id], parts.organisations, parts.findings,
                           parts.sources)


def build_corpus_view(corpus: Corpus, today: dt.date, stale_after: int = STALE_YEARS) -> CorpusView:
    """Build every view of the corpus once; sources more than `stale_after` years old are flagged."""
    parts = view_parts(corpus, today, stale_after)
    orgs, findings, sources = parts.organisations, parts.findings, parts.sources
    actives = {o.id for o in corpus.active_organisations()}
    judged = verdicts(corpus)  # worked out once: each principle's view, the gaps and the matrix read them
    by_principle = {v.principle: v for v in judged}
    principles = {pid: _principle_view(corpus, corpus.principles[pid], orgs, findings, sources, by_principle[pid])
                  for pid in corpus.principles}
    found = gaps(corpus, judged)
    every = voices(corpus)
    all_exchanges = exchanges(corpus)
    members = {v.id: v for v in every.all}
    return CorpusView(
        organisations=tuple(orgs[o] for o in orgs if o in actives), all_organisations=tuple(orgs.values()),
        principles=tuple(principles.values()), matrix=tuple(principles[v.principle] for v in judged),
        sources=tuple(sources.values()), findings=tuple(findings.values()), organisations_by_id=orgs,
        principles_by_id=principles, sources_by_id=sources, findings_by_id=findings,
        latest_date=corpus.latest_date(), unaddressed=tuple(principles[p] for p in found.unaddressed),
        single_voice=tuple(principles[p] for p in found.single_voice),
        silences=tuple((orgs[o], principles[p]) for v, p in found.silences for o in members[v].organisations),
        voices=every.all, rules=corpus.rules, stale_after=stale_after,
        exchanges=exchange_views(all_exchanges, findings, sources), exchange_records=all_exchanges)


def _finding_view(corpus: Corpus, finding: Finding, speaking: tuple[OrganisationView, ...],
                  proper: set[str]) -> FindingView:
    """A finding's view; `speaking` are the views of its source's publishers."""
    source = corpus.source_of(finding)
    evidence = "empirical" if is_empirical(finding, corpus.rules) else "advocacy"
    basis = ", ".join(b.replace("-", " ") for b in finding.basis) or "no basis given"
    singular, plural = verbs(finding, evidence)
    quoted = quote_label(finding, source, corpus) if finding.quote else ""
    return FindingView(finding, finding.global_id, speaking, source.published, evidence, basis, singular, plural,
                       quoted, proper)


def _principle_view(corpus: Corpus, principle: Principle, orgs: dict[str, OrganisationView],
                    findings: dict[str, FindingView], sources: dict[str, SourceView],
                    judged: Verdict | None = None) -> PrincipleView:
    judged = verdict(corpus, principle.id) if judged is None else judged
    rules = corpus.rules
    positions = []
    for o in corpus.active_organisations():
        p = position(corpus, o.id, principle.id)
        views = tuple(findings[f.global_id] for f in p.findings)
        positions.append(PositionView(orgs[p.organisation], principle.id, p.stance, STANCE_SYMBOLS[p.stance],
                                      STANCE_WORDS[p.stance], views, strength_of(views, rules),
                                      _key_source(views, sources)))
    on_it = tuple(findings[f.global_id] for f in corpus.by_principle.get(principle.id, ()))
    counts = {s: sum(p.stance == s for p in positions) for s in STANCE_SYMBOLS}
    source_ids = tuple(dict.fromkeys(f.source_id for f in on_it))
    voices = tuple(_voice_view(v, orgs, findings, sources, rules) for v in judged.positions)
    subject_all = tuple(_voice_view(v, orgs, findings, sources, rules) for v in judged.subject)
    subject = tuple(v for v in subject_all if v.speaks)
    counted = tuple(f for v in voices for f in v.findings)
    exchanges = exchange_views(judged.exchanges, findings, sources)
    return PrincipleView(principle, judged.agreement, tuple(positions), on_it, strength_of(counted, rules), counts,
                         source_ids, judged.headline, short_verdict(judged), voices, subject, subject_all,
                         {s: judged.count(s) for s in STANCE_SYMBOLS}, exchanges, argument_map(judged.exchanges))


def short_verdict(judged: Verdict) -> str:
    """The verdict in short, for lists and tables: 'some agreement (2 voices), ○○○'."""
    n = len(judged.speakers)
    return f"{judged.agreement} ({n} voice{'' if n == 1 else 's'}), {judged.strength.symbol}"


def voice_members(voice: Voice, orgs: Mapping[str, OrganisationView]) -> tuple[str, tuple[OrganisationView, ...]]:
    """The name a voice's view shows (its members' short names, else its own) and its members' views."""
    members = tuple(orgs[o] for o in voice.organisations if o in orgs)
    return " + ".join(o.short for o in members) or voice.name, members


def _voice_view(p: Any, orgs: dict[str, OrganisationView], findings: dict[str, FindingView],
                sources: dict[str, SourceView], rules: Rules) -> VoiceView:
    views = tuple(findings[f.global_id] for f in p.findings)
    name, members = voice_members(p.voice, orgs)
    return VoiceView(p.voice.id, name, p.voice.role, members,
                     p.stance, STANCE_SYMBOLS[p.stance], STANCE_WORDS[p.stance], views, strength_of(views, rules),
                     _key_source(views, sources))


def exchange_views(found: tuple[Exchange, ...], findings: dict[str, FindingView],
                   sources: dict[str, SourceView]) -> tuple[ExchangeView, ...]:
    """Views of responses, grouped by who responds, how, to what and about what."""
    groups: dict[tuple[str, str, str, str | None], list[Exchange]] = {}
    for e in found:
        groups.setdefault((e.voice.id, e.relation, e.response.ref, e.response.about), []).append(e)
    return tuple(ExchangeView(g[0].voice.spoken, g[0].relation, g[0].response.about,
                              tuple(findings[e.finding.global_id] for e in g), g[0].target_voice.spoken,
                              sources[g[0].target_source.id],
                              findings[g[0].target.global_id] if g[0].target else None, g[0].dissents)
                 for g in groups.values())


def _key_source(findings: tuple[FindingView, ...], sources: dict[str, SourceView]) -> SourceView | None:
    best = key_source_id(f.source_id for f in findings)
    return sources[best] if best is not None else None


def key_source_id(source_ids: Iterable[str]) -> str | None:
    """The key source of a position, given the source of each of its findings (newest source first): the one
    with the most findings, the newest of equals; None without findings."""
    tally: dict[str, int] = {}
    for source_id in source_ids:
        tally[source_id] = tally.get(source_id, 0) + 1
    best, most = None, 0
    for source_id, count in tally.items():  # the first with the most findings: the newest of equals
        if count > most:
            best, most = source_id, count
    return best
