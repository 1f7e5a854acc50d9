"""Narrow the evidence before analysis: by principle, organisation, kind, date and basis."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lucli.records.model import Evidence, Finding, Source


@dataclass(frozen=True)
class Filters:
    """Which findings to keep; an empty field keeps everything."""

    principles: tuple[str, ...] = ()
    """Keep findings that address any of these principle ids."""
    organisations: tuple[str, ...] = ()
    """Keep sources published by any of these organisation ids."""
    kinds: tuple[str, ...] = ()
    """Keep findings of these kinds."""
    since: str | None = None
    """Keep sources published in or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    until: str | None = None
    """Keep sources published in or before this date."""
    bases: tuple[str, ...] = ()
    """Keep findings resting on any of these kinds of evidence."""

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == Filters()

    def keeps_source(self, source: Source) -> bool:
        """Tell whether a source passes the organisation and date filters."""
        if self.organisations and not set(self.organisations) & set(source.publishers):
            return False
        # Dates are compared at the precision both have, so a source dated only "2022"
        # overlaps "--since 2022-02" and is kept rather than silently dropped.
        if self.since and _prefix(source.published, self.since) < _prefix(self.since, source.published):
            return False
        if self.until and _prefix(source.published, self.until) > _prefix(self.until, source.published):
            return False
        return True

    def keeps_finding(self, finding: Finding) -> bool:
        """Tell whether a finding passes the principle, kind and basis filters."""
        if self.kinds and finding.kind not in self.kinds:
            return False
        if self.bases and not set(self.bases) & set(finding.basis):
            return False
        if self.principles and not any(r.id in self.principles for r in finding.principles):
            return False
        return True

    def apply(self, evidence: Evidence) -> Evidence:
        """Return the evidence with filtered-out sources and findings removed.

        Organisations and principles stay, so silence stays visible.
        """
        if self.is_empty():
            return evidence
        sources = tuple(replace(s, findings=tuple(f for f in s.findings if self.keeps_finding(f)))
                        for s in evidence.sources if self.keeps_source(s))
        return replace(evidence, sources=sources)


def _prefix(date: str, other: str) -> str:
    return date[: min(len(date), len(other))]
