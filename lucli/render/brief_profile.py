"""Briefings on one source or one organisation: its own findings, and how its stances compare with every
other organisation's on the principles it addresses (who agrees, who differs), with the source lists of the
pages that show them (`lucli.render.brief_refs`)."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypeVar

from lucli.analysis.verdicts import combine
from lucli.render.asks import asked
from lucli.render.brief_parts import NAMED_AGREED_ON, WHOLE_BELOW, Comparison
from lucli.render.brief_refs import Refs, cited_only, references_of
from lucli.render.context import CorpusView, ExchangeView, FindingView, PositionView, PrincipleView
from lucli.render.mermaid import argument_map
from lucli.render.view_builder import strength_of
from lucli.render.wording import STANCE_SYMBOLS

PROFILE_CAPS = {"named": 3, "differences": 5, "sources": 3}
"""How much a default briefing on a source or organisation sets out. Of who differs, on the first `differences`
principles (the rest counted): every organisation of a stance when they are NAMED or fewer, else the first
`named` (cited by their key sources; the rest counted). The full briefing and the digest's HTML page name up
to NAMED a stance on every principle. An organisation's summary gives its newest `sources` one a line and
cites the rest together."""
PAGE_SOURCES = 10
"""Sources the digest's page on an organisation gives with every finding whole, the newest first; the rest are
listed, each with a link to its own page, which gives them. At 100k findings an organisation's page gave all
2,000 of its findings: 3 MB."""


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
        position = next((p for p in principle.positions if p.organisation.id == owner), None) if owner else None
        comparisons.append(_compared(principle, stance, findings, frozenset(exclude), position))
    return tuple(comparisons)


_SPLITS: weakref.WeakKeyDictionary[PrincipleView, dict[Any, Any]] = weakref.WeakKeyDictionary()
"""Of each principle's view, the other organisations split by a stance, by (organisations left out, stance): the
same on every source page of the organisations' sources (a digest renders thousands). Kept while the view lives."""
_DERIVED = ("agreeing", "agreeing_sources", "different_by_stance")
"""What a `Comparison` works out from its `same` and `different` alone (cached properties)."""


def _compared(principle: PrincipleView, stance: str, findings: tuple[FindingView, ...], exclude: frozenset[str],
              position: PositionView | None) -> Comparison:
    """The comparison of a stance taken through `findings` with the organisations that are not `exclude`."""
    # Co-publishers speaking through exactly the same findings are not a second opinion (the same findings
    # on a principle are the same sources: each brings all its findings on it).
    same_sources = frozenset(f.source_id for f in findings)
    splits = _SPLITS.setdefault(principle, {})
    split = splits.get((exclude, stance))
    if split is None:
        others = [p for p in principle.speakers if p.organisation.id not in exclude]
        made = Comparison(principle, stance, STANCE_SYMBOLS[stance], (), tuple(p for p in others if p.stance == stance),
                          tuple(p for p in others if p.stance != stance))
        split = splits[(exclude, stance)] = (made, {p.source_set for p in others},
                                             {name: getattr(made, name) for name in _DERIVED})
    made, source_sets, derived = split
    if same_sources in source_sets:  # someone speaks through exactly these sources: not kept
        others = [p for p in principle.speakers if p.organisation.id not in exclude and p.source_set != same_sources]
        return Comparison(principle, stance, STANCE_SYMBOLS[stance], findings,
                          tuple(p for p in others if p.stance == stance),
                          tuple(p for p in others if p.stance != stance), position)
    compared = Comparison(principle, stance, made.symbol, findings, made.same, made.different, position)
    compared.__dict__.update(derived)  # what its cached properties would give
    return compared


def _by_principle(findings: Iterable[FindingView]) -> dict[str, tuple[FindingView, ...]]:
    grouped: dict[str, list[FindingView]] = {}
    for f in findings:
        for ref in f.principles:
            grouped.setdefault(ref.id, []).append(f)
    return {k: tuple(v) for k, v in grouped.items()}


def _comparison_context(comparisons: tuple[Comparison, ...], refs: Refs) -> dict[str, Any]:
    # Another organisation's position is cited by its key source, so a page does not cite the whole corpus:
    # those that differ are named (NAMED a stance) and then a few that agree on the first principles
    # (NAMED_AGREEING on NAMED_AGREED_ON), in the order a briefing names them; the rest are counted.
    agreements = tuple(c for c in comparisons if c.same)
    differences = tuple(c for c in comparisons if c.different)
    refs.add(_differing(differences))
    refs.add(_agreeing(agreements[:NAMED_AGREED_ON]))
    return {
        "comparisons": comparisons, "caps": PROFILE_CAPS,
        "compared_by_stance": {s: tuple(c for c in comparisons if c.stance == s) for s in STANCE_SYMBOLS},
        "agreements": agreements, "agreed_on": agreements[:NAMED_AGREED_ON],
        "differences": differences,
        "alone": tuple(c for c in comparisons if not c.same and not c.different),
    }


def _differing(differences: Iterable[Comparison], short: bool = False) -> list[str]:
    """The key sources a briefing cites for those who differ: up to NAMED a stance, or (`short`, a default
    briefing) on the first PROFILE_CAPS principles, every one when NAMED or fewer take a stance, else the first
    `named` (what the template's `differences` macro names)."""
    if not short:
        return [p.key_source.id for c in differences for p in c.cited_different() if p.key_source]
    shown = tuple(differences)[:PROFILE_CAPS["differences"]]
    named = PROFILE_CAPS["named"]
    return [s.id for c in shown for g in c.different_by_stance for s in g.key_sources[:named if g.unnamed else None]
            if s]


def _agreeing(agreed_on: Iterable[Comparison]) -> list[str]:
    """The key sources a briefing cites for those who agree, on the principles it names them on."""
    return [s.id for c in agreed_on for s in c.agreeing_sources if s]


def _exchanged(exchanges: Iterable[ExchangeView]) -> list[str]:
    """The sources on either side of some responses (a voice's responses to one record may come from several of its
    sources: each is cited)."""
    return [sid for e in exchanges for sid in (*(f.source_id for f in e.findings), e.target_source.id)]


def _narrowed(brief: dict[str, Any], own: set[str], refs: Refs) -> dict[str, Any]:
    """The source lists of a briefing that shows less than all it worked out: a reference list holds only
    what its page cites. `short`: a default briefing, which names a few who differ (PROFILE_CAPS) and the
    responses only when it shows every finding whole; `linked`: the digest's HTML page, which counts those
    who agree and shows no responses. Both keep the order of the full list, renumbered."""
    needed = own | {*_differing(brief["differences"], short=True), *_agreeing(brief["agreed_on"])}
    if brief["whole"]:
        needed.update(_exchanged((*brief["responses_made"], *brief["responses_received"])))
    linked = own | set(_differing(brief["differences"])) if brief["kind"] == "organisation" else own
    brief["short"] = references_of(cited_only(refs, needed))
    brief["linked"] = references_of(cited_only(refs, linked))
    return brief


def organisation_brief(view: CorpusView, organisation_id: str) -> dict[str, Any]:
    """Work out the content of a briefing on one organisation's positions across principles."""
    organisation = view.organisations_by_id[organisation_id]
    sources = tuple(view.sources_by_id[s] for s in organisation.source_ids)
    findings = tuple(f for s in sources for f in s.findings)
    refs = Refs(view)
    refs.add(s.id for s in sources)
    comparisons = _comparisons(view, _by_principle(findings), {organisation_id}, organisation_id)
    silences = tuple(p for o, p in view.silences if o.id == organisation_id)
    return _narrowed({
        "kind": "organisation", "organisation": organisation, "sources": sources, "findings": findings,
        "page_sources": PAGE_SOURCES,
        "whole": len(findings) < WHOLE_BELOW,
        "strength": strength_of(findings, view.rules), "silences": silences,
        "recommendations": tuple(f for f in findings if f.kind == "recommendation"), "claims": _claims(findings),
        "asks": asked(f for f in findings if f.kind == "recommendation"),
        **_comparison_context(comparisons, refs), **_responses(view, set(organisation.source_ids), refs),
        **references_of(refs),
    }, {s.id for s in sources}, refs)


def source_brief(view: CorpusView, source_id: str) -> dict[str, Any]:
    """Work out the content of a briefing on one source and how it compares with other organisations."""
    source = view.sources_by_id[source_id]
    refs = Refs(view)
    refs.add([source.id])
    comparisons = _comparisons(view, _by_principle(source.findings), set(source.publishers))
    return _narrowed({
        "kind": "source", "source": source, "findings": source.findings,
        "whole": len(source.findings) < WHOLE_BELOW,
        "strength": strength_of(source.findings, view.rules),
        "recommendations": tuple(f for f in source.findings if f.kind == "recommendation"),
        "claims": _claims(source.findings),
        "asks": asked(f for f in source.findings if f.kind == "recommendation"),
        **_comparison_context(comparisons, refs), **_responses(view, {source.id}, refs), **references_of(refs),
    }, {source.id}, refs)


def _claims(findings: tuple[FindingView, ...]) -> tuple[FindingView, ...]:
    """What a briefing sets out as what its topic finds: every finding but recommendations, those on empirical
    evidence first, each kind in its order."""
    return tuple(sorted((f for f in findings if f.kind != "recommendation"), key=_empirical_first))


def _empirical_first(finding: FindingView) -> bool:
    return finding.evidence != "empirical"


def _responses(view: CorpusView, source_ids: set[str], refs: Refs) -> dict[str, Any]:
    """The responses these sources' findings make, those made to them, and their argument map."""
    exchanges = _of_sources(view.exchanges, view.exchanges_of_source, source_ids)
    made = tuple(_own(e, source_ids) for e in exchanges if any(f.source_id in source_ids for f in e.findings))
    received = tuple(e for e in exchanges if e.target_source.id in source_ids
                     and not any(f.source_id in source_ids for f in e.findings))
    refs.add(_exchanged((*made, *received)))
    chart = argument_map(_of_sources(view.exchange_records, view.exchange_records_of_source, source_ids))
    return {"responses_made": made, "responses_received": received, "argument_map": chart,
            "responses_made_short": _merged(made), "responses_received_short": _merged(received)}


def _own(exchange: ExchangeView, source_ids: set[str]) -> ExchangeView:
    """A response as these sources make it: a voice that answers one record from several sources is grouped
    into one exchange, and each source's page names only its own findings in it."""
    own = tuple(f for f in exchange.findings if f.source_id in source_ids)
    return exchange if len(own) == len(exchange.findings) else replace(exchange, findings=own)


T = TypeVar("T")


def _of_sources(items: tuple[T, ...], positions: dict[str, tuple[int, ...]], source_ids: set[str]) -> list[T]:
    """The items that name any of these sources, in their order."""
    return [items[i] for i in sorted({i for sid in source_ids for i in positions.get(sid, ())})]


def _merged(exchanges: tuple[ExchangeView, ...]) -> tuple[ExchangeView, ...]:
    """One line per voice, relation, subject and source responded to: a short list says 'IfG challenges it on
    design (14 findings)' once, not once per finding it answers."""
    merged: dict[tuple[str, str, str | None, str, str], list[ExchangeView]] = {}
    for e in exchanges:
        merged.setdefault((e.voice, e.relation, e.about, e.target_voice, e.target_source.id), []).append(e)
    return tuple(replace(group[0], target=None,
                         findings=tuple(dict.fromkeys(f for e in group for f in e.findings)))
                 for group in merged.values())
