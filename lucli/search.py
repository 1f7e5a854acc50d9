"""Ranked fuzzy search over finding statements and quotes, source titles and principle labels.

Each text gets two scores from rapidfuzz, both 0–100: how well the query as a
phrase matches its best-aligned stretch of the text (`fuzz.partial_ratio`), and
how well each word of the query matches some word of the text (`fuzz.ratio`
via `process.extractOne`), averaged. The rank is their mean, so a phrase that
appears as typed ranks first, then texts holding every word in any order, and
typos still find their match. The order is fully deterministic: ties are
broken by kind and id.
"""

from __future__ import annotations

import heapq
import os
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from lucli.filters import Filters
from lucli.index import Corpus
from lucli.listing import narrows_findings

DEFAULT_LIMIT = 10
DEFAULT_CUTOFF = 65
WORD_MATCH = 80
"""How close (0–100) a word of the text must be to a word of the query to count as a match and be highlighted."""
STOP_WORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())
KIND_ORDER = {"principle": 0, "source": 1, "finding": 2}
# Words split at hyphens too, so "single-pot" offers "single" and "pot" to match and highlight.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Hit:
    """One record that matches the query."""

    score: int
    """0–100, higher is better."""
    kind: str
    """principle | source | finding."""
    id: str
    """Principle id, source id or finding global id."""
    field: str
    """Which text matched: label | title | statement | quote."""
    text: str
    """The text that matched."""
    spans: tuple[tuple[int, int], ...]
    """(start, end) of each matching word in `text`, for highlighting."""


def _texts(corpus: Corpus, filters: Filters) -> list[tuple[str, str, str, str]]:
    """Every searchable text as (kind, id, field, text), in a fixed order."""
    texts: list[tuple[str, str, str, str]] = []
    for pid, principle in corpus.principles.items():
        if not filters.principles or pid in filters.principles:
            texts.append(("principle", pid, "label", principle.label))
    for source in corpus.sources.values():
        if source.findings or not narrows_findings(filters):
            texts.append(("source", source.id, "title", source.title))
    for gid, finding in corpus.findings.items():
        texts.append(("finding", gid, "statement", " ".join(finding.statement.split())))
        if finding.quote:
            texts.append(("finding", gid, "quote", finding.quote))
    return texts


def query_words(query: str) -> list[str]:
    """Split a query into the words that count, dropping stop words unless nothing else is left."""
    words = [w.lower() for w in _WORD.findall(query)]
    kept = [w for w in words if w not in STOP_WORDS]
    return kept or words


def _coverage(words: list[str], text_words: list[str]) -> float:
    """Mean over query words of the best match with any word of the text."""
    if not words or not text_words:
        return 0.0
    total = 0.0
    for word in words:
        best = process.extractOne(word, text_words, scorer=fuzz.ratio)
        total += best[1] if best else 0.0
    return total / len(words)


def _shared_stem(a: str, b: str) -> bool:
    """Tell whether two words share a stem ("mayors" and "mayoral", "devolve" and "devolution")."""
    common = len(os.path.commonprefix([a, b]))
    return common >= 4 and common >= min(len(a), len(b)) - 2


def _matches(word: str, words: list[str]) -> bool:
    """Tell whether a word of the text matches a word of the query (allowing typos and endings)."""
    lowered = word.lower()
    return any(fuzz.ratio(lowered, w) >= WORD_MATCH or _shared_stem(lowered, w) for w in words)


def highlight_spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Return where the words of `text` that match the query are."""
    return tuple((m.start(), m.end()) for m in _WORD.finditer(text) if _matches(m.group(), words))


def search(corpus: Corpus, query: str, filters: Filters | None = None, *, limit: int = DEFAULT_LIMIT,
           cutoff: int = DEFAULT_CUTOFF) -> tuple[Hit, ...]:
    """Rank the records whose texts match `query`, best first; one hit per record.

    The phrase score of every text is computed in one batch call; since the word
    score is at most 100, texts are then visited best phrase first and the walk
    stops once no text left could reach the best `limit` records. The result is
    the same as scoring every text, at a fraction of the cost on large corpora.
    """
    filters = filters or Filters()
    words = query_words(query)
    texts = _texts(corpus, filters)
    if not words or not texts or limit < 1:
        return ()
    phrases = process.extract(query, [t[3] for t in texts], scorer=fuzz.partial_ratio,
                              processor=utils.default_process, limit=None, score_cutoff=max(0, 2 * cutoff - 100))
    best: dict[tuple[str, str], tuple[int, int]] = {}
    floor = -1
    for visited, (_text, phrase, index) in enumerate(sorted(phrases, key=lambda m: (-m[1], m[2]))):
        if round((phrase + 100) / 2) < floor:
            break  # nothing further down can reach the top `limit`
        kind, rid, _field, text = texts[index]
        score = round((phrase + _coverage(words, [w.lower() for w in _WORD.findall(text)])) / 2)
        if score < cutoff:
            continue
        known = best.get((kind, rid))
        # A finding may match on its statement and its quote: keep the better (the earlier text on a tie).
        if known is None or score > known[0] or (score == known[0] and index < known[1]):
            best[(kind, rid)] = (score, index)
        if len(best) >= limit and visited % 64 == 0:
            floor = heapq.nlargest(limit, (s for s, _ in best.values()))[-1]
    ranked = sorted(best.values(), key=lambda m: (-m[0], KIND_ORDER[texts[m[1]][0]], texts[m[1]][1], texts[m[1]][2]))
    return tuple(Hit(score, *texts[index][:3], texts[index][3], highlight_spans(texts[index][3], words))
                 for score, index in ranked[:limit])
