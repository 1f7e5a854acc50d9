"""The view of `lucli search`: ranked matches with the matching words marked for highlighting."""

from __future__ import annotations

from lucli.analysis.filters import Filters
from lucli.analysis.search import DEFAULT_CUTOFF, Hit, search
from lucli.records.corpus import Corpus
from lucli.render.formats.document import Column, Document, Heading, Marked, Paragraph, Records, Table
from lucli.render.formats.pieces import describe_filters, head_json

WHAT = {"label": "principle", "title": "source title", "statement": "finding", "quote": "quote from finding"}


def _cell(hit: Hit) -> Marked:
    # The id goes on its own line under the text; highlights index into the text only.
    return Marked(f"{hit.text}\n{WHAT[hit.field]} {hit.id}", hit.spans)


def search_document(corpus: Corpus, filters: Filters, query: str, limit: int,
                    hits: tuple[Hit, ...] | None = None) -> Document:
    """Search the (filtered) corpus and show the best `limit` matches; or show `hits` found elsewhere (in
    the index: `lucli.analysis.search.search_index`), `corpus` then stating only how much evidence there is."""
    hits = search(corpus, query, filters, limit=limit) if hits is None else hits
    narrowed = f" Filtered to {describe_filters(filters)}." if describe_filters(filters) else ""
    intro = (f"{len(hits)} match{'es' if len(hits) != 1 else ''} for “{query}”, best first (score 0–100; "
             f"at most {limit} shown; scores below {DEFAULT_CUTOFF} left out).{narrowed}")
    table = Table((Column("#", align="right", wrap=False), Column("Score", align="right", wrap=False),
                   Column("Match")),
                  tuple((str(n), str(h.score), _cell(h)) for n, h in enumerate(hits, 1)), spaced=True)
    nothing = (f"Nothing matches “{query}” (scores below {DEFAULT_CUTOFF} are left out).{narrowed} "
               "Try fewer or different words, or drop a filter.")
    blocks = (Heading(f"Search: {query}", 1), *((Paragraph(intro), table) if hits else (Paragraph(nothing),)))
    data = {**head_json("search", corpus, filters), "query": query, "limit": limit, "cutoff": DEFAULT_CUTOFF,
            "hits": [{"rank": n, "score": h.score, "kind": h.kind, "id": h.id, "field": h.field, "text": h.text}
                     for n, h in enumerate(hits, 1)]}
    records = Records(("rank", "score", "kind", "id", "field", "text"),
                      tuple((str(n), str(h.score), h.kind, h.id, h.field, h.text) for n, h in enumerate(hits, 1)))
    return Document(blocks, data, records)
