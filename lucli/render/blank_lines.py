"""Markdown as a person writes it: one blank line between blocks, never two or three.

A template's sections and conditionals leave blank lines behind where there is nothing to say. Markdown reads
any number of blank lines as one, but a briefing is read as plain text too: in an editor, a diff, an email.
Lines inside a fenced code block (a Mermaid chart) are kept as they are.
"""

from __future__ import annotations

import re

from lucli.records.textwork import charge

_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")
"""Two or more blank lines (spaces and tabs count as blank) after a line break."""
_FENCES = ("```", "~~~")


def one_blank_line(text: str) -> str:
    """The markdown with every run of blank lines outside fenced code made one, and one line break at its end."""
    charge("markdown", len(text))  # one pass over the text, by the expression or line by line
    if not any(fence in text for fence in _FENCES):
        return _BLANK_RUN.sub("\n\n", text).rstrip("\n") + "\n" if text.strip() else text
    kept: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opening = line.lstrip()[:3]
        if fence:
            kept.append(line)
            fence = "" if opening == fence else fence
        elif opening in _FENCES:
            fence = opening
            kept.append(line)
        elif line.strip() or (kept and kept[-1].strip()):
            kept.append(line if line.strip() else "")
    return "\n".join(kept).rstrip("\n") + "\n"
