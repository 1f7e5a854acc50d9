"""Every source of the evidence for the digest's index pages, read from the index a chunk at a time as the page
lists them, never held whole.

The index pages list every source (10,000 at 100k findings). Held whole, their views took 42 MB, and building
them 76 MB at the peak, in the worker that renders those pages; with 3% of findings responding, that worker set
the digest's peak memory. A page that lists them in the same order twice (markdown, then HTML) reads them twice,
which costs far less than it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

from lucli.render.context import SourceView

CHUNK = 500
"""Sources read and viewed at a time."""

ChunkViews = Callable[[list[str]], list[SourceView]]
"""The views of some sources, in the order of their ids."""


class StreamedSources(Sequence[SourceView]):
    """The views of the sources `ids`, in that order, made a chunk at a time while they are listed."""

    def __init__(self, ids: list[str], views: ChunkViews, size: int | None = None) -> None:
        self.ids = ids
        self.views = views
        self.size = size or CHUNK

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[SourceView]:
        for start in range(0, len(self.ids), self.size):
            yield from self.views(self.ids[start:start + self.size])

    @overload
    def __getitem__(self, at: int) -> SourceView: ...
    @overload
    def __getitem__(self, at: slice) -> Sequence[SourceView]: ...

    def __getitem__(self, at: int | slice) -> SourceView | Sequence[SourceView]:
        if isinstance(at, slice):
            return tuple(self.views(self.ids[at]))
        return self.views([self.ids[at]])[0]


class StreamedById(Mapping[str, SourceView]):
    """The same sources by id: what a page asks of it (is a source in the evidence; one source's view) read as
    asked."""

    def __init__(self, ids: list[str], views: ChunkViews) -> None:
        self.ids = ids
        self.known = frozenset(ids)
        self.views = views

    def __contains__(self, key: Any) -> bool:
        return key in self.known

    def __getitem__(self, key: str) -> SourceView:
        if key not in self.known:
            raise KeyError(key)
        return self.views([key])[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)
