"""`lucli digest` with lucli's own templates renders each page from the SQLite index, in the process that renders
it: the same files, byte for byte, as from the whole view, and no process builds the whole corpus or view.

Each page reads its own topic's rows and the outline of the whole evidence (`lucli.render.digest_outline`,
`lucli.render.indexed_digest`). These tests render the digest both ways and compare every file: on the bundled
corpus on two dates, on synthetic corpora thin, crowded (the table of findings split into pages) and with
responses, after each kind of edit (the index brought up to date a file at a time), and with `--since`.
Instrumented, not timed: the indexed digest refuses to build the whole view or load every record, and no corpus
read from the index holds more than a part of the findings.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lucli.cli import app, common, report_cmd
from lucli.cli.report_cmd import report_renderer
from lucli.records import index as index_module
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE, open_index
from lucli.records.project import find_project
from lucli.render import digest, view_builder
from lucli.render.digest import render_digest, render_pages
from lucli.render.indexed_digest import IndexedViews
from lucli.render.view_builder import build_corpus_view
from tests.perf.test_incremental_compare import Story, _edits
from tests.perf.test_record_index import _indexed, indexed_and_open

DATE = "2026-01-15"
DAYS = (dt.date(2026, 1, 15), dt.date(2021, 6, 1))
"""Generated dates: one on which some of the bundled sources are old and some not, one on which none is."""


def _same_digests(root: Path, days: tuple[dt.date, ...] = DAYS[:1]) -> list[str]:
    """Render the digest from the index and from the whole view, in this process; return the files' paths."""
    with indexed_and_open(root) as (corpus, project, index):
        renderer = report_renderer(project)
        for today in days:
            whole = render_digest(build_corpus_view(corpus, today, project.display.stale_after), renderer, today,
                                  workers=1, limits=None).files
            views = IndexedViews(project, index, today, project.display.stale_after)
            indexed = render_pages(views, renderer, today, workers=1, limits=None).files
            assert sorted(indexed) == sorted(whole)
            assert [path for path in whole if indexed[path] != whole[path]] == [], today
    return list(whole)


def test_the_digest_from_the_index_is_the_whole_views_file_for_file(bundled_copy, synthetic, responding,
                                                                     synth, tmp_path) -> None:
    assert len(_same_digests(bundled_copy, DAYS)) > 80
    assert len(_same_digests(synthetic)) > 200
    assert len(_same_digests(responding)) > 200
    synth.generate(tmp_path / "thin", 60)  # most principles thin: their pages say where silent voices stand nearby
    assert _same_digests(tmp_path / "thin")


def test_a_crowded_digest_with_its_table_of_findings_split_into_pages(synth, tmp_path) -> None:
    synth.generate(tmp_path / "crowded", 2_500)
    assert "findings-2.html" in _same_digests(tmp_path / "crowded")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _digest(runner: Any, root: Path, out: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["digest", "--root", str(root), "-o", str(out), "--date", DATE, *args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr.replace(str(out), "OUT")


@pytest.fixture
def whole_only(monkeypatch):
    """Call to make the next digests read every record and build the whole view, as with a repository's own
    templates; call with False to undo."""
    real = report_cmd.own_digest_templates

    def switch(on: bool = True) -> None:
        monkeypatch.setattr(report_cmd, "own_digest_templates", (lambda renderer: False) if on else real)
    return switch


@pytest.fixture
def refuse_whole(monkeypatch):
    """Call to make building the whole view or loading every record fail (in this process and in the workers
    forked from it); returns the list of corpora read from the index, with their number of findings."""
    def start() -> list[int]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the indexed digest must not build the whole view or load every record")
        monkeypatch.setattr(view_builder, "build_corpus_view", refuse)
        monkeypatch.setattr(common, "open_project_corpus", refuse)
        sizes: list[int] = []
        real = index_module.Index.corpus

        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            found = real(self, *args, **kwargs)
            sizes.append(len(found.findings))
            return found
        monkeypatch.setattr(index_module.Index, "corpus", counting)
        return sizes
    return start


def test_a_warm_digest_builds_no_whole_view_and_reads_no_corpus_of_every_finding(runner, synthetic, refuse_whole,
                                                                                 monkeypatch) -> None:
    monkeypatch.setattr(digest, "FINDINGS_PER_PAGE", 100)  # a page of the table reads its rows' sources only
    corpus = _indexed(synthetic)
    project = find_project(synthetic)
    renderer = report_renderer(project)
    today = DAYS[0]
    whole = render_digest(build_corpus_view(corpus, today), renderer, today, workers=1, limits=None).files
    index = open_index(project, dt.date.today())
    assert index is not None
    sizes = refuse_whole()
    try:  # in this process, where the corpora read can be counted
        views = IndexedViews(project, index, today, project.display.stale_after)
        indexed = render_pages(views, renderer, today, workers=1, limits=None).files
    finally:
        index.close()
    assert indexed == whole
    assert "findings-6.html" in indexed
    assert len(sizes) > 100 and max(sizes) * 4 < len(corpus.findings)


def test_a_warm_digest_in_worker_processes_builds_no_whole_view(runner, synthetic, tmp_path, refuse_whole,
                                                                whole_only) -> None:
    whole_only()
    assert _digest(runner, synthetic, tmp_path / "whole")[0] == 0
    whole_only(False)
    assert runner.invoke(app, ["compare", "--root", str(synthetic)]).exit_code == 0
    refuse_whole()  # a worker that built the whole view would fail its page, and the digest with it
    code, said = _digest(runner, synthetic, tmp_path / "indexed")
    assert code == 0 and said.startswith("wrote ") and said.endswith(" files to OUT; open OUT/index.html\n")
    assert _tree(tmp_path / "indexed") == _tree(tmp_path / "whole")


def test_a_cold_digest_writes_the_index_then_renders_from_it(runner, synthetic, tmp_path, whole_only,
                                                             monkeypatch) -> None:
    whole_only()
    assert _digest(runner, synthetic, tmp_path / "whole")[0] == 0
    whole_only(False)
    index = cache_folder(synthetic) / INDEX_FILE
    index.unlink(missing_ok=True)
    built: list[int] = []
    real = view_builder.build_corpus_view
    monkeypatch.setattr(view_builder, "build_corpus_view", lambda *a, **k: built.append(1) or real(*a, **k))

    assert _digest(runner, synthetic, tmp_path / "cold")[0] == 0

    assert index.is_file() and built == []  # the records were read to write the index, and dropped
    assert _tree(tmp_path / "cold") == _tree(tmp_path / "whole")


def test_a_repositorys_own_digest_template_gets_the_whole_view(runner, synthetic, tmp_path, monkeypatch) -> None:
    assert runner.invoke(app, ["compare", "--root", str(synthetic)]).exit_code == 0
    own = synthetic / "templates" / "digest" / "method.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("{{ corpus.findings|length }} findings, {{ corpus.sources[0].findings[0].statement }}\n",
                   encoding="utf-8")
    built: list[int] = []
    real = view_builder.build_corpus_view
    monkeypatch.setattr(view_builder, "build_corpus_view", lambda *a, **k: built.append(1) or real(*a, **k))

    assert _digest(runner, synthetic, tmp_path / "own")[0] == 0

    assert built == [1]
    assert (tmp_path / "own" / "method.md").read_text(encoding="utf-8").startswith("600 findings, ")


class Digested(Story):
    """A story whose every step renders the digest from the index (brought up to date a file at a time), then
    from every record, and holds the two to the same files."""

    def __init__(self, runner: Any, root: Path, monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
        super().__init__(runner, root, monkeypatch)
        self.out, self.step = out, 0

    def same_as_cold(self, *, incremental: bool = True, exit_code: int = 0) -> None:
        self.step += 1
        before = self.loads
        indexed = _digest(self.runner, self.root, self.out / f"indexed-{self.step}")
        if incremental:
            assert self.loads == before, "the digest after a one-file change read every record"
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(report_cmd, "own_digest_templates", lambda renderer: False)
            whole = _digest(self.runner, self.root, self.out / f"whole-{self.step}")
        assert indexed[0] == whole[0] == exit_code, (indexed, whole)
        if not exit_code:
            assert _tree(self.out / f"indexed-{self.step}") == _tree(self.out / f"whole-{self.step}")


@pytest.mark.parametrize("corpus", ["bundled_copy", "few_responding"])
def test_the_digest_after_each_kind_of_edit_is_the_whole_views(runner, corpus, request, monkeypatch,
                                                               tmp_path) -> None:
    root = request.getfixturevalue(corpus)
    story = Digested(runner, root, monkeypatch, tmp_path / "out")
    story.run()  # the first run reads the records and writes the index after its answer
    assert (cache_folder(root) / INDEX_FILE).is_file()
    _edits(story)


def test_the_changes_since_a_revision_from_the_index_are_the_whole_views(runner, responding, tmp_path,
                                                                         whole_only) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(responding), *args], check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    files = sorted((responding / "evidence" / "sources").glob("*.yaml"))
    next(f for f in files[1:] if not any(f.stem in o.read_text(encoding="utf-8") for o in files if o != f)).unlink()
    files[5].write_text(files[5].read_text(encoding="utf-8").replace("stance: supports", "stance: opposes"),
                        encoding="utf-8")
    assert runner.invoke(app, ["compare", "--root", str(responding)]).exit_code == 0

    indexed = _digest(runner, responding, tmp_path / "indexed", "--since", "HEAD")
    whole_only()
    whole = _digest(runner, responding, tmp_path / "whole", "--since", "HEAD")

    assert indexed == whole and indexed[0] == 0
    assert (tmp_path / "indexed" / "changes.html").is_file()
    assert _tree(tmp_path / "indexed") == _tree(tmp_path / "whole")


def test_a_pages_view_looks_up_the_outlines_views_without_copying_them(responding) -> None:
    # At 100k findings with 3% responding the outline holds 4,500 sources' and findings' views; copied into each of
    # 10,000 pages' views, every one was touched in every worker (which then held its own copy of their memory).
    with indexed_and_open(responding) as (_corpus, project, index):
        views = IndexedViews(project, index, DAYS[0], project.display.stale_after)
        outline = views.found
        linked = next(sid for sid in outline.parts.sources if sid in dict(views.order))
        page = views.topic("source", linked)
    assert len(outline.parts.sources) > 50
    for held, whole in ((page.sources_by_id, outline.parts.sources), (page.findings_by_id, outline.parts.findings)):
        own, shared = held.maps  # the page's own views, then the outline's, the same mapping rather than a copy
        assert shared is whole
        assert len(own) < len(whole)
        assert all(held[key] is view for key, view in whole.items() if key not in own)


def test_a_digest_loads_the_templates_a_helper_compiled_while_the_views_were_built(runner, synthetic, monkeypatch,
                                                                                   tmp_path) -> None:
    from jinja2 import parser

    from lucli.records.project import find_project
    from lucli.render.brief import TEMPLATES
    from lucli.render.compiled_code import PROCESS_CODE
    from lucli.render.digest import HTML_TEMPLATES, PAGE_TEMPLATES

    monkeypatch.setattr(PROCESS_CODE, "code", {})  # as a fresh process
    parsed: list[str | None] = []
    real = parser.Parser.parse
    monkeypatch.setattr(parser.Parser, "parse", lambda self: parsed.append(self.name) or real(self))

    assert _digest(runner, synthetic, tmp_path / "site")[0] == 0

    assert parsed == []  # compiled in the helper while the index was read, not here before the pages
    renderer = report_renderer(find_project(synthetic))
    every = {name for page in (*PAGE_TEMPLATES, *TEMPLATES.values(), *HTML_TEMPLATES.values())
             for name in renderer.builtin_sources(page) or ()}
    assert len(PROCESS_CODE.code) == len(every)  # each handed over by the helper


def test_a_digest_with_a_template_of_the_repositorys_own_compiles_it_as_it_meets_it(runner, synthetic, monkeypatch,
                                                                                     tmp_path) -> None:
    (synthetic / "templates" / "digest").mkdir(parents=True)
    (synthetic / "templates" / "digest" / "method.md.j2").write_text("# Our method\n", encoding="utf-8")

    assert _digest(runner, synthetic, tmp_path / "site")[0] == 0

    assert (tmp_path / "site" / "method.md").read_text(encoding="utf-8") == "# Our method\n"
