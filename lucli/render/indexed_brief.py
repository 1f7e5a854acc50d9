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

The facts about the whole evidence and about other principles are worked out from the whole corpus when the
index is written (`brief_facts`). The view is built by the same function as the whole one
(`build_corpus_view`) from the corpus that holds the rest, and each related principle's view then carries the
whole's verdict and its voices' stances and key sources. Its findings and positions are only those on the
briefing's principle too, which lucli's templates never read of a related principle; a repository's own
templates may read anything, so they are given the whole view (`lucli.cli.report_cmd`). Tests hold the text
to the whole view's, principle by principle, on the bundled corpus and a synthetic one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from lucli.analysis.verdicts import verdicts
from lucli.records.corpus import Corpus
from lucli.records.index import Index
from lucli.render.brief import CONTEXT_BELOW
from lucli.render.context import CorpusView, PrincipleView, SourceView, VoiceView
from lucli.render.view_builder import build_corpus_view, key_source_id, short_verdict
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


def indexed_brief_view(index: Index, text: str, today: dt.date, stale_after: int) -> tuple[str, CorpusView] | None:
    """(principle id, the view its briefing reads) when `text` names one principle exactly; None otherwise (an
    organisation, a source, an id prefix or an ambiguous name: the records answer, and explain)."""
    named = index.named(text, ("principle", "organisation", "source"))
    if len(named) != 1 or named[0].kind != "principle":
        return None
    topic = named[0].id
    mine = index.facts([_about(topic)])[_about(topic)]  # a KeyError is a damaged index (UNREADABLE)
    related, count = mine[3], mine[4]
    facts = index.facts([PROPER, DATES, *(_about(r) for r in related)])
    judged = {r: facts[_about(r)] for r in related}
    ids = index.on_principle(topic)
    if count < CONTEXT_BELOW:  # the briefing cites where the voices silent on it stand nearby
        speaking = {voice for voice, _stance, _key in mine[2]}
        ids += [key for r in related for voice, _stance, key in judged[r][2] if voice not in speaking]
    corpus = index.corpus(list(dict.fromkeys(ids)), topic)
    view = build_corpus_view(corpus, today, stale_after, set(facts[PROPER]))
    principles = tuple(_restated(p, judged[p.id], view.sources_by_id) if p.id in judged else p
                       for p in view.principles)
    stale = {is_stale(d, today, stale_after) for d in facts[DATES]}
    return topic, replace(view, principles=principles, principles_by_id={p.id: p for p in principles},
                          whole_stale_tells=len(stale) == 2)


def _restated(principle: PrincipleView, facts: list[Any], sources: dict[str, SourceView]) -> PrincipleView:
    """A related principle's view with the whole evidence's verdict and voices' stances."""
    agreement, text, speaking = facts[:3]
    stances = {voice: (stance, key) for voice, stance, key in speaking}
    return replace(principle, verdict=agreement, verdict_text=text,
                   voices=tuple(_voice(v, *stances.get(v.id, ("silent", None)), sources) for v in principle.voices))


def _voice(voice: VoiceView, stance: str, key: str | None, sources: dict[str, SourceView]) -> VoiceView:
    return replace(voice, stance=stance, symbol=STANCE_SYMBOLS[stance], word=STANCE_WORDS[stance],
                   key_source=sources.get(key) if key is not None else None)
