"""A source's markdown page, its briefing (`brief-source.md.j2` with `partials/brief.md.j2`), written directly.

Each value is markdown-escaped as the template's `{{ value }}` escapes it (`finalize_md`): what the template's
`~` and `join` build from plain text is plain text, escaped whole (autoescaping, on for every template, would
escape for HTML only beside a value already marked safe, which none of these is). Blank lines need not match:
the page is made one blank line between blocks afterwards, as the template's is (`lucli.render.blank_lines`).
"""

from __future__ import annotations

from typing import Any

from lucli.records.plurals import plural
from lucli.render.direct.frame import Filters, coverage
from lucli.render.escaping import finalize_md as md
from lucli.render.template_filters import autolink, cite, empirical_share, lcfirst, reference, upfirst
from lucli.render.wording import and_list, date_text

NAME = "brief-source.md.j2"
STANCES = ("supports", "qualifies", "opposes", "mixed")


def source_brief(context: dict[str, Any]) -> str:
    """The briefing `context["brief"]` on one source, with `context["detail"]` ('brief' or 'full'), as the digest's
    page of the source has it (no appendix: `lucli brief --appendix` renders its template)."""
    brief, names, filters = context["brief"], context["name"], Filters(context, NAME)
    full = context["detail"] == "full"
    s = brief["source"]
    plural_subject = len(s.organisations) > 1
    who = names.all(s.organisations)
    whole = full or brief["whole"]
    shown = 99 if whole else 4
    kind = s.kind.replace("-", " ")
    out = [f"# {md(s.title)}: what it says\n\n{_metadata(brief, context)}\n\n## Summary\n\n"]
    if s.summary:
        out.append(f"{md(s.summary)} {cite(filters, s)}\n")
    else:
        out.append(f"{md(upfirst(who))} published this {md(kind)} in {md(s.date_text)} {cite(filters, s)}.\n")
    out.append(f"\n- Published by {md(names.all(s.organisations))}, {md(s.date_text)}; a {md(kind)} with "
               f"{md(plural(len(s.findings), 'finding'))} on {md(plural(len(brief['comparisons']), 'principle'))}.\n")
    for stance in STANCES:
        these = brief["compared_by_stance"][stance]
        labels = md(and_list(lcfirst(filters, c.principle.label) for c in these))
        if these and stance != "supports":
            out.append(f"- It {_stance_phrase(stance, False, labels)}.\n")
        elif these:
            listed = f": {labels}" if len(these) <= 4 else ""
            out.append(f"- It supports {md(plural(len(these), 'principle'))}{listed}.\n")
    out.append(_asks(brief["asks"], 99 if whole else 4, whole, context, filters))
    strength = brief["strength"]
    out.append(f"\n\n## Evidence gaps\n\n- {md(upfirst(empirical_share(strength, 'its')))} ({md(strength.symbol)} "
               f"{md(strength.level)}; bases: {md(strength.basis_text)}).\n")
    if s.caveat:
        out.append("- It was read only through press coverage, so its findings are second-hand.\n")
    if brief["alone"]:
        alone = and_list(lcfirst(filters, c.principle.label) for c in brief["alone"])
        out.append(f"- No other voice speaks on {md(alone)}.\n")
    out.append("\n## What it finds\n\n")
    claims = brief["claims"]
    for at, f in enumerate(claims[:shown]):
        out.append(_finding(f, who, plural_subject, whole or at == 0, filters))
    if not claims[:shown]:
        out.append("- It records recommendations only.\n")
    if len(claims) > shown:
        out.append(f"- {md(plural(len(claims) - shown, 'further finding'))} in the full briefing.\n")
    none = "No other voice takes a different stance on the principles it addresses."
    out.append(f"\n## How it compares\n\n{_differences(brief, full, none, names, filters)}\n")
    if brief["agreements"]:
        out.append(_agreement(brief, names, filters) + "\n")
    if whole and (brief["responses_made"] or brief["responses_received"]):
        out.append(f"\n## Challenges and responses\n\n"
                   f"{_exchanges(brief['responses_made_short'], brief['responses_received_short'], filters)}\n")
    out.append("\n## Points to consider\n\n")
    if strength.empirical_findings == 0:
        out.append("- Its case is argued rather than tested: no finding rests on empirical evidence.\n")
    if brief["differences"]:
        out.append("- Where others disagree, is it about aims, design, timing or evidence?\n")
    out.append(f"- What has happened since {md(s.date_text)} that it could not take into account?\n\n## Sources\n\n"
               f"{_stale_refs(brief, context)}\n{_references(brief['references'], context, filters)}\n"
               f"{_about(context)}")
    return "".join(out)


def _metadata(brief: dict[str, Any], context: dict[str, Any]) -> str:
    latest = date_text(brief["latest_date"]) if brief["latest_date"] else "none"
    return (f"Generated {md(context['generated_text'])} · latest source {md(latest)} · "
            f"{md(plural(len(brief['references']), 'source'))}")


def _stance_phrase(stance: str, plural_subject: bool, what: str) -> str:
    """`b.stance_phrase`: a stance as a verb phrase ('supports it', 'qualify their support for it'); `what` is
    escaped already."""
    if stance == "supports":
        return f"{'support' if plural_subject else 'supports'} {what}"
    if stance == "qualifies":
        return f"{'qualify their' if plural_subject else 'qualifies its'} support for {what}"
    if stance == "opposes":
        return f"{'oppose' if plural_subject else 'opposes'} {what}"
    if stance == "mixed":
        return f"{'are' if plural_subject else 'is'} mixed on {what}"
    return f"{'take' if plural_subject else 'takes'} no position on {what}"


def _quoted(f: Any) -> str:
    return f"\n  {md(upfirst(f.said))}:\n\n  > “{md(f.quote.strip())}”\n"


def _finding(f: Any, subject: str, plural_subject: bool, quote: bool, filters: Filters) -> str:
    """`b.finding`: who says what, with its source's number and locator, and its quote."""
    verb = f.verb_plural if plural_subject else f.verb
    joint = ":" if f.kind == "recommendation" else " that"
    said = _quoted(f) if quote and f.quote else ""
    return f"- {md(upfirst(subject))} {md(verb)}{md(joint)} {md(f.lead)} {cite(filters, f)}.\n{said}\n"


def _asks(groups: Any, limit: int, quotes: bool, context: dict[str, Any], filters: Filters) -> str:
    """`b.asks`: recommendations grouped by whom they ask to act, each once."""
    names, full = context["name"], context["detail"] == "full"
    out = []
    for a in groups:
        if not a.recommendations:
            continue
        heading = f"What {a.label} {a.verb} asked to do" if a.actor else "Other recommendations"
        out.append(f"\n## {md(heading)}\n\n")
        for at, f in enumerate(a.recommendations, start=1):
            if at == limit + 1:
                out.append(f"- {md(plural(len(a.recommendations) - limit, 'further recommendation'))} in the full "
                           f"briefing.\n")
            elif at <= limit:
                others = a.also[at - 1]
                also = f" (also addressed to {md(and_list(others))})" if others else ""
                out.append(f"- {md(upfirst(names.all(f.organisations)))}: {md(f.lead)}{also} {cite(filters, f)}.\n")
                if (quotes or full) and f.quote:
                    out.append(_quoted(f) + "\n")
    return "".join(out)


def _differences(brief: dict[str, Any], full: bool, none_text: str, names: Any, filters: Filters) -> str:
    """`b.differences`: who takes another stance on each principle it addresses."""
    caps = brief["caps"]
    shown = brief["differences"] if full else brief["differences"][:caps["differences"]]
    lines = []
    for c in shown:
        groups = []
        for g in c.different_by_stance:
            n = None if full or not g.unnamed else caps["named"]
            these = g.organisations[:n]
            groups.append(f"{md(names.all(these, len(g.positions) - len(these)))} "
                          f"{_stance_phrase(g.stance, g.plural, 'it')} {cite(filters, g.key_sources[:n])}")
        lines.append(f"- **{md(c.principle.label)}.** It {_stance_phrase(c.stance, False, 'it')}; "
                     f"{'; '.join(groups)}.")
    text = "\n".join(lines) if lines else f"- {md(none_text)}"
    if len(shown) < len(brief["differences"]):
        more = plural(len(brief["differences"]) - len(shown), "more principle")
        text += f"\n- It differs from others on {md(more)}, set out in the full briefing."
    return text


def _agreement(brief: dict[str, Any], names: Any, filters: Filters) -> str:
    """`b.agreement`: who else takes the same stance, a few named and cited, the rest counted."""
    more = len(brief["agreements"]) - len(brief["agreed_on"])
    agreed = brief["agreed_on"]
    parts = []
    for at, c in enumerate(agreed, start=1):
        left = len(agreed) - at + 1  # Jinja's loop.revindex
        joint = "" if left == 1 else " and " if left == 2 and not more else ", "
        parts.append(f"{md(lcfirst(filters, c.principle.label))} ({md(names.all(c.agreeing, c.agreeing_unnamed))} "
                     f"{cite(filters, c.agreeing_sources)}){md(joint)}")
    counted = f" and {md(plural(more, 'more principle'))}" if more else ""
    return f"- Others agree with it on {''.join(parts)}{counted}."


def _exchanges(made: Any, received: Any, filters: Filters) -> str:
    """`b.exchanges_short`: who responds to which record, citing the findings."""
    out = []
    if made:
        said = "".join(f"{md(e.relation)} {md(e.target_voice)}{_about_what(e)} "
                       f"({md(plural(len(e.findings), 'finding'))}){_between(at, len(made))}"
                       for at, e in enumerate(made, start=1))
        out.append(f"- It {said} {cite(filters, [e.target_source for e in made])}.\n")
    if received:
        said = "".join(f"{md(e.voice)} {md(e.relation)} it{_about_what(e)} "
                       f"({md(plural(len(e.findings), 'finding'))}){_between(at, len(received))}"
                       for at, e in enumerate(received, start=1))
        findings = [f for e in received for f in e.findings]
        out.append(f"- {said} {cite(filters, findings)}.\n")
    return "".join(out)


def _about_what(e: Any) -> str:
    return f" on {md(e.about)}" if e.about else ""


def _between(at: int, count: int) -> str:
    left = count - at + 1
    return ", " if left > 2 else " and " if left == 2 else ""


def _stale_refs(brief: dict[str, Any], context: dict[str, Any]) -> str:
    """`b.stale_refs`: one line when every source cited is old; the mark of those read only in coverage."""
    n = len(brief["references"])
    out = []
    if n and brief["stale_count"] == n:
        out.append(f"Every source cited is more than {md(plural(context['stale_years'], 'year'))} old: positions "
                   f"may have moved since.\n")
    if any(r.source.caveat for r in brief["references"]):
        out.append("\n† Read only through press coverage, not the report itself: its findings are second-hand.\n")
    return "".join(out)


def _references(refs: Any, context: dict[str, Any], filters: Filters) -> str:
    """`b.references`: the numbered source list; coverage read for an earlier source is said to be the same."""
    seen: list[str] = []
    stale = context["corpus"].stale_tells
    memo = context["memo"]
    out = []
    for r in refs:
        s = r.source
        line = [f"{md(r.n)}. ", memo.made(("md-reference", s), lambda s=s: _entry(s, stale, context, filters))]
        for c in s.reported_in:
            key = "|".join(map(str, (c.outlet, c.title, c.date)))
            if key in seen:
                line.append(f" Read in the same {md(c.outlet or 'coverage')} piece as an earlier source.")
            else:
                seen.append(key)
                line.append(f" Read in: {_read_in(c, filters)}.")
        out.append("".join(line) + "\n")
    return "".join(out)


def _entry(s: Any, stale: bool, context: dict[str, Any], filters: Filters) -> str:
    """A source's entry in the list, after its number: the same on every page (the template's `memo`)."""
    caveat = " †" if s.caveat else ""
    old = f" More than {md(plural(context['stale_years'], 'year'))} old." if s.stale and stale else ""
    return f"{reference(filters, s)}{caveat}{old}"


def _read_in(c: Any, filters: Filters) -> str:
    """Where a source was read, or 'press coverage', and its address."""
    return coverage(c, lambda url: str(autolink(filters, url)), md)


def _about(context: dict[str, Any]) -> str:
    """`b.about` as a digest's page has it (a page carries no appendix): a note and a link to the method page."""
    return (f"*Generated by lucli {md(context['lucli_version'])}, which summarises the sources and takes no "
            f"position; how stances, verdicts and strength are worked out is on [the method page]"
            f"({md(context['method_link'])}).*\n")
