"""The templates a template imports, includes or extends, read from its text without parsing it.

A briefing's remembered key holds the text of every template it renders, and a briefing made with lucli's own
templates is answered from part of the evidence only while the repository overrides none of them; both need
the names a template refers to. Parsing a template for them (Jinja's `meta.find_referenced_templates`) cost as
much as compiling it, and the render then parsed it again. Jinja's tags that name another template are
`extends`, `include`, `import` and `from`; this finds every tag that starts with one of those words, and gives
up (None) unless each names its template as one plain string literal. So it never misses a name: a tag in a
comment or a raw block only adds one, and a name worked out as the template renders makes the answer None,
as Jinja's own gives a None among the names.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b(?P<rest>.*?)[-+]?%\}", re.DOTALL)
"""A tag that names another template (lucli's templates keep Jinja's default delimiters)."""
_LITERAL = re.compile(r"""\s*(?:"(?P<double>[^"\\]*)"|'(?P<single>[^'\\]*)')"""
                      r"(?:\s+ignore\s+missing)?(?:\s+as\s+\w+|\s+import\s+[\w\s,]+)?"
                      r"(?:\s+(?:with|without)\s+context)?\s*", re.ASCII)
"""The whole of what follows the tag's word: the template's name as one plain string literal, then only what
Jinja allows after a constant name (`ignore missing`, `as NAME`, `import NAMES`, `with context`)."""
_OPENS = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b")


def referenced_templates(source: str) -> list[str] | None:
    """The names of the templates `source` extends, includes or imports, in order; None when one of them is not
    a plain string literal (it is worked out as the template renders) or a tag cannot be read."""
    names: list[str] = []
    tags = list(_TAG.finditer(source))
    if len(tags) != len(_OPENS.findall(source)):
        return None  # a tag that opens and never closes: Jinja will report it
    for tag in tags:
        literal = _LITERAL.fullmatch(tag.group("rest"))
        if literal is None:
            return None
        names.append(literal.group("double") if literal.group("double") is not None else literal.group("single"))
    return names
