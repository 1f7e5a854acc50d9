"""Pieces every view shares: stance glyphs and words, the evidence line, and records as JSON.

Keeping them in one place means the matrix, a principle, a comparison and a
list all name positions, organisations and findings the same way.
"""

from __future__ import annotations

from typing import Any

from lucli.analysis.compare import Stand
from lucli.analysis.filters import Filters
from lucli.analysis.provenance import COVERAGE_CAVEAT, attribution, rests_on_coverage
from lucli.analysis.resolve import Target
from lucli.analysis.verdicts import STANCE_SYMBOLS, Verdict
from lucli.analysis.voices import Exchange, Voice, short_name
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Organisation, Principle, Source, Speaker
from lucli.records.plurals import plural
from lucli.render.wording import quote_label

GLYPHS = STANCE_SYMBOLS
LEGEND = (f"{GLYPHS['supports']} supports   {GLYPHS['opposes']} opposes   "
          f"{GLYPHS['qualifies']} qualifies (supports with a caveat or condition)   "
          f"{GLYPHS['mixed']} mixed (opposes and supports)   {GLYPHS['silent']} silent (no finding on it)")
def verdict_note(consensus: int = 3) -> str:
    """Explain the two axes of a verdict in one paragraph."""
    return (f"A voice is one or more organisations that publish together; a subject voice (the body whose policy "
            f"is under review) is shown apart and counts toward no verdict. Agreement, from the independent "
            f"voices: consensus = {consensus} or more support and none qualifies, opposes or challenges; "
            f"some agreement = two or more take a position and none dissents; contested = one opposes or is "
            f"mixed, or challenges another's finding; single voice = only one takes a position; gap = none does. "
            f"Strength: ●●● strong, ●●○ moderate, ●○○ limited (sources with empirical findings), ○○○ advocacy "
            f"only, — none.")


VERDICT_NOTE = verdict_note()
COUNT_VERBS = (("supports", "supports", "support"), ("qualifies", "qualifies", "qualify"),
               ("opposes", "opposes", "oppose"), ("mixed", "is mixed", "are mixed"))


def clean(text: str | None) -> str:
    """Collapse the line breaks and runs of spaces that YAML block text leaves."""
    return " ".join(text.split()) if text else ""


def glyph(stance: str) -> str:
    """Return a position as glyph and word, e.g. '✓ supports' (never colour or glyph alone)."""
    return f"{GLYPHS[stance]} {stance}"


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
    extent = corpus.extent()
    first, last = extent.earliest, extent.latest
    span = "" if not first else f", published {first}" if first == last else f", published {first} to {last}"
    line = f"Evidence: {plural(extent.sources, 'source')} and {plural(extent.findings, 'finding')}{span}."
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


def counts_line(stances: list[str], what: str = "organisation", words: str | None = None) -> str:
    """Say how many take each position, e.g. '3 of 8 organisations take a position: …; 5 are silent.'"""
    speaking = [s for s in stances if s != "silent"]
    detail = ", ".join(_agree(speaking.count(stance), one, many) for stance, one, many in COUNT_VERBS)
    silent = len(stances) - len(speaking)
    quiet = _agree(silent, "is silent", "are silent") if silent else "none is silent"
    takes = "takes" if len(speaking) == 1 else "take"
    return f"{len(speaking)} of {plural(len(stances), what, words)} {takes} a position: {detail}; {quiet}."


def verdict_reason(found: Verdict, corpus: Corpus) -> str:
    """Say in words why a principle has its agreement (the rules are in `lucli.analysis.verdicts`)."""
    supports, qualifies = found.count("supports"), found.count("qualifies")
    against = len(found.dissenting)
    if found.agreement == "gap":
        return "no independent voice takes a position"
    if found.agreement == "single voice":
        return f"only {found.speakers[0].voice.spoken} takes a position"
    if found.agreement == "contested":
        parts = [_agree(against, "opposes or is mixed", "oppose or are mixed")] if against else []
        parts += [exchange_line(corpus, e) for e in found.contested_by[:1]]
        return "; ".join(parts)
    if found.agreement == "consensus":
        return f"{supports} support and none qualifies, opposes or challenges"
    if qualifies:
        return f"none dissents, but {_agree(qualifies, 'qualifies', 'qualify')}"
    return f"none dissents, but only {supports} support"


def subject_line(corpus: Corpus, found: Verdict) -> str | None:
    """Say what the subject (the body under review) states on a principle, and who challenges it; None if silent."""
    speaking = [p for p in found.subject if p.speaks]
    if not speaking:
        return None
    stated = "; ".join(f"{p.voice.spoken} {glyph(p.stance)}" for p in speaking)
    line = f"The stated position of the body under review (not counted): {stated}."
    challengers = list(dict.fromkeys(e.voice.spoken for e in found.subject_challenged))
    if challengers:
        line += f" Challenged by {join_names(challengers)}."
    return line


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def exchange_line(corpus: Corpus, exchange: Exchange) -> str:
    """One response in words: 'IfG challenges HMG's “…” (design): the IfG's point'."""
    if exchange.target is not None:
        what = f"{exchange.target_voice.spoken}'s “{_shorten(clean(exchange.target.statement))}”"
    else:
        what = f"{exchange.target_voice.spoken}'s {clean(exchange.target_source.title)}"
    about = f" on {exchange.response.about}" if exchange.response.about else ""
    return f"{exchange.voice.spoken} {exchange.relation} {what}{about}: {clean(exchange.finding.statement)}"


def exchange_bullets(corpus: Corpus, found: tuple[Exchange, ...]) -> tuple[str, ...]:
    """One bullet per voice, relation and record responded to, with the first response and how many more."""
    groups: dict[tuple[str, str, str, str | None], list[Exchange]] = {}
    for e in found:
        groups.setdefault((e.voice.id, e.relation, e.response.ref, e.response.about), []).append(e)
    bullets = []
    for group in groups.values():
        more = len(group) - 1
        line = exchange_line(corpus, group[0])
        bullets.append(line + (f" (and {plural(more, 'more finding')})" if more else ""))
    return tuple(bullets)


def _shorten(text: str, limit: int = 70) -> str:
    if len(text) <= limit:
        return text.rstrip(".")
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def exchange_json(exchange: Exchange) -> dict[str, Any]:
    """Return one response as JSON."""
    return {"from": {"finding": exchange.finding.global_id, "voice": exchange.voice.id},
            "relation": exchange.relation, "about": exchange.response.about,
            "to": {"ref": exchange.response.ref, "source": exchange.target_source.id,
                   "finding": exchange.target.global_id if exchange.target else None,
                   "voice": exchange.target_voice.id},
            "principles": list(exchange.principles)}


def finding_lines(corpus: Corpus, finding: Finding, principle: str | None = None) -> str:
    """Show a finding in full: statement, quote with whose words and locator, kind and stance."""
    lines = [clean(finding.statement)]
    if finding.quote:
        said = quote_label(finding, corpus.source_of(finding), corpus)
        lines.append(f"{said[0].upper()}{said[1:]}: “{clean(finding.quote)}”" +
                     (f" ({finding.locator})" if finding.locator else ""))
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
    """Show a source as title and year, naming co-publishers other than `speaker`, with the coverage caveat."""
    others = [org_label(corpus, p) for p in source.publishers if p != speaker]
    lines = [f"{clean(source.title)} ({year_of(source)})"]
    if speaker and others:
        lines.append("with " + ", ".join(others))
    if rests_on_coverage(source):
        lines.append(f"({COVERAGE_CAVEAT})")
    return "\n".join(lines)


def filters_json(filters: Filters) -> dict[str, Any]:
    """Return the filters as JSON (every key present)."""
    return {"principles": list(filters.principles), "organisations": list(filters.organisations),
            "kinds": list(filters.kinds), "since": filters.since, "until": filters.until,
            "bases": list(filters.bases)}


def evidence_json(corpus: Corpus) -> dict[str, Any]:
    """Return how much evidence a view rests on."""
    extent = corpus.extent()
    return {"sources": extent.sources, "findings": extent.findings, "earliest": extent.earliest,
            "latest": extent.latest}


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
    """Return the facts that identify a source, and whether the analyst read it only through coverage."""
    return {"id": source.id, "title": clean(source.title), "published": source.published,
            "publishers": list(source.publishers), "url": source.url,
            "from_coverage": rests_on_coverage(source)}


def said_by_json(corpus: Corpus, finding: Finding, source: Source | None = None) -> dict[str, Any] | None:
    """Return whose words a quote is: kind, outlet or person, and the label briefs print (`source`: the
    finding's, when `corpus` does not hold it)."""
    if not finding.quote:
        return None
    source = source or corpus.source_of(finding)
    found = attribution(finding, source)
    speaker = found.speaker or Speaker()
    return {"kind": found.kind, "outlet": found.outlet, "name": speaker.name, "role": speaker.role,
            "organisation": speaker.organisation, "label": quote_label(finding, source, corpus)}


def finding_json(corpus: Corpus, finding: Finding, principle: str | None = None,
                 source: Source | None = None) -> dict[str, Any]:
    """Return a finding with its source; `stance` is its stance on `principle` (null without one); `source`:
    the finding's, when `corpus` does not hold it (it then gives only organisations' names)."""
    source = source or corpus.source_of(finding)
    return {"id": finding.global_id, "kind": finding.kind,
            "stance": finding.stance_on(principle) if principle else None,
            "statement": clean(finding.statement), "quote": clean(finding.quote) or None,
            "said_by": said_by_json(corpus, finding, source),
            "locator": finding.locator, "basis": list(finding.basis),
            "responds_to": [{"ref": r.ref, "relation": r.relation, "about": r.about} for r in finding.responds_to],
            "source": source_json(source)}


def voice_json(corpus: Corpus, voice: Voice) -> dict[str, Any]:
    """Return a voice: its id, name (a column header's), spoken name (a sentence's), role and organisations."""
    return {"id": voice.id, "name": voice.name, "spoken": voice.spoken, "role": voice.role,
            "organisations": [organisation_json(corpus.organisations[o]) for o in voice.organisations
                              if o in corpus.organisations]}


def verdict_json(found: Verdict) -> dict[str, Any]:
    """Return both axes of a verdict, the headline that states them, and the voices behind them."""
    s = found.strength
    return {"agreement": found.agreement,
            "strength": {"level": s.level, "symbol": s.symbol, "empirical_sources": s.empirical_sources,
                         "empirical_findings": s.empirical_findings, "findings": s.findings},
            "headline": found.headline,
            "voices": [p.voice.id for p in found.speakers],
            "dissenting": sorted({p.voice.id for p in found.dissenting} | {e.voice.id for e in found.contested_by}),
            "subject": {p.voice.id: p.stance for p in found.subject if p.speaks},
            "challenges": [exchange_json(e) for e in found.challenges]}


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
