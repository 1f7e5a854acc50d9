"""The cross-reference index: findings by principle, by source and by organisation.

A `Corpus` is built once from loaded `Evidence` and then only read. It holds no
opinions about positions or verdicts (see `lucli.analysis.verdicts`); it answers
"which findings" questions quickly and in a stable order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lucli.records.frozen import quick_init
from lucli.records.model import Evidence, Finding, Organisation, Principle, Source
from lucli.records.rules import Rules


def _latest_first(sources: Iterable[Source]) -> list[Source]:
    # Newest first; ties broken by id so the order never depends on file-system order.
    return sorted(sorted(sources, key=lambda s: s.id), key=lambda s: s.published, reverse=True)


def latest_first_ids(dated: Iterable[tuple[str, str]]) -> list[str]:
    """Source ids in a corpus's order, from (id, date published) pairs: newest first, ties by id."""
    return [sid for sid, _ in sorted(sorted(dated), key=lambda pair: pair[1], reverse=True)]


def publisher_lists(sources: Iterable[Source]) -> tuple[tuple[str, ...], ...]:
    """Each distinct list of publishers, in the order the sources first give it."""
    return tuple(dict.fromkeys(s.publishers for s in sources))


@quick_init
@dataclass(frozen=True)
class Whole:
    """Facts about the whole evidence, carried by a corpus that holds only part of it (`lucli.records.index`):
    what a view says about all of the evidence must not shrink with the part read to answer it."""

    sources: int
    """How many sources there are."""
    findings: int
    """How many findings there are."""
    earliest: str | None
    """Publication date of the oldest source (None without sources)."""
    latest: str | None
    """Publication date of the newest source."""
    publishers: tuple[tuple[str, ...], ...]
    """The publishers of every source, newest source first, each list once: who publishes with whom (voices)."""
    addressed: Mapping[str, frozenset[str]] | None = None
    """The principles all the findings of each source address, for a corpus whose sources hold only some of their
    findings (`lucli.records.index_exchanges`); None when each source holds all of them."""


@quick_init
@dataclass(frozen=True)
class Corpus:
    """Every record of an evidence repository, cross-referenced."""

    evidence: Evidence
    rules: Rules = Rules()
    """Verdict thresholds and the strength rubric, from lucli.yaml."""
    organisations: dict[str, Organisation] = field(init=False)
    """By id, in organisations.yaml order."""
    principles: dict[str, Principle] = field(init=False)
    """By id, in principles.yaml order."""
    sources: dict[str, Source] = field(init=False)
    """By id, newest first."""
    findings: dict[str, Finding] = field(init=False)
    """By global id (`source-id/finding-id`), newest source first, then file order."""
    by_principle: dict[str, tuple[Finding, ...]] = field(init=False)
    """Findings that address each principle (every principle has an entry)."""
    by_organisation: dict[str, tuple[Finding, ...]] = field(init=False)
    """Findings of each organisation's sources (every organisation has an entry)."""
    sources_by_organisation: dict[str, tuple[Source, ...]] = field(init=False)
    """Sources each organisation published or co-published, newest first."""
    whole: Whole | None = None
    """Set when this corpus holds part of the evidence: the facts about all of it."""
    _by_pair: dict[tuple[str, str], tuple[Finding, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen dataclass: fields are computed once here
        set_(self, "organisations", {o.id: o for o in self.evidence.organisations})
        set_(self, "principles", {p.id: p for p in self.evidence.principles})
        sources = _latest_first(self.evidence.sources)
        set_(self, "sources", {s.id: s for s in sources})
        set_(self, "findings", {f.global_id: f for s in sources for f in s.findings})
        by_principle: dict[str, list[Finding]] = {p: [] for p in self.principles}
        for finding in self.findings.values():
            # dict.fromkeys: a principle listed twice in one finding still indexes it once.
            for principle_id in dict.fromkeys(ref.id for ref in finding.principles):
                by_principle.setdefault(principle_id, []).append(finding)
        set_(self, "by_principle", {k: tuple(v) for k, v in by_principle.items()})
        by_org: dict[str, list[Source]] = {o: [] for o in self.organisations}
        for source in sources:
            for publisher in source.publishers:
                by_org.setdefault(publisher, []).append(source)
        set_(self, "sources_by_organisation", {k: tuple(v) for k, v in by_org.items()})
        set_(self, "by_organisation", {k: tuple(f for s in v for f in s.findings) for k, v in by_org.items()})
        pairs: dict[tuple[str, str], list[Finding]] = {}
        for organisation_id, findings in self.by_organisation.items():
            for finding in findings:
                for principle_id in dict.fromkeys(ref.id for ref in finding.principles):
                    pairs.setdefault((organisation_id, principle_id), []).append(finding)
        set_(self, "_by_pair", {k: tuple(v) for k, v in pairs.items()})

    @classmethod
    def build(cls, evidence: Evidence, rules: Rules | None = None) -> Corpus:
        """Index loaded evidence, to be judged by `rules` (the defaults when not given)."""
        return cls(evidence, rules or Rules())

    def source_of(self, finding: Finding) -> Source:
        """Return the source that reports a finding."""
        return self.sources[finding.source_id]

    def addressed(self, source_id: str) -> frozenset[str]:
        """The principles a source's findings address (all of its findings, where the corpus holds only some)."""
        if self.whole is not None and self.whole.addressed is not None and source_id in self.whole.addressed:
            return self.whole.addressed[source_id]
        return frozenset(r.id for f in self.sources[source_id].findings for r in f.principles)

    def active_organisations(self) -> list[Organisation]:
        """Organisations that published at least one source, in organisations.yaml order (of the whole
        evidence for a partial corpus: an organisation silent on the part read is still active)."""
        if self.whole is not None:
            active = {o for publishers in self.whole.publishers for o in publishers}
            return [o for o in self.organisations.values() if o.id in active]
        return [o for o in self.organisations.values() if self.sources_by_organisation.get(o.id)]

    def findings_of(self, organisation_id: str, principle_id: str) -> tuple[Finding, ...]:
        """Findings of one organisation on one principle, latest report first."""
        return self._by_pair.get((organisation_id, principle_id), ())

    def publishers_of(self, finding: Finding) -> tuple[str, ...]:
        """Organisations a finding speaks for (every publisher of its source)."""
        return self.source_of(finding).publishers

    def extent(self) -> Whole:
        """How much evidence there is: counts and date span (of the whole evidence for a partial corpus)."""
        if self.whole is not None:
            return self.whole
        dates = sorted(s.published for s in self.sources.values())
        return Whole(len(dates), len(self.findings), dates[0] if dates else None, dates[-1] if dates else None,
                     publisher_lists(self.sources.values()))

    def publisher_lists(self) -> tuple[tuple[str, ...], ...]:
        """The publishers of every source, newest first, each list once (of the whole evidence when partial)."""
        return self.whole.publishers if self.whole is not None else publisher_lists(self.sources.values())

    def latest_date(self) -> str | None:
        """Publication date of the newest source."""
        if self.whole is not None:
            return self.whole.latest
        return next(iter(self.sources.values())).published if self.sources else None
