"""Rows for `lucli list` and the cross-references behind `lucli show`.

Each function reads the (possibly filtered) corpus and returns records in a
stable order: sources newest first, findings by source then file order,
principles in taxonomy order, organisations in organisations.yaml order.
"""

from __future__ import annotations

from dataclasses import dataclass

from lucli.analysis.filters import Filters
from lucli.analysis.strength import Rating
from lucli.analysis.verdicts import verdict
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Organisation, Principle, Source

LISTS = ("sources", "findings", "principles", "organisations")


def narrows_findings(filters: Filters) -> bool:
    """Tell whether the filters select findings (not only sources)."""
    return bool(filters.principles or filters.kinds or filters.bases)


def list_sources(corpus: Corpus, filters: Filters) -> tuple[Source, ...]:
    """Return the sources that pass the filters, newest first.

    When the filters select findings, a source none of whose findings pass is left out.
    """
    keep_empty = not narrows_findings(filters)
    return tuple(s for s in corpus.sources.values() if keep_empty or s.findings)


def list_findings(corpus: Corpus) -> tuple[Finding, ...]:
    """Return the findings that pass the filters, newest source first."""
    return tuple(corpus.findings.values())


@dataclass(frozen=True)
class PrincipleRow:
    """A principle with how much is said about it."""

    principle: Principle
    verdict: str
    """The agreement: consensus | some agreement | contested | single voice | gap."""
    speakers: int
    """How many independent voices address it."""
    findings: int
    """How many findings address it."""
    strength: Rating
    """How strong the independent voices' evidence on it is."""
    headline: str
    """Agreement and strength together."""


def list_principles(corpus: Corpus, filters: Filters) -> tuple[PrincipleRow, ...]:
    """Return every principle (or the filtered ones) with its verdict, in taxonomy order."""
    rows = []
    for pid, principle in corpus.principles.items():
        if filters.principles and pid not in filters.principles:
            continue
        found = verdict(corpus, pid)
        rows.append(PrincipleRow(principle, found.verdict, len(found.speakers), len(corpus.by_principle.get(pid, ())),
                                 found.strength, found.headline))
    return tuple(rows)


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation with how much it has published."""

    organisation: Organisation
    sources: int
    findings: int
    principles: int
    """How many principles its findings address."""


def list_organisations(corpus: Corpus, filters: Filters) -> tuple[OrganisationRow, ...]:
    """Return every organisation (or the filtered ones) with its counts, in organisations.yaml order."""
    rows = []
    for oid, organisation in corpus.organisations.items():
        if filters.organisations and oid not in filters.organisations:
            continue
        findings = corpus.by_organisation.get(oid, ())
        addressed = {r.id for f in findings for r in f.principles}
        rows.append(OrganisationRow(organisation, len(corpus.sources_by_organisation.get(oid, ())),
                                    len(findings), len(addressed)))
    return tuple(rows)


@dataclass(frozen=True)
class PrincipleGroup:
    """One source's findings on one principle."""

    principle: Principle
    findings: tuple[tuple[Finding, str], ...]
    """Each finding with its stance on the principle, in file order."""


def findings_by_principle(corpus: Corpus, source: Source) -> tuple[PrincipleGroup, ...]:
    """Group a source's findings by the principles they address, in taxonomy order."""
    groups = []
    for pid, principle in corpus.principles.items():
        found = tuple((f, s) for f in source.findings if (s := f.stance_on(pid)))
        if found:
            groups.append(PrincipleGroup(principle, found))
    return tuple(groups)
