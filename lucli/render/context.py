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
from lucli.analysis.provenance import COVERAGE_CAVEAT, rests_on_coverage
from lucli.analysis.strength import is_empirical
from lucli.analysis.strength import scale as strength_scale
from lucli.analysis.verdicts import Verdict, gaps, position, verdict, verdicts
from lucli.analysis.voices import Exchange, Voice, exchanges, voices
from lucli.records.corpus import Corpus
from lucli.records.model import Coverage, Finding, Loc, Organisation, Principle, PrincipleRef, Source
from lucli.records.rules import Rules
from lucli.render.fragments import Memo
from lucli.render.mermaid import argument_map

# The names imported "as" themselves were defined here before lucli.render.wording: still importable from here.
from lucli.render.wording import STALE_YEARS as STALE_YEARS
from lucli.render.wording import STANCE_SYMBOLS as STANCE_SYMBOLS
from lucli.render.wording import STANCE_WORDS as STANCE_WORDS
from lucli.render.wording import acronym, join_words, label, proper_nouns, quote_label, verbs
from lucli.render.wording import and_list as and_list
from lucli.render.wording import date_text as date_text
from lucli.render.wording import is_stale as is_stale
from lucli.render.wording import lead_of as lead_of

EMPIRICAL = ("case-study", "quantitative", "international-comparison", "literature-review")
"""The default bases that make a finding empirical (lucli.yaml `strength: empirical:` may set others)."""
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
    said: str
    """Whose words its quote is: 'in the report's words', 'as LocalGov summarised it', '… said', or 'quoted'."""


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
    from_coverage: bool
    """True when the analyst read it only through press coverage (cite it with `caveat`)."""
    caveat: str
    """'findings taken from press coverage, not the report itself', or '' when it is not second-hand."""


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
class VoiceView:
    """One independent voice (or the subject) and its position on one principle."""

    id: str
    """Organisation ids joined by '+'."""
    name: str
    """Its organisations' short names in prose, joined by ' + ': 'Demos + LIPSIT', 'HM Government'."""
    role: str
    """evidence | subject."""
    organisations: tuple[OrganisationView, ...]
    stance: str
    symbol: str
    word: str
    findings: tuple[FindingView, ...]
    strength: Strength
    key_source: SourceView | None

    @property
    def speaks(self) -> bool:
        """True unless the voice is silent."""
        return self.stance != "silent"


@dataclass(frozen=True, eq=False)
class ExchangeView:
    """Responses of one voice to one record, one way and about one thing, in words."""

    voice: str
    """Who responds ('IfG')."""
    relation: str
    """challenges | rebuts | endorses | extends."""
    about: str | None
    findings: tuple[FindingView, ...]
    """The responding findings."""
    target_voice: str
    """Whom it responds to ('HMG')."""
    target_source: SourceView
    target: FindingView | None
    """The finding responded to, or None for the whole source."""
    dissents: bool


@dataclass(frozen=True, eq=False)
class PrincipleView(_View):
    """A principle with every active organisation's position and the two-axis verdict."""

    record: Principle
    verdict: str
    """The agreement: consensus | some agreement | contested | single voice | gap (independent voices only)."""
    positions: tuple[PositionView, ...]
    """Every active organisation's position, in organisation order."""
    findings: tuple[FindingView, ...]
    """Findings that address it, newest source first."""
    strength: Strength
    counts: dict[str, int]
    """How many organisations hold each position (supports, opposes, qualifies, mixed, silent)."""
    source_ids: tuple[str, ...]
    """Sources with findings on it, newest first."""
    headline: str
    """Agreement and strength together: 'Some agreement (2 independent voices), advocacy only ○○○'."""
    verdict_text: str
    """The same, short, for lists and tables: 'some agreement (2 voices), ○○○'."""
    voices: tuple[VoiceView, ...]
    """Every active independent voice's position, in organisations.yaml order."""
    subject: tuple[VoiceView, ...]
    """The subject voices that speak on it: the stated position of the body under review (never counted)."""
    subject_all: tuple[VoiceView, ...]
    """Every active subject voice, silent ones included (matrix columns)."""
    voice_counts: dict[str, int]
    """How many independent voices hold each position (supports, opposes, qualifies, mixed, silent)."""
    exchanges: tuple[ExchangeView, ...]
    """Responses that bear on it (challenges, rebuttals, endorsements, extensions), grouped by who, how and to what."""
    argument_map: str
    """The exchanges as a Mermaid flowchart ('' when there are none)."""

    @cached_property
    def voice_speakers(self) -> tuple[VoiceView, ...]:
        """Independent voices that address it."""
        return tuple(v for v in self.voices if v.speaks)

    @cached_property
    def voice_silent(self) -> tuple[VoiceView, ...]:
        """Independent voices that do not."""
        return tuple(v for v in self.voices if not v.speaks)

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
    voices: tuple[Voice, ...] = ()
    """Every active voice (independent ones first, then the subject): the matrix columns."""
    rules: Rules = Rules()
    """The verdict thresholds and strength rubric in force."""
    exchanges: tuple[ExchangeView, ...] = ()
    """Every response in the evidence, grouped by who, how and to what."""
    exchange_records: tuple[Exchange, ...] = ()
    """The same, one per finding and response, as the analysis gives them (for argument maps)."""

    @cached_property
    def argument_map(self) -> str:
        """Every response in the evidence as a Mermaid flowchart ('' when there are none)."""
        return argument_map(self.exchange_records)
    stale_after: int = STALE_YEARS
    """Years after which a source is flagged as old (`stale_after` in lucli.yaml)."""

    @cached_property
    def stale_tells(self) -> bool:
        """True when some sources are old and some are not: only then does a flag on each old one say anything."""
        flags = {s.stale for s in self.sources}
        return len(flags) == 2


def strength_of(findings: tuple[FindingView, ...], rules: Rules | None = None) -> Strength:
    """Rate a set of findings on the evidence-strength scale (the thresholds of `rules`, else the defaults)."""
    from lucli.records.model import BASES

    rules = rules or Rules()
    empirical = [f for f in findings if f.evidence == "empirical"]
    advocacy = [f for f in findings if f.evidence == "advocacy"]
    empirical_sources = len({f.source_id for f in empirical})
    if empirical_sources >= rules.strong:
        level = 0
    elif empirical_sources >= rules.limited:
        level = 1 if empirical_sources >= rules.moderate else 2
    else:
        level = 3 if findings else 4
    name, symbol, _ = STRENGTH_SCALE[level]
    description = strength_scale(rules)[level][2]
    bases = tuple((b, n) for b in BASES if (n := sum(b in f.basis for f in findings)))
    evidence = "empirical" if empirical else "advocacy" if findings else "none"
    basis_text = ", ".join(b.replace("-", " ") for b, _ in bases) or "no basis given"
    return Strength(name, symbol, description, len(findings), len(empirical), empirical_sources, len(advocacy),
                    len({f.source_id for f in advocacy}), bases, sum(not f.basis for f in findings), evidence,
                    basis_text)


def build_corpus_view(corpus: Corpus, today: dt.date, stale_after: int = STALE_YEARS) -> CorpusView:
    """Build every view of the corpus once; sources more than `stale_after` years old are flagged."""
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
                                   is_stale(s.published, today, stale_after), tuple(addressed), rests_on_coverage(s),
                                   COVERAGE_CAVEAT if rests_on_coverage(s) else "")
    principles = {pid: _principle_view(corpus, corpus.principles[pid], orgs, findings, sources)
                  for pid in corpus.principles}
    found = gaps(corpus)
    every = voices(corpus)
    all_exchanges = exchanges(corpus)
    members = {v.id: v for v in every.all}
    return CorpusView(
        organisations=tuple(orgs[o] for o in orgs if o in actives), all_organisations=tuple(orgs.values()),
        principles=tuple(principles.values()), matrix=tuple(principles[v.principle] for v in verdicts(corpus)),
        sources=tuple(sources.values()), findings=tuple(findings.values()), organisations_by_id=orgs,
        principles_by_id=principles, sources_by_id=sources, findings_by_id=findings,
        latest_date=corpus.latest_date(), unaddressed=tuple(principles[p] for p in found.unaddressed),
        single_voice=tuple(principles[p] for p in found.single_voice),
        silences=tuple((orgs[o], principles[p]) for v, p in found.silences for o in members[v].organisations),
        voices=every.all, rules=corpus.rules, stale_after=stale_after,
        exchanges=_exchange_views(all_exchanges, findings, sources), exchange_records=all_exchanges)


def _finding_view(corpus: Corpus, finding: Finding, orgs: dict[str, OrganisationView],
                  proper: set[str]) -> FindingView:
    source = corpus.source_of(finding)
    evidence = "empirical" if is_empirical(finding, corpus.rules) else "advocacy"
    basis = ", ".join(b.replace("-", " ") for b in finding.basis) or "no basis given"
    singular, plural = verbs(finding, evidence)
    return FindingView(finding, finding.global_id, tuple(orgs[p] for p in source.publishers if p in orgs),
                       source.published, evidence, basis, singular, plural, lead_of(finding.statement, proper),
                       quote_label(finding, source, corpus) if finding.quote else "")


def _principle_view(corpus: Corpus, principle: Principle, orgs: dict[str, OrganisationView],
                    findings: dict[str, FindingView], sources: dict[str, SourceView]) -> PrincipleView:
    judged = verdict(corpus, principle.id)
    rules = corpus.rules
    positions = []
    for o in corpus.active_organisations():
        p = position(corpus, o.id, principle.id)
        views = tuple(findings[f.global_id] for f in p.findings)
        positions.append(PositionView(orgs[p.organisation], principle.id, p.stance, STANCE_SYMBOLS[p.stance],
                                      STANCE_WORDS[p.stance], views, strength_of(views, rules),
                                      _key_source(views, sources)))
    on_it = tuple(findings[f.global_id] for f in corpus.by_principle.get(principle.id, ()))
    counts = {s: sum(p.stance == s for p in positions) for s in STANCE_SYMBOLS}
    source_ids = tuple(dict.fromkeys(f.source_id for f in on_it))
    voices = tuple(_voice_view(v, orgs, findings, sources, rules) for v in judged.positions)
    subject_all = tuple(_voice_view(v, orgs, findings, sources, rules) for v in judged.subject)
    subject = tuple(v for v in subject_all if v.speaks)
    counted = tuple(f for v in voices for f in v.findings)
    exchanges = _exchange_views(judged.exchanges, findings, sources)
    return PrincipleView(principle, judged.agreement, tuple(positions), on_it, strength_of(counted, rules), counts,
                         source_ids, judged.headline, _short_verdict(judged), voices, subject, subject_all,
                         {s: judged.count(s) for s in STANCE_SYMBOLS}, exchanges, argument_map(judged.exchanges))


def _short_verdict(judged: Verdict) -> str:
    n = len(judged.speakers)
    return f"{judged.agreement} ({n} voice{'' if n == 1 else 's'}), {judged.strength.symbol}"


def _voice_view(p: Any, orgs: dict[str, OrganisationView], findings: dict[str, FindingView],
                sources: dict[str, SourceView], rules: Rules) -> VoiceView:
    views = tuple(findings[f.global_id] for f in p.findings)
    members = tuple(orgs[o] for o in p.voice.organisations if o in orgs)
    return VoiceView(p.voice.id, " + ".join(o.short for o in members) or p.voice.name, p.voice.role, members,
                     p.stance, STANCE_SYMBOLS[p.stance], STANCE_WORDS[p.stance], views, strength_of(views, rules),
                     _key_source(views, sources))


def _exchange_views(found: tuple[Exchange, ...], findings: dict[str, FindingView],
                    sources: dict[str, SourceView]) -> tuple[ExchangeView, ...]:
    groups: dict[tuple[str, str, str, str | None], list[Exchange]] = {}
    for e in found:
        groups.setdefault((e.voice.id, e.relation, e.response.ref, e.response.about), []).append(e)
    return tuple(ExchangeView(g[0].voice.name, g[0].relation, g[0].response.about,
                              tuple(findings[e.finding.global_id] for e in g), g[0].target_voice.name,
                              sources[g[0].target_source.id],
                              findings[g[0].target.global_id] if g[0].target else None, g[0].dissents)
                 for g in groups.values())


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

    def all(self, organisations: Any, unnamed: int = 0) -> str:
        """Name several organisations: 'A, B and C', or 'A, B and 3 other organisations' with `unnamed`."""
        seen = self.seen
        names = []
        for o in organisations:  # what self(o) does, inline: pages name thousands of organisations
            if o.id in seen:
                names.append(o.short)
            else:
                seen.add(o.id)
                names.append(o.label)
        if unnamed:
            names.append(f"{unnamed} other organisation{'s' if unnamed > 1 else ''}")
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
        "scale": tuple({"level": n, "symbol": s, "description": d} for n, s, d in strength_scale(view.rules)),
        "consensus_minimum": view.rules.consensus,
        "empirical_bases": view.rules.empirical,
        "stale_years": view.stale_after,
        "name": Mentions(),
        "memo": memo if memo is not None else Memo(),
    }


VIEW_TYPES: tuple[type, ...] = (OrganisationView, FindingView, SourceView, Strength, PositionView, PrincipleView,
                                VoiceView, ExchangeView, Rules, Voice,
                                CorpusView, Organisation, Principle, Finding, Source, PrincipleRef, Coverage, Loc,
                                Mentions, Memo)
"""Frozen, data-only types the template sandbox may read without the slow per-attribute checks."""
