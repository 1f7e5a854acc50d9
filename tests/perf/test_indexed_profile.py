"""A warm `lucli brief ORGANISATION` or `lucli brief SOURCE` answers from the SQLite index: the same briefing.

Such a briefing reads the topic's own sources whole and every other organisation's positions from the outline
of the whole evidence (`lucli.render.indexed_profile`). These tests hold the briefing built so to the one built
from every record, record by record, at every level of detail, and count the sources a warm run decodes
(instrumented, not timed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lucli.cli import app
from lucli.cli.report_cmd import report_renderer
from lucli.records import index as index_module
from lucli.render.brief import render_brief
from lucli.render.indexed_profile import indexed_profile_view
from lucli.render.view_builder import build_corpus_view
from tests.perf.test_record_index import _forget_views, _no_loading, indexed_and_open

DAYS = (dt.date(2026, 1, 15), dt.date(2021, 6, 1))
"""Generated dates: one on which some of the bundled sources are old and some not, one on which none is."""


def _same_briefs(root: Path, days: tuple[dt.date, ...] = DAYS[:1], appendices: tuple[bool, ...] = (False,),
                 every: int = 1) -> int:
    """Render the briefing of every organisation and of every `every`-th source from the index and from every
    record, at both levels of detail; return how many were compared."""
    compared = 0
    with indexed_and_open(root) as (corpus, project, index):
        renderer = report_renderer(project)
        topics = [*(("organisation", o) for o in corpus.organisations),
                  *(("source", s) for s in sorted(corpus.sources)[::every])]
        for today in days:
            whole = build_corpus_view(corpus, today, project.display.stale_after)
            for kind, ident in topics:
                found = indexed_profile_view(project, index, ident, today, project.display.stale_after)
                assert found is not None and found[:2] == (kind, ident)
                for detail in ("brief", "full"):
                    for appendix in appendices:
                        expected = render_brief(whole, renderer, kind, ident, today, detail=detail,
                                                appendix=appendix).text
                        got = render_brief(found[2], renderer, kind, ident, today, detail=detail,
                                           appendix=appendix).text
                        assert got == expected, (kind, ident, today, detail, appendix)
                        compared += 1
    return compared


def test_every_organisation_and_source_briefed_from_the_index_reads_as_from_every_record(bundled_copy) -> None:
    assert _same_briefs(bundled_copy, DAYS, appendices=(False, True)) > 50


def test_with_responses_and_co_publishers_the_briefings_are_the_same(responding) -> None:
    assert _same_briefs(responding, every=3) > 50


def test_a_principle_or_a_name_the_index_cannot_settle_is_not_answered_here(bundled_copy) -> None:
    with indexed_and_open(bundled_copy) as (corpus, project, index):
        principle = next(iter(corpus.principles))
        for text in (principle, "devol", "no-such-record"):
            assert indexed_profile_view(project, index, text, DAYS[0], 3) is None


def _brief(runner, root: Path, topic: str) -> str:
    result = runner.invoke(app, ["brief", topic, "--stdout", "--date", "2026-01-15", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.mark.parametrize("kind", ["organisation", "source"])
def test_a_warm_brief_of_an_organisation_or_a_source_reads_only_its_own_findings(runner, responding, monkeypatch,
                                                                                kind: str) -> None:
    with indexed_and_open(responding) as (corpus, _project, _index):
        topic = next(iter(corpus.organisations)) if kind == "organisation" else sorted(corpus.sources)[0]
        own = {s.id for s in corpus.sources.values() if topic in (s.id, *s.publishers)}
        every = len(corpus.findings)
    first = _brief(runner, responding, topic)  # from the records (the index is written afresh after)
    _forget_views(responding)  # not the briefing remembered by the first run
    _no_loading(monkeypatch)
    decoded: dict[str, int] = {}
    real = index_module.sources_from_rows

    def counting(rows):
        found = real(rows)
        decoded.update((s.id, max(len(s.findings), decoded.get(s.id, 0))) for s in found)
        return found
    monkeypatch.setattr(index_module, "sources_from_rows", counting)

    again = _brief(runner, responding, topic)

    assert again == first
    assert own <= set(decoded)
    # Its own sources' findings and those of the sources in an exchange with them (the outline reads its key
    # sources without their findings): never every finding.
    assert sum(decoded.values()) < every / 2


def test_a_briefing_reads_none_of_what_only_a_whole_digest_reads(bundled_copy, monkeypatch) -> None:
    from lucli.render import indexed_digest

    def refuse(*args, **kwargs):
        raise AssertionError("a briefing on one record needs no list of every source, publisher or kind")
    for name in ("sources_in_order", "publishers_of", "finding_kinds"):
        monkeypatch.setattr(indexed_digest, name, refuse)
    with indexed_and_open(bundled_copy) as (corpus, project, index):
        for ident in (next(iter(corpus.organisations)), sorted(corpus.sources)[0]):
            assert indexed_profile_view(project, index, ident, DAYS[0], project.display.stale_after) is not None
