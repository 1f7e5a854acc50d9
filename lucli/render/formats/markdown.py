"""Markdown output: headings, paragraphs, bullets and pipe tables (GitHub-flavoured)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lucli.render.formats.document import Block, Bullets, Cell, Document, Heading, Marked, Paragraph, Table

_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_ALIGN = {"left": ":--", "right": "--:", "center": ":-:"}
BATCH = 500
"""Table rows written as one piece."""


def escape(text: str) -> str:
    """Escape text so that markdown shows it as written and never reads it as HTML."""
    return _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _cell(cell: Cell) -> str:
    text = cell.text if isinstance(cell, Marked) else cell
    # A pipe-table cell is one line: line breaks within it become <br>.
    return "<br>".join(escape(line) for line in text.split("\n")) or " "


def _table(table: Table) -> Iterator[str]:
    """The table's lines, joined by line breaks, a few rows at a time (no line break after the last)."""
    lines = ["| " + " | ".join(escape(c.header) for c in table.columns) + " |",
             "|" + "|".join(_ALIGN.get(c.align, ":--") for c in table.columns) + "|"]
    head = ""
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
        if len(lines) == BATCH:
            yield head + "\n".join(lines)
            head, lines = "\n", []
    if lines:
        yield head + "\n".join(lines)


def _block(block: Block) -> Iterator[str]:
    if isinstance(block, Heading):
        yield "#" * block.level + " " + escape(block.text)
    elif isinstance(block, Paragraph):
        yield "\n".join(escape(line) for line in block.text.split("\n"))
    elif isinstance(block, Bullets):
        yield "\n".join("- " + escape(item).replace("\n", "\n  ") for item in block.items)
    else:
        yield from _table(block)


def render(doc: Document) -> str:
    """Render a document as markdown, blocks separated by blank lines."""
    return "".join(render_pieces(doc))


def render_pieces(doc: Document) -> Iterator[str]:
    """`render`'s text a piece at a time, so that a long table (`Rows`) is never held whole."""
    for number, block in enumerate(doc.blocks):
        if number:
            yield "\n\n"
        yield from _block(block)
    yield "\n"
