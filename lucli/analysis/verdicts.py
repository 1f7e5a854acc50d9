"""Where each voice stands on each principle, and the verdict per principle on two axes.

Definitions (also in docs/verdicts.md):

- A **position** on a principle combines the stances of the findings behind it:
  *supports* when every finding supports; *qualifies* when findings qualify and
  none opposes (a caveat is support with conditions, not disagreement);
  *opposes* when every finding opposes; *mixed* when it both opposes and
  supports or qualifies; *silent* when no finding addresses the principle. An
  organisation's position (for `compare ORG`) uses its own sources; a voice's
  (see `lucli.analysis.voices`) uses the sources of all its organisations.
- A principle's verdict has two axes, always stated together:
  **agreement**, from the positions of the independent evidence voices only
  (subject voices are shown apart and never count):
  *gap* (no evidence voice speaks), *contested* (two or more speak and one
  opposes or is mixed, or a finding on it is challenged or rebutted by another
  evidence voice), *single voice* (one speaks), *consensus* (at least
  `rules.consensus` voices, 3 by default, all support and none dissents),
  otherwise *some agreement*; and **strength**, from the evidence voices'
  findings on the strength scale (`lucli.analysis.strength`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lucli.analysis.strength import Rating, rate
from lucli.analysis.voices import Exchange, Voice, exchanges_on, voices
from lucli.records.corpus import Corpus
from lucli.records.model import Finding

POSITIONS = ("supports", "opposes", "qualifies", "mixed", "silent")
STANCE_SYMBOLS = {"supports": "✓", "opposes": "✗", "qualifies": "◐", "mixed": "±", "silent": "—"}
"""The one symbol of each position, in the terminal, briefings and digests alike (always shown with a word)."""
AGREEMENTS = ("consensus", "some agreement", "contested", "single voice", "gap")
VERDICTS = AGREEMENTS
"""The agreement axis (kept under its old name too)."""


@dataclass(frozen=True)
class Position:
    """One organisation's position on one principle (the organisation view of `compare ORG`)."""

    organisation: str
    """Organisation id."""
    principle: str
    """Principle id."""
    stance: str
    """supports | opposes | qualifies | mixed | silent."""
    findings: tuple[Finding, ...]
    """The findings behind it, latest report first."""

    @property
    def speaks(self) -> bool:
        """True unless the organisation is silent."""
        return self.stance != "silent"


@dataclass(frozen=True)
class VoicePosition:
    """One voice's position on one principle."""

    voice: Voice
    principle: str
    """Principle id."""
    stance: str
    """supports | opposes | qualifies | mixed | silent."""
    findings: tuple[Finding, ...]
    """The findings behind it, latest report first."""
    strength: Rating
    """How strong the evidence behind it is."""

    @property
    def speaks(self) -> bool:
        """True unless the voice is silent."""
        return self.stance != "silent"

    @property
    def dissents(self) -> bool:
        """True when it opposes or is mixed."""
        return self.stance in ("opposes", "mixed")


@dataclass(frozen=True)
class Verdict:
    """The state of the evidence on one principle: agreement and strength, and who stands where."""

    principle: str
    agreement: str
    """consensus | some agreement | contested | single voice | gap (evidence voices only)."""
    strength: Rating
    """The evidence voices' findings on the strength scale."""
    positions: tuple[VoicePosition, ...]
    """Every active evidence voice's position, in organisations.yaml order."""
    subject: tuple[VoicePosition, ...]
    """Every active subject voice's position (the stated position of the body under review)."""
    exchanges: tuple[Exchange, ...]
    """Responses that bear on the principle."""

    @property
    def verdict(self) -> str:
        """The agreement axis (its name before verdicts had two axes)."""
        return self.agreement

    def count(self, stance: str) -> int:
        """How many evidence voices hold a position."""
        return sum(p.stance == stance for p in self.positions)

    @property
    def speakers(self) -> tuple[VoicePosition, ...]:
        """Evidence voices that address the principle."""
        return tuple(p for p in self.positions if p.speaks)

    @property
    def silent(self) -> tuple[VoicePosition, ...]:
        """Evidence voices that do not."""
        return tuple(p for p in self.positions if not p.speaks)

    @property
    def dissenting(self) -> tuple[VoicePosition, ...]:
        """Evidence voices that oppose or are mixed."""
        return tuple(p for p in self.positions if p.dissents)

    # Worked out once a verdict (it never changes): the headline, the JSON and the views each read them again.
    @cached_property
    def challenges(self) -> tuple[Exchange, ...]:
        """Challenges and rebuttals of findings on the principle, by any voice."""
        return tuple(e for e in self.exchanges if e.dissents)

    @cached_property
    def contested_by(self) -> tuple[Exchange, ...]:
        """Challenges and rebuttals between independent evidence voices (these make it contested)."""
        return tuple(e for e in self.challenges if e.between_evidence)

    @property
    def subject_challenged(self) -> tuple[Exchange, ...]:
        """Challenges and rebuttals of the subject's own findings on the principle."""
        return tuple(e for e in self.challenges if not e.target_voice.independent)

    @property
    def headline(self) -> str:
        """Agreement and strength on one line: 'Some agreement (2 independent voices), advocacy only ○○○'."""
        return headline(self)


def combine(stances: list[str]) -> str:
    """Combine the stances of a set of findings into one position."""
    kinds = set(stances)
    if not kinds:
        return "silent"
    if "opposes" in kinds:
        return "opposes" if kinds == {"opposes"} else "mixed"
    return "qualifies" if "qualifies" in kinds else "supports"


def position(corpus: Corpus, organisation: str, principle: str) -> Position:
    """Work out one organisation's position on one principle."""
    findings = corpus.findings_of(organisation, principle)
    stances = [s for f in findings if (s := f.stance_on(principle))]
    return Position(organisation, principle, combine(stances), findings)


def judge(positions: tuple[VoicePosition, ...], disputes: int, consensus: int = 3) -> str:
    """Give the agreement on a principle from the evidence voices' positions.

    `disputes` counts challenges and rebuttals between evidence voices on the principle.
    """
    speakers = [p for p in positions if p.speaks]
    if not speakers:
        return "gap"
    if disputes or (len(speakers) > 1 and any(p.dissents for p in speakers)):
        return "contested"
    if len(speakers) == 1:
        return "single voice"
    if len(speakers) >= consensus and all(p.stance == "supports" for p in speakers):
        return "consensus"
    return "some agreement"


def _voice_positions(corpus: Corpus, principle: str, of: tuple[Voice, ...]) -> tuple[VoicePosition, ...]:
    by_voice: dict[str, list[Finding]] = {v.id: [] for v in of}
    lookup = voices(corpus).by_source
    for finding in corpus.by_principle.get(principle, ()):
        voice = lookup[finding.source_id]
        if voice.id in by_voice:
            by_voice[voice.id].append(finding)
    return tuple(VoicePosition(v, principle, combine([s for f in by_voice[v.id] if (s := f.stance_on(principle))]),
                               tuple(by_voice[v.id]), rate(by_voice[v.id], corpus.rules)) for v in of)


def verdict(corpus: Corpus, principle: str) -> Verdict:
    """Work out every voice's position and the two-axis verdict on one principle."""
    found = voices(corpus)
    evidence = _voice_positions(corpus, principle, found.evidence)
    subject = _voice_positions(corpus, principle, found.subject)
    strength = rate((f for p in evidence for f in p.findings), corpus.rules)
    return judged(corpus, principle, evidence, subject, strength)


def judged(corpus: Corpus, principle: str, evidence: tuple[VoicePosition, ...], subject: tuple[VoicePosition, ...],
           strength: Rating) -> Verdict:
    """The verdict on a principle, given the voices' positions and the strength of the evidence voices' findings
    (from the findings themselves, or counted ahead: `lucli.analysis.tallies`)."""
    bearing = exchanges_on(corpus).get(principle, ())
    disputes = sum(e.dissents and e.between_evidence for e in bearing)
    return Verdict(principle, judge(evidence, disputes, corpus.rules.consensus), strength, evidence, subject, bearing)


def verdicts(corpus: Corpus) -> list[Verdict]:
    """Verdicts for every principle, most evidence voices speaking first, then taxonomy order."""
    return ranked(corpus, [verdict(corpus, pid) for pid in corpus.principles])


def ranked(corpus: Corpus, found: list[Verdict]) -> list[Verdict]:
    """Verdicts with the most evidence voices speaking first, then in taxonomy order."""
    order = {pid: i for i, pid in enumerate(corpus.principles)}
    return sorted(found, key=lambda v: (-len(v.speakers), order[v.principle]))


def voice_count(count: int) -> str:
    """'1 independent voice', '3 independent voices', 'no independent voice'."""
    if count == 0:
        return "no independent voice"
    return f"{count} independent voice{'' if count == 1 else 's'}"


def headline(found: Verdict) -> str:
    """State agreement and strength together, never agreement alone."""
    speaking = len(found.speakers)
    count = voice_count(speaking)
    if found.agreement == "contested":
        against = len(found.dissenting) + len({e.voice.id for e in found.contested_by} -
                                              {p.voice.id for p in found.dissenting})
        count += f", {against} dissenting"
    return f"{found.agreement.capitalize()} ({count}), {found.strength.text}"


@dataclass(frozen=True)
class Gaps:
    """Where the evidence is thin."""

    unaddressed: tuple[str, ...]
    """Principles no evidence voice addresses."""
    single_voice: tuple[str, ...]
    """Principles only one evidence voice addresses."""
    silences: tuple[tuple[str, str], ...]
    """(voice id, principle) pairs where an evidence voice is silent on a principle most others address."""


def gaps(corpus: Corpus, all_verdicts: list[Verdict] | None = None) -> Gaps:
    """Find unaddressed principles and notable silences (from `verdicts(corpus)` when already worked out)."""
    all_verdicts = verdicts(corpus) if all_verdicts is None else all_verdicts
    unaddressed = tuple(v.principle for v in all_verdicts if v.agreement == "gap")
    single = tuple(v.principle for v in all_verdicts if v.agreement == "single voice")
    silences = []
    for v in all_verdicts:
        # "Most others": more than half of the evidence voices address it.
        if v.positions and len(v.speakers) * 2 > len(v.positions):
            silences += [(p.voice.id, v.principle) for p in v.silent]
    return Gaps(unaddressed, single, tuple(silences))
