"""The stance matrix answered from the SQLite index: the same document as from the whole corpus.

`lucli compare` with no target, from the counts the index keeps a source at a time (`lucli.analysis.tallies`)
and the exchanges of the whole evidence, kept by the index between runs (`lucli.analysis.kept_exchanges`) or
worked out from the facts it keeps of each response (`lucli.records.index_exchanges`), rather than from any finding
or source row. Kept apart from `lucli.render.indexed_views` so that answering it imports nothing the matrix does
not use (search's scorer).
"""

from __future__ import annotations

from typing import Any

from lucli.analysis.filters import Filters
from lucli.analysis.kept_exchanges import exchanges_data, with_exchanges
from lucli.analysis.tallies import tallied_matrix, tallies_of
from lucli.analysis.voices import exchanges
from lucli.records.corpus import Corpus
from lucli.records.heap import collector_paused
from lucli.records.index import Index
from lucli.records.index_damage import reading
from lucli.records.index_exchanges import exchange_facts, keep_exchanges, kept_exchanges
from lucli.records.reindex import tallies_summed
from lucli.render.formats.compare_views import matrix_document
from lucli.render.formats.document import Document
from lucli.render.mermaid import argument_map


def indexed_matrix(index: Index) -> Document:
    """`lucli compare` with no target, from an index that is current (`lucli.records.reindex.refresh_index`)."""
    # The exchanges' records and the document hold no reference cycles: with 3% of findings responding at 100k,
    # the cycle collector's passes over the 6,000 findings in an exchange as they were made were a third of the
    # matrix's time.
    with collector_paused(keep=True):
        corpus, chart = exchanged(index)
        matrix = tallied_matrix(corpus, tallies_of(tallies_summed(index)))
        return matrix_document(corpus, Filters(), matrix, chart)


def exchanged(index: Index) -> tuple[Corpus, str]:
    """A corpus that holds every organisation and principle, the facts about the whole evidence and its exchanges
    (`tallied_matrix`'s), and the argument map of those exchanges: as the index keeps them, or worked out from the
    facts it keeps of each response and then kept, unless it changed meanwhile."""
    kept = kept_exchanges(index)
    if kept is not None:
        return _given(index, kept)
    seen = index.generation()
    corpus = exchange_facts(index)
    found = exchanges(corpus)
    chart = argument_map(found)
    keep_exchanges(index.db, {"exchanges": exchanges_data(found, corpus.sources), "chart": chart}, seen)
    return corpus, chart


@reading
def _given(index: Index, kept: Any) -> tuple[Corpus, str]:
    """The corpus of `exchanged` from the exchanges the index keeps (`kept`, decoded here)."""
    heads, whole = index.heads()
    return with_exchanges(Corpus(heads, index.rules, whole), kept["exchanges"]), kept["chart"]
