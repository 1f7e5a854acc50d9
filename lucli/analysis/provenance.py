"""Where a source's findings and quotes come from: the report itself, a spokesperson, or press coverage.

The analyst often reads a report through its press coverage. Such findings
are second-hand, and a reader must be told so wherever they are cited.
"""

from __future__ import annotations

from dataclasses import dataclass

from lucli.records.frozen import quick_init
from lucli.records.model import Finding, Source, Speaker

COVERAGE_CAVEAT = "findings taken from press coverage, not the report itself"


def rests_on_coverage(source: Source) -> bool:
    """True when the analyst read the source only through coverage: it has coverage and no text of its own."""
    return bool(source.reported_in) and not source.text and not source.texts


@quick_init
@dataclass(frozen=True)
class Attribution:
    """Whose words a quote is, resolved against its source."""

    kind: str
    """report | coverage | person | unknown (no said_by)."""
    outlet: str | None = None
    """For coverage: the outlet named on the finding, or the source's only outlet."""
    speaker: Speaker | None = None
    """For a person."""


def attribution(finding: Finding, source: Source) -> Attribution:
    """Work out whose words a finding's quote is."""
    said = finding.said_by
    if isinstance(said, Speaker):
        return Attribution("person", speaker=said)
    if said == "coverage":
        outlets = list(dict.fromkeys(c.outlet for c in source.reported_in if c.outlet))
        outlet = finding.outlet or (outlets[0] if len(outlets) == 1 else None)
        return Attribution("coverage", outlet=outlet)
    return Attribution(said or "unknown")
