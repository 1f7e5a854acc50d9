"""Large digests render fast: pages in several processes, repeated fragments once, lucli's views read directly.

None of it may change a byte of output or open a hole in the sandbox.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lucli.cli.common import open_project_corpus
from lucli.errors import RenderError
from lucli.render.brief import VIEW_TYPES
from lucli.render.context import CorpusView
from lucli.render.digest import render_digest
from lucli.render.environment import Renderer, Templates, template_dirs
from lucli.render.template_globals import base_context
from lucli.render.view_builder import build_corpus_view
from tests.reports.conftest import DATE

TODAY = dt.date.fromisoformat(DATE)


def _said(exchange: Any, findings: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a listed response says: who, how, to what, and with which findings."""
    return (exchange.voice, exchange.relation, exchange.about, exchange.target_source.id, exchange.target,
            tuple(f.global_id for f in findings))


def _view(repo: Path) -> CorpusView:
    _project, corpus = open_project_corpus(repo, no_cache=True)
    return build_corpus_view(corpus, TODAY)


def _digest(repo: Path, workers: int) -> dict[str, str]:
    renderer = Renderer(template_dirs(repo / "templates"), trusted=VIEW_TYPES)
    return render_digest(_view(repo), renderer, TODAY, workers=workers).files


def _override(repo: Path, name: str, text: str) -> None:
    path = repo / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_digest_rendered_in_two_processes_is_the_same_file_for_file(repo):
    alone = _digest(repo, workers=1)
    assert _digest(repo, workers=2) == alone
    assert list(_digest(repo, workers=2)) == list(alone)  # and in the same order


def test_when_pages_fail_two_processes_report_the_first_failure_as_one_process_does(repo):
    # Two source pages fail, each in its own way; the digest must name the first of them, however it is split.
    _override(repo, "brief-source.md.j2",
              '{{ brief.source.titel if brief.source.id == "delta-2024-funding-note" else "" }}'
              '{{ brief.source.tittle if brief.source.id == "epsilon-2022-data-paper" else "" }}\n')
    messages = set()
    for workers in (1, 2):
        with pytest.raises(RenderError) as caught:
            _digest(repo, workers)
        messages.add(caught.value.message)
    assert len(messages) == 1
    assert "has no attribute 'titel'" in messages.pop()


def _render(tmp_path: Path, text: str, context: dict[str, object]) -> str:
    (tmp_path / "user").mkdir(exist_ok=True)
    (tmp_path / "user" / "t.md.j2").write_text(text, encoding="utf-8")
    return Renderer(Templates(template_dirs(None).builtin, tmp_path / "user"), trusted=VIEW_TYPES) \
        .render("t.md.j2", context)


def _base(repo: Path) -> dict[str, object]:
    return base_context(_view(repo), TODAY)


def test_memo_renders_a_call_block_once_per_key_and_reuses_the_text(repo, tmp_path):
    # The body names an organisation, which a memo body must not do: it shows that the first text is reused.
    text = "{% for o in corpus.organisations[:2] %}{% call memo('same') %}{{ name(o) }}{% endcall %};{% endfor %}"
    assert _render(tmp_path, text, _base(repo)) == "Alpha Institute for Place Policy (API);" * 2
    per_item = "{% for o in corpus.organisations[:2] %}{% call memo(o) %}{{ o.name }}{% endcall %};{% endfor %}"
    assert _render(tmp_path, per_item, _base(repo)) == "Alpha Institute for Place Policy;Beta Association;"


def test_memo_with_a_key_that_cannot_be_kept_renders_the_body_every_time(repo, tmp_path):
    text = "{% for o in corpus.organisations[:2] %}{% call memo([1]) %}{{ o.id }}{% endcall %};{% endfor %}"
    assert _render(tmp_path, text, _base(repo)) == "alpha;beta;"


def test_memo_outside_a_call_block_is_reported_with_its_place(repo, tmp_path):
    with pytest.raises(RenderError) as caught:
        _render(tmp_path, "line 1\n{{ memo('x') }}\n", _base(repo))
    assert caught.value.message.endswith("t.md.j2:2: TypeError: memo() is a call block: "
                                         "{% call memo(key) %}…{% endcall %}")


@pytest.fixture
def in_repo(repo, monkeypatch) -> Path:
    monkeypatch.chdir(repo)
    return repo


def test_the_maps_filter_text_finds_every_word_the_whole_text_finds_and_no_other() -> None:
    """The map's rows carry the distinct words of their findings rather than every statement whole: a word
    typed into the filter (the filter splits on spaces) is in one or the other alike."""
    from lucli.render.template_filters import words
    from tests.conftest import REPO

    view = _view(REPO)
    for p in view.principles:
        texts = [p.label, p.description, *p.aliases, *(f.statement for f in p.findings)]
        whole = " ".join(t for t in texts if t).lower()
        kept = words(texts)
        assert len(kept) <= len(whole)
        tokens = set(whole.split())
        probes = tokens | {t[1:-1] for t in tokens if len(t) > 3} | {"devolution", "pot", "xyzzy", "ion-"}
        for probe in probes:
            assert (probe in kept) == (probe in whole), (p.id, probe)
    assert words(["Local data", "local growth", None]) == "local data growth"


def test_a_briefing_reads_its_own_sources_exchanges_and_finds_what_a_scan_of_every_one_finds() -> None:
    """Each page's responses come from an index of the exchanges by source, not a scan of every exchange in
    the evidence for every page (a digest has a page per source); they are the ones the scan finds."""
    from lucli.render.brief import organisation_brief, source_brief
    from lucli.render.mermaid import argument_map
    from tests.conftest import REPO

    view = _view(REPO)
    assert view.exchanges  # the bundled evidence answers itself, so the pages have responses to show
    briefs = [(source_brief(view, s.id), {s.id}) for s in view.sources]
    briefs += [(organisation_brief(view, o.id), set(o.source_ids)) for o in view.organisations]
    for brief, ids in briefs:
        made = tuple(_said(e, tuple(f for f in e.findings if f.source_id in ids))
                     for e in view.exchanges if any(f.source_id in ids for f in e.findings))
        received = tuple(e for e in view.exchanges if e.target_source.id in ids
                         and not any(f.source_id in ids for f in e.findings))
        chart = argument_map(e for e in view.exchange_records
                             if e.finding.source_id in ids or e.target_source.id in ids)
        assert tuple(_said(e, e.findings) for e in brief["responses_made"]) == made
        assert (brief["responses_received"], brief["argument_map"]) == (received, chart)
    assert any(brief["responses_made"] for brief, _ in briefs)
    assert any(brief["responses_received"] for brief, _ in briefs)


def test_a_second_digest_in_the_same_process_compiles_no_template(repo, monkeypatch):
    """lucli used as a library, or a test suite, renders many times in one process: each template is compiled once."""
    from jinja2 import parser

    first = _digest(repo, workers=1)
    parsed: list[str | None] = []
    real = parser.Parser.parse
    monkeypatch.setattr(parser.Parser, "parse", lambda self: parsed.append(self.name) or real(self))

    assert _digest(repo, workers=1) == first
    assert parsed == []


def test_the_same_text_is_compiled_apart_in_the_sandbox_and_out_of_it_and_with_other_filters(monkeypatch):
    from lucli.render.compiled_code import PROCESS_CODE

    monkeypatch.setattr(PROCESS_CODE, "code", {})
    renderer = Renderer(template_dirs(None))
    renderer.env.get_template("digest/method.md.j2")  # in the sandbox
    renderer.trusted.get_template("digest/method.md.j2")
    Renderer(template_dirs(None), extra_filters={"shout": str.upper}).env.get_template("digest/method.md.j2")

    names, kinds = zip(*(key.split(":") for key in PROCESS_CODE.code), strict=True)
    assert len(set(names)) == 1  # one file
    assert len(set(kinds)) == 3  # compiled three ways
