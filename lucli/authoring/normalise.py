"""The one normalisation that quotes and archived texts both go through before they are compared.

A quote copied from a PDF and the text extracted from it differ in ways no
reader sees: ligatures ("ﬁ"), curly or straight quotes, dashes, soft hyphens,
words hyphenated across line ends, line breaks, and the running header or
page number that interrupts a sentence at a page break. Every one of these is
evened out here, the same way for both sides:

- each character goes through Unicode NFKC (so "ﬁ" becomes "fi" and a
  non-breaking space a space) and is case-folded;
- every kind of quotation mark and apostrophe becomes `'`;
- whitespace, hyphens and dashes of every kind, soft hyphens and zero-width
  characters are left out altogether, so words are compared letter for letter
  ("long-term", "long term" and "long-\\nterm" read the same);
- in an archived text with pages (separated by form feeds), lines that repeat
  at the top or bottom of many pages (running headers and footers) and lines
  that are only a page number are left out.

The work is linear in the length of the text: one table lookup per character,
done by the interpreter's own loops (`str.translate`, `map`, `accumulate`).
The normalised text remembers, for every character, where it came from, so a
match can be shown as the original words and placed on its page.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, repeat

from lucli.records.textwork import charge

QUOTE_MARKS = "'\"‘’‚‛“”„‟′″‵‶ʼ`´«»‹›"
DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + "-‐‑‒–—―−⁃﹘﹣－"
"""Soft hyphen, zero-width characters, and every hyphen and dash."""
PAGE_BREAK = "\f"
_EDGE_LINES = 2
"""How many lines at the top and at the bottom of a page may be a running header or footer."""
_EDGE_WIDTH = 200
"""Longest line (in characters) that may be a running header or footer."""
_PAGE_NUMBER = re.compile(r"(?:page\s*)?(?:#|[ivxlc]+)(?:\s*(?:of|/)\s*#)?", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\.\s*\.\s*\.|…")
_EDGE_PUNCTUATION = ".,;:!?'()[]"


def _fold(char: str) -> str:
    if char in QUOTE_MARKS:
        return "'"
    if char.isspace() or char in DROPPED:
        return ""
    out = unicodedata.normalize("NFKC", char).casefold()
    return "".join("'" if c in QUOTE_MARKS else c for c in out if not c.isspace() and c not in DROPPED)


_TABLE: dict[str, str] = {}


def _table_for(text: str) -> dict[str, str]:
    """The folded form of every distinct character of `text` (cached across calls)."""
    for char in set(text) - _TABLE.keys():
        _TABLE[char] = _fold(char)
    return _TABLE


def fold(text: str) -> str:
    """Normalise a short text (a quote or a part of one): no page furniture, no positions kept."""
    charge("normalise", 2 * len(text))  # the set of its characters, then one lookup each
    table = _table_for(text)
    return "".join(map(table.__getitem__, text))


@dataclass(frozen=True)
class Normalised:
    """An archived text normalised for matching, with the way back to the original."""

    text: str
    """The normalised characters."""
    ends: array[int]
    """For each original character, how many normalised characters it and those before it made."""

    def origin(self, index: int) -> int:
        """Return the index in the original text of the character that made normalised `index`."""
        return bisect_right(self.ends, index)


def normalise(text: str, paged: bool | None = None) -> Normalised:
    """Normalise an archived text, leaving out page furniture when it has pages."""
    skips = furniture(text) if (PAGE_BREAK in text if paged is None else paged) else []
    charge("normalise", 4 * len(text))  # the set of its characters, one lookup each, their lengths, their sums
    table = _table_for(text)
    pieces: list[str] = []
    ends: array[int] = array("q")
    done = total = 0
    for start, end in [*skips, (len(text), len(text))]:
        folded = list(map(table.__getitem__, text[done:max(done, start)]))
        pieces += folded
        ends.extend(array("q", accumulate(map(len, folded), initial=total))[1:])
        total = ends[-1] if ends else 0
        ends.extend(repeat(total, max(0, end - max(done, start))))
        done = max(done, end)
    return Normalised("".join(pieces), ends)


def quote_parts(quote: str) -> list[str]:
    """Split a quote at its ellipses and normalise each part, trimming punctuation at its edges."""
    charge("normalise", len(quote))  # each '.' or '[' looks ahead over the white space after it only
    parts = (fold(part).strip(_EDGE_PUNCTUATION) for part in _ELLIPSIS.split(quote))
    return [p for p in parts if p]


def furniture(text: str) -> list[tuple[int, int]]:
    """Find running headers, footers and page numbers: the (start, end) of each such line, in order."""
    pages = _page_spans(text)
    if len(pages) < 2:
        return []
    edges = [_edge_lines(text, start, end) for start, end in pages]
    counts = Counter(key for page in edges for key in {k for k, _, _ in page})
    repeated = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages)}
    spans = [(s, e) for page in edges for key, s, e in page
             if key in repeated or _PAGE_NUMBER.fullmatch(key)]
    return sorted(set(spans))


def _page_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    charge("normalise", len(text))
    for match in re.finditer(PAGE_BREAK, text):
        spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _edge_lines(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The first and last few non-blank lines of a page, as (key, start, end); digits in a key become '#'.

    Lines are found with `str.find` and `str.rfind` from each end of the page (no regular expression,
    which backtracks quadratically on a long line of spaces), and a line longer than `_EDGE_WIDTH`
    is never furniture.
    """
    spans = []
    position, found = start, 0
    while position < end and found < _EDGE_LINES:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        charge("normalise", 2 * (stop - position) + 1)  # found, then stripped
        if text[position:stop].strip():
            spans.append((position, stop))
            found += 1
        position = stop + 1
    position, found = end, 0
    while position > start and found < _EDGE_LINES:
        begin = max(start, text.rfind("\n", start, position) + 1)
        charge("normalise", 2 * (position - begin) + 1)
        if text[begin:position].strip():
            spans.append((begin, position))
            found += 1
        position = begin - 1
    return [(re.sub(r"\d+", "#", " ".join(text[s:e].split())).casefold(), s, e)
            for s, e in sorted(set(spans)) if e - s <= _EDGE_WIDTH]


def page_starts(text: str) -> list[int]:
    """Index in the original text where each page after the first begins (just after its form feed)."""
    charge("normalise", len(text))
    return [m.end() for m in re.finditer(PAGE_BREAK, text)]


def page_of(starts: list[int], index: int) -> int:
    """Return the 1-based page that original index `index` is on."""
    return bisect_right(starts, index) + 1
