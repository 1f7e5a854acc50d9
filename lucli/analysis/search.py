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
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from rapidfuzz import fuzz, process, utils

from lucli.analysis.filters import Filters
from lucli.analysis.listing import narrows_findings
from lucli.records.corpus import Corpus

DEFAULT_LIMIT = 10
DEFAULT_CUTOFF = 65
WORD_MATCH = 80
"""How close (0–100) a word of the text must be to a word of the query to count as a match and be highlighted."""
STOP_WORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())
KIND_ORDER = {"principle": 0, "source": 1, "finding": 2}
# Words split at hyphens too, so "single-pot" offers "single" and "pot" to match and highlight.
_OTHER_SPACE = re.compile(r"[^\S ]")
"""White space other than a plain space."""
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


@dataclass
class _Texts:
    """Every searchable text with its record, in a fixed order: one list per column, not a tuple per text
    (at 100k findings the tuples alone took 18 MB)."""

    kinds: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)

    def extend(self, kind: str, rows: Iterable[tuple[str, str, str]]) -> None:
        """Add (id, field, text) rows of one kind of record."""
        for rid, name, body in rows:
            self.kinds.append(kind)
            self.ids.append(rid)
            self.fields.append(name)
            self.bodies.append(body)


def _texts(corpus: Corpus, filters: Filters) -> _Texts:
    """Every searchable text, in a fixed order."""
    texts = _Texts()
    texts.extend("principle", [(pid, "label", p.label) for pid, p in corpus.principles.items()
                               if not filters.principles or pid in filters.principles])
    texts.extend("source", [(s.id, "title", s.title) for s in corpus.sources.values()
                            if s.findings or not narrows_findings(filters)])
    findings = list(corpus.findings.items())
    texts.kinds += ["finding"] * (len(findings) + sum(1 for _, f in findings if f.quote))
    for gid, finding in findings:
        texts.ids.append(gid)
        texts.fields.append("statement")
        texts.bodies.append(_one_line(finding.statement))
        if finding.quote:
            texts.ids.append(gid)
            texts.fields.append("quote")
            texts.bodies.append(finding.quote)
    return texts


def _one_line(text: str) -> str:
    """The text with runs of white space as one space, ends trimmed.

    A folded YAML statement only ends with a line break, which scoring ignores: such a text is kept as it
    is until it is shown. Splitting and joining every statement cost 40 MB at 100k findings, most of it
    the small word strings left scattered through memory.
    """
    other = _OTHER_SPACE.search(text)
    if "  " in text or text[:1].isspace() or (other and other.start() < len(text) - 1):
        return " ".join(text.split())
    return text


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


CHUNK = 20_000
"""Texts scored per batch call: rapidfuzz keeps a processed copy of each batch while it works."""


def _phrase_scores(query: str, bodies: list[str], floor: float) -> list[tuple[str, float, int]]:
    """(text, phrase score, index) of every text scoring at least `floor`, in batches of `CHUNK` texts."""
    scores: list[tuple[str, float, int]] = []
    for start in range(0, len(bodies), CHUNK):
        found = process.extract(query, bodies[start:start + CHUNK], scorer=fuzz.partial_ratio,
                                processor=utils.default_process, limit=None, score_cutoff=floor)
        scores += [(text, score, start + index) for text, score, index in found]
    return scores


def search(corpus: Corpus, query: str, filters: Filters | None = None, *, limit: int = DEFAULT_LIMIT,
           cutoff: int = DEFAULT_CUTOFF) -> tuple[Hit, ...]:
    """Rank the records whose texts match `query`, best first; one hit per record.

    The phrase score of every text is computed in one batch call; since the word
    score is at most 100, texts are then visited best phrase first and the walk
    stops once no text left could reach the best `limit` records. The result is
    the same as scoring every text, at a fraction of the cost on large corpora.
    """
    return _ranked(_texts(corpus, filters or Filters()), query, limit, cutoff)


def search_rows(rows: Iterable[tuple[str, str, str, str]], query: str, *, limit: int = DEFAULT_LIMIT,
                cutoff: int = DEFAULT_CUTOFF) -> tuple[Hit, ...]:
    """`search` over (kind, id, field, text) rows given in the order `search` reads a whole corpus without
    filters (as `lucli.records.index` keeps them): the same hits, without the records."""
    texts = _Texts()
    for kind, rid, name, body in rows:
        texts.kinds.append(kind)
        texts.ids.append(rid)
        texts.fields.append(name)
        texts.bodies.append(_one_line(body) if name == "statement" else body)
    return _ranked(texts, query, limit, cutoff)


def _ranked(texts: _Texts, query: str, limit: int, cutoff: int) -> tuple[Hit, ...]:
    words = query_words(query)
    if not words or not texts.bodies or limit < 1:
        return ()
    phrases = _phrase_scores(query, texts.bodies, max(0, 2 * cutoff - 100))
    best: dict[tuple[str, str], tuple[int, int]] = {}
    floor = -1
    # Best phrase first, earlier text first on a tie: two stable in-place sorts make no key tuples (memory).
    phrases.sort(key=itemgetter(2))
    phrases.sort(key=itemgetter(1), reverse=True)
    for visited, (_text, phrase, index) in enumerate(phrases):
        if round((phrase + 100) / 2) < floor:
            break  # nothing further down can reach the top `limit`
        kind, rid, text = texts.kinds[index], texts.ids[index], texts.bodies[index]
        score = round((phrase + _coverage(words, [w.lower() for w in _WORD.findall(text)])) / 2)
        if score < cutoff:
            continue
        known = best.get((kind, rid))
        # A finding may match on its statement and its quote: keep the better (the earlier text on a tie).
        if known is None or score > known[0] or (score == known[0] and index < known[1]):
            best[(kind, rid)] = (score, index)
        if len(best) >= limit and visited % 64 == 0:
            floor = heapq.nlargest(limit, (s for s, _ in best.values()))[-1]
    ranked = sorted(best.values(), key=lambda m: (-m[0], KIND_ORDER[texts.kinds[m[1]]], texts.ids[m[1]],
                                                  texts.fields[m[1]]))
    shown = [(score, index, texts.bodies[index].strip()) for score, index in ranked[:limit]]
    return tuple(Hit(score, texts.kinds[i], texts.ids[i], texts.fields[i], text, highlight_spans(text, words))
                 for score, i, text in shown)
