"""Count the work done on text a pull request controls, so a test can show that it is linear (issue 16).

Every pass lucli makes over such text (escaping, YAML error explanations, the HTML policy check,
normalising and searching archived texts) reports how many characters it hands to one primitive whose
cost is linear in what it is handed: a `str` method, `str.translate`, or a regular expression that looks
at each character a bounded number of times. A pass that walks a text piece by piece charges each piece,
so a rescan of the rest of the text for every line shows up as quadratic counts. A unit test cannot time
that reliably on a shared machine; it can count.

Counting is off unless a test turns it on (`counted`); `charge` is then a test of one global, which normal
runs do not notice. The counts live in shared memory, so worker processes forked meanwhile (the pages of a
digest, a guarded brief) add to them. Past the limit given, `charge` raises `TooMuchWork`, so a quadratic
pass fails its test at once instead of running for hours.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

KINDS = ("markdown", "terminal", "yaml", "html", "normalise", "search", "fuzzy")
"""The text paths counted: `fuzzy` counts the characters rapidfuzz compares (a product of two lengths)."""
_SLOT = {kind: index for index, kind in enumerate(KINDS)}


class TooMuchWork(BaseException):  # noqa: N818 - not an Exception: no refusal handler may swallow it
    """A pass did more work than the test allowed: it is not linear."""


class Counts:
    """The characters charged so far, by kind, shared with worker processes forked while counting."""

    def __init__(self, limit: int | None) -> None:
        import multiprocessing  # only a test counts: every command imports this module, few need multiprocessing

        self.limit = limit
        # Shared memory that forked workers inherit (where there is no fork, workers run in this process).
        forked = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if forked else None)
        self._shared: Any = context.Array("q", len(KINDS))

    def add(self, kind: str, characters: int) -> None:
        """Charge `characters` to `kind`; raise `TooMuchWork` once the total passes the limit."""
        with self._shared.get_lock():
            self._shared[_SLOT[kind]] += characters
            total = sum(self._shared[:])
        if self.limit is not None and total > self.limit:
            raise TooMuchWork(f"{total:,} characters visited, over the limit of {self.limit:,}: not linear")

    def __getitem__(self, kind: str) -> int:
        return int(self._shared[_SLOT[kind]])

    @property
    def total(self) -> int:
        """All characters charged, every kind."""
        return int(sum(self._shared[:]))

    def as_dict(self) -> dict[str, int]:
        """The counts by kind, leaving out kinds with none."""
        return {kind: self[kind] for kind in KINDS if self[kind]}


_counts: Counts | None = None


def charge(kind: str, characters: int) -> None:
    """Report that a pass of `kind` handed `characters` characters to a linear primitive (free when off)."""
    if _counts is not None:
        _counts.add(kind, characters)


@contextlib.contextmanager
def counted(limit: int | None = None) -> Iterator[Counts]:
    """Count the work charged in the block (and in processes forked in it), stopping past `limit`."""
    global _counts
    outer, counts = _counts, Counts(limit)
    _counts = counts
    try:
        yield counts
    finally:
        _counts = outer
