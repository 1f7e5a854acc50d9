"""Find a quote in archived texts: where it is (which text, which pages), or the closest passage when it is not.

Matching is on the normalised form of both sides (`lucli.authoring.normalise`).
A quote with an ellipsis ("…", "...", "[...]") matches when its parts appear
in order, each within `GAP` normalised characters of the one before.

Everything here is linear in the length of the text, whatever the input:
exact search is `str.find` (linear in CPython), at most `MAX_HITS` occurrences
are gathered, and the closest passage is found by voting with at most
`ANCHORS` short pieces of the quote (each found with `str.find`, and ignored
when it occurs more than `MAX_HITS` times) and then scoring a few windows of
bounded size with rapidfuzz — never by sliding the quote over the whole text,
which is quadratic.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from lucli.authoring.normalise import Normalised, normalise, page_of, page_starts, quote_parts
from lucli.records.model import Source
from lucli.records.textwork import charge

VERIFIED = "verified"
COVERAGE_ONLY = "coverage-only"
NOT_FOUND = "not-found"
UNVERIFIABLE = "unverifiable"
OUTCOMES = (VERIFIED, COVERAGE_ONLY, NOT_FOUND, UNVERIFIABLE)

GAP = 5_000
"""Most normalised characters an ellipsis may stand for."""
MAX_HITS = 20
"""Occurrences gathered per text (and the most an anchor may have before it is ignored)."""
ANCHORS = 64
"""Pieces of a quote used to find where a near miss lies."""
_ANCHOR = 8
_WANTED = 2_000
"""Longest part of a quote scored for similarity (a longer one is cut)."""
_PASSAGE = 300


@dataclass(frozen=True)
class Archive:
    """One archived text, ready to search."""

    name: str
    """How to show it: its path relative to evidence/ (or its name in a --texts folder)."""
    original: str
    normalised: Normalised
    starts: tuple[int, ...] = ()
    """Where each page after the first begins in `original`; empty when the text has no pages."""
    sha256: str = ""
    """SHA-256 of the text as UTF-8."""

    @property
    def paged(self) -> bool:
        """Whether the text keeps page boundaries (form feeds), so a match has a page."""
        return bool(self.starts)

    def pages(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last page of the normalised span [start, end), or None without pages."""
        if not self.paged:
            return None
        starts = list(self.starts)
        return (page_of(starts, self.normalised.origin(start)), page_of(starts, self.normalised.origin(end - 1)))

    def passage(self, start: int, end: int) -> str:
        """The original words behind the normalised span [start, end), whole words, spacing evened out."""
        text = self.original
        first, last = self.normalised.origin(start), self.normalised.origin(max(start, end - 1)) + 1
        while first > 0 and not text[first - 1].isspace() and first > last - _PASSAGE:
            first -= 1
        while last < len(text) and not text[last].isspace() and last < first + _PASSAGE:
            last += 1
        words = " ".join(text[first:last].split())
        return words if len(words) <= _PASSAGE else words[:_PASSAGE - 1] + "…"


def make_archive(name: str, text: str) -> Archive:
    """Prepare a text for searching."""
    text = text.removeprefix("\ufeff")
    charge("search", len(text))  # its SHA-256
    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    return Archive(name, text, normalise(text), tuple(page_starts(text)), digest)


@dataclass(frozen=True)
class Outcome:
    """Where a quote was found, or how close it came."""

    status: str
    """verified | coverage-only | not-found | unverifiable."""
    archive: str | None = None
    """The text it was found in, or the one with the closest passage."""
    pages: tuple[int, int] | None = None
    """First and last page of the first occurrence, when the text has pages."""
    occurrences: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    """Pages of every occurrence found (up to MAX_HITS), for checking a locator."""
    similarity: int = 0
    """For not-found: how close the closest passage is, 0–100 (rapidfuzz partial ratio)."""
    passage: str | None = None
    """For not-found: the closest passage, as it stands in the text."""


def texts_of(source: Source) -> tuple[list[str], list[str]]:
    """Names of the source's own archived texts and of its coverage's, as written in the record."""
    own = [name for name in [source.text, *(t.file for t in source.texts)] if name]
    coverage = [c.text for c in source.reported_in if c.text and c.text not in own]
    return list(dict.fromkeys(own)), list(dict.fromkeys(coverage))


def where_found(quote: str, source: Source, texts: Mapping[str, Archive]) -> Outcome:
    """Say whether a quote is in the source's own text (and on which page), only in its coverage, or nowhere."""
    own, coverage = texts_of(source)
    return locate(quote, [texts[n] for n in own if n in texts], [texts[n] for n in coverage if n in texts])


def locate(quote: str, own: Sequence[Archive], coverage: Sequence[Archive]) -> Outcome:
    """Look for a quote in the source's own texts first, then in its coverage."""
    parts = quote_parts(quote)
    for status, archives in ((VERIFIED, own), (COVERAGE_ONLY, coverage)):
        for archive in archives:
            spans = occurrences(parts, archive.normalised.text)
            if spans:
                pages = tuple(p for p in (archive.pages(s, e) for s, e in spans) if p)
                return Outcome(status, archive.name, pages[0] if pages else None, pages)
    if not own and not coverage:
        return Outcome(UNVERIFIABLE)
    best = Outcome(NOT_FOUND, (own or coverage)[0].name)
    for archive in [*own, *coverage]:
        found = closest("".join(parts), archive.normalised.text)
        if found and found[0] > best.similarity:
            score, start, end = found
            best = Outcome(NOT_FOUND, archive.name, archive.pages(start, end), (), score,
                           archive.passage(start, end))
    return best


def occurrences(parts: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Normalised spans where the parts occur in order (each within GAP of the last), at most MAX_HITS."""
    if not parts:
        return []
    spans: list[tuple[int, int]] = []
    position = 0
    # Bounded attempts keep a first part that occurs everywhere ("a" in "aaaa…") linear.
    for _attempt in range(MAX_HITS * 50):
        if len(spans) >= MAX_HITS:
            break
        start = text.find(parts[0], position)
        charge("search", (len(text) if start < 0 else start) - position + len(parts[0]))
        if start < 0:
            break
        end = start + len(parts[0])
        for part in parts[1:]:
            found = text.find(part, end, end + GAP + len(part))
            charge("search", (found if found >= 0 else min(len(text), end + GAP + len(part))) - end + len(part))
            if found < 0:
                break
            end = found + len(part)
        else:
            spans.append((start, end))
        position = start + 1
    return spans


def closest(wanted: str, text: str) -> tuple[int, int, int] | None:
    """The most similar passage to `wanted` in `text`: (similarity 0–100, start, end), or None."""
    wanted = wanted[:_WANTED]
    if not wanted or not text:
        return None
    if len(wanted) <= _ANCHOR * 2:
        return _score(wanted, text, 0)
    best: tuple[int, int, int] | None = None
    for offset in _likely_offsets(wanted, text):
        lo = max(0, offset - len(wanted) // 4)
        found = _score(wanted, text[lo:offset + len(wanted) + len(wanted) // 4], lo)
        if found and (best is None or found[0] > best[0]):
            best = found
    return best


def _likely_offsets(wanted: str, text: str, keep: int = 3) -> list[int]:
    """Where the quote would start in the text, by the votes of its pieces that occur there (few times)."""
    step = max(1, (len(wanted) - _ANCHOR) // ANCHORS)
    bucket = max(16, len(wanted) // 8)
    votes: Counter[int] = Counter()
    for offset in range(0, len(wanted) - _ANCHOR + 1, step):
        piece, position = wanted[offset:offset + _ANCHOR], 0
        hits: list[int] = []
        while len(hits) <= MAX_HITS:
            found = text.find(piece, position)
            charge("search", (len(text) if found < 0 else found) - position + _ANCHOR)
            if found < 0:
                break
            hits.append(found)
            position = found + 1
        if len(hits) <= MAX_HITS:
            votes.update({(hit - offset) // bucket for hit in hits})
    return [key * bucket for key, _ in votes.most_common(keep)]


def _score(wanted: str, window: str, shift: int) -> tuple[int, int, int] | None:
    charge("fuzzy", len(wanted) * len(window))  # rapidfuzz compares each character of one with each of the other
    found = fuzz.partial_ratio_alignment(wanted, window)
    if found is None or found.dest_end <= found.dest_start:
        return None
    return round(found.score), shift + found.dest_start, shift + found.dest_end
