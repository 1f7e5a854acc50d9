"""The stance matrix answered from the SQLite index: the same document as from the whole corpus.

`lucli compare` with no target, from the counts the index keeps a source at a time (`lucli.analysis.tallies`)
and the facts it keeps of each response (`lucli.records.index_exchanges`), rather than from any finding or
source row. Kept apart from `lucli.render.indexed_views` so that answering it imports nothing the matrix does not
use (search's scorer).
"""

from __future__ import annotations

from lucli.analysis.filters import Filters
from lucli.analysis.tallies import tallied_matrix, tallies_of
from lucli.records.heap import collector_paused
from lucli.records.index import Index
from lucli.records.index_exchanges import exchange_facts
from lucli.records.reindex import tallies_summed
from lucli.render.formats.compare_views import matrix_document
from lucli.render.formats.document import Document


def indexed_matrix(index: Index) -> Document:
    """`lucli compare` with no target, from an index that is current (`lucli.records.reindex.refresh_index`)."""
    # The exchanges' records and the document hold no reference cycles: with 3% of findings responding at 100k,
    # the cycle collector's passes over the 6,000 findings in an exchange as they were made were a third of the
    # matrix's time.
    with collector_paused(keep=True):
        corpus = exchange_facts(index)
        return matrix_document(corpus, Filters(), tallied_matrix(corpus, tallies_of(tallies_summed(index))))
