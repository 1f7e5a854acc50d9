"""Views answered from the SQLite index (`lucli.records.index`): the same documents, from fewer records.

Each view is built by the same function as from the whole corpus, given a corpus that holds every
organisation and principle, only the sources the view can mention, and the facts about the whole
evidence that it states (counts, dates, voices). So each is the same document byte for byte; tests hold
them to it on the bundled corpus and a synthetic one. A question the index cannot settle alone (a name
that is not one record's exact id or name, filters) gets None, and the caller reads the records; a damaged index raises
`lucli.records.index.UNREADABLE`, with the same end.
"""

from __future__ import annotations

from lucli.analysis.compare import TARGET_KINDS
from lucli.analysis.filters import Filters
from lucli.analysis.resolve import KINDS
from lucli.analysis.search import search_index
from lucli.records.index import Index
from lucli.render.formats.compare_views import compare_document
from lucli.render.formats.document import Document
from lucli.render.formats.listing_views import show_document
from lucli.render.formats.search_view import search_document


def indexed_show(index: Index, text: str) -> Document | None:
    """`lucli show` of a source or a finding, from the rows of the sources it names, or of a principle (as
    `indexed_compare`); None for anything else."""
    target = index.resolve(text, KINDS)
    if target is None or target.kind == "organisation":
        return None
    if target.kind == "principle":
        corpus = index.corpus(index.on_principle(target.id), target.id)
        return show_document(corpus, corpus, Filters(), text)
    source_id = target.id if target.kind == "source" else index.source_of(target.id)
    if source_id is None:
        return None
    corpus = index.corpus(index.linked(source_id))
    return show_document(corpus, corpus, Filters(), text)


def indexed_compare(index: Index, text: str) -> Document | None:
    """`lucli compare PRINCIPLE`, from the rows of the sources that speak on it or respond to those that do;
    None for any other target."""
    target = index.resolve(text, ("principle", *TARGET_KINDS))
    if target is None or target.kind != "principle":
        return None
    corpus = index.corpus(index.on_principle(target.id), target.id)
    return compare_document(corpus, corpus, Filters(), [text])


def indexed_search(index: Index, query: str, limit: int) -> Document:
    """`lucli search` without filters, over the texts the index keeps rather than the records."""
    hits = search_index(index.compared_texts(), index.texts_at, query, limit=limit)
    return search_document(index.corpus([]), Filters(), query, limit, hits)
