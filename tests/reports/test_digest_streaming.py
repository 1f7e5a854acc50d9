"""A digest of any size is written a page at a time: no process holds more than the page it is rendering.

At 100k findings, holding every page before writing took 12 GB. These tests count pages, not bytes: every
page is handed to the writer before the next one is rendered, and only the path comes back from a worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lucli.cli.common import open_project_corpus
from lucli.render.brief import VIEW_TYPES
from lucli.render.digest import render_digest
from lucli.render.direct.writers import WRITERS
from lucli.render.environment import Renderer, template_dirs
from lucli.render.view_builder import build_corpus_view
from tests.reports.conftest import DATE

TODAY = dt.date.fromisoformat(DATE)


class _Counting(Renderer):
    """The real renderer, counting the pages it has rendered."""

    rendered = 0

    def render(self, name, context):  # type: ignore[no-untyped-def]
        text = super().render(name, context)
        type(self).rendered += 1
        return text


def _counted(write):
    def counting(context):
        text = write(context)
        _Counting.rendered += 1
        return text
    return counting


def test_each_page_is_handed_on_before_the_next_is_rendered(repo: Path, monkeypatch) -> None:
    # The pages lucli writes without their templates (`lucli.render.direct`) are counted as they are written.
    for name, write in list(WRITERS.items()):
        monkeypatch.setitem(WRITERS, name, _counted(write))
    _project, corpus = open_project_corpus(repo, no_cache=True)
    renderer = _Counting(template_dirs(repo / "templates"), trusted=VIEW_TYPES)
    held: list[int] = []

    def sink(path: str, text: str) -> None:
        held.append(_Counting.rendered - len(held))  # pages rendered and not yet handed on, this one included
        assert text

    # In this process (no hard limits, so no worker), where the counting renderer can see every page.
    built = render_digest(build_corpus_view(corpus, TODAY), renderer, TODAY, workers=1, sink=sink, limits=None)

    pages = [p for p in built.files if not p.startswith("assets/")]
    assert len(held) == len(built.files) and len(pages) == _Counting.rendered > 20
    assert max(held) == 1


def test_workers_send_back_what_the_sink_made_of_a_page_not_the_page(repo: Path, tmp_path: Path) -> None:
    _project, corpus = open_project_corpus(repo, no_cache=True)
    renderer = Renderer(template_dirs(repo / "templates"), trusted=VIEW_TYPES)
    alone = render_digest(build_corpus_view(corpus, TODAY), renderer, TODAY, workers=1).files

    def write(path: str, text: str) -> int:
        (tmp_path / path.replace("/", "__")).write_text(text, encoding="utf-8")
        return len(text)

    built = render_digest(build_corpus_view(corpus, TODAY), renderer, TODAY, workers=2, sink=write)

    assert built.files == {path: len(text) for path, text in alone.items()}
    assert all((tmp_path / p.replace("/", "__")).read_text(encoding="utf-8") == t for p, t in alone.items())


def test_a_digest_that_fails_half_way_leaves_the_old_one_and_no_staging_folder(lucli, repo, tmp_path):
    site = tmp_path / "out" / "site"
    assert lucli("digest", "--root", str(repo), "-o", str(site), "--date", DATE).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    template = repo / "templates" / "digest" / "source.html.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text("{{ brief.source.titel }}\n", encoding="utf-8")

    result = lucli("digest", "--root", str(repo), "-o", str(site), "--date", "2031-01-01")

    assert result.exit_code == 1 and "titel" in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_reference_entries_are_formatted_once_before_the_pages_and_shared_with_every_worker(
        repo: Path, monkeypatch) -> None:
    """A citation style takes milliseconds an entry; every worker used to format nearly every entry itself."""
    from lucli.render import cite

    monkeypatch.setattr(cite, "_DEFAULT", [])  # a fresh bibliography, with nothing formatted yet
    _project, corpus = open_project_corpus(repo, no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(repo / "templates"), trusted=VIEW_TYPES)

    def known(path: str, text: str) -> int:  # runs in the worker that rendered the page
        return len(cite.default_bibliography()._entries)

    built = render_digest(view, renderer, TODAY, workers=2, sink=known)

    pages = {p: n for p, n in built.files.items() if p.endswith((".md", ".html"))}
    assert set(pages.values()) == {len(view.sources)}  # every worker had them all before its first page


def test_a_first_digest_moves_each_folder_of_pages_into_place_whole_and_a_later_one_file_by_file(
        lucli, repo: Path, tmp_path: Path, monkeypatch) -> None:
    import os

    moved: list[str] = []
    real = os.replace
    site = tmp_path / "site"

    def replace(src: Path, dst: Path) -> None:
        if Path(dst).is_relative_to(site):  # the digest's moves, not the cache's own writes
            moved.append(Path(dst).relative_to(site).as_posix())
        real(src, dst)
    monkeypatch.setattr(os, "replace", replace)
    gone = next((repo / "evidence" / "sources").glob("*.yaml"))

    assert lucli("digest", "--root", str(repo), "-o", str(site), "--date", DATE).exit_code == 0
    first, moved[:] = list(moved), []
    gone.unlink()
    assert lucli("digest", "--root", str(repo), "-o", str(site), "--date", DATE).exit_code == 0

    folders = {"sources", "principles", "organisations", "assets"}
    assert folders <= set(first)  # each in one step
    assert not [name for name in first if name.split("/", 1)[0] in folders and "/" in name]
    assert f"sources/{gone.stem}.html" not in moved
    assert "principles/devolution.html" in moved  # into folders already there: file by file
    assert not (site / "sources" / f"{gone.stem}.html").exists()
    assert (site / "principles" / "devolution.html").is_file()
