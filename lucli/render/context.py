"""The template context: read-only views of the Corpus with positions, verdicts and evidence strength.

Every view carries its record (`view.record`) and answers for every record
field as if it were the record (`source.title`, `finding.quote`), plus the
computed fields documented in docs/reports.md. Views are built once per
command (by `lucli.render.view_builder`); only `Mentions` (which spells an acronym out on first use) is made
afresh for each render, and `memo` (fragments rendered once) lives for a run.
How things are worded (dates, names, lists) is in `lucli.render.wording`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property

from lucli.analysis.voices import Exchange, Voice
from lucli.records.frozen import quick_init
from lucli.records.model import Coverage, Finding, Loc, Organisation, Principle, PrincipleRef, Source
from lucli.records.rules import Rules
from lucli.render.fragments import Memo
from lucli.render.mentions import Mentions
from lucli.render.mermaid import argument_map
from lucli.render.record_views import RecordView, read_through
from lucli.render.strength_view import Strength

# The names imported "as" themselves were defined here before lucli.render.wording: still importable from here.
from lucli.render.wording import STALE_YEARS as STALE_YEARS
from lucli.render.wording import STANCE_SYMBOLS as STANCE_SYMBOLS
from lucli.render.wording import STANCE_WORDS as STANCE_WORDS
from lucli.render.wording import and_list as and_list
from lucli.render.wording import date_text as date_text
from lucli.render.wording import is_stale as is_stale
from lucli.render.wording import label_in_sentence, words
from lucli.render.wording import lead_of as lead_of


@quick_init
@dataclass(frozen=True, eq=False)
class OrganisationView(RecordView):
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


@quick_init
@dataclass(frozen=True, eq=False)
class FindingView(RecordView):
    """A finding with who says it and on what evidence."""

    record: Finding
    global_id: str
    """`source-id/finding-id`."""
    organisations: tuple[OrganisationView, ...]
    """Publishers of its source."""
    published: str
    """Its source's publication date."""
    evidence: str
    """empirical | advocacy (by the bases `lucli.records.rules.Rules.empirical` names)."""
    basis_text: str
    """Its bases in words ('case study, international comparison'), or 'no basis given'."""
    verb: str
    """Reporting verb for one organisation: finds | argues | recommends | states."""
    verb_plural: str
    """The same verb for two or more organisations."""
    said: str
    """Whose words its quote is: 'in the report's words', 'as LocalGov summarised it', '… said', or 'quoted'."""
    name_words: AbstractSet[str]
    """The words statements start with that are names, lower-cased (`proper_nouns`): what `lead` keeps."""

    @cached_property
    def lead(self) -> str:
        """The statement on one line, first letter lower-cased unless it starts a name, without its final stop.
        Worked out when a page shows it: a principle's page holds thousands of findings and sets out a few."""
        return lead_of(self.record.statement, self.name_words)

    @cached_property
    def principle_ids(self) -> tuple[str, ...]:
        """The principles it is coded against, in the order of its record."""
        return tuple(r.id for r in self.record.principles)

    @cached_property
    def organisation_ids(self) -> tuple[str, ...]:
        """Its source's publishers."""
        return tuple(o.id for o in self.organisations)


@quick_init
@dataclass(frozen=True, eq=False)
class SourceView(RecordView):
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


@quick_init
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

    @cached_property
    def source_set(self) -> frozenset[str]:
        """Ids of the sources behind the position. Two positions on a principle rest on the same findings exactly
        when they rest on the same sources (each brings all its findings on the principle), so a view of part of
        the evidence compares positions by these (`lucli.render.digest_outline`)."""
        return frozenset(f.source_id for f in self.findings)


@quick_init
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


@quick_init
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


@quick_init
@dataclass(frozen=True, eq=False)
class PrincipleView(RecordView):
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
    def finding_kinds(self) -> str:
        """The kinds of its findings, each once in the order first met, joined by spaces (the map's filter)."""
        return " ".join(dict.fromkeys(f.kind for f in self.findings))

    @cached_property
    def filter_words(self) -> str:
        """The words of its label, description, aliases and findings' statements, once each (`words`): what the
        map's text filter searches."""
        return words([self.label, self.description, *self.aliases, *(f.statement for f in self.findings)])

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


@quick_init
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
    sources_by_id: Mapping[str, SourceView]
    findings_by_id: Mapping[str, FindingView]
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
    counted: tuple[int, int] | None = None
    """Set for a view of part of the evidence: how many sources and findings the whole evidence holds."""

    @property
    def source_count(self) -> int:
        """How many sources the whole evidence holds."""
        return self.counted[0] if self.counted is not None else len(self.sources)

    @property
    def finding_count(self) -> int:
        """How many findings the whole evidence holds."""
        return self.counted[1] if self.counted is not None else len(self.findings)
    whole_stale_tells: bool | None = None
    """Set for a view of part of the evidence (`lucli.render.indexed_brief`): `stale_tells` of the whole."""

    @cached_property
    def stale_tells(self) -> bool:
        """True when some sources are old and some are not: only then does a flag on each old one say anything."""
        if self.whole_stale_tells is not None:
            return self.whole_stale_tells
        flags = {s.stale for s in self.sources}
        return len(flags) == 2

    @cached_property
    def labels_in_sentence(self) -> dict[str, str]:
        """Each principle's label as it reads inside a sentence (`label_in_sentence`): what `lcfirst` makes of it."""
        return {p.label: label_in_sentence(p.label, p.description, tuple(p.aliases)) for p in self.principles}

    @cached_property
    def exchanges_of_source(self) -> dict[str, tuple[int, ...]]:
        """Where in `exchanges` each source responds (through any of the findings grouped in it: one voice may
        answer the same record from several sources) or is responded to: a briefing on one source reads its own
        exchanges, not every one in the evidence for every page."""
        return _positions((*(f.source_id for f in e.findings), e.target_source.id) for e in self.exchanges)

    @cached_property
    def exchange_records_of_source(self) -> dict[str, tuple[int, ...]]:
        """The same for `exchange_records`."""
        return _positions((e.finding.source_id, e.target_source.id) for e in self.exchange_records)


def _positions(pairs: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Each source id to the positions of the items that name it, in order."""
    found: dict[str, list[int]] = {}
    for i, sources in enumerate(pairs):
        for sid in dict.fromkeys(sources):
            found.setdefault(sid, []).append(i)
    return {sid: tuple(at) for sid, at in found.items()}


WRAPPED: tuple[tuple[type[RecordView], type], ...] = ((OrganisationView, Organisation), (FindingView, Finding),
                                                  (SourceView, Source), (PrincipleView, Principle))
"""Each view of a record and the record class it wraps."""
for _wrapper, _wrapped in WRAPPED:
    read_through(_wrapper, _wrapped)


VIEW_TYPES: tuple[type, ...] = (OrganisationView, FindingView, SourceView, Strength, PositionView, PrincipleView,
                                VoiceView, ExchangeView, Rules, Voice,
                                CorpusView, Organisation, Principle, Finding, Source, PrincipleRef, Coverage, Loc,
                                Mentions, Memo)
"""Frozen, data-only types the template sandbox may read without the slow per-attribute checks."""
