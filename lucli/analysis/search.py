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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from rapidfuzz import fuzz, process, utils

from lucli.analysis.filters import Filters
from lucli.analysis.listing import narrows_findings
from lucli.analysis.search_texts import one_line
from lucli.records.corpus import Corpus

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


@dataclass
class _Texts:
    """Every searchable text with its record, in a fixed order: one list per column, not a tuple per text
    (at 100k findings the tuples alone took 18 MB)."""

    kinds: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)

    def at(self, index: int) -> tuple[str, str, str, str]:
        """(kind, id, field, text) of the text at `index`."""
        return self.kinds[index], self.ids[index], self.fields[index], self.bodies[index]

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
        texts.bodies.append(one_line(finding.statement))
        if finding.quote:
            texts.ids.append(gid)
            texts.fields.append("quote")
            texts.bodies.append(finding.quote)
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


CHUNK = 20_000
"""Texts scored per batch call: rapidfuzz keeps a processed copy of each batch while it works."""
FIRST_PASS = 70
"""Phrase scores worth computing first: the walk down the ranking seldom goes below them, and rapidfuzz
skips a text quickly once it cannot reach the cut-off. If it does go below, the rest is scored then."""


def _phrase_scores(query: str, bodies: list[str], floor: float, processed: bool,
                   below: float = 101) -> list[tuple[float, int]]:
    """(phrase score, index) of every text scoring at least `floor` and less than `below`, best first (earlier
    text first on a tie), in batches of `CHUNK` texts. `processed`: the texts are `utils.default_process`ed."""
    scores: list[tuple[float, int]] = []
    processor = None if processed else utils.default_process
    wanted = utils.default_process(query) if processed else query
    for start in range(0, len(bodies), CHUNK):
        found = process.extract(wanted, bodies[start:start + CHUNK], scorer=fuzz.partial_ratio,
                                processor=processor, limit=None, score_cutoff=floor)
        scores += [(score, start + index) for _text, score, index in found if score < below]
    # Two stable in-place sorts make no key tuples (memory).
    scores.sort(key=itemgetter(1))
    scores.sort(key=itemgetter(0), reverse=True)
    return scores


def _stages(query: str, bodies: list[str], floor: float, processed: bool) -> Iterator[list[tuple[float, int]]]:
    """Every text's phrase score from `floor` up, best first, in two lists: from `FIRST_PASS` up, then (scored
    only when asked for) the rest. Together, the same order as scoring all of them at once."""
    first = max(floor, FIRST_PASS)
    yield _phrase_scores(query, bodies, first, processed)
    if first > floor:
        yield _phrase_scores(query, bodies, floor, processed, below=first)


def search(corpus: Corpus, query: str, filters: Filters | None = None, *, limit: int = DEFAULT_LIMIT,
           cutoff: int = DEFAULT_CUTOFF) -> tuple[Hit, ...]:
    """Rank the records whose texts match `query`, best first; one hit per record.

    The phrase score of every text is computed in batch calls; since the word
    score is at most 100, texts are then visited best phrase first and the walk
    stops once no text left could reach the best `limit` records. The result is
    the same as scoring every text, at a fraction of the cost on large corpora.
    """
    texts = _texts(corpus, filters or Filters())
    return _ranked(texts.bodies, False, lambda found: [texts.at(i) for i in found], query, limit, cutoff)


def compared_form(text: str) -> str:
    """A text as phrases are compared (rapidfuzz's `default_process`)."""
    return utils.default_process(text)


def search_index(compared: list[str], texts_at: TextsAt, query: str, *, limit: int = DEFAULT_LIMIT,
                 cutoff: int = DEFAULT_CUTOFF) -> tuple[Hit, ...]:
    """`search` over the texts the index keeps (`source_texts`): the compared forms, and (kind, id, field, text)
    by position.
    The same hits as from the corpus, reading only the texts the ranking visits (a batch at a time)."""
    return _ranked(compared, True, texts_at, query, limit, cutoff)


TextsAt = Callable[[list[int]], list[tuple[str, str, str, str]]]
"""(kind, id, field, text) of the texts at the given positions, in that order."""
BATCH = 256
"""Texts fetched at a time as the ranking walks down (from the index: one query each)."""


def _ranked(bodies: list[str], processed: bool, texts_at: TextsAt, query: str, limit: int,
            cutoff: int) -> tuple[Hit, ...]:
    words = query_words(query)
    if not words or not bodies or limit < 1:
        return ()
    walk = _Walk(words, limit, cutoff, texts_at)
    for stage in _stages(query, bodies, max(0, 2 * cutoff - 100), processed):
        if not walk.take(stage):
            break  # stopped within this stage: the next is never scored
    return walk.hits()


class _Walk:
    """The walk down the phrase scores, best first, keeping each record's best score."""

    def __init__(self, words: list[str], limit: int, cutoff: int, texts_at: TextsAt) -> None:
        self.words, self.limit, self.cutoff, self.texts_at = words, limit, cutoff, texts_at
        self.best: dict[tuple[str, str], tuple[int, int]] = {}
        self.seen: dict[int, tuple[str, str, str, str]] = {}
        self.floor = -1
        self.visited = 0

    def take(self, stage: list[tuple[float, int]]) -> bool:
        """Visit the texts of `stage` in order; False once nothing further down can reach the top `limit`."""
        for start in range(0, len(stage), BATCH):
            batch = stage[start:start + BATCH]
            for (phrase, index), found in zip(batch, self.texts_at([i for _phrase, i in batch]), strict=True):
                if round((phrase + 100) / 2) < self.floor:
                    return False
                self._visit(phrase, index, found)
        return True

    def _visit(self, phrase: float, index: int, found: tuple[str, str, str, str]) -> None:
        number, self.visited = self.visited, self.visited + 1
        kind, rid, _field, text = self.seen[index] = found
        score = round((phrase + _coverage(self.words, [w.lower() for w in _WORD.findall(text)])) / 2)
        if score < self.cutoff:
            return
        known = self.best.get((kind, rid))
        # A finding may match on its statement and its quote: keep the better (the earlier text on a tie).
        if known is None or score > known[0] or (score == known[0] and index < known[1]):
            self.best[(kind, rid)] = (score, index)
        if len(self.best) >= self.limit and number % 64 == 0:
            self.floor = heapq.nlargest(self.limit, (s for s, _ in self.best.values()))[-1]

    def hits(self) -> tuple[Hit, ...]:
        """The best `limit` records, best first; ties by kind, id and field."""
        seen = self.seen
        ranked = sorted(self.best.values(), key=lambda m: (-m[0], KIND_ORDER[seen[m[1]][0]], seen[m[1]][1],
                                                            seen[m[1]][2]))
        shown = [(score, seen[index]) for score, index in ranked[:self.limit]]
        return tuple(Hit(score, kind, rid, name, text.strip(), highlight_spans(text.strip(), self.words))
                     for score, (kind, rid, name, text) in shown)
