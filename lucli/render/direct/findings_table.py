"""A page of the table of every finding (`digest/findings.html.j2`), written directly."""

from __future__ import annotations

from typing import Any

from lucli.records.plurals import plural
from lucli.render.direct.frame import filters, joined, method, page, stance
from lucli.render.escaping import finalize_html as h


def findings_page(context: dict[str, Any]) -> str:
    """The page `context` describes: its `rows`, the `part` of `parts` it is, its `first_row`."""
    corpus, rows, parts, part = context["corpus"], context["rows"], context["parts"], context["part"]
    total = corpus.finding_count
    out = ["<h1>Every finding</h1>\n"]
    if total == 1:
        out.append('<p class="lede">The one finding in the evidence base: who says it, what kind it is, the '
                   'principles it bears on with the stance taken, and its source.</p>\n')
    else:
        out.append(f'<p class="lede">All {h(plural(total, "finding"))} in the evidence base, newest source first: '
                   f'who says them, what kind they are, the principles they bear on with the stance taken, and '
                   f'their source.</p>\n')
    if len(parts) > 1:
        first = context["first_row"]
        links = " ".join(f'<strong aria-current="page">{n}</strong>' if n == part else f'<a href="{h(name)}">{n}</a>'
                         for n, name in enumerate(parts, start=1))
        out.append(f'<nav class="pages" aria-label="Pages of the table">\n<p>Findings {first}–'
                   f'{first + len(rows) - 1} of {h(total)}, on page {h(part)} of {len(parts)}; the filters act on '
                   f'this page. Pages: {links}</p>\n</nav>\n')
    out.append(filters(context, corpus.principles, context["kinds"], "the findings") + "\n")
    out.append('<div class="table-scroll" tabindex="0" role="region" aria-labelledby="findings-caption">\n'
               '<table class="findings" id="findings" data-noun="findings">\n'
               '<caption id="findings-caption">Every finding, newest source first</caption>\n'
               '<thead><tr><th scope="col">Organisation</th><th scope="col">Finding</th><th scope="col">Kind</th>'
               '<th scope="col">Principles and stance</th><th scope="col">Source</th></tr></thead>\n<tbody>\n')
    marks = {s: stance(s) for s in ("supports", "qualifies", "opposes", "mixed")}
    labels = {pid: f'<a href="principles/{h(pid)}.html">{h(p.label)}</a> '
              for pid, p in corpus.principles_by_id.items()}
    sources = corpus.sources_by_id
    for f in rows:
        out.append(_row(f, sources[f.source_id], labels, marks))
    out.append(f'</tbody>\n</table>\n</div>\n{method("")}\n')
    return page(context, "Every finding", "".join(out), head='<script src="assets/filter.js" defer></script>')


def _row(f: Any, s: Any, labels: dict[str, str], marks: dict[str, str]) -> str:
    quote = f' data-quote="{h(f.quote)}"' if f.quote else ""
    who = ", ".join(f'<abbr title="{h(o.name)}">{h(o.short)}</abbr>' if o.short != o.name else h(o.name)
                    for o in f.organisations)
    coded = "; ".join(f"{labels[r.id]}{marks.get(r.stance) or stance(r.stance)}"
                      for r in f.principles if r.id in labels)
    return (f'<tr data-filter-row data-principles="{joined(f.principle_ids, " ")}" '
            f'data-orgs="{joined(f.organisation_ids, " ")}" data-kinds="{h(f.kind)}"{quote}>\n'
            f'<td data-search>{who}</td>\n<td data-search>{h(f.statement)}</td>\n<td>{h(f.kind)}</td>\n'
            f'<td>{coded}</td>\n'
            f'<td data-search><a href="sources/{h(s.id)}.html">{h(s.title)}</a> ({h(s.year)})</td>\n</tr>\n')
