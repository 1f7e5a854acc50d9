"""The page frame of the HTML digest (`digest/base.html.j2`) and the pieces of `digest/macros.html.j2` that the
pages written directly share, each what its template writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lucli.records.plurals import plural
from lucli.render.escaping import finalize_html as h
from lucli.render.template_filters import symbol
from lucli.render.wording import date_text


def page(context: dict[str, Any], title: str, content: str, *, head: str = "", crumb: str | None = None) -> str:
    """A whole page: `title` and `crumb` (the title unless given) are markup already; `content` ends its last
    line."""
    root, corpus = h(context["root"]), context["corpus"]
    version = h(context["lucli_version"])
    site = h(context["site"]["title"])
    latest = h(date_text(corpus.latest_date) if corpus.latest_date else "none")
    return (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="lucli {version}">\n<title>{title} – {site}</title>\n'
            f'<link rel="stylesheet" href="{root}assets/style.css">\n{head}</head>\n<body>\n'
            f'<a class="skip" href="#main">Skip to content</a>\n<header class="site">\n'
            f'<p class="site-name"><a href="{root}index.html">{site}</a></p>\n</header>\n<main id="main">\n'
            f'<nav class="breadcrumb" aria-label="Breadcrumb"><a href="{root}index.html">Evidence map</a> › '
            f'{title if crumb is None else crumb}</nav>\n{content}</main>\n<footer class="site">\n'
            f'<p>Built {h(context["generated_text"])} with lucli {version} from '
            f'{h(plural(corpus.source_count, "source"))} by '
            f'{h(plural(len(corpus.organisations), "organisation"))}; latest source {latest}. lucli summarises '
            f'what organisations say and takes no position of its own. The evidence records belong to their '
            f'repository: check its licence before reuse.</p>\n</footer>\n</body>\n</html>\n')


def stance(value: str, word: str | None = None) -> str:
    """`m.stance`: a stance as symbol and word (and the colour of its class)."""
    said = word or (value if value != "silent" else "no position found")
    return (f'<span class="stance stance-{h(value)}"><span class="symbol" aria-hidden="true">'
            f'{h(symbol(value))}</span> {h(said)}</span>')


def method(root: str) -> str:
    """`m.method`: the method in one sentence and a link."""
    return (f'<p class="method">lucli summarises what the sources say and takes no position of its own; '
            f'<a href="{h(root)}method.html">how stances, verdicts and evidence strength are worked out</a>.</p>')


def filters(context: dict[str, Any], principles: Any, kinds: Any, what: str) -> str:
    """`m.filters`: the filter form, collapsed, shown only when its script runs."""
    corpus = context["corpus"]
    options = "".join(f'<option value="{h(p.id)}">{h(p.label)}</option>\n' for p in principles)
    voices = "".join(f'<option value="{h(o.id)}">{h(o.name)}</option>\n' for o in corpus.organisations)
    kinds_shown = "".join(f'<option value="{h(k)}">{h(k[:1].upper() + k[1:])}</option>\n' for k in kinds)
    return (f'<details class="filter-box" hidden>\n<summary>Filter {h(what)}</summary>\n'
            f'<form id="filters" class="filters">\n<div class="field"><label for="filter-principle">Principle</label>\n'
            f'<select id="filter-principle" name="principle"><option value="">All principles</option>\n'
            f'{options}</select></div>\n'
            f'<div class="field"><label for="filter-organisation">Organisation</label>\n'
            f'<select id="filter-organisation" name="organisation"><option value="">All organisations</option>\n'
            f'{voices}</select></div>\n<div class="field"><label for="filter-kind">Kind of finding</label>\n'
            f'<select id="filter-kind" name="kind"><option value="">All kinds</option>\n{kinds_shown}</select></div>\n'
            f'<div class="field"><label for="filter-text">Text</label>\n'
            f'<input id="filter-text" name="text" type="search" autocomplete="off"></div>\n'
            f'<button type="reset">Clear filters</button>\n'
            f'<p id="filter-status" class="status" role="status" aria-live="polite"></p>\n</form>\n</details>')


class Filters:
    """What lucli's filters read of a template's context (`lucli.render.template_filters`), for a page written
    directly: its variables and whether it is HTML, by the name of the template it stands for."""

    def __init__(self, variables: dict[str, Any], name: str) -> None:
        self.vars = variables
        self.name = name

    def get(self, key: str, default: Any = None) -> Any:
        return self.vars.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.vars[key]


def joined(values: Any, separator: str) -> str:
    """`values|join(separator)` in an HTML template: each value escaped."""
    return str(h(separator)).join(map(h, values))


def coverage(c: Any, url: Callable[[str], str], escaped: Callable[[str], Any] = h) -> str:
    """Where a source was read (`c`, a `Coverage`): outlet, “headline”, by whom, when, or 'press coverage',
    `escaped` for the page (HTML unless given); `url` links its address."""
    parts = [c.outlet, f"“{c.title}”" if c.title else None, f"by {c.author}" if c.author else None,
             date_text(c.date) if c.date else None]
    said = escaped(", ".join(str(p) for p in parts if p) or "press coverage")
    return f"{said}, {url(c.url)}" if c.url else str(said)
