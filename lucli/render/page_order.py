"""The order a digest renders its source pages in: those with the same publishers together.

A source's page compares its stance on each principle with every other organisation's, leaving out its own
publishers, and cites their key sources: what a worker works out and keeps for one page serves every other page
with the same publishers (`lucli.render.brief_profile`). In the corpus's own order, newest first, a worker that
renders 250 pages at 100k findings met a new set of publishers on most of them; taken together, it met each
about once (source pages took 0.88 of the instructions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def by_publishers(ids: Sequence[str], publishers: Mapping[str, Iterable[str]]) -> list[str]:
    """`ids` with the sources of the same set of publishers together: each set where its first source is, its
    sources in the order of `ids`."""
    together: dict[frozenset[str], list[str]] = {}
    for sid in ids:
        together.setdefault(frozenset(publishers.get(sid, ())), []).append(sid)
    return [sid for same in together.values() for sid in same]
