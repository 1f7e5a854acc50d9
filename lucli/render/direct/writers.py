"""Which of the digest's templates are written directly (`lucli.render.direct`) in a run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lucli.render.direct.findings_table import findings_page
from lucli.render.direct.source_brief import source_brief
from lucli.render.direct.source_page import source_page

Writer = Callable[[dict[str, Any]], str]
"""Writes a page from the context its template would be rendered with."""

WRITERS: dict[str, Writer] = {"digest/findings.html.j2": findings_page, "digest/source.html.j2": source_page,
                              "brief-source.md.j2": source_brief}


def direct_writers(renderer: Any) -> dict[str, Writer]:
    """The writers of the templates that are lucli's own in this run, with every template they build on: one the
    repository overrides is rendered through it."""
    return {name: write for name, write in WRITERS.items() if renderer.environment(name) is renderer.trusted}
