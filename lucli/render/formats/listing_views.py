"""The views of `lucli list` and `lucli show`.

`list_document` and `show_document` are the entry points the CLI calls.
`show` of a principle is the same view as `lucli compare PRINCIPLE` with its
aliases and related principles added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, NamedTuple

from lucli.analysis.compare import profile, resolve_target, short_name
from lucli.analysis.filters import Filters
from lucli.analysis.listing import (
    findings_by_principle,
    list_findings,
    list_organisations,
    list_principles,
    list_sources,
)
from lucli.analysis.provenance import COVERAGE_CAVEAT, rests_on_coverage
from lucli.analysis.resolve import KINDS
from lucli.analysis.verdicts import verdict
from lucli.analysis.voices import exchanges_about
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Source
from lucli.records.plurals import plural
from lucli.render.formats.compare_views import principle_document, profile_blocks, profile_json
from lucli.render.formats.document import Bullets, Column, Document, Heading, Paragraph, Records, Rows, Table, wanted
from lucli.render.formats.pieces import (
    GLYPHS,
    LEGEND,
    clean,
    evidence_line,
    exchange_bullets,
    exchange_json,
    finding_json,
    finding_lines,
    glyph,
    head_json,
    org_label,
    organisation_json,
    source_json,
)
from lucli.render.formats.plaintable import column_extents
from lucli.render.wording import quote_label


def _publishers(corpus: Corpus, source: Source) -> str:
    return ", ".join(org_label(corpus, p) for p in source.publishers)


class _Parts(NamedTuple):
    """One list in each form, each made only when asked for: a long list costs time in every form."""

    length: int
    """How many rows the list has."""
    table: Callable[[], Table]
    data: Callable[[], list[dict[str, Any]] | Rows]
    records: Callable[[], Records]


def _sources(corpus: Corpus, filters: Filters) -> _Parts:
    rows = list_sources(corpus, filters)
    return _Parts(
        len(rows),
        lambda: Table((Column("Published", wrap=False), Column("Source"), Column("Publishers", max_width=20),
                       Column("Findings", align="right", wrap=False)),
                      tuple((s.published, f"{clean(s.title)}\n{s.id}", _publishers(corpus, s), str(len(s.findings)))
                            for s in rows), spaced=True),
        lambda: [{**source_json(s), "kind": s.kind, "findings": len(s.findings)} for s in rows],
        lambda: Records(("id", "title", "published", "kind", "publishers", "findings", "url"),
                        tuple((s.id, clean(s.title), s.published, s.kind, " ".join(s.publishers),
                               str(len(s.findings)), s.url or "") for s in rows)))


def _stances(finding: Finding) -> str:
    return "\n".join(f"{GLYPHS[r.stance]} {r.id}" for r in finding.principles)


def _findings(corpus: Corpus, filters: Filters) -> _Parts:
    rows = list_findings(corpus)
    return findings_parts(corpus, len(rows), lambda: ((corpus.source_of(f), f) for f in rows))


Held = Callable[[], Iterable[tuple[Source, Finding]]]
"""Each finding of a list with its source, in order, made afresh at each call."""


def findings_parts(corpus: Corpus, count: int, findings: Held,
                   extents: tuple[tuple[int, int], ...] | None = None) -> _Parts:
    """The list of `count` findings in each form, each row made as it is read: the whole corpus's
    (`_findings`), or a part of the sources at a time from the record index
    (`lucli.render.indexed_views.indexed_list`), when `corpus` need hold only the organisations.
    `extents`: the table's measures, taken ahead (`combined_measures`)."""
    return _Parts(
        count,
        lambda: _findings_table(count, findings, extents),
        lambda: Rows(count, lambda: ({**finding_json(corpus, f, None, s),
                                      "principles": [{"id": r.id, "stance": r.stance} for r in f.principles]}
                                     for s, f in findings())),
        lambda: Records(("finding", "kind", "principles", "statement", "quote", "locator", "source", "published"),
                        Rows(count, lambda: ((f.global_id, f.kind, " ".join(f"{r.id}:{r.stance}" for r in f.principles),
                                              clean(f.statement), clean(f.quote), f.locator or "", f.source_id,
                                              s.published) for s, f in findings()))))


def _findings_table(count: int, findings: Held, extents: tuple[tuple[int, int], ...] | None = None) -> Table:
    return Table((Column("Finding"), Column("Kind", wrap=False), Column("Principles", wrap=False)),
                 Rows(count, lambda: ((f"{clean(f.statement)}\n{f.global_id}", f.kind, _stances(f))
                                      for _, f in findings())), spaced=True, extents=extents)


def finding_measures(source: Source) -> list[list[int]]:
    """The measures (`plaintable.column_extents`) of one source's rows in the list of findings' table. The record
    index keeps them a row per source (`lucli.records.index_write.Measures`), so that a list read from it a part at a
    time is laid out in one reading, and an update a file at a time keeps them current: the whole list's
    measures are the largest of every source's (`combined_measures`)."""
    table = _findings_table(len(source.findings), lambda: ((source, f) for f in source.findings))
    return [list(extent) for extent in column_extents(table)]


def combined_measures(measures: list[Any]) -> tuple[tuple[int, int], ...]:
    """The list of findings' measures from every source's (`finding_measures`): each the largest."""
    columns = [(0, 0)] * 3
    for source in measures:
        if len(source) != 3:
            raise ValueError("the measures of the list of findings do not fit its table")
        columns = [(max(word, int(w)), max(line, int(li))) for (word, line), (w, li) in zip(columns, source,
                                                                                          strict=True)]
    return tuple(columns)


def _principles(corpus: Corpus, filters: Filters) -> _Parts:
    rows = list_principles(corpus, filters)
    return _Parts(
        len(rows),
        lambda: Table((Column("Principle"), Column("Id", wrap=False), Column("Voices", align="right", wrap=False),
                       Column("Findings", align="right", wrap=False),
                       Column("Verdict: agreement, strength", wrap=False)),
                      tuple((r.principle.label, r.principle.id, str(r.speakers), str(r.findings),
                             f"{r.verdict}, {r.strength.text}") for r in rows)),
        lambda: [{"id": r.principle.id, "label": r.principle.label, "agreement": r.verdict,
                  "strength": r.strength.level, "headline": r.headline, "speaking": r.speakers,
                  "findings": r.findings} for r in rows],
        lambda: Records(("id", "label", "agreement", "strength", "speaking", "findings"),
                        tuple((r.principle.id, r.principle.label, r.verdict, r.strength.level, str(r.speakers),
                               str(r.findings)) for r in rows)))


def _organisations(corpus: Corpus, filters: Filters) -> _Parts:
    rows = list_organisations(corpus, filters)
    return _Parts(
        len(rows),
        lambda: Table((Column("Organisation"), Column("Id", wrap=False), Column("Kind", wrap=False),
                       Column("Sources", align="right", wrap=False), Column("Findings", align="right", wrap=False),
                       Column("Principles", align="right", wrap=False)),
                      tuple((f"{short_name(r.organisation)}\n{r.organisation.name}" if short_name(r.organisation)
                             != r.organisation.name else r.organisation.name, r.organisation.id,
                             r.organisation.kind, str(r.sources), str(r.findings), str(r.principles)) for r in rows),
                      spaced=True),
        lambda: [{**organisation_json(r.organisation), "sources": r.sources, "findings": r.findings,
                  "principles": r.principles} for r in rows],
        lambda: Records(("id", "name", "short", "kind", "sources", "findings", "principles"),
                        tuple((r.organisation.id, r.organisation.name, short_name(r.organisation),
                               r.organisation.kind, str(r.sources), str(r.findings), str(r.principles))
                              for r in rows)))


_LISTS = {"sources": _sources, "findings": _findings, "principles": _principles, "organisations": _organisations}
def list_document(corpus: Corpus, filters: Filters, what: str, fmt: str | None = None,
                  parts: _Parts | None = None) -> Document:
    """List sources, findings, principles or organisations in the (filtered) corpus.

    Given the output format, only the part of the document it reads is made (the rest is left empty).
    Given `parts` (`findings_parts`), the list is theirs, and `corpus` only says what evidence it rests on."""
    parts = parts or _LISTS[what](corpus, filters)
    wants = wanted(fmt)
    blocks: tuple[Any, ...] = ()
    if wants in ("blocks", "all"):
        blocks = (Heading(f"{what.capitalize()} ({parts.length})", 1), Paragraph(evidence_line(corpus, filters)),
                  parts.table() if parts.length else Paragraph(f"No {what} match."))
    data: dict[str, Any] = {}
    if wants in ("data", "all"):
        data = {**head_json("list", corpus, filters), "list": what, "items": parts.data()}
    return Document(blocks, data, parts.records() if wants in ("records", "all") else None)


def show_document(corpus: Corpus, view: Corpus, filters: Filters, text: str) -> Document:
    """Show one record, named by id, label, name or alias, with its cross-references."""
    target = resolve_target(corpus, text, KINDS)
    if target.kind == "principle":
        principle = corpus.principles[target.id]
        related = ", ".join(corpus.principles[r].label for r in principle.related if r in corpus.principles)
        extra = tuple(line for line in (f"Also called: {', '.join(principle.aliases)}." if principle.aliases else "",
                                        f"Related: {related}." if related else "") if line)
        return principle_document(view, filters, verdict(view, target.id), extra)
    if target.kind == "organisation":
        return _show_organisation(view, filters, target)
    if target.kind == "source":
        return _show_source(corpus, view, filters, target.id)
    return _show_finding(corpus, view, filters, target.id)


def _show_organisation(corpus: Corpus, filters: Filters, target: Any) -> Document:
    organisation = corpus.organisations[target.id]
    sources = corpus.sources_by_organisation.get(organisation.id, ())
    facts = [f"Id: {organisation.id}", f"Kind: {organisation.kind}"]
    facts += [f"Also called: {', '.join(organisation.aliases)}"] if organisation.aliases else []
    facts += [f"Web site: {organisation.url}"] if organisation.url else []
    found = profile(corpus, target, filters.principles)
    source_rows = tuple((s.published, f"{clean(s.title)}\n{s.id}", str(len(s.findings))) for s in sources)
    blocks = (Heading(organisation.name, 1), Bullets(tuple(facts)), Paragraph(evidence_line(corpus, filters)),
              Heading(f"Sources ({len(sources)})"),
              Table((Column("Published", wrap=False), Column("Source"), Column("Findings", align="right", wrap=False)),
                    source_rows, spaced=True) if sources else Paragraph("None."),
              Heading("Positions by principle"), *profile_blocks(corpus, found), Paragraph(LEGEND))
    data = {**head_json("organisation", corpus, filters),
            "organisation": {**organisation_json(organisation), "aliases": list(organisation.aliases),
                             "url": organisation.url},
            "sources": [{**source_json(s), "kind": s.kind, "findings": len(s.findings)} for s in sources],
            **profile_json(corpus, found)}
    return Document(blocks, data)


def _source_facts(corpus: Corpus, source: Source) -> tuple[str, ...]:
    names = ", ".join(corpus.organisations[p].name if p in corpus.organisations else p for p in source.publishers)
    facts = [f"Id: {source.id}", f"Published: {source.published} by {names}", f"Kind: {source.kind}"]
    facts += [f"Authors: {', '.join(source.authors)}"] if source.authors else []
    facts += [f"Address: {source.url}"] if source.url else []
    for seen in source.reported_in:
        parts = [p for p in (seen.outlet, f"“{clean(seen.title)}”" if seen.title else None, seen.author, seen.date,
                             seen.url, clean(seen.note) or None) if p]
        facts.append("Reported in: " + ", ".join(parts))
    return tuple(facts)


def _show_source(corpus: Corpus, view: Corpus, filters: Filters, source_id: str) -> Document:
    # A source the filters drop is still shown, with no findings, rather than reported as unknown.
    source = view.sources.get(source_id) or replace(corpus.sources[source_id], findings=())
    groups = findings_by_principle(view, source)
    rows = tuple((group.principle.label if number == 0 else "", finding_lines(view, f, group.principle.id))
                 for group in groups for number, (f, _stance) in enumerate(group.findings))
    blocks = (Heading(clean(source.title), 1), Bullets(_source_facts(corpus, source)),
              *((Paragraph(clean(source.summary)),) if source.summary else ()),
              Heading(f"Findings by principle ({plural(len(source.findings), 'finding')})"),
              Table((Column("Principle", max_width=24), Column("Finding")), rows, spaced=True)
              if rows else Paragraph("No findings match the filters."),
              *_exchange_blocks(corpus, source.id))
    data = {**head_json("source", view, filters),
            "source": {**source_json(source), "kind": source.kind, "authors": list(source.authors),
                       "summary": clean(source.summary) or None},
            "principles": [{"principle": {"id": g.principle.id, "label": g.principle.label},
                            "findings": [finding_json(view, f, g.principle.id) for f, _ in g.findings]}
                           for g in groups],
            **_exchanges_json(corpus, source.id)}
    return Document(blocks, data)


def _show_finding(corpus: Corpus, view: Corpus, filters: Filters, finding_id: str) -> Document:
    # A finding is shown whole, from the unfiltered corpus: filters narrow lists, not one named record.
    finding = corpus.findings[finding_id]
    source = corpus.source_of(finding)
    facts = [f"Id: {finding.global_id}", f"Kind: {finding.kind}",
             f"Source: {clean(source.title)} ({source.published}), {source.id}",
             "Published by: " + ", ".join(corpus.organisations[p].name if p in corpus.organisations else p
                                          for p in source.publishers)]
    said = quote_label(finding, source, corpus)
    facts += [f"Quote{'' if said == 'quoted' else f' ({said})'}: “{clean(finding.quote)}”"] if finding.quote else []
    facts += [f"Caveat: {COVERAGE_CAVEAT}"] if rests_on_coverage(source) else []
    facts += [f"Locator: {finding.locator}"] if finding.locator else []
    facts += [f"Evidence basis: {', '.join(finding.basis)}"] if finding.basis else []
    facts += [f"Actors: {', '.join(finding.actors)}"] if finding.actors else []
    rows = tuple((corpus.principles[r.id].label if r.id in corpus.principles else r.id, glyph(r.stance))
                 for r in finding.principles)
    blocks = (Heading(f"{finding.kind.capitalize()}: {finding.global_id}", 1), Paragraph(clean(finding.statement)),
              Bullets(tuple(facts)), Heading("Principles"),
              Table((Column("Principle"), Column("Stance", wrap=False)), rows), *_exchange_blocks(corpus, finding_id))
    data = {**head_json("finding", view, filters),
            "finding": {**finding_json(corpus, finding), "actors": list(finding.actors),
                        "principles": [{"id": r.id, "stance": r.stance} for r in finding.principles]},
            **_exchanges_json(corpus, finding_id)}
    return Document(blocks, data)


def _exchange_blocks(corpus: Corpus, record_id: str) -> tuple[Any, ...]:
    """Both directions: the responses a record makes, and the responses made to it."""
    made, received = exchanges_about(corpus, record_id)
    blocks: list[Any] = []
    for title, found in (("Responds to", made), ("Responded to by", received)):
        if found:
            blocks += [Heading(f"{title} ({len(found)})"), Bullets(exchange_bullets(corpus, found))]
    return tuple(blocks)


def _exchanges_json(corpus: Corpus, record_id: str) -> dict[str, Any]:
    made, received = exchanges_about(corpus, record_id)
    return {"responds_to": [exchange_json(e) for e in made], "responded_to_by": [exchange_json(e) for e in received]}
