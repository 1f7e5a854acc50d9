"""A briefing's numbered source list: sources numbered in the order a briefing first needs them, and the
narrower lists of a page that shows less than all the briefing worked out (renumbered in the same order)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lucli.render.brief_parts import Reference
from lucli.render.context import CorpusView, SourceView


class Refs:
    """Numbers sources in the order they are first needed."""

    def __init__(self, view: CorpusView, found: dict[str, SourceView] | None = None) -> None:
        self.view = view
        self.numbers: dict[str, int] = {}
        # The views of the sources looked up so far, shared with the narrower lists made from this one: a page's
        # view looks a source up in its own sources, then in the digest's (a `ChainMap`), and a source page's
        # three lists name the same hundred-odd sources.
        self.found = {} if found is None else found

    def add(self, source_ids: Iterable[str]) -> None:
        for sid in source_ids:
            self.numbers.setdefault(sid, len(self.numbers) + 1)

    def entries(self) -> tuple[Reference, ...]:
        found, by_id = self.found, self.view.sources_by_id
        return tuple(Reference(n, found[sid] if sid in found else found.setdefault(sid, by_id[sid]))
                     for sid, n in self.numbers.items())


def cited_only(refs: Refs, needed: set[str]) -> Refs:
    """`refs` narrowed to the `needed` sources, numbered afresh in the same order."""
    narrowed = Refs(refs.view, refs.found)
    narrowed.add(sid for sid in refs.numbers if sid in needed)
    return narrowed


def references_of(refs: Refs) -> dict[str, Any]:
    """What a briefing holds of its source list: the entries, the numbers `cite` reads, the newest date, how
    many are old."""
    entries = refs.entries()
    dates = [r.source.published for r in entries]
    return {"references": entries, "ref": dict(refs.numbers), "latest_date": max(dates) if dates else None,
            "stale_count": sum(r.source.stale for r in entries)}
