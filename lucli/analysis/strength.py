"""How strong the evidence behind a set of findings is: the one scale used everywhere.

A finding is empirical when one of its bases is in the rubric's `empirical`
list (`lucli.records.rules.Rules`), otherwise advocacy. A set of findings is
rated by how many *sources* give empirical findings, because one report is one
piece of evidence however many findings or publishers it has.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from lucli.records.model import Finding
from lucli.records.rules import Rules

LEVELS = ("strong", "moderate", "limited", "advocacy only", "none")
SYMBOLS = {"strong": "●●●", "moderate": "●●○", "limited": "●○○", "advocacy only": "○○○", "none": "—"}
PHRASES = {"strong": "strong evidence", "moderate": "moderate evidence", "limited": "limited evidence",
           "advocacy only": "advocacy only", "none": "no evidence"}
"""How a level reads after the agreement: 'Some agreement (2 independent voices), advocacy only ○○○'."""


def scale(rules: Rules) -> tuple[tuple[str, str, str], ...]:
    """Return (level, symbol, meaning) for every level, with the thresholds the rules set."""
    def sources(n: int, more: bool = False) -> str:
        return f"empirical findings from {n}{' or more' if more else ''} source{'' if n == 1 else 's'}"

    return (("strong", SYMBOLS["strong"], sources(rules.strong, True)),
            ("moderate", SYMBOLS["moderate"], sources(rules.moderate, rules.strong - rules.moderate > 1)),
            ("limited", SYMBOLS["limited"], sources(rules.limited, rules.moderate - rules.limited > 1)),
            ("advocacy only", SYMBOLS["advocacy only"],
             "positions are stated, but no finding rests on empirical evidence"),
            ("none", SYMBOLS["none"], "no findings at all"))


def is_empirical(finding: Finding, rules: Rules) -> bool:
    """Tell whether a finding rests on empirical evidence under the rubric."""
    return not _empirical_bases(rules.empirical).isdisjoint(finding.basis)


@functools.lru_cache(maxsize=8)
def _empirical_bases(bases: tuple[str, ...]) -> frozenset[str]:
    # A set, made once per rubric: a large corpus asks this of each finding many times (640k at 100k findings).
    return frozenset(bases)


@dataclass(frozen=True)
class Rating:
    """Where a set of findings sits on the strength scale."""

    level: str
    """strong | moderate | limited | advocacy only | none."""
    symbol: str
    """●●● ●●○ ●○○ ○○○ or —."""
    findings: int
    empirical_findings: int
    empirical_sources: int
    """Sources giving at least one empirical finding."""

    @property
    def phrase(self) -> str:
        """The level in words for a headline: 'advocacy only', 'limited evidence'."""
        return PHRASES[self.level]

    @property
    def text(self) -> str:
        """Words and symbol: 'advocacy only ○○○'."""
        return f"{self.phrase} {self.symbol}"


def rate(findings: Iterable[Finding], rules: Rules) -> Rating:
    """Rate a set of findings on the strength scale."""
    found = list({f.global_id: f for f in findings}.values())
    empirical = [f for f in found if is_empirical(f, rules)]
    return rating(len(found), len(empirical), len({f.source_id for f in empirical}), rules)


def rating(findings: int, empirical_findings: int, sources: int, rules: Rules) -> Rating:
    """Place counted findings on the strength scale: how many there are, how many are empirical, and how many
    sources give an empirical one (`rate` counts them from the findings; the matrix can count them ahead)."""
    if sources >= rules.strong:
        level = "strong"
    elif sources >= rules.moderate:
        level = "moderate"
    elif sources >= rules.limited:
        level = "limited"
    else:
        level = "advocacy only" if findings else "none"
    return Rating(level, SYMBOLS[level], findings, empirical_findings, sources)
