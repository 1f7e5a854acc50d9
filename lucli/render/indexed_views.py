"""Views answered from the SQLite index (`lucli.records.index`): the same documents, from fewer records.

Each view is built by the same function as from the whole corpus, given a corpus that holds every
organisation and principle, only the sources the view can mention, and the facts about the whole
evidence that it states (counts, dates, voices). So each is the same document byte for byte; tests hold
them to it on the bundled corpus and a synthetic one. A question the index cannot settle alone (a name
that is not one record's exact id or name, filters) gets None, and the caller reads the records; a
damaged index raises `lucli.records.index.UNREADABLE`, with the same end. `indexed_list` is read as it is
written: see its docstring.
"""

from __future__ import annotations

from collections.abc import Iterator

from lucli.analysis.compare import TARGET_KINDS
from lucli.analysis.filters import Filters
from lucli.analysis.resolve import KINDS
from lucli.records.corpus import Corpus
from lucli.records.index import Index, Target
from lucli.records.model import Finding, Source
from lucli.render.formats.compare_views import compare_document
from lucli.render.formats.document import Document
from lucli.render.formats.listing_views import combined_measures, findings_parts, list_document, show_document


def indexed_show(index: Index, text: str) -> Document | None:
    """`lucli show` of any one record, from the rows of the sources the view can mention; None when the
    index cannot settle which record `text` names."""
    target = index.resolve(text, KINDS)
    corpus = _corpus_for(index, target) if target is not None else None
    return show_document(corpus, corpus, Filters(), text) if corpus is not None else None


def indexed_compare(index: Index, text: str, fmt: str | None = None) -> Document | None:
    """`lucli compare` of one principle, organisation or source, from the rows of the sources it can mention;
    None when the index cannot settle which record `text` names. Given the output format, a principle's view
    makes only the part it reads (`compare_document`): this view is printed, not remembered."""
    target = index.resolve(text, ("principle", *TARGET_KINDS))
    corpus = _corpus_for(index, target) if target is not None else None
    return compare_document(corpus, corpus, Filters(), [text], fmt) if corpus is not None else None


def _corpus_for(index: Index, target: Target) -> Corpus | None:
    """The part of the evidence a view of `target` reads (see the module's docstring)."""
    if target.kind == "principle":
        # The sources that speak on it, with only their findings on it; sources in an exchange come whole.
        return index.corpus(index.on_principle(target.id), target.id)
    if target.kind == "organisation":
        return index.corpus(index.by_organisation(target.id))
    source_id = target.id if target.kind == "source" else index.source_of(target.id)
    return index.corpus(index.linked(source_id)) if source_id is not None else None


def indexed_search(index: Index, query: str, limit: int) -> Document:
    """`lucli search` without filters, over the texts the index keeps rather than the records."""
    # Imported here: they bring rapidfuzz, which only search needs (not `compare PRINCIPLE`, `show`, `list`).
    from lucli.analysis.search import compared_form, search_index
    from lucli.render.formats.search_view import search_document

    compared, texts_at = index.search_texts(compared_form)
    hits = search_index(compared, texts_at, query, limit=limit)
    return search_document(index.corpus([]), Filters(), query, limit, hits)


def indexed_list(index: Index, what: str, fmt: str | None = None) -> Document | None:
    """`lucli list findings` without filters, read from the index a source at a time as it is written; None
    for the other lists (they read the records).

    Its rows are made as the output format reads them (`lucli.render.formats.document.Rows`), a part of
    the sources at a time (`Index.each_part`), so no more than one part's findings are held at once."""
    if what != "findings":
        return None
    heads = index.corpus([])
    # Missing from an index written without them (or updated without them): the table then measures its columns
    # in a reading of its own.
    measured = index.measures()
    extents = None if measured is None else combined_measures(measured)

    order = index.latest_first()  # read before anything is written: a damaged index is found here, mostly

    def held() -> Iterator[tuple[Source, Finding]]:
        return ((source, finding) for part in index.each_part(order) for source in part for finding in source.findings)
    return list_document(heads, Filters(), what, fmt, findings_parts(heads, heads.extent().findings, held, extents))
