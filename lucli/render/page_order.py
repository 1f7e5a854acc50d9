"""The order a digest renders its source pages in: those with the same publishers together.

A source's page compares its stance on each principle with every other organisation's, leaving out its own
publishers, and cites their key sources: what a worker works out and keeps for one page serves every other page
with the same publishers (`lucli.render.brief_profile`). In the corpus's own order, newest first, a worker met a
new set of publishers on most pages. At 100k findings the same 2,000 source pages, rendered by fresh processes of
250 each as a digest's renewed workers render them, took about 0.9 of the CPU and of the instructions in this
order (`docs/performance.md`, *The thirteenth pass*).
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
