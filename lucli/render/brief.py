"""Briefings: what the evidence says about one principle, organisation or source.

This module works out what a briefing needs (who stands where, where they
agree and differ, how strong the evidence is, what is missing, which sources
to cite and in what order); the templates in templates/ put it into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lucli.analysis.verdicts import combine
from lucli.render.asks import Asked, asked
from lucli.render.context import (
    VIEW_TYPES as CONTEXT_TYPES,
)
from lucli.render.context import (
    CorpusView,
    FindingView,
    OrganisationView,
    PositionView,
    PrincipleView,
    SourceView,
    Strength,
    base_context,
    strength_of,
)
from lucli.render.fragments import Memo
from lucli.render.mermaid import argument_map
from lucli.render.wording import STANCE_SYMBOLS

TEMPLATES = {"principle": "brief-principle.md.j2", "organisation": "brief-organisation.md.j2",
             "source": "brief-source.md.j2"}
"""The built-in template for each kind of topic."""


@dataclass(frozen=True, eq=False)
class Group:
    """Organisations that speak through the same findings on a topic (the co-publishers of a source)."""

    organisations: tuple[OrganisationView, ...]
    stance: str
    symbol: str
    findings: tuple[FindingView, ...]
    anchor: str
    """Id of its first organisation, for links."""

    @property
    def plural(self) -> bool:
        """True when two or more organisations speak together."""
        return len(self.organisations) > 1

    @property
    def claims(self) -> tuple[FindingView, ...]:
        """Its findings, critiques and targets (everything but recommendations)."""
        return tuple(f for f in self.findings if f.kind != "recommendation")

    @property
    def recommendations(self) -> tuple[FindingView, ...]:
        """Its recommendations."""
        return tuple(f for f in self.findings if f.kind == "recommendation")

    @property
    def strength(self) -> Strength:
        """Strength of its evidence on the topic."""
        return strength_of(self.findings)


@dataclass(frozen=True, eq=False)
class Side:
    """The groups that take one stance on a related principle."""

    stance: str
    groups: tuple[Group, ...]
    findings: tuple[FindingView, ...]

    @cached_property
    def by_group(self) -> tuple[tuple[Group, tuple[FindingView, ...]], ...]:
        """(group, those of its findings that are on this side) for each of `groups`."""
        ids = {f.global_id for f in self.findings}
        return tuple((g, tuple(f for f in g.findings if f.global_id in ids)) for g in self.groups)


@dataclass(frozen=True, eq=False)
class Link:
    """A related principle that findings on the topic also address: common ground or a point of dispute."""

    principle: PrincipleView
    sides: tuple[Side, ...]
    """One side per stance taken on the related principle; agreement when there is one side."""

    @property
    def agreed(self) -> bool:
        """True when every group takes the same stance on it."""
        return len(self.sides) == 1


@dataclass(frozen=True, eq=False)
class Difference:
    """A group that qualifies, opposes or is mixed while others support."""

    group: Group
    findings: tuple[FindingView, ...]
    """Its findings that do not simply support."""
    on: tuple[PrincipleView, ...]
    """Other principles those findings raise: what the difference is about."""
    against: tuple[Group, ...]
    """Groups that take a different stance."""

    @cached_property
    def against_organisations(self) -> tuple[OrganisationView, ...]:
        """The organisations of `against`, group after group."""
        return tuple(o for g in self.against for o in g.organisations)


NAMED = 8
"""Most other organisations a page names (and cites) for one stance on a principle; the rest are counted, and
the principle's own page lists them all. Uncapped, a source page named and cited every organisation in the
corpus on every principle it touches, so pages grew with the evidence base and the digest faster than it."""


@dataclass(frozen=True, eq=False)
class StanceGroup:
    """Other organisations that take one stance on a principle, with the key source behind each position."""

    stance: str
    positions: tuple[PositionView, ...]
    organisations: tuple[OrganisationView, ...]
    """The first `NAMED` of them."""
    key_sources: tuple[SourceView | None, ...]
    """The key source of each of `organisations`."""
    unnamed: int = 0
    """How many more take the stance than are named."""

    @property
    def plural(self) -> bool:
        """True when two or more organisations take the stance."""
        return len(self.positions) > 1


@dataclass(frozen=True, eq=False)
class Comparison:
    """How one organisation's or source's stance on a principle compares with the other organisations'."""

    principle: PrincipleView
    stance: str
    symbol: str
    findings: tuple[FindingView, ...]
    same: tuple[PositionView, ...]
    """Other organisations that take the same stance."""
    different: tuple[PositionView, ...]
    """Other organisations that speak and take another stance."""
    own: PositionView | None = None
    """The organisation's own position on the principle (organisation briefings; none for a source)."""

    # Ready-made lists, so that a page names and cites fifty organisations without a filter per item.

    @cached_property
    def same_organisations(self) -> tuple[OrganisationView, ...]:
        """The organisations of `same`, the first `NAMED` of them."""
        return tuple(p.organisation for p in self.same[:NAMED])

    @cached_property
    def same_sources(self) -> tuple[SourceView | None, ...]:
        """The key source of each of `same_organisations`."""
        return tuple(p.key_source for p in self.same[:NAMED])

    @property
    def same_unnamed(self) -> int:
        """How many of `same` are not named."""
        return max(0, len(self.same) - NAMED)

    @cached_property
    def different_by_stance(self) -> tuple[StanceGroup, ...]:
        """`different` grouped by stance, in the order of `different|groupby("stance")`."""
        grouped: dict[str, list[PositionView]] = {}
        for p in sorted(self.different, key=lambda p: p.stance.lower()):
            grouped.setdefault(p.stance.lower(), []).append(p)
        return tuple(StanceGroup(ps[0].stance, tuple(ps), tuple(p.organisation for p in ps[:NAMED]),
                                 tuple(p.key_source for p in ps[:NAMED]), max(0, len(ps) - NAMED))
                     for ps in grouped.values())

    def named(self) -> tuple[PositionView, ...]:
        """The positions a page names, in the order of `same` then `different`."""
        shown = {id(p) for g in self.different_by_stance for p in g.positions[:NAMED]}
        return (*self.same[:NAMED], *(p for p in self.different if id(p) in shown))


@dataclass(frozen=True, eq=False)
class Reference:
    """A numbered entry of a briefing's source list."""

    n: int
    source: SourceView


class _Refs:
    """Numbers sources in the order they are first needed."""

    def __init__(self, view: CorpusView) -> None:
        self.view = view
        self.numbers: dict[str, int] = {}

    def add(self, source_ids: Iterable[str]) -> None:
        for sid in source_ids:
            self.numbers.setdefault(sid, len(self.numbers) + 1)

    def entries(self) -> tuple[Reference, ...]:
        return tuple(Reference(n, self.view.sources_by_id[sid]) for sid, n in self.numbers.items())


def _groups(positions: Iterable[PositionView]) -> tuple[Group, ...]:
    """Merge organisations whose positions rest on exactly the same findings."""
    merged: dict[tuple[str, ...], list[PositionView]] = {}
    for p in positions:
        if p.speaks:
            merged.setdefault(tuple(f.global_id for f in p.findings), []).append(p)
    return tuple(Group(tuple(p.organisation for p in ps), ps[0].stance, ps[0].symbol, ps[0].findings,
                       ps[0].organisation.id) for ps in merged.values())


def _links(view: CorpusView, topic: str, groups: tuple[Group, ...]) -> tuple[Link, ...]:
    """Related principles the groups' findings also address, in taxonomy order."""
    found: dict[str, dict[str, list[tuple[Group, FindingView]]]] = {}
    for group in groups:
        for f in group.findings:
            for ref in f.principles:
                if ref.id != topic and ref.id in view.principles_by_id:
                    found.setdefault(ref.id, {}).setdefault(ref.stance, []).append((group, f))
    links = []
    for principle in view.principles:
        if principle.id not in found:
            continue
        sides = tuple(Side(stance, tuple(dict.fromkeys(g for g, _ in pairs)), tuple(dict.fromkeys(f for _, f in pairs)))
                      for stance, pairs in sorted(found[principle.id].items()))
        links.append(Link(principle, sides))
    return tuple(links)


def _differences(view: CorpusView, topic: str, groups: tuple[Group, ...]) -> tuple[Difference, ...]:
    differences = []
    for group in groups:
        if group.stance == "supports":
            continue
        findings = tuple(f for f in group.findings if f.record.stance_on(topic) != "supports")
        on = tuple(dict.fromkeys(view.principles_by_id[r.id] for f in findings for r in f.principles
                                 if r.id != topic and r.id in view.principles_by_id))
        against = tuple(g for g in groups if g.stance != group.stance)
        differences.append(Difference(group, findings, on, against))
    return tuple(differences)


def principle_brief(view: CorpusView, principle_id: str) -> dict[str, Any]:
    """Work out the content of a briefing on one principle."""
    principle = view.principles_by_id[principle_id]
    groups = _groups(principle.positions)
    refs = _Refs(view)
    refs.add(p.key_source.id for p in principle.positions if p.key_source)
    refs.add(f.source_id for g in groups for f in g.findings)
    refs.add(sid for e in principle.exchanges for sid in (e.findings[0].source_id, e.target_source.id))
    links = _links(view, principle_id, groups)
    by_stance = {s: tuple(p.organisation for p in principle.positions if p.stance == s) for s in STANCE_SYMBOLS}
    related_ids = list(dict.fromkeys([*principle.related, *(link.principle.id for link in links)]))
    related = tuple(view.principles_by_id[r] for r in related_ids if r in view.principles_by_id)
    return {
        "kind": "principle", "principle": principle, "groups": groups, "by_stance": by_stance,
        "agreements": tuple(link for link in links if link.agreed and len(link.sides[0].groups) > 1),
        "conflicts": tuple(link for link in links if not link.agreed),
        "differences": _differences(view, principle_id, groups),
        "advocacy_only": tuple(g for g in groups if g.strength.empirical_findings == 0),
        "related": related,
        "related_gaps": tuple(r for r in related if r.verdict in ("gap", "single voice")),
        "asks": asked(dict.fromkeys(f for g in groups for f in g.recommendations)),
        **_references(refs),
    }


def _comparisons(view: CorpusView, own: dict[str, tuple[FindingView, ...]], exclude: set[str],
                 owner: str | None = None) -> tuple[Comparison, ...]:
    """Compare stances taken through `own` findings (by principle) with every other organisation's.

    `owner` is the organisation whose briefing it is (none for a source's).
    """
    comparisons = []
    for principle in view.matrix:
        findings = own.get(principle.id)
        if not findings:
            continue
        stance = combine([s for f in findings if (s := f.record.stance_on(principle.id))])
        same_findings = {f.global_id for f in findings}
        # Co-publishers speaking through exactly the same findings are not a second opinion.
        others = [p for p in principle.speakers if p.organisation.id not in exclude
                  and p.finding_ids != same_findings]
        position = next((p for p in principle.positions if p.organisation.id == owner), None)
        comparisons.append(Comparison(principle, stance, STANCE_SYMBOLS[stance], findings,
                                      tuple(p for p in others if p.stance == stance),
                                      tuple(p for p in others if p.stance != stance), position))
    return tuple(comparisons)


def _by_principle(findings: Iterable[FindingView]) -> dict[str, tuple[FindingView, ...]]:
    grouped: dict[str, list[FindingView]] = {}
    for f in findings:
        for ref in f.principles:
            grouped.setdefault(ref.id, []).append(f)
    return {k: tuple(v) for k, v in grouped.items()}


def _comparison_context(view: CorpusView, comparisons: tuple[Comparison, ...], refs: _Refs) -> dict[str, Any]:
    # Another organisation's position is cited by its key source, so a page does not cite the whole corpus.
    refs.add(p.key_source.id for c in comparisons for p in c.named() if p.key_source)
    return {
        "comparisons": comparisons,
        "agreements": tuple(c for c in comparisons if c.same),
        "differences": tuple(c for c in comparisons if c.different),
        "alone": tuple(c for c in comparisons if not c.same and not c.different),
    }


def organisation_brief(view: CorpusView, organisation_id: str) -> dict[str, Any]:
    """Work out the content of a briefing on one organisation's positions across principles."""
    organisation = view.organisations_by_id[organisation_id]
    sources = tuple(view.sources_by_id[s] for s in organisation.source_ids)
    findings = tuple(f for s in sources for f in s.findings)
    refs = _Refs(view)
    refs.add(s.id for s in sources)
    comparisons = _comparisons(view, _by_principle(findings), {organisation_id}, organisation_id)
    silences = tuple(p for o, p in view.silences if o.id == organisation_id)
    return {
        "kind": "organisation", "organisation": organisation, "sources": sources, "findings": findings,
        "strength": strength_of(findings, view.rules), "silences": silences,
        "recommendations": tuple(f for f in findings if f.kind == "recommendation"),
        "asks": asked(f for f in findings if f.kind == "recommendation"),
        **_comparison_context(view, comparisons, refs), **_responses(view, set(organisation.source_ids), refs),
        **_references(refs),
    }


def source_brief(view: CorpusView, source_id: str) -> dict[str, Any]:
    """Work out the content of a briefing on one source and how it compares with other organisations."""
    source = view.sources_by_id[source_id]
    refs = _Refs(view)
    refs.add([source.id])
    comparisons = _comparisons(view, _by_principle(source.findings), set(source.publishers))
    return {
        "kind": "source", "source": source, "findings": source.findings,
        "strength": strength_of(source.findings, view.rules),
        "recommendations": tuple(f for f in source.findings if f.kind == "recommendation"),
        "asks": asked(f for f in source.findings if f.kind == "recommendation"),
        **_comparison_context(view, comparisons, refs), **_responses(view, {source.id}, refs), **_references(refs),
    }


def _responses(view: CorpusView, source_ids: set[str], refs: _Refs) -> dict[str, Any]:
    """The responses these sources' findings make, those made to them, and their argument map."""
    made = tuple(e for e in view.exchanges if e.findings[0].source_id in source_ids)
    received = tuple(e for e in view.exchanges if e.target_source.id in source_ids and e not in made)
    refs.add(sid for e in (*made, *received) for sid in (e.findings[0].source_id, e.target_source.id))
    chart = argument_map(e for e in view.exchange_records
                         if e.finding.source_id in source_ids or e.target_source.id in source_ids)
    return {"responses_made": made, "responses_received": received, "argument_map": chart}


def _references(refs: _Refs) -> dict[str, Any]:
    entries = refs.entries()
    dates = [r.source.published for r in entries]
    return {"references": entries, "ref": dict(refs.numbers), "latest_date": max(dates) if dates else None,
            "stale_count": sum(r.source.stale for r in entries)}


BUILDERS = {"principle": principle_brief, "organisation": organisation_brief, "source": source_brief}


DETAILS = ("brief", "full")
"""How much a briefing says: `brief` keeps to about two printed pages, `full` gives every finding."""


def brief_context(view: CorpusView, kind: str, topic_id: str, today: dt.date,
                  brief: dict[str, Any] | None = None, memo: Memo | None = None,
                  bibliography: Any = None, detail: str = "brief", appendix: bool = False) -> dict[str, Any]:
    """The full context of a briefing: the shared variables plus `brief` (worked out here unless given).

    `detail` is one of DETAILS; `appendix` adds the method in full at the end instead of a link to it.
    """
    context = base_context(view, today, memo, bibliography)
    if brief is None:
        brief = BUILDERS[kind](view, topic_id)
    # A briefing is written beside the digest folder (reports/): its method note links into it.
    context.update(brief=brief, ref=brief["ref"], page=None, detail=detail, appendix=appendix,
                   method_link="digest/method.md")
    return context


@dataclass(frozen=True)
class Rendered:
    """A briefing ready to write."""

    text: str
    kind: str
    """principle | organisation | source."""
    topic: str
    """Id of the principle, organisation or source."""

    @property
    def filename(self) -> str:
        """Default file name, from the topic's slug: 'brief-devolution.md'."""
        return f"brief-{self.topic}.md"


def render_brief(view: CorpusView, renderer: Any, kind: str, topic_id: str, today: dt.date,
                 template: str | None = None, bibliography: Any = None, detail: str = "brief",
                 appendix: bool = False) -> Rendered:
    """Render a briefing on a principle, organisation or source with the built-in or chosen template.

    `bibliography` formats the references (`lucli.render.cite.Bibliography`; Harvard unless given);
    `detail` and `appendix` as for `brief_context`.
    """
    name = renderer.choose(template, TEMPLATES[kind]) if template else TEMPLATES[kind]
    text = renderer.render(name, brief_context(view, kind, topic_id, today, bibliography=bibliography,
                                               detail=detail, appendix=appendix))
    return Rendered(text, kind, topic_id)


VIEW_TYPES: tuple[type, ...] = (*CONTEXT_TYPES, Group, Side, Link, Difference, StanceGroup, Comparison, Reference,
                                Rendered, Asked)
"""Every data-only type a briefing or digest template reads (the sandbox checks them the fast way)."""
