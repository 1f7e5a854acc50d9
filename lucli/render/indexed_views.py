"""Views answered from the SQLite index (`lucli.records.index`): the same documents, from fewer records.

Each view is built by the same function as from the whole corpus, given a corpus that holds every
organisation and principle, only the sources the view can mention, and the facts about the whole
evidence that it states (counts, dates, voices). So each is the same document byte for byte; tests hold
them to it on the bundled corpus and a synthetic one. A question the index cannot settle alone (a name
that is not one record's exact id or name, filters) gets None, and the caller reads the records.
"""

from __future__ import annotations

from lucli.analysis.filters import Filters
from lucli.analysis.resolve import KINDS
from lucli.records.index import Index
from lucli.render.formats.document import Document
from lucli.render.formats.listing_views import show_document
from lucli.render.formats.search_view import search_document


def indexed_show(index: Index, text: str) -> Document | None:
    """`lucli show` of a source or a finding, from the rows of the sources it names; None for anything else."""
    target = index.resolve(text, KINDS)
    if target is None or target.kind not in ("source", "finding"):
        return None
    source_id = target.id if target.kind == "source" else index.source_of(target.id)
    if source_id is None:
        return None
    corpus = index.corpus(index.linked(source_id))
    return show_document(corpus, corpus, Filters(), text)


def indexed_search(index: Index, query: str, limit: int) -> Document:
    """`lucli search` without filters, over the texts the index keeps rather than the records."""
    return search_document(index.corpus([]), Filters(), query, limit, index.search_rows())
