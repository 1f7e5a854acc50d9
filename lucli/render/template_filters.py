"""lucli's own template filters: citing sources, linking addresses, and small wording helpers.

Each filter is registered by hand in `lucli_filters`; docs/reports.md lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup, escape

from lucli.records.model import Finding, Source
from lucli.records.plurals import plural
from lucli.render.context import CorpusView, FindingView, SourceView
from lucli.render.escaping import escape_for, is_html, md_markup
from lucli.render.wording import STANCE_SYMBOLS, and_list, date_text, words

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def _source_ids(value: Any) -> list[str]:
    kind = type(value)
    if kind is FindingView or kind is Finding:  # the common cases first, without probing attributes
        return [value.source_id]
    if kind is SourceView or kind is Source:
        return [value.id]
    if kind is tuple or kind is list:
        ids: list[str] = []
        for item in value:  # key sources of fifty positions, or a group's findings
            item_kind = type(item)
            if item_kind is SourceView or item_kind is Source:
                ids.append(item.id)
            elif item_kind is FindingView or item_kind is Finding:
                ids.append(item.source_id)
            elif item is not None:
                ids.extend(_source_ids(item))
        return ids
    if isinstance(value, str):
        return [value]
    if getattr(value, "source_id", None) is not None:  # a finding
        return [value.source_id]
    if getattr(value, "publishers", None) is not None:  # a source
        return [value.id]
    return [sid for item in value if item is not None for sid in _source_ids(item)]


@jinja2.pass_context
def cite(context: Any, value: Any, locator: str | None = None) -> Markup:
    """Cite sources by their number in `ref`: '[3]', '[3, p. 4]' (one finding) or '[1][3]' (several)."""
    numbers = context.get("ref") or {}
    kind = type(value)
    if kind is FindingView or kind is Finding:  # one finding, the common case (a digest cites 100,000 of them)
        return _cite_one(context, numbers, value.source_id, value.locator if locator is None else locator)
    ids = list(dict.fromkeys(_source_ids(value)))
    for sid in ids:
        if sid not in numbers:
            raise jinja2.UndefinedError(f"source '{sid}' is not in this page's references (ref)")
    if locator is None and type(value) is not tuple:  # a tuple has no locator
        locator = getattr(value, "locator", None)
    if len(ids) == 1:
        return _cite_one(context, numbers, ids[0], locator)
    cited = sorted([numbers[sid] for sid in ids])
    if is_html(context.name):
        return Markup("".join([f'<a class="cite" href="#ref-{n}">[{n}]</a>' for n in cited]))
    return Markup("[" + "][".join(map(str, cited)) + "]") if cited else Markup("")


def _cite_one(context: Any, numbers: dict[str, int], sid: str, locator: str | None) -> Markup:
    """What `cite` gives for one finding: its source's number and its locator."""
    if sid not in numbers:
        raise jinja2.UndefinedError(f"source '{sid}' is not in this page's references (ref)")
    n = numbers[sid]
    suffix = f", {escape_for(context, locator)}" if locator else ""
    if is_html(context.name):
        return Markup(f'<a class="cite" href="#ref-{n}">[{n}{suffix}]</a>')
    return Markup(f"[{n}{suffix}]")


def first_sources(value: Any, n: int) -> tuple[list[str], int]:
    """The first `n` distinct sources of some findings, in their order, and how many others there are: what
    `cite_some` cites, and what a briefing's reference list must hold for it."""
    ids = list(dict.fromkeys(_source_ids(value)))
    return ids[:n], max(0, len(ids) - n)


@jinja2.pass_context
def cite_some(context: Any, value: Any, n: int = 3) -> Markup:
    """Cite the first `n` distinct sources of some findings and count the rest: '[1][4][6] and 12 more'.

    A clause that names who takes a stance cites where they say it; on a large evidence base that is
    hundreds of sources, which no briefing can list."""
    named, more = first_sources(value, n)
    cited = cite(context, tuple(named))
    return Markup(f"{cited} and {more} more") if more else cited


@jinja2.pass_context
def autolink(context: Any, url: str | None, text: str | None = None) -> Markup:
    """Link to a web address: '<https://…>' in markdown, an <a> element in HTML; unsafe addresses stay text."""
    if not url:
        return Markup("")
    if is_html(context.name):
        if not _SAFE_URL.match(url):
            return escape(url)
        # What Markup('<a href="{0}">{1}</a>').format(url, text or url) gives, without the slow formatter.
        return Markup(f'<a href="{escape(url)}">{escape(text or url)}</a>')
    if text:
        label = escape_for(context, text)
        return Markup(f"[{label}]({url})") if _SAFE_URL.match(url) and "(" not in url and ")" not in url \
            else label
    return Markup(f"<{url}>") if _SAFE_URL.match(url) else escape_for(context, url)


@jinja2.pass_context
def reference(context: Any, source: Any) -> Markup:
    """A source's reference-list entry in the page's citation style (`bibliography`), its address a link."""
    from lucli.render.cite import URL_MARK

    record = source.record if type(source) is SourceView else source
    names = [o.name for o in source.organisations] if type(source) is SourceView else list(record.publishers)
    text = escape_for(context, context["bibliography"].entry(record, names))
    if record.url and URL_MARK in text:
        return Markup(text.replace(URL_MARK, autolink(context, record.url)))
    return text


@jinja2.pass_context
def lcfirst(context: Any, text: str) -> str:
    """Lower-case the first letter unless the word is an acronym ('UK'); a principle's label as it reads inside a
    sentence, which keeps a name's capital ('Whitehall coordination': `CorpusView.labels_in_sentence`)."""
    text = str(text)
    view = context.get("corpus")
    found = view.labels_in_sentence.get(text) if type(view) is CorpusView else None
    if found is not None:
        return found
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upfirst(text: str) -> str:
    """Upper-case the first letter."""
    text = str(text)
    return text[:1].upper() + text[1:]


def empirical_share(strength: Any, whose: str = "") -> str:
    """How many of the findings rest on empirical evidence, each count with its own verb: '2 of its 5 findings rest
    on empirical evidence', '1 of 12 findings rests …', 'none of its 3 findings rests …', 'its one finding does
    not rest …'. `whose` ('its') goes before the number of findings."""
    empirical, findings = strength.empirical_findings, strength.findings
    owner = f"{whose} " if whose else ""
    if findings == 0:
        return "no finding rests on empirical evidence"
    if findings == 1:
        return f"{whose or 'the'} one finding {'rests' if empirical else 'does not rest'} on empirical evidence"
    if empirical == 0:
        return f"none of {owner or 'the '}{findings} findings rests on empirical evidence"
    return f"{empirical} of {owner}{findings} findings {'rests' if empirical == 1 else 'rest'} on empirical evidence"


def symbol(stance: str) -> str:
    """The symbol of a stance: '✓', '✗', '◐', '±', '—'; '?' for anything else."""
    return STANCE_SYMBOLS.get(stance, "?")


@jinja2.pass_context
def mermaid(context: Any, chart: str | None) -> Markup:
    """Place a Mermaid chart: a ```mermaid block in markdown (GitHub draws it), a <pre> in HTML.

    The chart's labels carry no markup (`lucli.render.mermaid` writes every special character as an
    entity code), so the block can neither close its fence nor reach the page as HTML.
    """
    if not chart:
        return Markup("")
    if is_html(context.name):
        return Markup(f'<pre class="mermaid">{escape(chart)}</pre>')
    return Markup(f"```mermaid\n{chart.replace('`', '#96;')}```\n")


def lucli_filters() -> dict[str, Callable[..., Any]]:
    """lucli's own filters, each listed here by hand."""
    return {
        "cite": cite, "cite_some": cite_some, "autolink": autolink, "reference": reference, "lcfirst": lcfirst,
        "upfirst": upfirst,
        "count": plural, "empirical_share": empirical_share, "and_list": and_list, "date_text": date_text,
        "symbol": symbol, "md": md_markup,
        "mermaid": mermaid, "words": words,
    }
