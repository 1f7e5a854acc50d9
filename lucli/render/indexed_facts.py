"""The facts a principle's briefing states about the whole evidence, worked out from what the index keeps a source
at a time, so that the first briefing after an edit reads no records.

`lucli.render.indexed_brief.brief_facts` works them out from the whole corpus when the index is written whole. An
update a file at a time (`lucli.records.reindex`) drops them; the next briefing works out the same facts here
from the index's counts (`lucli.analysis.tallies`, as the stance matrix is answered), the sources in an exchange,
the words of each source's statements and the principles each source's findings address together, then keeps
them for the briefings after it (`keep_facts`). Tests hold the two to the same facts after each kind of edit.
"""

from __future__ import annotations

from typing import Any

from lucli.analysis.tallies import tallied_matrix, tallies_of
from lucli.records.corpus import Corpus, latest_first_ids
from lucli.records.index import Index
from lucli.records.index_reads import co_addressed, dates, key_sources, principle_counts, statement_names
from lucli.records.project import Project
from lucli.records.reindex import keep_facts, tallies_summed
from lucli.render.indexed_brief import DATES, PROPER, _about
from lucli.render.indexed_matrix import exchanged
from lucli.render.view_builder import short_verdict


def facts_from_index(index: Index) -> dict[str, Any]:
    """`brief_facts` of the whole corpus, from the index."""
    corpus, _chart = exchanged(index)
    matrix = tallied_matrix(corpus, tallies_of(tallies_summed(index)))
    best, counts = key_sources(index), principle_counts(index)
    facts: dict[str, Any] = {PROPER: statement_names(index), DATES: dates(index)}
    for judged in matrix.rows:
        pid = judged.principle
        speaking = [[p.voice.id, p.stance, voice_key_source(best, pid, p.voice.organisations)]
                    for p in judged.positions if p.speaks]
        facts[_about(pid)] = [judged.agreement, short_verdict(judged), speaking, _related(index, corpus, pid),
                              counts.get(pid, 0)]
    return facts


def voice_key_source(best: dict[tuple[str, str], tuple[str, int, str]], principle: str,
                organisations: tuple[str, ...]) -> str | None:
    """A voice's key source on a principle (`key_source_id`): the one with the most findings on it, the newest of
    equals (ties by id), among the key sources of its organisations."""
    found = [best[principle, o] for o in organisations if (principle, o) in best]
    if not found:
        return None
    most = max(findings for _sid, findings, _published in found)
    return latest_first_ids((sid, published) for sid, findings, published in found if findings == most)[0]


def _related(index: Index, corpus: Corpus, principle: str) -> list[str]:
    """A principle's related principles, as `brief_facts` lists them: those it declares, then those the findings on
    it address, newest source first. Read only until every other principle is among them."""
    found = dict.fromkeys(corpus.principles[principle].related)
    others = len(corpus.principles) - 1
    for addressed in co_addressed(index, principle):
        if len(found.keys() & corpus.principles.keys() - {principle}) == others:
            break
        found.update(dict.fromkeys(addressed))
    return [r for r in found if r != principle and r in corpus.principles]


class _Informed(Index):
    """The index, with the facts a briefing reads given rather than read from it."""

    def __init__(self, index: Index, given: dict[str, Any]) -> None:
        super().__init__(index.db, index.rules)
        self.given = given

    def facts(self, keys: list[str]) -> dict[str, Any]:
        return {key: self.given[key] for key in keys if key in self.given}


def given_facts(index: Index, facts: dict[str, Any]) -> Index:
    """The index, with the facts a briefing reads given (as `with_facts` found them) rather than read from it."""
    return _Informed(index, facts)


def with_facts(index: Index, project: Project) -> Index:
    """The index, holding a briefing's facts: worked out here (and kept for the next briefing) when an update a
    file at a time dropped them."""
    if index.facts([DATES]):
        return index
    seen = index.generation()
    facts = facts_from_index(index)
    keep_facts(project, facts, seen)
    return _Informed(index, facts)
