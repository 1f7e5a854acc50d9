"""The pieces of a digest page that read the same on every page are made once in a process, not once a page.

An indexed digest makes each page's own views afresh, so fragments keyed by them (`memo`) last for the page; the
outline's views (the key sources every page may cite, the sources in an exchange) are shared by every page in
the process, and fragments keyed by them alone last for the process. Instrumented, not timed: the reference
entries written, counted source by source; the views and comparisons made, counted.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from typing import Any

import jinja2

from lucli.cli.report_cmd import report_renderer
from lucli.records.index import open_index
from lucli.records.project import find_project
from lucli.render import view_builder
from lucli.render.brief_parts import Comparison
from lucli.render.digest import WholeViews, render_pages
from lucli.render.direct import source_brief, source_page
from lucli.render.indexed_digest import IndexedViews
from lucli.render.view_builder import build_corpus_view
from tests.perf.test_record_index import _indexed, indexed_and_open

TODAY = dt.date(2026, 1, 15)


def _entries_written(root: Any, monkeypatch: Any,
                     kind: list[str] | None = None) -> tuple[Counter[str], IndexedViews]:
    """Render the indexed digest in this process; count the reference entries the sources' pages write, by source
    id (a principle's page reads its sources afresh, as its briefing does), through their templates or written
    directly (`lucli.render.direct`)."""
    _indexed(root)
    project = find_project(root)
    renderer = report_renderer(project)
    written: Counter[str] = Counter()
    entry = renderer.trusted.filters["reference"]
    kind = kind if kind is not None else [""]  # the kind of page being rendered

    @jinja2.pass_context
    def counted(context: Any, source: Any) -> Any:
        if kind[0] == "source":
            written[source.id] += 1
        return entry(context, source)

    renderer.trusted.filters["reference"] = counted
    for module in (source_page, source_brief):
        monkeypatch.setattr(module, "reference", counted)
    index = open_index(project, dt.date.today())
    assert index is not None
    try:
        views = IndexedViews(project, index, TODAY, project.display.stale_after)
        topic = views.topic

        def noted(*asked: str) -> Any:
            kind[0] = asked[0]
            return topic(*asked)

        views.topic = noted  # type: ignore[method-assign]
        render_pages(views, renderer, TODAY, workers=1, limits=None)
    finally:
        index.close()
    return written, views


def test_a_key_sources_entry_is_written_once_a_process_however_many_pages_list_it(synthetic, responding,
                                                                                  monkeypatch) -> None:
    for root in (synthetic, responding):
        written, views = _entries_written(root, monkeypatch)
        shared = set(views.found.parts.sources)
        assert shared and sum(written[sid] for sid in shared) > 0
        # Once in the markdown lists and once in the HTML lists, and once more each on its own page (which reads
        # it afresh): never once a page that lists it.
        assert max(written[sid] for sid in shared) <= 4, written.most_common(3)


def test_the_source_pages_share_what_no_pages_own_source_changes(synthetic, monkeypatch) -> None:
    """An organisation with no source on a page has the same view on every page, and another organisation's split
    by stance on a principle is the same for every source of the same publishers: each is made once a process."""
    made: Counter[str] = Counter()
    kind = [""]
    organisation_view = view_builder.OrganisationView

    def counted_view(*args: Any) -> Any:
        made["organisation views"] += kind[0] == "source"
        return organisation_view(*args)

    split = Comparison.different_by_stance.func

    def counted_split(comparison: Any) -> Any:
        made["splits"] += kind[0] == "source"
        return split(comparison)

    monkeypatch.setattr(view_builder, "OrganisationView", counted_view)
    monkeypatch.setattr(Comparison.different_by_stance, "func", counted_split)
    _written, views = _entries_written(synthetic, monkeypatch, kind)
    sources = [sid for kind, sid in views.topics() if kind == "source"]
    organisations = len(views.found.view.all_organisations)
    assert len(sources) > 50 and organisations > 10
    # Each source page makes the views of its own publishers; the others are made once (active or not).
    assert made["organisation views"] < 3 * len(sources) + 2 * organisations, made
    assert made["splits"] < len(sources) * len(views.principles) / 4, made


def test_the_pages_of_sources_with_the_same_publishers_are_rendered_one_after_another(synthetic) -> None:
    """What a worker keeps from one source's page (the other organisations split by stance, their key sources'
    entries) serves the next page of the same publishers; in the corpus's order, newest first, most pages met a
    new set of publishers. Each set's sources come together, newest first, where its newest source was; the whole
    view's digest takes them in the same order."""
    with indexed_and_open(synthetic) as (corpus, project, index):
        views = IndexedViews(project, index, TODAY, project.display.stale_after)
        paged = [sid for kind, sid in views.topics() if kind == "source"]
        newest_first = [sid for sid, _n in views.order]
        whole = WholeViews(build_corpus_view(corpus, TODAY, project.display.stale_after)).topics()
        assert whole == views.topics()
    publishers = {sid: frozenset(source.publishers) for sid, source in corpus.sources.items()}
    runs = [same for same, _sources in itertools.groupby(paged, key=publishers.__getitem__)]
    sets = set(publishers.values())
    assert sorted(paged) == sorted(newest_first) and len(sets) > 5
    assert len([same for same, _s in itertools.groupby(newest_first, key=publishers.__getitem__)]) > len(sets)
    assert len(runs) == len(sets)  # each set once
    assert runs == list(dict.fromkeys(publishers[sid] for sid in newest_first))  # where its newest source was
    for same in sets:
        assert [s for s in paged if publishers[s] == same] == [s for s in newest_first if publishers[s] == same]
