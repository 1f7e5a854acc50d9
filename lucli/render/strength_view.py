"""The one evidence-strength scale, and how strong the evidence in a set of findings is on it: what briefs, the
digest's legend and the matrix show (`lucli.render.view_builder.strength_of` rates a set of findings)."""

from __future__ import annotations

from dataclasses import dataclass

from lucli.records.frozen import quick_init

STRENGTH_SCALE = (
    ("strong", "●●●", "empirical findings from 3 or more sources"),
    ("moderate", "●●○", "empirical findings from 2 sources"),
    ("limited", "●○○", "empirical findings from 1 source"),
    ("advocacy only", "○○○", "positions are stated, but no finding rests on empirical evidence"),
    ("none", "—", "no findings at all"),
)
"""The one evidence-strength scale, used in briefs, the digest legend and the matrix."""


@quick_init
@dataclass(frozen=True, eq=False)
class Strength:
    """How strong the evidence in a set of findings is, on the fixed scale."""

    level: str
    """strong | moderate | limited | advocacy only | none."""
    symbol: str
    description: str
    findings: int
    empirical_findings: int
    empirical_sources: int
    advocacy_findings: int
    advocacy_sources: int
    bases: tuple[tuple[str, int], ...]
    """(basis, number of findings) for every basis used, in the order of BASES."""
    no_basis: int
    """Findings that give no basis."""
    evidence: str
    """empirical (some finding rests on empirical evidence) | advocacy | none (no findings)."""
    basis_text: str
    """The bases used, in words ('case study, international comparison'), or 'no basis given'."""
