"""Markdown output: headings, paragraphs, bullets and pipe tables (GitHub-flavoured)."""

from __future__ import annotations

import re

from lucli.render.formats.document import Block, Bullets, Cell, Document, Heading, Marked, Paragraph, Table

_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_ALIGN = {"left": ":--", "right": "--:", "center": ":-:"}


def escape(text: str) -> str:
    """Escape text so that markdown shows it as written and never reads it as HTML."""
    return _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _cell(cell: Cell) -> str:
    text = cell.text if isinstance(cell, Marked) else cell
    # A pipe-table cell is one line: line breaks within it become <br>.
    return "<br>".join(escape(line) for line in text.split("\n")) or " "


def _table(table: Table) -> str:
    lines = ["| " + " | ".join(escape(c.header) for c in table.columns) + " |",
             "|" + "|".join(_ALIGN.get(c.align, ":--") for c in table.columns) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + escape(block.text)
    if isinstance(block, Paragraph):
        return "\n".join(escape(line) for line in block.text.split("\n"))
    if isinstance(block, Bullets):
        return "\n".join("- " + escape(item).replace("\n", "\n  ") for item in block.items)
    return _table(block)


def render(doc: Document) -> str:
    """Render a document as markdown, blocks separated by blank lines."""
    return "\n\n".join(_block(b) for b in doc.blocks) + "\n"
