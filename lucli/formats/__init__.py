"""Output formats: each renders a `Document` to a string.

One small module per format behind one interface, `render(doc, ...) -> str`:
`table` (rich, for terminals), `markdown`, `jsonout` and `csvout`. They are
pure: no printing, no files, no terminal detection (the CLI decides the width
and whether colour is on and passes them in).
"""

from __future__ import annotations

from lucli.formats.document import Document

FORMATS = ("table", "md", "json", "csv")
FORMAT_VERSION = 1
"""Version of the JSON and CSV shapes documented in docs/compare.md."""


def render(doc: Document, fmt: str, *, width: int = 100, color: bool = False) -> str:
    """Render a document in one of FORMATS."""
    if fmt == "table":
        from lucli.formats import table

        return table.render(doc, width=width, color=color)
    if fmt == "md":
        from lucli.formats import markdown

        return markdown.render(doc)
    if fmt == "json":
        from lucli.formats import jsonout

        return jsonout.render(doc)
    if fmt == "csv":
        from lucli.formats import csvout

        return csvout.render(doc)
    raise ValueError(f"unknown format {fmt!r}")
