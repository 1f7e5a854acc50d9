"""Find near-duplicate findings: the same claim reported by two sources, or pasted twice.

Comparing every finding with every other grows with the square of the corpus,
so findings are first grouped into blocks of likely matches and only pairs
inside a block are scored (by rapidfuzz, in C++, never in a Python loop over
all pairs). A finding joins:

- one block per principle it names;
- one block per each of its few rarest words (words used by at least two
  findings), so a statement pasted twice meets its copy even when the two
  copies are tagged with different principles;
- and identical statements or quotes (after normalising case and punctuation)
  are always paired, whatever their blocks.

The trade-off: two findings with no principle in common whose rarest words also
differ are never compared, and blocks larger than `max_block` are skipped (and
counted) to keep the run fast; their members are still compared through their
other blocks.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils

from lucli.analysis.suggest import words
from lucli.records.model import Finding
from lucli.records.plurals import plural

DEFAULT_THRESHOLD = 85
MAX_BLOCK = 500
RARE_WORDS = 3
CDIST_MIN = 256
"""Blocks at least this large are scored with rapidfuzz's multi-threaded cdist when numpy is installed."""


@dataclass(frozen=True, slots=True)
class Compared:
    """What dedupe reads of a finding: a hundred thousand of these take a fraction of the memory of the records
    (`lucli.records.index_reads.finding_texts` reads them from the index without building any)."""

    global_id: str
    """`source-id/finding-id`."""
    statement: str
    quote: str | None
    principles: tuple[str, ...]
    """The ids of the principles it bears on."""

    @classmethod
    def of(cls, finding: Finding) -> Compared:
        return cls(finding.global_id, finding.statement, finding.quote, tuple(ref.id for ref in finding.principles))


@dataclass(frozen=True)
class Pair:
    """Two findings that say nearly the same thing."""

    a: str
    """Global id of the first finding (the smaller id)."""
    b: str
    """Global id of the second finding."""
    score: int
    """Similarity 0–100 (rapidfuzz ratio of the sorted words)."""
    field: str
    """What was similar: statement or quote."""


@dataclass(frozen=True)
class Report:
    """What `near_duplicates` found and how much work it did."""

    pairs: tuple[Pair, ...]
    findings: int
    comparisons: int
    """Pairs scored, summed over blocks (a pair in two blocks counts twice)."""
    blocks: int
    """Blocks of two or more findings that were compared."""
    skipped: int
    """Blocks larger than the limit, not compared as a whole."""
    threshold: int


def _key(text: str) -> str:
    """Normalise for comparison: lower case, punctuation removed, words sorted (order does not matter)."""
    return " ".join(sorted(utils.default_process(text).split()))


def _blocks(findings: Sequence[Compared], rare: int) -> list[tuple[int, ...]]:
    """Group finding indexes by shared principle and by shared rare words; drop repeated groups."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    # Interned, and kept as tuples rather than sets: at 100k findings the per-finding copies of each word
    # were the bulk of dedupe's memory.
    stems = [tuple({sys.intern(s) for _, s in words(f.statement + " " + (f.quote or ""))}) for f in findings]
    df: dict[str, int] = defaultdict(int)
    for found in stems:
        for s in found:
            df[s] += 1
    for index, finding in enumerate(findings):
        for principle in finding.principles:
            groups[("principle", principle)].append(index)
        shared = sorted((s for s in stems[index] if df[s] >= 2), key=lambda s: (df[s], s))
        for s in shared[:rare]:
            groups[("word", s)].append(index)
    unique = dict.fromkeys(tuple(sorted(set(members))) for members in groups.values() if len(set(members)) > 1)
    return list(unique)


def _numpy() -> Any:
    """Return numpy when it is installed (rapidfuzz's cdist needs it), else None; looked up once."""
    if "numpy" not in _CACHE:
        try:
            import numpy  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            numpy = None
        _CACHE["numpy"] = numpy
    return _CACHE["numpy"]


_CACHE: dict[str, Any] = {}


def _similar(texts: list[str], threshold: int) -> Iterable[tuple[int, int, int]]:
    """Yield (i, j, score) for i < j with score >= threshold, scored in C++ by rapidfuzz."""
    np = _numpy()
    if np is None or len(texts) < CDIST_MIN:
        # cdist needs numpy, and on small blocks its thread start-up costs more than it saves; one C++ call
        # per row over the rest of the block scores the same pairs (half the matrix).
        for i, text in enumerate(texts[:-1]):
            for _, score, j in process.extract(text, texts[i + 1:], scorer=fuzz.ratio, processor=None,
                                               score_cutoff=threshold, limit=None):
                yield i, i + 1 + j, round(score)
        return
    matrix = process.cdist(texts, texts, scorer=fuzz.ratio, processor=None, score_cutoff=threshold,
                           workers=-1, dtype=np.uint8)
    rows, cols = np.nonzero(np.triu(matrix, 1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        yield i, j, int(matrix[i, j])


def _identical(texts: list[str]) -> list[tuple[int, int]]:
    """Pairs of indexes (i < j) of identical non-empty texts."""
    same: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        if text:
            same[text].append(index)
    return [(i, j) for members in same.values() if len(members) > 1
            for n, i in enumerate(members) for j in members[n + 1:]]


def near_duplicates(findings: Sequence[Compared], threshold: int = DEFAULT_THRESHOLD, *,
                    max_block: int = MAX_BLOCK, rare: int = RARE_WORDS) -> Report:
    """Find pairs of findings whose statements or quotes score at least `threshold` (0–100)."""
    blocks = _blocks(findings, rare)  # first, so that its word lists are gone before the texts are made
    best: dict[tuple[int, int], tuple[int, str]] = {}

    def keep(i: int, j: int, score: int, field: str) -> None:
        pair = (min(i, j), max(i, j))
        if score > best.get(pair, (-1, ""))[0]:
            best[pair] = (score, field)

    # One field at a time, so that only one field's comparison texts are held at once (memory at 100k).
    # A pair keeps its best score, the statement's on a tie, in whatever order the scores come.
    comparisons = 0
    compared = [b for b in blocks if len(b) <= max_block]
    for field in ("statement", "quote"):
        texts = [_key(text) if (text := getattr(f, field)) else "" for f in findings]
        for i, j in _identical(texts):
            keep(i, j, 100, field)
        for block in compared:
            members = [i for i in block if texts[i]]
            comparisons += len(members) * (len(members) - 1) // 2
            for i, j, score in _similar([texts[m] for m in members], threshold):
                keep(members[i], members[j], score, field)
        del texts
    pairs = []
    for (i, j), (score, field) in best.items():
        a, b = sorted((findings[i].global_id, findings[j].global_id))
        pairs.append(Pair(a, b, score, field))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return Report(tuple(pairs), len(findings), comparisons, len(compared), len(blocks) - len(compared), threshold)


def summary(report: Report) -> str:
    """Say what was compared and found, e.g. 'compared 1,234 pairs in 17 blocks; 2 near-duplicate pairs'."""
    skipped = f" ({plural(report.skipped, 'block')} over {MAX_BLOCK:,} findings skipped)" if report.skipped else ""
    found = len(report.pairs)
    return (f"compared {report.comparisons:,} pairs in {report.blocks:,} blocks of {report.findings:,} findings"
            f"{skipped}; {plural(found, 'near-duplicate pair')} at threshold {report.threshold}")


def render(report: Report, findings: dict[str, Compared], fmt: str) -> str:
    """Render the pairs as table (plain text), json or csv; `findings` maps global ids to findings."""
    import csv
    import io
    import json

    def text(pair: Pair, ident: str) -> str:
        finding = findings[ident]
        return (finding.quote or "") if pair.field == "quote" else finding.statement

    if fmt == "json":
        pairs = [{"score": p.score, "field": p.field, "a": p.a, "b": p.b, "text_a": text(p, p.a),
                  "text_b": text(p, p.b)} for p in report.pairs]
        data = {"threshold": report.threshold, "findings": report.findings, "comparisons": report.comparisons,
                "blocks": report.blocks, "skipped_blocks": report.skipped, "pairs": pairs}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["score", "field", "finding_a", "finding_b", "text_a", "text_b"])
        for p in report.pairs:
            writer.writerow([p.score, p.field, p.a, p.b, text(p, p.a), text(p, p.b)])
        return out.getvalue()
    blocks = []
    for p in report.pairs:
        what = "identical" if p.score == 100 else "similar"
        blocks.append(f"{p.score:3d}  {what} {p.field}s\n  {p.a}\n    {_short(text(p, p.a))}\n"
                      f"  {p.b}\n    {_short(text(p, p.b))}\n")
    return "\n".join(blocks)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
