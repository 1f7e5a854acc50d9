"""The verdict thresholds and the evidence-strength rubric, as settings with documented defaults.

They live in `lucli.yaml` so a team can adopt its own rules (for example a
stricter, Maryland-style reading of what counts as empirical evidence):

```yaml
verdicts:
  consensus: 3        # independent evidence voices that must all support, with none dissenting
strength:
  empirical: [case-study, quantitative, international-comparison, literature-review]
  strong: 3           # sources giving empirical findings needed for each level
  moderate: 2
  limited: 1
```

The analysis (`lucli.analysis.voices`, `lucli.analysis.strength`) reads them from the Corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lucli.records.model import BASES

DEFAULT_EMPIRICAL = ("case-study", "quantitative", "international-comparison", "literature-review")


@dataclass(frozen=True)
class Rules:
    """How verdicts and evidence strength are worked out."""

    consensus: int = 3
    """Independent evidence voices that must all support a principle, none dissenting, for consensus."""
    empirical: tuple[str, ...] = DEFAULT_EMPIRICAL
    """Bases that make a finding empirical; any other basis, or none, is advocacy."""
    strong: int = 3
    """Sources giving empirical findings needed for 'strong' evidence."""
    moderate: int = 2
    """... for 'moderate'."""
    limited: int = 1
    """... for 'limited' (fewer is 'advocacy only' when there are findings)."""


def rules_from(settings: Mapping[str, Any]) -> tuple[Rules, str | None]:
    """Read the `verdicts:` and `strength:` settings; return the rules and a problem, if any.

    A problem names the setting and what it takes, so the caller can place it in lucli.yaml.
    """
    verdicts = settings.get("verdicts") or {}
    strength = settings.get("strength") or {}
    if not isinstance(verdicts, dict) or set(verdicts) - {"consensus"}:
        return Rules(), "'verdicts' takes: consensus (a whole number, 2 or more)"
    if not isinstance(strength, dict) or set(strength) - {"empirical", "strong", "moderate", "limited"}:
        return Rules(), "'strength' takes: empirical (a list of bases), strong, moderate, limited (whole numbers)"
    numbers = {"consensus": verdicts.get("consensus", 3), **{k: strength.get(k, v) for k, v in
                                                             (("strong", 3), ("moderate", 2), ("limited", 1))}}
    for name, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            return Rules(), f"'{name}' must be a whole number of 1 or more"
    if numbers["consensus"] < 2:
        return Rules(), "'consensus' must be 2 or more: one voice is never a consensus"
    if not numbers["strong"] > numbers["moderate"] > numbers["limited"]:
        return Rules(), "'strength' thresholds must rise: limited < moderate < strong"
    empirical = strength.get("empirical", list(DEFAULT_EMPIRICAL))
    if not isinstance(empirical, list) or not set(empirical) <= set(BASES):
        return Rules(), "'empirical' takes a list of bases: " + ", ".join(BASES)
    return Rules(numbers["consensus"], tuple(empirical), numbers["strong"], numbers["moderate"],
                 numbers["limited"]), None
