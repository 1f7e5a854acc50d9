"""A briefing in the form it is handed over in: markdown, one printable HTML page, or a Word file.

Every form starts from the same rendered markdown, so they say the same
thing; only the wrapping differs.
"""

from __future__ import annotations

from lucli import __version__
from lucli.render.environment import Templates

FORMATS = ("md", "html", "docx")
"""What `lucli brief --format` accepts."""
SUFFIXES = {"md": ".md", "html": ".html", "docx": ".docx"}
"""The file name ending of each format."""
BINARY = ("docx",)
"""Formats that are bytes, not text: never printed to a terminal, never compared with --check."""


def hand_over(markdown: str, fmt: str, templates: Templates) -> str | bytes:
    """Wrap a rendered markdown briefing as `fmt` (one of FORMATS)."""
    if fmt == "md":
        return markdown
    if fmt == "html":
        from lucli.render.formats.page import render_page

        return render_page(markdown, f"lucli {__version__}")
    if fmt == "docx":
        from lucli.render.formats.docx import reference_doc, render_docx

        return render_docx(markdown, reference_doc((templates.user, templates.builtin)))
    raise ValueError(f"unknown briefing format {fmt!r}")
