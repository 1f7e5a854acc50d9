"""A briefing on one principle answered from the SQLite index: the same text, from the rows it reads.

What a principle's briefing rendered with lucli's own templates reads (`lucli.render.brief`,
templates/brief-principle.md.j2 and partials/brief.md.j2), and where it comes from here:

- the principle, every finding on it and their sources, read as `compare PRINCIPLE` reads them (the sources
  that speak on it with only their findings on it; sources in an exchange whole: `Index.corpus`);
- of each related principle (declared, or addressed by a finding on it): its record (label, description),
  its verdict and the short verdict text, and, for a thin principle (`CONTEXT_BELOW` findings), where the
  voices silent on it stand on the related principle, with the key source each is cited by;
- of the whole evidence: the voices (who publishes with whom) and the newest source's date (`Whole`), whether
  some sources are old and some not (`CorpusView.stale_tells`), and which first words of statements are names
  (a finding's `lead`).

The facts about the whole evidence and about other principles are worked out from the index's rows, kept a
source at a time (`lucli.render.indexed_facts`): the same facts `brief_facts` gives from the whole corpus,
which tests hold them to. The principle's own view is built by the same function as in the whole
view (`principle_view`) from the corpus that holds the rest. The view holds no other principle than it and
its related ones, and of those only what a briefing states (record, verdict, voices' stances and key
sources: no positions or findings); its matrix, gaps and silences are empty. So a repository's own
templates, which may read anything, are given the whole view (`lucli.cli.brief_cmd`). Tests hold the text
to the whole view's, principle by principle, on the bundled corpus and synthetic ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lucli.analysis.verdicts import verdicts
from lucli.analysis.voices import Voice, voices
from lucli.records.corpus import Corpus
from lucli.records.index import Index
from lucli.records.index_damage import reading
from lucli.records.model import Principle
from lucli.render.brief import CONTEXT_BELOW
from lucli.render.context import CorpusView, OrganisationView, PrincipleView, VoiceView
from lucli.render.view_builder import (
    Parts,
    key_source_id,
    principle_view,
    short_verdict,
    strength_of,
    view_parts,
    voice_members,
)
from lucli.render.wording import STANCE_SYMBOLS, STANCE_WORDS, is_stale, proper_nouns

PROPER = "brief:proper"
"""The words statements start with that are names (`proper_nouns`), lower-cased."""
DATES = "brief:dates"
"""Every source's publication date, each once."""


def _about(principle_id: str) -> str:
    """The key of a principle's facts: [agreement, verdict text, [[voice, stance, key source] … for each
    independent voice that speaks on it], its related principles (declared, then those its findings address,
    in the order a briefing meets them), how many findings address it]."""
    return f"brief:principle:{principle_id}"


def brief_facts(corpus: Corpus) -> dict[str, Any]:
    """What a principle's briefing states about the whole evidence and other principles, as JSON data."""
    proper = proper_nouns(corpus)
    starts = set()
    for f in corpus.findings.values():  # only a statement's first word is looked up (`lead_of`)
        first = " ".join(f.statement.split()).rstrip(".").split(" ", 1)[0].lower()
        if first in proper:
            starts.add(first)
    facts: dict[str, Any] = {PROPER: sorted(starts), DATES: sorted({s.published for s in corpus.sources.values()})}
    for judged in verdicts(corpus):
        pid = judged.principle
        speaking = [[p.voice.id, p.stance, key_source_id(f.source_id for f in p.findings)]
                    for p in judged.positions if p.speaks]
        on_it = corpus.by_principle.get(pid, ())
        related = [r for r in dict.fromkeys([*corpus.principles[pid].related,
                                             *(ref.id for f in on_it for ref in f.principles)])
                   if r != pid and r in corpus.principles]
        facts[_about(pid)] = [judged.agreement, short_verdict(judged), speaking, related, len(on_it)]
    return facts


def indexed_brief_view(index: Index, text: str, today: dt.date,
                       stale_after: int) -> tuple[str, str, CorpusView] | None:
    """("principle", its id, the view its briefing reads) when `text` names one principle exactly; None
    otherwise (an organisation or a source: `lucli.render.indexed_profile`; an id prefix or an ambiguous name:
    the records answer, and explain)."""
    named = index.named(text, ("principle", "organisation", "source"))
    if len(named) != 1 or named[0].kind != "principle":
        return None
    return "principle", named[0].id, principle_brief_view(index, named[0].id, today, stale_after)


def principle_brief_view(index: Index, topic: str, today: dt.date, stale_after: int) -> CorpusView:
    """The view a briefing on one principle reads (see the module's docstring)."""
    mine, related, count, facts, judged = _facts_read(index, topic)
    ids = index.on_principle(topic)
    if count < CONTEXT_BELOW:  # the briefing cites where the voices silent on it stand nearby
        speaking = {voice for voice, _stance, _key in mine[2]}
        ids += [key for r in related for voice, _stance, key in judged[r][2] if voice not in speaking]
    corpus = index.corpus(list(dict.fromkeys(ids)), topic)
    parts = view_parts(corpus, today, stale_after, set(facts[PROPER]))
    every = _named(voices(corpus).evidence, parts)
    views = {topic: principle_view(corpus, topic, parts)}
    views.update((r, _stated(corpus.principles[r], judged[r], every, parts)) for r in related)
    principles = tuple(views[p] for p in corpus.principles if p in views)  # taxonomy order
    orgs = parts.organisations
    stale = {is_stale(d, today, stale_after) for d in facts[DATES]}
    return CorpusView(
        organisations=tuple(orgs[o.id] for o in corpus.active_organisations()), all_organisations=tuple(orgs.values()),
        principles=principles, matrix=(), sources=tuple(parts.sources.values()),
        findings=tuple(parts.findings.values()),
        organisations_by_id=orgs, principles_by_id={p.id: p for p in principles}, sources_by_id=parts.sources,
        findings_by_id=parts.findings, latest_date=corpus.latest_date(), unaddressed=(), single_voice=(), silences=(),
        voices=voices(corpus).all, rules=corpus.rules, stale_after=stale_after, whole_stale_tells=len(stale) == 2)


@reading
def _facts_read(index: Index, topic: str) -> tuple[list[Any], list[str], int, dict[str, Any], dict[str, list[Any]]]:
    """(its own facts, its related principles, its number of findings, the facts about the whole evidence, each
    related principle's facts) of a briefing on `topic`, of the shapes the view reads (else `DamagedIndex`)."""
    mine = index.facts([_about(topic)])[_about(topic)]
    related, count = [str(r) for r in mine[3]], int(mine[4])
    facts = index.facts([PROPER, DATES, *(_about(r) for r in related)])
    judged = {r: facts[_about(r)] for r in related}
    for said in (mine, *judged.values()):
        _agreement, _text, speaking = said[:3]
        said[2] = [(voice, stance, key) for voice, stance, key in speaking]
    return mine, related, count, {PROPER: list(facts[PROPER]), DATES: list(facts[DATES])}, judged


def _named(every: tuple[Voice, ...], parts: Parts) -> list[tuple[Voice, str, tuple[OrganisationView, ...]]]:
    """Each independent voice with its name and its members' views: the same on every related principle."""
    return [(voice, *voice_members(voice, parts.organisations)) for voice in every]


def _stated(principle: Principle, facts: list[Any], every: list[tuple[Voice, str, tuple[OrganisationView, ...]]],
            parts: Parts) -> PrincipleView:
    """A related principle's view holding what a briefing states of it: its record, the whole evidence's verdict,
    and each independent voice's stance on it with the key source it is cited by (where that was read)."""
    agreement, text, speaking = facts[:3]
    stances = {voice: (stance, key) for voice, stance, key in speaking}
    none = strength_of(())
    stated = []
    for voice, name, members in every:
        stance, key = stances.get(voice.id, ("silent", None))
        stated.append(VoiceView(voice.id, name, voice.role, members, stance, STANCE_SYMBOLS[stance],
                                STANCE_WORDS[stance], (), none, parts.sources.get(key) if key is not None else None))
    return PrincipleView(principle, agreement, (), (), none, {}, (), "", text, tuple(stated), (), (), {}, (), "")
