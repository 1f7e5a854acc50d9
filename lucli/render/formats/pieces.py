"""Pieces every view shares: stance glyphs and words, the evidence line, and records as JSON.

Keeping them in one place means the matrix, a principle, a comparison and a
list all name positions, organisations and findings the same way.
"""

from __future__ import annotations

from typing import Any

from lucli.analysis.compare import Stand, short_name
from lucli.analysis.filters import Filters
from lucli.analysis.resolve import Target
from lucli.analysis.verdicts import STANCE_SYMBOLS, Verdict
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Organisation, Principle, Source

GLYPHS = STANCE_SYMBOLS
LEGEND = (f"{GLYPHS['supports']} supports   {GLYPHS['opposes']} opposes   "
          f"{GLYPHS['qualifies']} qualifies (supports with a caveat or condition)   "
          f"{GLYPHS['mixed']} mixed (opposes and supports)   {GLYPHS['silent']} silent (no finding on it)")
VERDICT_NOTE = ("Verdicts: consensus = three or more organisations support and none qualifies or opposes; "
                "broad support = two or more take a position, none opposes, and some qualify or there are "
                "fewer than three; contested = at least one opposes or is mixed; single voice = only one "
                "organisation takes a position; gap = none does.")
COUNT_VERBS = (("supports", "supports", "support"), ("qualifies", "qualifies", "qualify"),
               ("opposes", "opposes", "oppose"), ("mixed", "is mixed", "are mixed"))


def clean(text: str | None) -> str:
    """Collapse the line breaks and runs of spaces that YAML block text leaves."""
    return " ".join(text.split()) if text else ""


def glyph(stance: str) -> str:
    """Return a position as glyph and word, e.g. '✓ supports' (never colour or glyph alone)."""
    return f"{GLYPHS[stance]} {stance}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return '1 source' or '3 sources'."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def org_label(corpus: Corpus, organisation_id: str) -> str:
    """Return the short name of an organisation (its id if it is unknown)."""
    found = corpus.organisations.get(organisation_id)
    return short_name(found) if found else organisation_id


def target_label(corpus: Corpus, target: Target) -> str:
    """Return a short name for an organisation, or the id of a source."""
    return org_label(corpus, target.id) if target.kind == "organisation" else target.id


def year_of(source: Source) -> str:
    """Return a source's year of publication as text."""
    return source.published[:4]


def evidence_line(corpus: Corpus, filters: Filters) -> str:
    """Say what evidence a view rests on and which filters narrowed it."""
    dates = sorted(s.published for s in corpus.sources.values())
    findings = len(corpus.findings)
    span = "" if not dates else f", published {dates[0]}" if dates[0] == dates[-1] else \
        f", published {dates[0]} to {dates[-1]}"
    line = f"Evidence: {plural(len(dates), 'source')} and {plural(findings, 'finding')}{span}."
    described = describe_filters(filters)
    return f"{line} Filtered to {described}." if described else line


def describe_filters(filters: Filters) -> str:
    """Describe active filters in words, or return '' when there are none."""
    parts = []
    for name, values in (("principle", filters.principles), ("organisation", filters.organisations),
                         ("kind", filters.kinds), ("basis", filters.bases)):
        if values:
            parts.append(f"{name} {', '.join(values)}")
    if filters.since:
        parts.append(f"published since {filters.since}")
    if filters.until:
        parts.append(f"published until {filters.until}")
    return "; ".join(parts)


def _agree(count: int, singular: str, plural_: str) -> str:
    return f"{count} {singular if count == 1 else plural_}"


def counts_line(stances: list[str]) -> str:
    """Say how many take each position, e.g. '3 of 8 organisations take a position: …; 5 are silent.'"""
    speaking = [s for s in stances if s != "silent"]
    detail = ", ".join(_agree(speaking.count(stance), one, many) for stance, one, many in COUNT_VERBS)
    silent = len(stances) - len(speaking)
    quiet = _agree(silent, "is silent", "are silent") if silent else "none is silent"
    takes = "takes" if len(speaking) == 1 else "take"
    return f"{len(speaking)} of {plural(len(stances), 'organisation')} {takes} a position: {detail}; {quiet}."


def verdict_reason(found: Verdict, corpus: Corpus) -> str:
    """Say in words why a principle has its verdict (the rules are in `lucli.analysis.verdicts`)."""
    supports, qualifies = found.count("supports"), found.count("qualifies")
    against = found.count("opposes") + found.count("mixed")
    if found.verdict == "gap":
        return "no organisation takes a position"
    if found.verdict == "single voice":
        return f"only {org_label(corpus, found.speakers[0].organisation)} takes a position"
    if found.verdict == "contested":
        return _agree(against, "opposes or is mixed", "oppose or are mixed")
    if found.verdict == "consensus":
        return f"{supports} support and none qualifies or opposes"
    if qualifies:
        return f"none opposes, but {_agree(qualifies, 'qualifies', 'qualify')}"
    return f"none opposes, but only {supports} support"


def finding_lines(corpus: Corpus, finding: Finding, principle: str | None = None) -> str:
    """Show a finding in full: statement, quote with locator, kind and stance."""
    lines = [clean(finding.statement)]
    if finding.quote:
        lines.append(f"“{clean(finding.quote)}”" + (f" ({finding.locator})" if finding.locator else ""))
    elif finding.locator:
        lines.append(f"({finding.locator})")
    stance = finding.stance_on(principle) if principle else None
    lines.append(f"Kind: {finding.kind}" + (f" · stance: {stance}" if stance else ""))
    return "\n".join(lines)


def finding_brief(corpus: Corpus, finding: Finding, principle: str) -> str:
    """Show a finding in one bullet: statement, then kind, stance and year."""
    source = corpus.source_of(finding)
    return f"• {clean(finding.statement)} ({finding.kind}, {finding.stance_on(principle)}; {year_of(source)})"


def source_cell(corpus: Corpus, source: Source, speaker: str | None = None) -> str:
    """Show a source as title and year, naming co-publishers other than `speaker`."""
    others = [org_label(corpus, p) for p in source.publishers if p != speaker]
    lines = [f"{clean(source.title)} ({year_of(source)})"]
    if speaker and others:
        lines.append("with " + ", ".join(others))
    return "\n".join(lines)


def filters_json(filters: Filters) -> dict[str, Any]:
    """Return the filters as JSON (every key present)."""
    return {"principles": list(filters.principles), "organisations": list(filters.organisations),
            "kinds": list(filters.kinds), "since": filters.since, "until": filters.until,
            "bases": list(filters.bases)}


def evidence_json(corpus: Corpus) -> dict[str, Any]:
    """Return how much evidence a view rests on."""
    dates = sorted(s.published for s in corpus.sources.values())
    return {"sources": len(dates), "findings": len(corpus.findings),
            "earliest": dates[0] if dates else None, "latest": dates[-1] if dates else None}


def head_json(view: str, corpus: Corpus, filters: Filters) -> dict[str, Any]:
    """Return the keys every JSON payload starts with (after `format_version`)."""
    return {"view": view, "filters": filters_json(filters), "evidence": evidence_json(corpus)}


def organisation_json(organisation: Organisation) -> dict[str, Any]:
    """Return an organisation's id, names and kind."""
    return {"id": organisation.id, "name": organisation.name, "short": short_name(organisation),
            "kind": organisation.kind}


def principle_json(principle: Principle) -> dict[str, Any]:
    """Return a principle's id and label."""
    return {"id": principle.id, "label": principle.label}


def source_json(source: Source) -> dict[str, Any]:
    """Return the facts that identify a source."""
    return {"id": source.id, "title": clean(source.title), "published": source.published,
            "publishers": list(source.publishers), "url": source.url}


def finding_json(corpus: Corpus, finding: Finding, principle: str | None = None) -> dict[str, Any]:
    """Return a finding with its source; `stance` is its stance on `principle` (null without one)."""
    return {"id": finding.global_id, "kind": finding.kind,
            "stance": finding.stance_on(principle) if principle else None,
            "statement": clean(finding.statement), "quote": clean(finding.quote) or None,
            "locator": finding.locator, "basis": list(finding.basis),
            "source": source_json(corpus.source_of(finding))}


def stand_json(corpus: Corpus, stand: Stand) -> dict[str, Any]:
    """Return where a target stands on a principle, with its findings."""
    return {"target": stand.target.id, "position": stand.stance,
            "findings": [finding_json(corpus, f, stand.principle) for f in stand.findings]}


FINDING_FIELDS = ("finding", "kind", "stance", "statement", "quote", "locator", "source", "published")


def finding_fields(corpus: Corpus, finding: Finding | None, principle: str) -> tuple[str, ...]:
    """Return a finding as CSV fields (empty ones when there is no finding: a silent row)."""
    if finding is None:
        return ("",) * len(FINDING_FIELDS)
    source = corpus.source_of(finding)
    return (finding.global_id, finding.kind, finding.stance_on(principle) or "", clean(finding.statement),
            clean(finding.quote), finding.locator or "", source.id, source.published)
