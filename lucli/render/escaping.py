"""Escaping for the kind of template being rendered: HTML for HTML templates, markdown for every other.

Markdown needs escaping as much as HTML does: a statement holding `<script>`
must not become raw HTML in a brief. So autoescaping is on for every template
(`select_autoescape`), and for templates that are not HTML the `finalize`
hook turns each plain value into markdown-escaped text first; filters that
build markdown return `Markup`, which both escapes leave alone.

A digest writes millions of values, so `OutputCodeGenerator` compiles each
`{{ value }}` to one call, `finalize_escaped`, that gives the text of
`escape(finalize(value))` without the second call.
"""

from __future__ import annotations

import functools
import re
from typing import Any, cast

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup, escape

from lucli.records.textwork import charge

HTML_SUFFIXES = (".html", ".htm", ".xml", ".html.j2", ".htm.j2", ".xml.j2")
_NOT_PLAIN = re.compile(r"[^\w ,;:'’“”()/.?!%+—–-]|_")
"""A character that may need markdown escaping; text without one (the common case) is checked first, in one scan
of a character class (an alternation repeated per character took two and a half times as long)."""
_CACHED = 1 << 12
"""How many distinct texts keep their escaped form: a digest repeats titles, names and dates on every page. The
most recent few thousand hold those that repeat; 65,536 held every statement and quote of 100k findings as well,
and grew each process that renders digest pages by about 80 MB."""


@functools.lru_cache(maxsize=256)
def is_html(name: str | None) -> bool:
    """Tell whether a template (by name) writes HTML rather than markdown."""
    return bool(name) and str(name).lower().endswith(HTML_SUFFIXES)


def md_escape(value: Any) -> str:
    """Escape text for CommonMark so that it shows as written: no emphasis, links, tables or raw HTML.

    Line breaks and runs of white space become one space, so a value never breaks a list item or a table
    row; a line break at either end (folded YAML ends with one) is dropped.
    """
    return str(_md_markup(str(value)))


@functools.lru_cache(maxsize=_CACHED)
def _md_markup(text: str) -> Markup:
    """The markdown-escaped form of `text`, as `Markup` (cached: escaping is pure)."""
    charge("markdown", len(text))
    if text == "\n":  # a line break a template asks for (`{{ "\n" if not loop.first }}`), not a value's
        return Markup(text)
    if not _NOT_PLAIN.search(text) and not text[:1].isdigit() and not text.startswith(("-", "+")):
        return Markup(text)
    text = _without_blank_ends(text)
    # Four passes, each looking at every character a bounded number of times: a run of white space is
    # matched once; an '&' looks ahead over one word; a block marker is looked for at the start only.
    charge("markdown", 4 * len(text))
    text = _SPACES.sub(" ", text)
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)  # keep '&amp;' from being read as an entity
    # Block markers only matter at the start of a line, followed by a space: '# ', '- ', '1. '.
    return Markup(_BLOCK_MARKER.sub(r"\\\1", text, count=1))


def _without_blank_ends(text: str) -> str:
    """Drop white space up to the last line break at the start and from the first line break at the end.

    What `re.sub(r"^\\s*\\n|\\n\\s*$", "", text)` does, in linear time: that pattern tries every line break
    and scans the white space after it, so a quote of blank lines took minutes.
    """
    lead = len(text) - len(text.lstrip())
    start = text.rfind("\n", 0, lead) + 1
    body = len(text.rstrip())
    end = text.find("\n", body)
    end = len(text) if end < 0 else end
    charge("markdown", 2 * lead + 2 * (len(text) - body) + 2)  # each end's white space: stripped, then searched
    return text[start:end] if start < end else ""


_SPACES = re.compile(r"\s+")
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_MARKER = re.compile(r"^(#+|[+=-]+|\d+[.)])(?=\s|$)")


@functools.lru_cache(maxsize=_CACHED)
def _html_markup(text: str) -> Markup:
    """`escape(text)`, cached: names, titles and dates repeat on every page."""
    return escape(text)


def md_markup(value: Any) -> Markup:
    """Escape a value for markdown and mark it safe, so that HTML autoescaping leaves it alone."""
    return _md_markup(str(value))


@jinja2.pass_context
def finalize(context: Any, value: Any) -> Any:
    """Jinja's `finalize` hook: HTML templates are escaped by autoescape; any other gets markdown escaping."""
    if isinstance(value, Markup) or is_html(context.name):
        return value
    return _md_markup(str(value))


def escape_for(context: Any, text: Any) -> Markup:
    """Escape user text for the kind of template being rendered."""
    if isinstance(text, Markup):
        return text
    return escape(text) if is_html(context.name) else md_markup(text)


def finalize_escaped(context: Any, value: Any) -> Markup:
    """What `escape(finalize(context, value))` gives, in one step (the text is the same)."""
    if is_html(context.name):
        kind = type(value)
        if kind is str:
            return _html_markup(value)
        return _html_markup(str(value)) if kind is int else escape(value)  # a number's text needs no escaping
    if type(value) is Markup:
        return value  # escaping it again gives the same text
    if isinstance(value, Markup):
        return escape(value)
    return _md_markup(str(value))


def finalize_html(value: Any) -> Markup:
    """`finalize_escaped` in an HTML template."""
    kind = type(value)
    if kind is str:
        return _html_markup(value)
    return _html_markup(str(value)) if kind is int else escape(value)


def finalize_md(value: Any) -> Markup:
    """`finalize_escaped` in any other template."""
    kind = type(value)
    if kind is str:
        return _md_markup(value)
    if kind is Markup:
        return cast(Markup, value)
    if isinstance(value, Markup):
        return escape(value)
    return _md_markup(str(value))


class OutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing `{{ value }}` as `environment.finalize_escaped(context, value)`.

    Only where Jinja would write `escape(environment.finalize(context, value))`: with autoescaping on and
    not switched within the template; anything else is compiled as Jinja compiles it. An environment whose
    `escape_by_name` is true (lucli's own templates, `lucli.render.trusted`, where a template is only ever
    rendered, imported or extended by one of its own kind) gets the escaping of the template's kind chosen here,
    by its name, rather than at every value: `environment.finalize_html(value)` or `environment.finalize_md(value)`.
    """

    def _fused(self, frame: Frame, info: Any) -> bool:
        return (not frame.eval_ctx.volatile and bool(frame.eval_ctx.autoescape)
                and info.src == "environment.finalize(context, "
                and getattr(self.environment, "finalize", None) is finalize)

    def _output_child_pre(self, node: Expr, frame: Frame, info: Any) -> None:
        if self._fused(frame, info) and getattr(self.environment, "escape_by_name", False):
            self.write("environment.finalize_html(" if is_html(self.name) else "environment.finalize_md(")
        elif self._fused(frame, info):
            self.write("environment.finalize_escaped(context, ")
        else:
            super()._output_child_pre(node, frame, info)

    def visit_Concat(self, node: Any, frame: Frame) -> None:
        """`a ~ b` as Jinja writes it, passed through the sandbox's size check (`checked_join`)."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        if not hasattr(self.environment, "checked_join"):
            super().visit_Concat(node, frame)
            return
        self.write(f"environment.checked_join({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_child_post(self, node: Expr, frame: Frame, info: Any) -> None:
        if self._fused(frame, info):
            self.write(")")
        else:
            super()._output_child_post(node, frame, info)
