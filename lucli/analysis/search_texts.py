"""The texts `lucli search` reads of each record, apart from its scorer: the index keeps them a source at a time
(`lucli.records.index_write.Kept`), and an update a file at a time writes them without loading rapidfuzz."""

from __future__ import annotations

import re

from lucli.records.corpus import Corpus
from lucli.records.model import Source

_OTHER_SPACE = re.compile(r"[^\S ]")
"""White space other than a plain space."""


def one_line(text: str) -> str:
    """The text with runs of white space as one space, ends trimmed.

    A folded YAML statement only ends with a line break, which scoring ignores: such a text is kept as it
    is until it is shown. Splitting and joining every statement cost 40 MB at 100k findings, most of it
    the small word strings left scattered through memory.
    """
    other = _OTHER_SPACE.search(text)
    if "  " in text or text[:1].isspace() or (other and other.start() < len(text) - 1):
        return " ".join(text.split())
    return text


def head_texts(corpus: Corpus) -> tuple[tuple[str, str, str, str], ...]:
    """(kind, id, field, text) of the principles' labels, which `search` reads first (kept in the index:
    `lucli.records.index_write.Kept`)."""
    return tuple(("principle", pid, "label", p.label) for pid, p in corpus.principles.items())


def source_texts(source: Source) -> list[tuple[str, str, str, str]]:
    """(kind, id, field, text) of every text `search` reads of one source without filters: its title, then each
    finding's statement and quote. The index keeps them a source at a time (`Index.search_texts`); the order of
    the sources does not change the hits (ties are broken by kind, id and field, and a finding's statement
    still comes before its quote)."""
    found = [("source", source.id, "title", source.title)]
    for finding in source.findings:
        found.append(("finding", finding.global_id, "statement", one_line(finding.statement)))
        if finding.quote:
            found.append(("finding", finding.global_id, "quote", finding.quote))
    return found
