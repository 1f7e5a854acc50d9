"""The digest's source pages and pages of the table of findings are written without the template engine when the
templates are lucli's own (`lucli.render.direct`), and come out byte for byte as their templates write them.

The templates stay the reference: these tests render every page of several corpora both ways and compare them,
file by file. The corpora: the bundled one on two dates (some sources old, then none), with a source added whose
every field is awkward (markup and markdown characters, coverage with and without an outlet, a note, two
publishers, a quote with spaces around it); synthetic ones thin, crowded (the table split into pages) and with
responses. A repository that brings its own copy of a template, or of one it builds on, gets its template.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lucli.cli.report_cmd import report_renderer
from lucli.render import environment
from lucli.render.digest import WholeViews, render_pages
from lucli.render.direct.writers import WRITERS, direct_writers
from lucli.render.indexed_digest import IndexedViews
from lucli.render.view_builder import build_corpus_view
from tests.conftest import REPO
from tests.perf.test_record_index import indexed_and_open

DAYS = (dt.date(2026, 1, 15), dt.date(2021, 6, 1))

AWKWARD = """\
id: awkward-2019-odd-characters
title: "Cities <b>& towns</b>: *what* [works] | 1. a_test"
publishers: [cipfa, lga]
authors: ["Ann <Smith>", "Bo & Co"]
published: "2019-05-02"
kind: white-paper
url: https://example.org/a?b=1&c=2
summary: "Uses *stars*, _underscores_, <tags> & ampersands; # not a heading"
reported_in:
  - outlet: "The <Times>"
    title: "Towns & cities"
    author: "J. Doe"
    date: "2019-06"
    url: https://news.example.org/x?y=1&z=2
    note: "Read online, twice.  "
  - note: "No outlet was named."
findings:
  - id: odd-one
    kind: recommendation
    statement: "Give <councils> & mayors *more* power over `budgets`."
    quote: "  more power & <less> central control  "
    locator: "p. 4 & 5"
    said_by: report
    principles:
      - {id: devolution, stance: supports}
      - {id: targeting-need, stance: qualifies}
    basis: [case-study]
  - id: odd-two
    kind: finding
    statement: "# Not a heading, but - a list? 3. No."
    said_by: coverage
    principles:
      - {id: devolution, stance: opposes}
    basis: [opinion]
"""


def _both_ways(views, renderer, today: dt.date) -> dict[str, str]:
    """Render the digest with the pages written directly and through every template; compare every file; give
    the files."""
    direct = render_pages(views, renderer, today, workers=1, limits=None).files
    templated = render_pages(views, renderer, today, workers=1, limits=None, direct=False).files
    assert sorted(direct) == sorted(templated)
    assert [path for path in templated if direct[path] != templated[path]] == [], today
    return direct


def _indexed_both_ways(root: Path, days: tuple[dt.date, ...] = DAYS[:1], whole: bool = False) -> dict[str, str]:
    """`_both_ways` from the index, and with `whole` from the whole view as well."""
    with indexed_and_open(root) as (corpus, project, index):
        renderer = report_renderer(project)
        assert set(direct_writers(renderer)) == set(WRITERS)
        files: dict[str, str] = {}
        for today in days:
            files = _both_ways(IndexedViews(project, index, today, project.display.stale_after), renderer, today)
            if whole:
                views = WholeViews(build_corpus_view(corpus, today, project.display.stale_after))
                assert _both_ways(views, renderer, today) == files
        return files


def test_pages_written_directly_are_their_templates_pages_byte_for_byte(bundled_copy, tmp_path) -> None:
    (bundled_copy / "evidence" / "sources" / "awkward-2019-odd-characters.yaml").write_text(AWKWARD, encoding="utf-8")
    (bundled_copy / "lucli.yaml").write_text('title: "Towns & <Cities> digest"\nstale_after: 4\n', encoding="utf-8")
    files = _indexed_both_ways(bundled_copy, DAYS, whole=True)
    assert "sources/awkward-2019-odd-characters.html" in files and len(files) > 80
    page = files["sources/awkward-2019-odd-characters.html"]
    assert "<title>Cities &lt;b&gt;&amp; towns&lt;/b&gt;: *what* [works] | 1. a_test – Towns &amp; &lt;Cities&gt; " \
           "digest</title>" in page  # the repository's title, as its settings give it


def test_synthetic_pages_written_directly_are_their_templates_pages(synthetic, responding, synth, tmp_path) -> None:
    assert len(_indexed_both_ways(synthetic)) > 200
    assert len(_indexed_both_ways(responding)) > 200
    synth.generate(tmp_path / "crowded", 2400)  # the table of findings in two pages
    assert "findings-2.html" in _indexed_both_ways(tmp_path / "crowded")
    synth.generate(tmp_path / "thin", 60)
    assert _indexed_both_ways(tmp_path / "thin")


def test_a_digest_writes_its_source_and_table_pages_without_their_templates(synthetic, monkeypatch) -> None:
    rendered: list[str] = []
    real = environment.Renderer.render

    def counting(self, name, context):
        rendered.append(name)
        return real(self, name, context)
    monkeypatch.setattr(environment.Renderer, "render", counting)
    with indexed_and_open(synthetic) as (_corpus, project, index):
        views = IndexedViews(project, index, DAYS[0], project.display.stale_after)
        files = render_pages(views, report_renderer(project), DAYS[0], workers=1, limits=None).files
    assert any(path.startswith("sources/") and path.endswith(".html") for path in files)
    assert "digest/source.html.j2" not in rendered and "digest/findings.html.j2" not in rendered
    assert "digest/principle.html.j2" in rendered  # the pages without a writer still go through their templates


@pytest.mark.parametrize(("override", "where"), [("digest/source.html.j2", "</h1>"),
                                                   ("digest/macros.html.j2", "takes no position of its own"),
                                                   ("digest/base.html.j2", '<main id="main">')])
def test_a_repositorys_own_template_is_used_for_the_pages_it_writes(bundled_copy, override: str, where: str) -> None:
    mine = bundled_copy / "templates" / override
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (REPO / "templates" / override).read_text(encoding="utf-8")
    assert where in text
    mine.write_text(text.replace(where, where + "<!-- ours -->"), encoding="utf-8")
    with indexed_and_open(bundled_copy) as (corpus, project, _index):
        renderer = report_renderer(project)
        assert "digest/source.html.j2" not in direct_writers(renderer)
        view = build_corpus_view(corpus, DAYS[0], project.display.stale_after)
        files = render_pages(WholeViews(view), renderer, DAYS[0], workers=1, limits=None).files
    pages = [text for path, text in files.items() if path.startswith("sources/") and path.endswith(".html")]
    assert pages and all("<!-- ours -->" in page for page in pages)
