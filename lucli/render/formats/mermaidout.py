"""Mermaid output: the argument map of a view, who challenges, rebuts, endorses or extends whom.

Paste it into a ```mermaid block (GitHub draws it) or the Mermaid live editor. A view with no
exchanges still gives a valid chart, with one node saying so.
"""

from __future__ import annotations

from lucli.render.formats.document import Document

EMPTY = 'flowchart LR\n  none["No finding in this view responds to another record"]\n'


def render(doc: Document) -> str:
    """Render the argument map of a document."""
    return doc.chart or EMPTY
