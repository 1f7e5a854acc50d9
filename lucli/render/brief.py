"""Briefings: what the evidence says about one principle, organisation or source.

This module works out what a briefing needs (who stands where, where they
agree and differ, how strong the evidence is, what is missing, which sources
to cite and in what order); the templates in templates/ put it into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lucli.analysis.strength import scale as strength_scale
from lucli.render.asks import Asked, asked
from lucli.render.brief_parts import (
    WHOLE_BELOW,
    Comparison,
    Difference,
    Group,
    Link,
    Reference,
    Side,
    StanceGroup,
)
from lucli.render.brief_profile import organisation_brief, source_brief
from lucli.render.brief_refs import Refs, cited_only, references_of
from lucli.render.context import (
    VIEW_TYPES as CONTEXT_TYPES,
)
from lucli.render.context import (
    CorpusView,
    FindingView,
    PositionView,
    PrincipleView,
    SourceView,
    VoiceView,
)
from lucli.render.fragments import Memo
from lucli.render.template_filters import first_sources
from lucli.render.template_globals import base_context
from lucli.render.wording import STANCE_SYMBOLS

TEMPLATES = {"principle": "brief-principle.md.j2", "organisation": "brief-organisation.md.j2",
             "source": "brief-source.md.j2"}
"""The built-in template for each kind of topic."""

SHORT_FROM = 60
"""Findings on a principle from which a default briefing lists only the sources it cites: two findings a
voice, and the first NAMED_SOURCES sources of each clause that names who takes a stance. Below it, every
source with a finding on the principle is listed (a repository's own template may cite any of them)."""
NAMED_SOURCES = 3
"""Sources a default briefing cites for one clause ('X qualifies its support … [1][4][6] and 12 more')."""
NAMED_EXCHANGES = 8
"""Challenges and rebuttals a default briefing lists under 'Where they differ' (the rest are counted)."""
NAMED_CONFLICTS = 3
"""Related principles on which the voices differ that a default briefing sets out, each naming at most
NAMED_GROUPS voices a side (the rest are counted)."""
NAMED_GROUPS = 5
SHOWN = 2
SAID = 8
"""Voices a default briefing gives findings for (`said`) when more speak: those with the most findings on
empirical evidence, then the most findings; the full briefing gives every voice. Forty voices at two findings
each made 5,000 words of a briefing meant for two pages."""
"""Findings a default briefing gives for each voice on a crowded principle (the template's `shown`)."""
NAMED_AGREEMENTS = 2
"""Related principles on which voices agree that a default briefing sets out."""
NAMED_ASKS = 3
"""Recommendations a default briefing gives for each actor (the rest are counted)."""
CAPS = {"findings": SHOWN, "sources": NAMED_SOURCES, "challenges": NAMED_EXCHANGES, "disputes": NAMED_CONFLICTS,
        "voices": NAMED_GROUPS, "agreements": NAMED_AGREEMENTS, "asks": NAMED_ASKS}
"""What a default principle briefing shows of each list: the template reads them as `brief.caps`, and the
sources it cites are worked out from the same numbers (`_shown_sources`)."""
PAGE_FINDINGS = 8
"""Findings of one voice the digest's page on a crowded principle (SHORT_FROM) gives whole, the strongest first
met; the rest are counted, with a link to the organisation's page, which gives every one. At 100k findings the
page gave them all: 9 MB, more than a browser reads with ease."""
CONTEXT_BELOW = 4
"""A principle's briefing on fewer findings than this also gives its context: each voice's source in brief,
and where each voice, silent ones included, stands on the related principles. Thin evidence needs it most."""


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
    said = _said(groups)
    refs = Refs(view)
    refs.add(p.key_source.id for p in principle.positions if p.key_source)
    refs.add(f.source_id for g in groups for f in g.findings)
    refs.add(sid for e in principle.exchanges for sid in (*(f.source_id for f in e.findings), e.target_source.id))
    links = _links(view, principle_id, groups)
    by_stance = {s: tuple(p.organisation for p in principle.positions if p.stance == s) for s in STANCE_SYMBOLS}
    related_ids = list(dict.fromkeys([*principle.related, *(link.principle.id for link in links)]))
    related = tuple(view.principles_by_id[r] for r in related_ids if r in view.principles_by_id)
    findings = {f.global_id for g in groups for f in g.findings}
    brief: dict[str, Any] = {
        "kind": "principle", "principle": principle, "groups": groups, "by_stance": by_stance,
        "said": said, "unsaid": tuple(o for g in groups if g.claims and id(g) not in {id(s) for s in said}
                                      for o in g.organisations),
        "whole": len(findings) < WHOLE_BELOW, "context": len(findings) < CONTEXT_BELOW, "caps": CAPS,
        "next_level": _next_level(view, principle.strength.level),
        "silent_near": _silent_near(principle, related, refs) if len(findings) < CONTEXT_BELOW else None,
        "sources_of": {g.anchor: _sources_of(view, g.findings) for g in groups},
        "agreements": tuple(link for link in links if link.agreed and len(link.sides[0].groups) > 1),
        "conflicts": tuple(link for link in links if not link.agreed),
        "differences": _differences(view, principle_id, groups),
        "advocacy_only": tuple(g for g in groups if g.strength.empirical_findings == 0),
        "related": related,
        "related_gaps": tuple(r for r in related if r.verdict in ("gap", "single voice")),
        "asks": asked(dict.fromkeys(f for g in groups for f in g.recommendations)),
        **references_of(refs),
    }
    if len(findings) >= SHORT_FROM:
        brief["short"] = references_of(cited_only(refs, _shown_sources(principle, brief)))
        brief["page_shown"] = {g.anchor: _strongest(g.findings, PAGE_FINDINGS) for g in groups}
        # The newest source on the principle, not of those the page happens to cite.
        brief["linked"] = {**references_of(cited_only(refs, _page_sources(principle, brief))),
                           "latest_date": brief["latest_date"]}
    return brief


def _strongest(findings: tuple[FindingView, ...], n: int) -> tuple[FindingView, ...]:
    """The first `n` findings that rest on empirical evidence, then the first others, in their own order."""
    chosen = {id(f) for f in sorted(findings, key=lambda f: f.evidence != "empirical")[:n]}
    return tuple(f for f in findings if id(f) in chosen)


def _page_sources(principle: PrincipleView, brief: dict[str, Any]) -> set[str]:
    """The sources the digest's page on a crowded principle cites (templates/digest/principle.html.j2): the
    findings it gives whole, the first NAMED_SOURCES of each clause, and every exchange."""
    def first(findings: Iterable[FindingView]) -> list[str]:
        return first_sources(tuple(findings), NAMED_SOURCES)[0]

    needed = {f.source_id for shown in brief["page_shown"].values() for f in shown}
    for voice in principle.subject:
        needed.update(first(voice.findings))
    for d in brief["differences"]:
        needed.update(first(d.findings))
    for link in brief["agreements"]:
        needed.update(first(link.sides[0].findings))
    for link in brief["conflicts"]:
        for side in link.sides:
            needed.update(first(side.findings))
    for e in principle.exchanges:
        needed.update(f.source_id for f in e.findings)
        needed.add(e.target.source_id if e.target else e.target_source.id)
    return needed


def _said(groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """The groups with claims whose findings a default briefing gives: SAID at most, in their own order."""
    speaking = [g for g in groups if g.claims]
    if len(speaking) <= SAID:
        return tuple(speaking)
    def weight(g: Group) -> tuple[int, int]:
        return sum(f.evidence == "empirical" for f in g.claims), len(g.claims)
    chosen = {id(g) for g in sorted(speaking, key=weight, reverse=True)[:SAID]}
    return tuple(g for g in speaking if id(g) in chosen)


def _sources_of(view: CorpusView, findings: Iterable[FindingView]) -> tuple[SourceView, ...]:
    """The sources these findings come from, in the order first met."""
    return tuple(view.sources_by_id[sid] for sid in dict.fromkeys(f.source_id for f in findings))


def _shown_sources(principle: PrincipleView, brief: dict[str, Any]) -> set[str]:
    """The sources a default briefing on a crowded principle cites, clause by clause as the built-in template
    cites them (`cite_some` for a clause, two findings a voice, three recommendations an actor)."""
    def first(findings: Iterable[FindingView]) -> list[str]:
        return first_sources(tuple(findings), NAMED_SOURCES)[0]

    needed = {v.key_source.id for v in (*principle.voices, *principle.subject) if v.key_source}
    for voice in principle.subject:
        needed.update(first(voice.findings))
    for g in brief["said"]:
        needed.update(f.source_id for f in sorted(g.claims, key=lambda f: f.evidence, reverse=True)[:SHOWN])
    for link in brief["agreements"][:NAMED_AGREEMENTS]:
        for _group, found in link.sides[0].by_group:
            needed.update(first(found))
    for d in brief["differences"][:NAMED_GROUPS]:
        needed.update(first(d.findings))
    for e in [e for e in principle.exchanges if e.dissents][:NAMED_EXCHANGES]:
        needed.update(first(e.findings))
    for link in brief["conflicts"][:NAMED_CONFLICTS]:
        for side in link.sides:
            for _group, found in side.by_group[:NAMED_GROUPS]:
                needed.update(first(found))
    for a in brief["asks"]:
        needed.update(f.source_id for f in a.recommendations[:NAMED_ASKS])
    return needed


def _silent_near(principle: PrincipleView, related: tuple[PrincipleView, ...],
                 refs: Refs) -> dict[str, Any]:
    """Where the silent voices stand on the related principles: a silence beside a stated view nearby reads
    differently from a silence on the whole theme. Lines are (principle, stance, voices), in taxonomy order;
    `by_organisation` gives each silent organisation's own (principle, stance, voice) for the digest's page."""
    silent = {v.id for v in principle.voice_silent}
    lines: list[tuple[PrincipleView, str, tuple[VoiceView, ...]]] = []
    spoke: set[str] = set()
    for r in related:
        for stance in STANCE_SYMBOLS:
            voices = tuple(v for v in r.voices if v.id in silent and v.stance == stance)
            if voices and stance != "silent":
                lines.append((r, stance, voices))
                spoke.update(v.id for v in voices)
                refs.add(v.key_source.id for v in voices if v.key_source)
    by_organisation: dict[str, list[tuple[PrincipleView, str, VoiceView]]] = {}
    for r, stance, voices in lines:
        for v in voices:
            for o in v.organisations:
                by_organisation.setdefault(o.id, []).append((r, stance, v))
    return {"lines": tuple(lines), "quiet": tuple(v for v in principle.voice_silent if v.id not in spoke),
            "by_organisation": {k: tuple(v) for k, v in by_organisation.items()}}


def _next_level(view: CorpusView, level: str) -> dict[str, str] | None:
    """The strength level one step up from `level` (None at the top): what stronger evidence would take."""
    levels = [{"level": n, "symbol": s, "description": d} for n, s, d in strength_scale(view.rules)]
    names = [entry["level"] for entry in levels]
    at = names.index(level) if level in names else 0
    return levels[at - 1] if at > 0 else None


BUILDERS = {"principle": principle_brief, "organisation": organisation_brief, "source": source_brief}


DETAILS = ("brief", "full")
"""How much a briefing says: `brief` keeps to about two printed pages, `full` gives every finding."""


def brief_context(view: CorpusView, kind: str, topic_id: str, today: dt.date,
                  brief: dict[str, Any] | None = None, memo: Memo | None = None,
                  bibliography: Any = None, detail: str = "brief", appendix: bool = False,
                  every_source: bool = False) -> dict[str, Any]:
    """The full context of a briefing: the shared variables plus `brief` (worked out here unless given).

    `detail` is one of DETAILS; `appendix` adds the method in full at the end instead of a link to it. A
    default briefing on a crowded principle lists only the sources it cites (SHORT_FROM); `every_source`
    lists every source with a finding on it, for a page that cites them all (the digest's HTML page).
    """
    context = base_context(view, today, memo, bibliography)
    if brief is None:
        brief = BUILDERS[kind](view, topic_id)
    if "short" in brief and detail != "full" and not every_source:
        brief = {**brief, **brief["short"]}
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
    from lucli.render.blank_lines import one_blank_line

    name = renderer.choose(template, TEMPLATES[kind]) if template else TEMPLATES[kind]
    text = renderer.render(name, brief_context(view, kind, topic_id, today, bibliography=bibliography,
                                               detail=detail, appendix=appendix))
    return Rendered(one_blank_line(text), kind, topic_id)


VIEW_TYPES: tuple[type, ...] = (*CONTEXT_TYPES, Group, Side, Link, Difference, StanceGroup, Comparison, Reference,
                                Rendered, Asked)
"""Every data-only type a briefing or digest template reads (the sandbox checks them the fast way)."""
