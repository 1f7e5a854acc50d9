"""Output formats: each renders a `Document` to a string.

One small module per format behind one interface, `render(doc, ...) -> str`:
`table` (rich, for terminals), `markdown`, `jsonout`, `csvout` and `mermaidout` (the argument map). They are
pure: no printing, no files, no terminal detection (the CLI decides the width
and whether colour is on and passes them in).
"""

from __future__ import annotations

from collections.abc import Iterator

from lucli.render.formats.document import FORMAT_VERSION as FORMAT_VERSION
from lucli.render.formats.document import Document

FORMATS = ("table", "md", "json", "csv", "mermaid")


def render(doc: Document, fmt: str, *, width: int = 100, color: bool = False) -> str:
    """Render a document in one of FORMATS."""
    return "".join(render_pieces(doc, fmt, width=width, color=color))


def render_pieces(doc: Document, fmt: str, *, width: int = 100, color: bool = False) -> Iterator[str]:
    """Render a document in one of FORMATS a piece at a time, so that a long table is never one string."""
    if fmt == "table":
        from lucli.render.formats import table

        return table.render_lines(doc, width=width, color=color)
    if fmt == "md":
        from lucli.render.formats import markdown

        return markdown.render_pieces(doc)
    if fmt == "json":
        from lucli.render.formats import jsonout

        return jsonout.render_pieces(doc)
    if fmt == "csv":
        from lucli.render.formats import csvout

        return csvout.render_pieces(doc)
    if fmt == "mermaid":
        from lucli.render.formats import mermaidout

        return iter((mermaidout.render(doc),))
    raise ValueError(f"unknown format {fmt!r}")
