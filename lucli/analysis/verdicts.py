"""Where each organisation stands on each principle, and the verdict per principle.

Definitions (also in the README):

- An organisation's **position** on a principle comes from the findings of all
  the sources it published or co-published (a source with two publishers speaks
  for both; one organisation with three reports counts once):
  *supports* when every finding supports; *qualifies* when findings qualify and
  none opposes (a caveat is support with conditions, not disagreement);
  *opposes* when every finding opposes; *mixed* when it both opposes and
  supports or qualifies; *silent* when none of its findings address the principle.
- A principle's **verdict**, from the positions of distinct organisations:
  *gap* (nobody speaks), *single voice* (one organisation), *contested*
  (someone opposes or is mixed), *consensus* (at least 3 support and none
  qualifies), otherwise *broad support* (two or more speak, none opposes,
  and some qualify or there are fewer than three).
"""

from __future__ import annotations

from dataclasses import dataclass

from lucli.records.corpus import Corpus
from lucli.records.model import Finding

POSITIONS = ("supports", "opposes", "qualifies", "mixed", "silent")
STANCE_SYMBOLS = {"supports": "✓", "opposes": "✗", "qualifies": "◐", "mixed": "±", "silent": "—"}
"""The one symbol of each position, in the terminal, briefings and digests alike (always shown with a word)."""
VERDICTS = ("consensus", "broad support", "contested", "single voice", "gap")
CONSENSUS_MINIMUM = 3


@dataclass(frozen=True)
class Position:
    """One organisation's position on one principle."""

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
class Verdict:
    """The state of the evidence on one principle."""

    principle: str
    verdict: str
    """consensus | broad support | contested | single voice | gap."""
    positions: tuple[Position, ...]
    """Every active organisation's position, in organisations.yaml order."""

    def count(self, stance: str) -> int:
        """How many organisations hold a position."""
        return sum(p.stance == stance for p in self.positions)

    @property
    def speakers(self) -> tuple[Position, ...]:
        """Positions of the organisations that address the principle."""
        return tuple(p for p in self.positions if p.speaks)

    @property
    def silent(self) -> tuple[Position, ...]:
        """Positions of the organisations that do not."""
        return tuple(p for p in self.positions if not p.speaks)


def combine(stances: list[str]) -> str:
    """Combine the stances of one organisation's findings into its position."""
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


def judge(positions: tuple[Position, ...]) -> str:
    """Give the verdict for a principle from its positions."""
    speakers = [p for p in positions if p.speaks]
    stances = [p.stance for p in speakers]
    if not speakers:
        return "gap"
    if len(speakers) == 1:
        return "single voice"
    if "opposes" in stances or "mixed" in stances:
        return "contested"
    if stances.count("supports") >= CONSENSUS_MINIMUM and "qualifies" not in stances:
        return "consensus"
    return "broad support"


def verdict(corpus: Corpus, principle: str) -> Verdict:
    """Work out every active organisation's position and the verdict on one principle."""
    positions = tuple(position(corpus, o.id, principle) for o in corpus.active_organisations())
    return Verdict(principle, judge(positions), positions)


def verdicts(corpus: Corpus) -> list[Verdict]:
    """Verdicts for every principle, most organisations speaking first, then taxonomy order."""
    order = {pid: i for i, pid in enumerate(corpus.principles)}
    found = [verdict(corpus, pid) for pid in corpus.principles]
    return sorted(found, key=lambda v: (-len(v.speakers), order[v.principle]))


@dataclass(frozen=True)
class Gaps:
    """Where the evidence is thin."""

    unaddressed: tuple[str, ...]
    """Principles no organisation addresses."""
    single_voice: tuple[str, ...]
    """Principles only one organisation addresses."""
    silences: tuple[tuple[str, str], ...]
    """(organisation, principle) pairs where the organisation is silent on a principle most others address."""


def gaps(corpus: Corpus, all_verdicts: list[Verdict] | None = None) -> Gaps:
    """Find unaddressed principles and notable silences (from `verdicts(corpus)` when already worked out)."""
    all_verdicts = verdicts(corpus) if all_verdicts is None else all_verdicts
    unaddressed = tuple(v.principle for v in all_verdicts if v.verdict == "gap")
    single = tuple(v.principle for v in all_verdicts if v.verdict == "single voice")
    silences = []
    for v in all_verdicts:
        # "Most others": more than half of the active organisations address it.
        if v.positions and len(v.speakers) * 2 > len(v.positions):
            silences += [(p.organisation, v.principle) for p in v.silent]
    return Gaps(unaddressed, single, tuple(silences))
