"""The template context: read-only views of the Corpus with positions, verdicts and evidence strength.

Every view carries its record (`view.record`) and answers for every record
field as if it were the record (`source.title`, `finding.quote`), plus the
computed fields documented in docs/reports.md. Views are built once per
command; only `Mentions` (which spells an acronym out on first use) is made
afresh for each render, and `memo` (fragments rendered once) lives for a run.
How things are worded (dates, names, lists) is in `lucli.render.wording`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lucli import __version__
from lucli.analysis.verdicts import gaps, verdict, verdicts
from lucli.records.corpus import Corpus
from lucli.records.model import Coverage, Finding, Loc, Organisation, Principle, PrincipleRef, Source
from lucli.render.fragments import Memo

# The names imported "as" themselves were defined here before lucli.render.wording: still importable from here.
from lucli.render.wording import STALE_YEARS as STALE_YEARS
from lucli.render.wording import STANCE_SYMBOLS as STANCE_SYMBOLS
from lucli.render.wording import STANCE_WORDS as STANCE_WORDS
from lucli.render.wording import acronym, join_words, label, proper_nouns, verbs
from lucli.render.wording import and_list as and_list
from lucli.render.wording import date_text as date_text
from lucli.render.wording import is_stale as is_stale
from lucli.render.wording import lead_of as lead_of

EMPIRICAL = ("case-study", "quantitative", "international-comparison", "literature-review")
"""Bases that make a finding empirical; anything else, or no basis, is advocacy."""
ADVOCACY = ("opinion", "roundtable", "expert-panel")
STRENGTH_SCALE = (
    ("strong", "●●●", "empirical findings from 3 or more sources"),
    ("moderate", "●●○", "empirical findings from 2 sources"),
    ("limited", "●○○", "empirical findings from 1 source"),
    ("advocacy only", "○○○", "positions are stated, but no finding rests on empirical evidence"),
    ("none", "—", "no findings at all"),
)
"""The one evidence-strength scale, used in briefs, the digest legend and the matrix."""


class _View:
    """Answers for every field of the record it wraps."""

    record: Any

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "record":
            raise AttributeError(name)
        value = getattr(self.record, name)
        # Records are frozen, so the answer never changes: keep it, and the next lookup never gets here.
        self.__dict__[name] = value
        return value


@dataclass(frozen=True, eq=False)
class OrganisationView(_View):
    """An organisation with the names to use for it."""

    record: Organisation
    short: str
    """Name after first mention: its acronym ('IfG') or its name."""
    label: str
    """Name at first mention: 'Institute for Government (IfG)'."""
    source_ids: tuple[str, ...]
    """Sources it published or co-published, newest first."""
    active: bool
    """True when it published at least one source."""


@dataclass(frozen=True, eq=False)
class FindingView(_View):
    """A finding with who says it and on what evidence."""

    record: Finding
    global_id: str
    """`source-id/finding-id`."""
    organisations: tuple[OrganisationView, ...]
    """Publishers of its source."""
    published: str
    """Its source's publication date."""
    evidence: str
    """empirical | advocacy (see EMPIRICAL)."""
    basis_text: str
    """Its bases in words ('case study, international comparison'), or 'no basis given'."""
    verb: str
    """Reporting verb for one organisation: finds | argues | recommends | states."""
    verb_plural: str
    """The same verb for two or more organisations."""
    lead: str
    """The statement on one line, first letter lower-cased unless it starts a name, without its final stop."""


@dataclass(frozen=True, eq=False)
class SourceView(_View):
    """A source with its publishers, dates and findings as views."""

    record: Source
    organisations: tuple[OrganisationView, ...]
    """Its publishers, as views."""
    findings: tuple[FindingView, ...]
    """Its findings, as views, in file order."""
    date_text: str
    """Publication date in words."""
    year: int
    stale: bool
    """Published more than STALE_YEARS years before the generated date."""
    principle_ids: tuple[str, ...]
    """Principles its findings address, in taxonomy order."""


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


@dataclass(frozen=True, eq=False)
class PositionView:
    """One organisation's position on one principle."""

    organisation: OrganisationView
    principle: str
    """Principle id."""
    stance: str
    """supports | opposes | qualifies | mixed | silent."""
    symbol: str
    word: str
    """The stance in words ('no position found' when silent)."""
    findings: tuple[FindingView, ...]
    strength: Strength
    key_source: SourceView | None
    """The source with most findings behind the position (newest on a tie)."""

    @property
    def speaks(self) -> bool:
        """True unless the organisation is silent."""
        return self.stance != "silent"

    @cached_property
    def finding_ids(self) -> frozenset[str]:
        """Global ids of the findings behind the position (to compare positions quickly)."""
        return frozenset(f.global_id for f in self.findings)


@dataclass(frozen=True, eq=False)
class PrincipleView(_View):
    """A principle with every active organisation's position and the verdict."""

    record: Principle
    verdict: str
    """consensus | broad support | contested | single voice | gap."""
    positions: tuple[PositionView, ...]
    """Every active organisation's position, in organisation order."""
    findings: tuple[FindingView, ...]
    """Findings that address it, newest source first."""
    strength: Strength
    counts: dict[str, int]
    """How many organisations hold each position (supports, opposes, qualifies, mixed, silent)."""
    source_ids: tuple[str, ...]
    """Sources with findings on it, newest first."""

    @cached_property
    def speakers(self) -> tuple[PositionView, ...]:
        """Positions of the organisations that address it."""
        return tuple(p for p in self.positions if p.speaks)

    @cached_property
    def silent(self) -> tuple[PositionView, ...]:
        """Positions of the organisations that do not."""
        return tuple(p for p in self.positions if not p.speaks)


@dataclass(frozen=True, eq=False)
class CorpusView:
    """The whole evidence base as templates see it."""

    organisations: tuple[OrganisationView, ...]
    """Active organisations (those with sources), in organisations.yaml order: the column order everywhere."""
    all_organisations: tuple[OrganisationView, ...]
    principles: tuple[PrincipleView, ...]
    """Taxonomy order."""
    matrix: tuple[PrincipleView, ...]
    """Most organisations speaking first, then taxonomy order (the order of `lucli.analysis.verdicts.verdicts`)."""
    sources: tuple[SourceView, ...]
    """Newest first."""
    findings: tuple[FindingView, ...]
    organisations_by_id: dict[str, OrganisationView]
    principles_by_id: dict[str, PrincipleView]
    sources_by_id: dict[str, SourceView]
    findings_by_id: dict[str, FindingView]
    latest_date: str | None
    """Publication date of the newest source."""
    unaddressed: tuple[PrincipleView, ...]
    """Principles no organisation addresses."""
    single_voice: tuple[PrincipleView, ...]
    """Principles only one organisation addresses."""
    silences: tuple[tuple[OrganisationView, PrincipleView], ...]
    """An organisation silent on a principle that more than half of the organisations address."""


def strength_of(findings: tuple[FindingView, ...]) -> Strength:
    """Rate a set of findings on the fixed evidence-strength scale."""
    from lucli.records.model import BASES

    empirical = [f for f in findings if f.evidence == "empirical"]
    advocacy = [f for f in findings if f.evidence == "advocacy"]
    empirical_sources = len({f.source_id for f in empirical})
    if empirical_sources >= 3:
        level = 0
    elif empirical_sources:
        level = 3 - empirical_sources
    else:
        level = 3 if findings else 4
    name, symbol, description = STRENGTH_SCALE[level]
    bases = tuple((b, n) for b in BASES if (n := sum(b in f.basis for f in findings)))
    evidence = "empirical" if empirical else "advocacy" if findings else "none"
    basis_text = ", ".join(b.replace("-", " ") for b, _ in bases) or "no basis given"
    return Strength(name, symbol, description, len(findings), len(empirical), empirical_sources, len(advocacy),
                    len({f.source_id for f in advocacy}), bases, sum(not f.basis for f in findings), evidence,
                    basis_text)


def build_corpus_view(corpus: Corpus, today: dt.date) -> CorpusView:
    """Build every view of the corpus once."""
    actives = {o.id for o in corpus.active_organisations()}
    orgs = {o.id: OrganisationView(o, acronym(o), label(o), tuple(s.id for s in corpus.sources_by_organisation
                                                                    .get(o.id, ())), o.id in actives)
            for o in corpus.organisations.values()}
    proper = proper_nouns(corpus)
    findings = {gid: _finding_view(corpus, f, orgs, proper) for gid, f in corpus.findings.items()}
    order = {pid: i for i, pid in enumerate(corpus.principles)}
    sources = {}
    for s in corpus.sources.values():
        addressed = sorted({r.id for f in s.findings for r in f.principles if r.id in order}, key=order.__getitem__)
        sources[s.id] = SourceView(s, tuple(orgs[p] for p in s.publishers if p in orgs),
                                   tuple(findings[f.global_id] for f in s.findings), date_text(s.published), s.year,
                                   is_stale(s.published, today), tuple(addressed))
    principles = {pid: _principle_view(corpus, corpus.principles[pid], orgs, findings, sources)
                  for pid in corpus.principles}
    found = gaps(corpus)
    return CorpusView(
        organisations=tuple(orgs[o] for o in orgs if o in actives), all_organisations=tuple(orgs.values()),
        principles=tuple(principles.values()), matrix=tuple(principles[v.principle] for v in verdicts(corpus)),
        sources=tuple(sources.values()), findings=tuple(findings.values()), organisations_by_id=orgs,
        principles_by_id=principles, sources_by_id=sources, findings_by_id=findings,
        latest_date=corpus.latest_date(), unaddressed=tuple(principles[p] for p in found.unaddressed),
        single_voice=tuple(principles[p] for p in found.single_voice),
        silences=tuple((orgs[o], principles[p]) for o, p in found.silences))


def _finding_view(corpus: Corpus, finding: Finding, orgs: dict[str, OrganisationView],
                  proper: set[str]) -> FindingView:
    source = corpus.source_of(finding)
    evidence = "empirical" if set(finding.basis) & set(EMPIRICAL) else "advocacy"
    basis = ", ".join(b.replace("-", " ") for b in finding.basis) or "no basis given"
    singular, plural = verbs(finding, evidence)
    return FindingView(finding, finding.global_id, tuple(orgs[p] for p in source.publishers if p in orgs),
                       source.published, evidence, basis, singular, plural, lead_of(finding.statement, proper))


def _principle_view(corpus: Corpus, principle: Principle, orgs: dict[str, OrganisationView],
                    findings: dict[str, FindingView], sources: dict[str, SourceView]) -> PrincipleView:
    judged = verdict(corpus, principle.id)
    positions = []
    for p in judged.positions:
        views = tuple(findings[f.global_id] for f in p.findings)
        positions.append(PositionView(orgs[p.organisation], principle.id, p.stance, STANCE_SYMBOLS[p.stance],
                                      STANCE_WORDS[p.stance], views, strength_of(views), _key_source(views, sources)))
    on_it = tuple(findings[f.global_id] for f in corpus.by_principle.get(principle.id, ()))
    counts = {s: judged.count(s) for s in STANCE_SYMBOLS}
    source_ids = tuple(dict.fromkeys(f.source_id for f in on_it))
    return PrincipleView(principle, judged.verdict, tuple(positions), on_it, strength_of(on_it), counts, source_ids)


def _key_source(findings: tuple[FindingView, ...], sources: dict[str, SourceView]) -> SourceView | None:
    if not findings:
        return None
    tally: dict[str, int] = {}
    for f in findings:  # findings come newest source first, so the first of equals is the newest
        tally[f.source_id] = tally.get(f.source_id, 0) + 1
    return sources[max(tally, key=lambda s: (tally[s], -list(tally).index(s)))]


class Mentions:
    """Names organisations: the full name with its acronym the first time, the short name after."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, organisation: OrganisationView) -> str:
        """Name one organisation."""
        if organisation.id in self.seen:
            return organisation.short
        self.seen.add(organisation.id)
        return organisation.label

    def all(self, organisations: Any) -> str:
        """Name several organisations: 'A, B and C'."""
        seen = self.seen
        names = []
        for o in organisations:  # what self(o) does, inline: pages name thousands of organisations
            if o.id in seen:
                names.append(o.short)
            else:
                seen.add(o.id)
                names.append(o.label)
        return join_words(names)

    def full(self, organisation: OrganisationView) -> str:
        """Give the full name (for tables and headings that stand alone) and count it as spelt out."""
        self.seen.add(organisation.id)
        return organisation.label


def base_context(view: CorpusView, today: dt.date, memo: Memo | None = None,
                 bibliography: Any = None) -> dict[str, Any]:
    """The variables every template gets; `memo` is shared by the pages of one run (a fresh one if not given).

    `bibliography` formats reference entries (`lucli.render.cite.Bibliography`; Harvard unless given).
    """
    if bibliography is None:
        from lucli.render.cite import default_bibliography

        bibliography = default_bibliography()
    return {
        "bibliography": bibliography,
        "generated": today.isoformat(),
        "generated_text": date_text(today.isoformat()),
        "lucli_version": __version__,
        "corpus": view,
        "stances": tuple({"stance": s, "symbol": STANCE_SYMBOLS[s], "word": STANCE_WORDS[s]} for s in STANCE_SYMBOLS),
        "scale": tuple({"level": n, "symbol": s, "description": d} for n, s, d in STRENGTH_SCALE),
        "stale_years": STALE_YEARS,
        "name": Mentions(),
        "memo": memo if memo is not None else Memo(),
    }


VIEW_TYPES: tuple[type, ...] = (OrganisationView, FindingView, SourceView, Strength, PositionView, PrincipleView,
                                CorpusView, Organisation, Principle, Finding, Source, PrincipleRef, Coverage, Loc,
                                Mentions, Memo)
"""Frozen, data-only types the template sandbox may read without the slow per-attribute checks."""
