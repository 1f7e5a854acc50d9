"""The digest's index pages list every source of the evidence, read from the index a chunk at a time (issue 17, the
digest's peak memory): at 100k findings, holding every source's view for those pages took 42 MB in the worker that
rendered them, and building them 76 MB. Instrumented, not timed; that the pages are the same, byte for byte, as
from the whole view is `test_indexed_digest`'s."""

from __future__ import annotations

import gc
import weakref

from lucli.render import streamed_sources
from lucli.render.indexed_digest import IndexedViews
from lucli.render.view_builder import build_corpus_view
from tests.perf.test_indexed_digest import DAYS
from tests.perf.test_record_index import indexed_and_open


def test_the_index_pages_list_every_source_without_holding_them_all(synthetic, monkeypatch) -> None:
    monkeypatch.setattr(streamed_sources, "CHUNK", 8)
    with indexed_and_open(synthetic) as (corpus, project, index):
        views = IndexedViews(project, index, DAYS[0], project.display.stale_after)
        chunks: list[int] = []
        listed = views._listed
        monkeypatch.setattr(views, "_listed", lambda orgs, ids: chunks.append(len(ids)) or listed(orgs, ids))
        front = views.front()
        assert chunks == []  # nothing read until a page lists them
        alive: weakref.WeakSet[object] = weakref.WeakSet()
        most = 0
        gc.freeze()  # each collection below walks only what the views make, not all the test process holds
        try:
            for view in front.sources:
                alive.add(view)
                gc.collect()
                most = max(most, len(alive))
        finally:
            gc.unfreeze()
        assert len(corpus.sources) > 40 and most <= 8 and max(chunks) <= 8
        whole = build_corpus_view(corpus, DAYS[0], project.display.stale_after)
        assert [s.id for s in front.sources] == [s.id for s in whole.sources]
        assert [(o.id, o.source_ids) for o in front.all_organisations] == [
            (o.id, o.source_ids) for o in whole.all_organisations]
        assert whole.sources[3].id in front.sources_by_id and "no-such-source" not in front.sources_by_id
        assert front.sources_by_id[whole.sources[3].id].title == whole.sources[3].title
