"""What a reader reads in a markdown brief: its words and sentences, without the markup.

Prose, list items, table cells, quotes and the source list count; markdown syntax, table rules, citation
numbers such as [3] or [3, p. 12] and symbols such as ●○○ do not.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_CITATION = re.compile(r"\[\d+(?:, [^\]]*)?\]")
_WORD = re.compile(r"[^\W_](?:[\w’'.:/@%&+-]*[^\W_])?")
_SENTENCE_END = re.compile(r"(?<=[.?!:;])\s+|\n+")


def blocks(markdown: str, headings: bool = True) -> list[str]:
    """The text of each paragraph, heading, list item, table cell and quote, as a reader sees it."""
    parser = MarkdownIt("commonmark").enable("table")
    texts = []
    tokens = parser.parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "inline" and (headings or tokens[i - 1].type != "heading_open"):
            parts = [c.content for c in token.children or () if c.type in ("text", "code_inline")]
            texts.append(_CITATION.sub("", "".join(parts)))
    return texts


def words(markdown: str) -> int:
    """Count the words a reader reads."""
    return sum(len(_WORD.findall(text)) for text in blocks(markdown))


def sentences(markdown: str) -> list[str]:
    """Every sentence (or clause ending in a colon or semicolon) outside headings, normalised for comparison."""
    found = []
    for text in blocks(markdown, headings=False):
        for piece in _SENTENCE_END.split(text):
            piece = " ".join(piece.split()).strip(" .:;")
            if piece:
                found.append(piece)
    return found
