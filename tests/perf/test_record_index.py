"""Warm `show` and `search` answer from the SQLite index: the same output, from the rows they need.

The index (`lucli.records.index`) lives beside the record cache, outside the repository, and is used only
while it is current by the record cache's own keys; anything wrong with it sends the run back to the
records. Instrumented, not timed: the tests count the source rows decoded and refuse a full load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from lucli.analysis.filters import Filters
from lucli.cli import app, common
from lucli.records import index as index_module
from lucli.records import index_write
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus
from lucli.records.index import INDEX_FILE, Index, open_index
from lucli.records.index_write import write_index
from lucli.records.project import Project, find_project
from lucli.render.formats.compare_views import compare_document
from lucli.render.formats.listing_views import show_document
from lucli.render.formats.search_view import search_document
from lucli.render.indexed_brief import brief_facts
from lucli.render.indexed_views import indexed_compare, indexed_search, indexed_show

QUERIES = ("single pot funding", "mayors", "devolution deal", "fiscal", "xqzv", "the", "local government")


def invoked(runner, command: str, root: Path, *more: str):
    """Run a lucli command on `root` in this process; it must succeed without a traceback."""
    result = runner.invoke(app, [command, *more, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _show(runner, root: Path, *args: str):
    result = runner.invoke(app, ["show", *args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _forget_views(root: Path) -> None:
    folder = cache_folder(root)
    assert folder is not None
    shutil.rmtree(folder / "views", ignore_errors=True)


def _no_loading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the index must answer without loading every record")
    monkeypatch.setattr(common, "open_project_corpus", refuse)


def counted_loads(monkeypatch) -> list[int]:
    """A list that grows by one each time a command loads every record."""
    loaded: list[int] = []
    real = common.open_project_corpus

    def counted(*args, **kwargs):
        loaded.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(common, "open_project_corpus", counted)
    return loaded


def _source_ids(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "evidence" / "sources").glob("*.yaml"))


def test_a_warm_show_reads_one_sources_rows_not_all_records(runner, synthetic, monkeypatch) -> None:
    sources = _source_ids(synthetic)
    assert len(sources) > 50
    wanted = sources[len(sources) // 2]
    first = _show(runner, synthetic, wanted)  # no index yet: read from the records, and the index written
    assert (cache_folder(synthetic) / INDEX_FILE).is_file()
    _forget_views(synthetic)

    decoded: list[int] = []
    real, real_sources = index_module.result_from_row, index_module.sources_from_rows

    def counting(row):
        found = real(row)
        decoded.append(len(found.sources))
        return found

    def counting_sources(rows):
        found = real_sources(rows)
        decoded.append(len(found))
        return found
    monkeypatch.setattr(index_module, "result_from_row", counting)
    monkeypatch.setattr(index_module, "sources_from_rows", counting_sources)
    _no_loading(monkeypatch)
    again = _show(runner, synthetic, wanted)

    assert again.stdout == first.stdout
    # The organisations and principles in one row, then the one source the view is about (no other source
    # responds to it or is responded to by it in this corpus).
    assert decoded == [0, 1]


def test_show_answered_by_the_index_is_the_same_for_every_source_and_finding(bundled_copy, responding) -> None:
    for root in (bundled_copy, responding):
        corpus = _indexed(root)
        index = open_index(find_project(root), dt.date.today())
        assert index is not None
        ids = [*corpus.sources, *corpus.findings]
        answered = 0
        for text in ids:
            expected = show_document(corpus, corpus, Filters(), text)
            assert indexed_show(index, text) == expected, text
            answered += any(getattr(b, "text", "").startswith("Responded to by") for b in expected.blocks)
        assert answered > 0  # responses made to a record are among what is compared
        index.close()


def test_compare_and_show_of_a_principle_answered_by_the_index_are_the_same(bundled_copy, responding) -> None:
    for root in (bundled_copy, responding):
        corpus = _indexed(root)
        index = open_index(find_project(root), dt.date.today())
        assert index is not None
        for principle in corpus.principles.values():
            for text in (principle.id, principle.label):
                assert indexed_compare(index, text) == compare_document(corpus, corpus, Filters(), [text]), text
                assert indexed_show(index, text) == show_document(corpus, corpus, Filters(), text), text
        index.close()


def test_compare_and_show_of_an_organisation_or_a_source_answered_by_the_index_are_the_same(
        bundled_copy, responding) -> None:
    for root in (bundled_copy, responding):
        corpus = _indexed(root)
        index = open_index(find_project(root), dt.date.today())
        assert index is not None
        names = [text for o in corpus.organisations.values() for text in (o.id, o.name)]
        for text in names:
            assert indexed_show(index, text) == show_document(corpus, corpus, Filters(), text), text
        for text in [*names, *corpus.sources]:
            assert indexed_compare(index, text) == compare_document(corpus, corpus, Filters(), [text]), text
        index.close()


def test_a_warm_compare_of_a_principle_reads_only_the_sources_on_it(runner, synthetic, monkeypatch,
                                                                   count_decoded) -> None:
    args = ["compare", "devolution", "--root", str(synthetic)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    corpus = _indexed(synthetic)
    on_it = [s for s in corpus.sources.values() if any(f.stance_on("devolution") for f in s.findings)]
    assert len(on_it) < len(corpus.sources)
    _forget_views(synthetic)

    decoded = count_decoded()
    _no_loading(monkeypatch)
    again = runner.invoke(app, args)

    assert again.exit_code == 0
    assert again.stdout == first.stdout
    assert sorted(decoded) == sorted(s.id for s in on_it)


def test_show_of_a_source_others_respond_to_names_them_from_the_index(runner, bundled_copy, monkeypatch) -> None:
    first = _show(runner, bundled_copy, "hm-government-2022-levelling-up-white-paper")
    assert "Responded to by" in first.stdout
    _forget_views(bundled_copy)
    _no_loading(monkeypatch)

    assert _show(runner, bundled_copy, "hm-government-2022-levelling-up-white-paper").stdout == first.stdout


def test_search_answered_by_the_index_ranks_the_same_hits(bundled_copy, synthetic) -> None:
    for root in (bundled_copy, synthetic):
        corpus = _indexed(root)
        index = open_index(find_project(root), dt.date.today())
        assert index is not None
        for query in QUERIES:
            for limit in (1, 10, 50):
                assert indexed_search(index, query, limit) == search_document(corpus, Filters(), query, limit)
        index.close()


def test_a_warm_search_reads_no_records(runner, bundled_copy, monkeypatch) -> None:
    args = ["search", "single pot", "--root", str(bundled_copy)]
    first = runner.invoke(app, args)
    _forget_views(bundled_copy)
    _no_loading(monkeypatch)
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert again.stdout == first.stdout


def _indexed(root: Path):
    """Load the whole corpus the ordinary way, and write the index as a `show` that found none would."""
    project, loaded = common.load(root)
    assert not [d for d in loaded.diagnostics if d.severity == "error"]
    corpus = Corpus.build(loaded.evidence, project.rules)
    assert write_index(project, loaded, corpus, common.kept_whole(project, corpus), facts=brief_facts(corpus))
    return corpus


@contextlib.contextmanager
def indexed_and_open(root: Path) -> Iterator[tuple[Corpus, Project, Index]]:
    """The whole corpus the ordinary way, its index written (`_indexed`), the project, and the index opened for the
    time of the `with`."""
    corpus = _indexed(root)
    project = find_project(root)
    index = open_index(project, dt.date.today())
    assert index is not None
    try:
        yield corpus, project, index
    finally:
        index.close()


def _age(path: Path, seconds: int = 3600) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


def test_an_edited_touched_added_or_removed_file_makes_the_index_stale(bundled_copy) -> None:
    project = find_project(bundled_copy)
    sources = bundled_copy / "evidence" / "sources"
    paper = sources / "hm-government-2022-levelling-up-white-paper.yaml"
    copy = sources / "zz-copy.yaml"
    today = dt.date.today()

    def current() -> bool:
        index = open_index(project, today)
        if index is not None:
            index.close()
        return index is not None

    for change, undo in [
        (lambda: _age(paper), None),  # touched: the record cache re-hashes it, so the index is rebuilt
        (lambda: paper.write_text(paper.read_text(encoding="utf-8") + "\n", encoding="utf-8"), None),
        (lambda: copy.write_text(paper.read_text(encoding="utf-8").replace("id: hm-government-2022-levelling-up"
                                                                            "-white-paper", "id: zz-copy", 1),
                                 encoding="utf-8"), None),
        (lambda: copy.unlink(), None),
        (lambda: (bundled_copy / "evidence" / "texts" / "lga-first-closing-the-gaps.txt").rename(
            bundled_copy / "gone.txt"),
         lambda: (bundled_copy / "gone.txt").rename(bundled_copy / "evidence" / "texts" /
                                                    "lga-first-closing-the-gaps.txt")),
    ]:
        _indexed(bundled_copy)
        assert current()
        change()
        assert not current()
        if undo:
            undo()
            assert current()  # the same files as when it was written: current again


def test_a_damaged_index_is_ignored_and_the_records_answer(runner, bundled_copy) -> None:
    first = _show(runner, bundled_copy, "hm-government-2022-levelling-up-white-paper")
    path = cache_folder(bundled_copy) / INDEX_FILE
    for damage in (b"not a database", path.read_bytes()[:4096], b""):
        _forget_views(bundled_copy)
        path.write_bytes(damage)
        assert open_index(find_project(bundled_copy), dt.date.today()) is None
        again = _show(runner, bundled_copy, "hm-government-2022-levelling-up-white-paper")
        assert again.stdout == first.stdout
        assert again.stderr == first.stderr
        assert open_index(find_project(bundled_copy), dt.date.today()) is not None  # written afresh


def test_an_index_from_another_version_or_place_is_not_used(bundled_copy, tmp_path: Path) -> None:
    import sqlite3

    _indexed(bundled_copy)
    path = cache_folder(bundled_copy) / INDEX_FILE
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    db.close()
    assert open_index(find_project(bundled_copy), dt.date.today()) is None

    _indexed(bundled_copy)
    moved = tmp_path / "elsewhere"
    shutil.copytree(bundled_copy, moved)  # a new clone: its own cache folder, no index
    assert open_index(find_project(moved), dt.date.today()) is None


def test_a_link_in_place_of_the_index_is_never_opened(bundled_copy, tmp_path: Path) -> None:
    _indexed(bundled_copy)
    path = cache_folder(bundled_copy) / INDEX_FILE
    real = tmp_path / "planted.sqlite"
    path.rename(real)
    path.symlink_to(real)
    assert open_index(find_project(bundled_copy), dt.date.today()) is None


def test_evidence_with_errors_writes_no_index(runner, bundled_copy) -> None:
    source = bundled_copy / "evidence" / "sources" / "hm-government-2022-levelling-up-white-paper.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("publishers:", "publisherz:", 1), encoding="utf-8")
    result = runner.invoke(app, ["show", "hm-government-2022-levelling-up-white-paper", "--root", str(bundled_copy)])
    assert result.exit_code == 1
    assert not (cache_folder(bundled_copy) / INDEX_FILE).exists()


def test_a_new_day_keeps_the_index_and_a_clock_gone_back_past_a_date_does_not(bundled_copy) -> None:
    corpus = _indexed(bundled_copy)
    project = find_project(bundled_copy)
    today = dt.date.today()
    latest = dt.date(int(max(s.published for s in corpus.sources.values())[:4]), 1, 1)

    later = open_index(project, today + dt.timedelta(days=400))
    assert later is not None  # checks made today still hold on any later day
    later.close()
    assert open_index(project, latest - dt.timedelta(days=40)) is None  # a date there would be still to come


def test_the_answer_is_written_before_the_index(runner, bundled_copy, monkeypatch) -> None:
    seen: list[str] = []
    real = index_write.write_index

    def spy(*args, **kwargs):
        sys.stdout.flush()
        seen.append(sys.stdout.buffer.getvalue().decode("utf-8"))
        return real(*args, **kwargs)
    monkeypatch.setattr(index_write, "write_index", spy)

    result = _show(runner, bundled_copy, "hm-government-2022-levelling-up-white-paper")

    assert len(seen) == 1
    assert seen[0] == result.stdout  # all of it was out when the index was written
    assert open_index(find_project(bundled_copy), dt.date.today()) is not None
