"""A warm `compare` of an unchanged repository is served from a remembered view, and never a stale one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lucli.cli import common
from lucli.records.cachedir import cache_folder
from lucli.render import viewcache
from tests.conftest import SOURCE

SECOND = SOURCE.replace("alpha-2022-report", "alpha-2023-report")


@pytest.fixture
def repo(make_repo) -> Path:
    made = make_repo(sources={"alpha-2022-report": SOURCE, "alpha-2023-report": SECOND})
    for path in (made / "evidence").rglob("*"):
        _age(path)
    return made


def _age(path: Path) -> None:
    """Date a file an hour back: views are kept only for files that have not changed in the last moments."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 3_600_000_000_000))


@pytest.fixture
def compare(runner, repo):
    from lucli.cli import app

    def run(*args: str):
        result = runner.invoke(app, ["compare", *args, "--root", str(repo)])
        assert "Traceback" not in result.stderr
        return result
    return run


def _no_loading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a remembered view must not load the evidence")
    monkeypatch.setattr(common, "open_project_corpus", refuse)


def _views(repo: Path) -> list[Path]:
    folder = cache_folder(repo)
    return sorted((folder / "views").glob("*.json")) if folder else []


def _edit(path: Path, old: str, new: str) -> None:
    """Change a file and move its modification time on, as an editor a moment later would."""
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


@pytest.mark.parametrize("args", [(), ("--format", "json"), ("--format", "md"), ("--format", "csv"),
                                  ("devolution",), ("alpha", "beta"), ("--principle", "devolution")])
def test_a_second_compare_loads_nothing_and_prints_the_same(compare, monkeypatch, args):
    first = compare(*args)
    assert first.exit_code == 0, first.stderr

    _no_loading(monkeypatch)
    again = compare(*args)

    assert again.exit_code == 0
    assert again.stdout == first.stdout


def test_a_file_changed_twice_within_one_clock_tick_is_still_read_afresh(compare, repo):
    # A file system may stamp two edits within one clock tick with the same time and size: a file changed
    # in the last moments is hashed again on every run rather than trusted by its time.
    source = repo / "evidence" / "sources" / "alpha-2023-report.yaml"
    source.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert "✓ supports" in compare("devolution").stdout
    stat = source.stat()

    source.write_text(source.read_text(encoding="utf-8").replace("stance: supports", "stance: opposes "),
                      encoding="utf-8")
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    assert source.stat().st_size == stat.st_size
    assert "✗ opposes" in compare("devolution").stdout


def test_a_touch_without_a_change_loads_nothing(compare, repo, monkeypatch):
    first = compare()
    source = repo / "evidence" / "sources" / "alpha-2023-report.yaml"
    source.touch()
    _age(source)

    _no_loading(monkeypatch)
    again = compare()

    assert again.exit_code == 0 and again.stdout == first.stdout


def test_a_new_day_uses_the_view_of_the_day_before(compare, repo, monkeypatch):
    import datetime as dt

    first = compare()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(dt, "date", type("Tomorrow", (dt.date,), {"today": staticmethod(lambda: tomorrow)}))

    _no_loading(monkeypatch)
    again = compare()

    assert again.exit_code == 0 and again.stdout == first.stdout


def test_a_view_made_on_a_later_day_is_not_used_when_the_clock_goes_back(compare, repo):
    compare()
    (view,) = _views(repo)
    data = json.loads(view.read_bytes())
    data["document"]["blocks"] = [["paragraph", "from the future"]]
    view.write_text(json.dumps({**data, "day": "2999-01-01"}), encoding="utf-8")

    assert "from the future" not in compare().stdout


def test_each_form_and_filter_has_its_own_view(compare, repo):
    compare()
    compare("--principle", "devolution")  # (`compare devolution` is answered from the index the first wrote)
    compare("--kind", "finding")
    assert len(_views(repo)) == 3


def test_an_edited_source_is_read_afresh(compare, repo, monkeypatch):
    assert "✓ supports" in compare("devolution").stdout
    _edit(repo / "evidence" / "sources" / "alpha-2023-report.yaml", "stance: supports", "stance: opposes")

    after = compare("devolution")

    assert "✗ opposes" in after.stdout
    assert after.stdout == compare("devolution", "--no-cache").stdout


def test_an_added_or_deleted_source_is_read_afresh(compare, repo):
    before = compare().stdout
    third = repo / "evidence" / "sources" / "alpha-2024-report.yaml"
    third.write_text(SOURCE.replace("alpha-2022-report", "alpha-2024-report").replace("2022-03", "2024-01"),
                     encoding="utf-8")
    _age(third)
    added = compare().stdout
    assert "Evidence: 2 sources" in before and "Evidence: 3 sources" in added

    third.unlink()
    assert compare().stdout == before


def test_an_edited_taxonomy_is_read_afresh(compare, repo):
    compare()
    _edit(repo / "evidence" / "principles.yaml", "label: Devolution", "label: Devolving power")
    assert "Devolving power" in compare().stdout


def test_a_view_whose_archived_text_has_gone_is_not_used(compare, repo):
    texts = repo / "evidence" / "texts"
    texts.mkdir()
    (texts / "report.txt").write_text("Central government should devolve more power.\n", encoding="utf-8")
    source = repo / "evidence" / "sources" / "alpha-2022-report.yaml"
    source.write_text(SOURCE.replace("kind: report\n", "kind: report\ntext: texts/report.txt\n"), encoding="utf-8")
    _age(source)
    assert compare().exit_code == 0
    assert len(_views(repo)) == 1

    (texts / "report.txt").unlink()
    result = compare()

    assert result.exit_code == 1
    assert "missing-text" in result.stderr


def test_no_view_is_kept_for_evidence_with_errors(compare, repo):
    _edit(repo / "evidence" / "sources" / "alpha-2023-report.yaml", "stance: supports", "stance: suports")
    assert compare().exit_code == 1
    assert _views(repo) == []
    assert compare().exit_code == 1


def test_no_cache_neither_reads_nor_keeps_views(compare, repo):
    assert compare("--no-cache").exit_code == 0
    assert not (repo / ".lucli").exists()
    assert _views(repo) == []


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "key": "other"}', b"\x00\xff",
                                    b'{"format": 1, "key": "K", "texts": [], "document": {"blocks": [["poem"]]}}'])
def test_a_damaged_view_is_ignored_and_replaced(compare, repo, damage):
    first = compare()
    (view,) = _views(repo)
    view.write_bytes(damage.replace(b'"K"', json.dumps(view.stem).encode()))

    again = compare()

    assert again.exit_code == 0
    assert again.stdout == first.stdout
    assert json.loads(view.read_bytes())["key"] == view.stem


@pytest.mark.parametrize("entry", [[], ["size"], "text", None, ["SIZE", "MTIME"], ["SIZE", "MTIME", 7],
                                   ["SIZE", "MTIME", ["a", "list"]]])
def test_damaged_remembered_hashes_are_hashed_afresh(compare, repo, monkeypatch, entry):
    """The file hashes kept beside the views (`viewcache.HASHES`) are data: an entry of the wrong shape is
    hashed again, as if it were not there, and never answers for the file."""
    first = compare()
    hashes = cache_folder(repo) / "views" / viewcache.HASHES
    known = json.loads(hashes.read_bytes())
    size, mtime, _sha = known[str(repo / "evidence" / "sources" / "alpha-2022-report.yaml")]
    for path in known:
        known[path] = json.loads(json.dumps(entry).replace('"SIZE"', str(size)).replace('"MTIME"', str(mtime)))
    hashes.write_text(json.dumps(known), encoding="utf-8")
    _no_loading(monkeypatch)

    again = compare()

    assert again.exit_code == 0
    assert again.stdout == first.stdout
    assert len(_views(repo)) == 1  # the same key: the view the first run remembered answered, no second one
    assert json.loads(hashes.read_bytes()) != known


def test_views_are_json_data_and_only_the_newest_are_kept(compare, repo, monkeypatch):
    monkeypatch.setattr(viewcache, "KEEP", 2)
    for since in ("2019", "2020", "2021"):
        compare("--since", since)
    views = _views(repo)
    assert len(views) == 2
    assert all(json.loads(v.read_bytes())["format"] == viewcache.VIEW_FORMAT for v in views)


def test_the_bundled_corpus_is_remembered_outside_the_folder_it_is_run_in(runner, tmp_path, monkeypatch):
    """`lucli compare` with no repository (the README's first command) answers the second time without
    loading, and writes nothing where it is run."""
    from lucli.cli import app

    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["compare"])
    assert first.exit_code == 0, first.stderr
    assert not list(tmp_path.rglob("*"))

    _no_loading(monkeypatch)
    again = runner.invoke(app, ["compare"])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout


def test_views_live_outside_the_repository(compare, repo):
    assert compare().exit_code == 0
    (view,) = _views(repo)
    assert not view.is_relative_to(repo)
    assert not (repo / ".lucli").exists()


@pytest.mark.parametrize("args", [("show", "alpha-2022-report"), ("show", "devolution", "--format", "json"),
                                  ("search", "devolve power"), ("search", "power", "--format", "csv")])
def test_a_second_show_or_search_loads_nothing_and_prints_the_same(runner, repo, monkeypatch, args):
    from lucli.cli import app

    first = runner.invoke(app, [*args, "--root", str(repo)])
    assert first.exit_code == 0, first.stderr

    _no_loading(monkeypatch)
    again = runner.invoke(app, [*args, "--root", str(repo)])

    assert (again.exit_code, again.stdout) == (0, first.stdout)


def test_a_question_the_index_answers_makes_no_key_for_a_remembered_view(compare, monkeypatch):
    # The index keeps no view of one record, so nothing would be found under the key; it is made from every
    # evidence file's hash (50 ms of a 1.2 s question at 100k findings).
    assert compare().exit_code == 0  # the records read, the index written
    expected = compare("devolution", "--no-cache").stdout
    monkeypatch.setattr(viewcache, "view_key", lambda *args, **kwargs: pytest.fail("a view's key was made"))
    _no_loading(monkeypatch)

    answered = compare("devolution")

    assert answered.exit_code == 0, answered.stderr
    assert answered.stdout == expected
