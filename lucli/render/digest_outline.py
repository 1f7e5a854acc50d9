"""What the pages of a digest answered from the SQLite index state about the whole evidence: its outline.

A page of the digest (`lucli.render.indexed_digest`) holds the findings of its own topic, and states of the
whole evidence only what is small: every principle's verdict and headline, each voice's and each
organisation's stance on it with the number of findings, the strength and the key source behind it, who is
silent where, every response between sources, and how many sources and findings there are. The outline
holds exactly that, worked out once before the pages are rendered, from the counts the index keeps a
source at a time (`lucli.analysis.tallies`, `lucli.records.index_reads`), the sources in an exchange (whole)
and the key sources (without their findings). Its principles' views are those of the whole view with their
findings left out: the positions carry their counts (`counted_strength`) and the sources they rest on
(`PositionView.source_set`) instead. Tests hold every page built on it to the whole view's, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from lucli.analysis.compare import Matrix
from lucli.analysis.tallies import NOTHING, Tally, tallied_matrix, tallies_of
from lucli.analysis.verdicts import Verdict, VoicePosition, combine
from lucli.analysis.voices import exchanges, voices
from lucli.records.corpus import Corpus
from lucli.records.index import NO_PRINCIPLE, Index
from lucli.records.index_exchanges import exchange_corpus
from lucli.records.index_reads import Held, key_sources, organisation_holdings
from lucli.records.model import STANCES, Principle
from lucli.records.reindex import tallies_summed
from lucli.render.context import CorpusView, OrganisationView, PositionView, PrincipleView, VoiceView
from lucli.render.indexed_facts import voice_key_source
from lucli.render.mermaid import argument_map
from lucli.render.view_builder import (
    Parts,
    counted_strength,
    exchange_views,
    short_verdict,
    view_parts,
    voice_members,
)
from lucli.render.wording import STANCE_SYMBOLS, STANCE_WORDS, is_stale


@dataclass(frozen=True)
class Outline:
    """The whole evidence as the pages of an indexed digest state it (see the module's docstring)."""

    view: CorpusView
    """The whole view without sources or findings of its own: every page's view is this one with its own."""
    parts: Parts
    """Views of the sources in an exchange and of the key sources, which every page may cite."""
    corpus: Corpus
    """Those sources, with every organisation and principle and the facts about the whole evidence."""
    proper: set[str]
    """The words statements start with that are names (`lucli.render.wording.proper_nouns`)."""


def outline(index: Index, today: dt.date, stale_after: int, proper: set[str], dates: list[str]) -> Outline:
    """Work out the outline from the index (`dates`: every source's publication date, each once)."""
    held = organisation_holdings(index)
    best = key_sources(index)
    tallies = tallies_of(tallies_summed(index))
    linked = exchange_corpus(index)  # the findings in an exchange, not their sources whole
    matrix = tallied_matrix(linked, tallies)
    keys = {h.key[0] for h in held.values() if h.key} | {k[0] for k in best.values()}
    keyed = index.corpus(sorted(keys - set(linked.sources)), NO_PRINCIPLE)
    corpus = Corpus(replace(linked.evidence, sources=linked.evidence.sources + keyed.evidence.sources),
                    linked.rules, linked.whole)
    parts = view_parts(corpus, today, stale_after, proper)
    principles = {v.principle: _principle(corpus, v, parts, held, best, tallies) for v in matrix.rows}
    principles = {pid: principles[pid] for pid in corpus.principles}  # taxonomy order
    return Outline(_whole(corpus, matrix, principles, parts, today, stale_after, dates), parts, corpus, proper)


def _whole(corpus: Corpus, matrix: Matrix, principles: dict[str, PrincipleView], parts: Parts, today: dt.date,
           stale_after: int, dates: list[str]) -> CorpusView:
    orgs = parts.organisations
    members = {v.id: v for v in matrix.voices}
    found = matrix.gaps
    every = exchanges(corpus)
    extent = corpus.extent()
    return CorpusView(
        organisations=tuple(orgs[o.id] for o in corpus.active_organisations()), all_organisations=tuple(orgs.values()),
        principles=tuple(principles.values()), matrix=tuple(principles[v.principle] for v in matrix.rows),
        sources=(), findings=(), organisations_by_id=orgs, principles_by_id=principles, sources_by_id={},
        findings_by_id={}, latest_date=corpus.latest_date(),
        unaddressed=tuple(principles[p] for p in found.unaddressed),
        single_voice=tuple(principles[p] for p in found.single_voice),
        silences=tuple((orgs[o], principles[p]) for v, p in found.silences for o in members[v].organisations),
        voices=voices(corpus).all, rules=corpus.rules, stale_after=stale_after,
        exchanges=exchange_views(every, parts.findings, parts.sources), exchange_records=every,
        whole_stale_tells=len({is_stale(d, today, stale_after) for d in dates}) == 2,
        counted=(extent.sources, extent.findings))


Best = dict[tuple[str, str], tuple[str, int, str]]
"""The key source of each principle and first publisher (`lucli.records.index_reads.key_sources`)."""


def _principle(corpus: Corpus, judged: Verdict, parts: Parts, held: dict[tuple[str, str], Held], best: Best,
               tallies: dict[tuple[str, str], Tally]) -> PrincipleView:
    """A principle's view as the whole view has it, but for its findings (see the module's docstring)."""
    pid = judged.principle
    principle: Principle = corpus.principles[pid]
    rules = corpus.rules
    positions = tuple(_position(parts.organisations[o.id], pid, held.get((pid, o.id)), parts, corpus)
                      for o in corpus.active_organisations())
    voices_ = tuple(_voice(p, parts, best, tallies, corpus) for p in judged.positions)
    subject_all = tuple(_voice(p, parts, best, tallies, corpus) for p in judged.subject)
    total = sum((_tally(p, tallies) for p in judged.positions), NOTHING)
    return PrincipleView(
        principle, judged.agreement, positions, (),
        counted_strength(total.findings, total.empirical, total.empirical_sources, rules),
        {s: sum(p.stance == s for p in positions) for s in STANCE_SYMBOLS}, (), judged.headline,
        short_verdict(judged), voices_, tuple(v for v in subject_all if v.speaks), subject_all,
        {s: judged.count(s) for s in STANCE_SYMBOLS}, exchange_views(judged.exchanges, parts.findings, parts.sources),
        argument_map(judged.exchanges))


def _position(organisation: OrganisationView, pid: str, held: Held | None, parts: Parts,
              corpus: Corpus) -> PositionView:
    if held is None:
        held = Held()
    stance = combine([s for s, n in zip(STANCES, held.stances, strict=True) if n])
    view = PositionView(organisation, pid, stance, STANCE_SYMBOLS[stance], STANCE_WORDS[stance], (),
                        counted_strength(held.findings, held.empirical, held.empirical_sources, corpus.rules),
                        parts.sources[held.key[0]] if held.key else None)
    view.__dict__["source_set"] = frozenset(held.sources)  # what its findings would give (cached_property)
    return view


def _tally(position: VoicePosition, tallies: dict[tuple[str, str], Tally]) -> Tally:
    return sum((tallies.get((o, position.principle), NOTHING) for o in position.voice.organisations), NOTHING)


def _voice(position: VoicePosition, parts: Parts, best: Best,
           tallies: dict[tuple[str, str], Tally], corpus: Corpus) -> VoiceView:
    voice = position.voice
    name, members = voice_members(voice, parts.organisations)
    tally = _tally(position, tallies)
    key = voice_key_source(best, position.principle, voice.organisations)
    return VoiceView(voice.id, name, voice.role, members,
                     position.stance, STANCE_SYMBOLS[position.stance], STANCE_WORDS[position.stance], (),
                     counted_strength(tally.findings, tally.empirical, tally.empirical_sources, corpus.rules),
                     parts.sources[key] if key is not None else None)
