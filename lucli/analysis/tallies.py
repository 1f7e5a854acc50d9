"""The stance matrix from counts kept a source at a time, so that one changed file does not mean reading all.

A voice's position on a principle depends only on which stances its findings take there, and the strength
of the evidence only on how many findings there are, how many are empirical and how many sources give an
empirical one. Each source counts toward the voice of its first publisher (`lucli.analysis.voices`), so
these counts can be kept per source and principle (`tally_rows`, stored in the SQLite index of
`lucli.records.index`) and added up per voice whatever voices the organisations form at the time: a
co-publisher added elsewhere merges voices without any source's counts changing. `tallied_matrix` then
gives the same matrix as `lucli.analysis.compare.stance_matrix` over the whole corpus; tests hold the two
to the same document byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lucli.analysis.compare import Matrix
from lucli.analysis.strength import is_empirical, rating
from lucli.analysis.verdicts import VoicePosition, combine, gaps, judged, ranked
from lucli.analysis.voices import Voice, voices
from lucli.records.corpus import Corpus
from lucli.records.model import STANCES, Source
from lucli.records.rules import Rules

TallyRow = tuple[str, str, int, int, int, int, int]
"""(first publisher, principle, findings that support, oppose, qualify, findings, empirical findings)."""


@dataclass(frozen=True)
class Tally:
    """What the findings of some sources say on one principle, counted."""

    stances: tuple[int, int, int]
    """How many findings support, oppose and qualify (`STANCES` order)."""
    findings: int
    empirical: int
    """Findings that rest on empirical evidence (`lucli.analysis.strength.is_empirical`)."""
    empirical_sources: int
    """Sources that give at least one empirical finding on it."""

    def __add__(self, other: Tally) -> Tally:
        return Tally(tuple(a + b for a, b in zip(self.stances, other.stances, strict=True)),  # type: ignore[arg-type]
                     self.findings + other.findings, self.empirical + other.empirical,
                     self.empirical_sources + other.empirical_sources)


NOTHING = Tally((0, 0, 0), 0, 0, 0)


def tally_rows(source: Source, rules: Rules) -> list[TallyRow]:
    """One source's counts on each principle its findings address, as `Corpus.by_principle` indexes them."""
    counts: dict[str, list[int]] = {}
    for finding in source.findings:
        empirical = is_empirical(finding, rules)
        for principle in dict.fromkeys(ref.id for ref in finding.principles):
            row = counts.setdefault(principle, [0, 0, 0, 0, 0])
            stance = finding.stance_on(principle)
            if stance in STANCES:
                row[STANCES.index(stance)] += 1
            row[3] += 1
            row[4] += empirical
    first = source.publishers[0]
    return [(first, principle, *row) for principle, row in counts.items()]  # type: ignore[misc]


def tallies_of(rows: Iterable[tuple[str, str, int, int, int, int, int, int]]) -> dict[tuple[str, str], Tally]:
    """Tallies by (organisation, principle) from summed rows: (organisation, principle, supports, opposes,
    qualifies, findings, empirical findings, sources with an empirical finding)."""
    return {(org, pid): Tally((a, b, c), n, e, s) for org, pid, a, b, c, n, e, s in rows}


def tallied_matrix(corpus: Corpus, tallies: Mapping[tuple[str, str], Tally]) -> Matrix:
    """The stance matrix from counts, given a corpus that holds every organisation and principle, the facts
    about the whole evidence, and every source in an exchange (whole): `stance_matrix` of the whole corpus."""
    found = voices(corpus)
    rows = []
    for pid in corpus.principles:
        counted = [_summed([tallies[o, pid] for o in v.organisations if (o, pid) in tallies]) for v in found.evidence]
        evidence = tuple(_position(v, pid, t, corpus.rules) for v, t in zip(found.evidence, counted, strict=True))
        subject = tuple(_position(v, pid, _summed([tallies[o, pid] for o in v.organisations if (o, pid) in tallies]),
                                  corpus.rules) for v in found.subject)
        total = _summed(counted)
        strength = rating(total.findings, total.empirical, total.empirical_sources, corpus.rules)
        rows.append(judged(corpus, pid, evidence, subject, strength))
    all_verdicts = ranked(corpus, rows)
    return Matrix(found.all, tuple(all_verdicts), gaps(corpus, all_verdicts))


def _summed(found: list[Tally]) -> Tally:
    """The sum of some tallies, added field by field (a voice's organisations', or the evidence voices'): a matrix
    adds 1,300 of them, and `Tally.__add__` a pair at a time was most of its time after an edit at 100k findings."""
    if len(found) == 1:
        return found[0]
    supports = opposes = qualifies = findings = empirical = sources = 0
    for tally in found:
        a, b, c = tally.stances
        supports, opposes, qualifies = supports + a, opposes + b, qualifies + c
        findings, empirical, sources = findings + tally.findings, empirical + tally.empirical, \
            sources + tally.empirical_sources
    return Tally((supports, opposes, qualifies), findings, empirical, sources)


def _position(voice: Voice, principle: str, tally: Tally, rules: Rules) -> VoicePosition:
    # The matrix shows positions and counts, never the findings themselves: the position carries none.
    stances = [s for s, n in zip(STANCES, tally.stances, strict=True) if n]
    return VoicePosition(voice, principle, combine(stances), (),
                         rating(tally.findings, tally.empirical, tally.empirical_sources, rules))
