"""A briefing on one organisation or source answered from the SQLite index: the view its page in the digest is
rendered from (`lucli.render.indexed_digest.IndexedViews.topic`), and so the same text as from every record.

Such a briefing compares the topic's stances with every other organisation's, principle by principle; the
positions of all of them come from the outline of the whole evidence, worked out from the index's counts
(`lucli.render.digest_outline`), and only the topic's own sources (an organisation's: every one it published
or co-published) and those in an exchange with them are read whole. At 100k findings reading every record
for it took 7 s and 320 MB. A repository's own templates may read anything in the whole view, so they are
given it (`lucli.cli.brief_cmd`); tests hold the text to the whole view's, record by record.
"""

from __future__ import annotations

import datetime as dt

from lucli.records.index import Index
from lucli.records.project import Project
from lucli.render.context import CorpusView
from lucli.render.indexed_digest import IndexedViews


def indexed_profile_view(project: Project, index: Index, text: str, today: dt.date,
                         stale_after: int) -> tuple[str, str, CorpusView] | None:
    """(kind, id, the view its briefing reads) when `text` names one organisation or source exactly; None
    otherwise (a principle, an id prefix or an ambiguous name: `lucli.render.indexed_brief` or the records)."""
    named = index.named(text, ("principle", "organisation", "source"))
    if len(named) != 1 or named[0].kind == "principle":
        return None
    kind, ident = named[0].kind, named[0].id
    return kind, ident, IndexedViews(project, index, today, stale_after).topic(kind, ident)
