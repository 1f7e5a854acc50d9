"""A source's HTML page (`digest/source.html.j2`), written directly."""

from __future__ import annotations

from functools import partial
from typing import Any

from lucli.records.plurals import plural
from lucli.render.direct.frame import Filters, coverage, joined, method, page, stance
from lucli.render.escaping import finalize_html as h
from lucli.render.template_filters import autolink, cite, empirical_share, lcfirst, reference, upfirst

NAME = "digest/source.html.j2"


def source_page(context: dict[str, Any]) -> str:
    """The page of the source whose briefing is `context["brief"]`."""
    brief, root = context["brief"], str(h(context["root"]))
    names, filters = context["name"], Filters(context, NAME)
    s = brief["source"]
    title = str(h(s.title))
    links = " and ".join(f'<a href="{root}organisations/{h(o.id)}.html">{h(names(o))}</a>' for o in s.organisations)
    out = [f'<h1>{title}</h1>\n<p class="lede">{h(upfirst(s.kind.replace("-", " ")))} by {links}, '
           f'{h(s.date_text)}{_stale_flag(s, context)}</p>\n<dl class="facts">\n']
    if s.authors:
        out.append(f"<dt>Authors</dt><dd>{joined(s.authors, ', ')}</dd>")
    link = partial(autolink, filters)
    out.append(f"<dt>Address</dt><dd>{link(s.url) if s.url else 'No web address recorded'}</dd>\n")
    for c in s.reported_in:
        note = f" ({h(c.note.strip().strip('.'))})" if c.note else ""
        out.append(f"<dt>Read in</dt><dd>{coverage(c, link)}{note}</dd>\n")
    out.append("</dl>\n")
    if s.summary:
        out.append(f'<div class="summary"><p><strong>The analyst’s summary:</strong> {h(s.summary)}</p></div>')
    out.append('\n<h2>Stances compared with the other organisations</h2>\n<div class="scroll">\n'
               '<table class="positions">\n'
               "<caption>Stance of this source on each principle it addresses</caption>\n"
               '<thead><tr><th scope="col">Principle</th><th scope="col">Stance here</th><th scope="col">Others agree'
               '</th><th scope="col">Others differ</th><th scope="col">Verdict across all</th></tr></thead>\n<tbody>\n')
    for c in brief["comparisons"]:
        p = c.principle
        out.append(f'<tr><th scope="row"><a href="../principles/{h(p.id)}.html">{h(p.label)}</a></th>'
                   f'<td class="cell stance-{h(c.stance)}">{stance(c.stance)}</td><td>{len(c.same)}</td>'
                   f"<td>{len(c.different)}</td><td>{h(p.verdict_text)}</td></tr>\n")
    out.append('</tbody>\n</table>\n</div>\n\n<h2>What it says</h2>\n<ul class="findings-list">\n')
    plural_subject = len(s.organisations) > 1
    for f in s.findings:
        out.append(_finding(f, names.all(s.organisations), plural_subject, filters, root) + "\n")
    strength = brief["strength"]
    out.append(f'</ul>\n\n<h2>How strong the evidence is</h2>\n<p><span class="strength"><span class="symbol" '
               f'aria-hidden="true">{h(strength.symbol)}</span> {h(strength.level)}</span>: '
               f"{h(empirical_share(strength))} ({h(strength.basis_text)}).</p>\n\n"
               f"{_references(brief['references'], filters, root, context)}\n{method(root)}\n"
               f'<p class="meta">Markdown briefing: <a href="{h(s.id)}.md">{h(s.id)}.md</a> · last updated '
               f'{h(context["generated_text"])}</p>\n')
    return page(context, title, "".join(out))


def _stale_flag(s: Any, context: dict[str, Any]) -> str:
    """`m.stale_flag`: 'more than N years old', only where some sources are and some are not."""
    if s.stale and context["corpus"].stale_tells:
        return f' <strong class="flag">more than {h(plural(context["stale_years"], "year"))} old</strong>'
    return ""


def _finding(f: Any, subject: str, plural_subject: bool, filters: Filters, root: str) -> str:
    """`m.finding` with its coding: who says what, with its quote, locator, source and the principles coded."""
    corpus = filters["corpus"]
    verb = f.verb_plural if plural_subject else f.verb
    joint = ":" if f.kind == "recommendation" else " that"
    said = ""
    if f.quote:
        said = (f'<p class="said">{h(upfirst(f.said))}:</p>\n'
                f"<blockquote><p>“{h(f.quote.strip())}”</p></blockquote>\n")
    known = corpus.principles_by_id
    coded = "; ".join(f'<a href="{root}principles/{h(r.id)}.html">{h(lcfirst(filters, known[r.id].label))}</a> '
                      f"({h(r.stance)})" for r in f.principles if r.id in known)
    return (f'<li class="finding">\n<p>{h(upfirst(subject))} {h(verb)}{joint} {h(f.lead)} {cite(filters, f)}.</p>\n'
            f'{said}<p class="meta">{h(upfirst(f.kind))} · {h(f.evidence)} ({h(f.basis_text)}) · coded: {coded}</p>\n'
            f"</li>")


def _references(refs: Any, filters: Filters, root: str, context: dict[str, Any]) -> str:
    """`m.references`: the numbered source list of a page."""
    memo = context["memo"]
    items = [f'<li id="ref-{h(r.n)}" value="{h(r.n)}">'
             f'{memo.made(("html-reference", r.source, root), lambda s=r.source: _entry(s, filters, root, context))}'
             f"</li>\n" for r in refs]
    return (f'<section aria-labelledby="sources-heading">\n<h2 id="sources-heading">Sources</h2>\n'
            f'<ol class="references">\n{"".join(items)}</ol>\n</section>')


def _entry(s: Any, filters: Filters, root: str, context: dict[str, Any]) -> str:
    """A source's entry in the list, after its number: the same on every page (the template's `memo`)."""
    link = partial(autolink, filters)
    caveat = f' <strong class="flag">{h(upfirst(s.caveat))}.</strong>' if s.caveat else ""
    read = "".join(f" Read in: {coverage(c, link)}." for c in s.reported_in)
    return (f'{reference(filters, s)}{caveat} <a href="{root}sources/{h(s.id)}.html">Its findings in this digest</a>.'
            f"{read}{_stale_flag(s, context)}")
