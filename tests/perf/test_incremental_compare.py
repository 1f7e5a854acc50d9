"""After one evidence file changes, `lucli compare` updates the SQLite index a file at a time and answers the
stance matrix from it: the same output as a cold run, byte for byte, and the same problems when the edit
breaks something.

Each story edits a copy of the bundled corpus or a synthetic one (bench/synth.py), asks `compare` (table,
then JSON), and asks a cold run (`--no-cache`: every file read, nothing remembered) the same; the two must
agree in exit code, stdout and stderr. Instrumented, not timed: the edited file is the only one parsed, and
no other source's records are decoded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lucli.cli import app, common
from lucli.records import cache as cache_module
from lucli.records import index as index_module
from lucli.records import load as load_module
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE


@pytest.fixture
def synthetic(synth, tmp_path: Path) -> Path:
    synth.generate(tmp_path / "synthetic", 400)
    return tmp_path / "synthetic"


class Story:
    """One repository, edited step by step; each step's `compare` held to a cold run's."""

    def __init__(self, runner: Any, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runner, self.root, self.loads = runner, root, 0
        self.tick = 0
        real = common.open_project_corpus

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.loads += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(common, "open_project_corpus", counting)

    def run(self, *args: str) -> tuple[int, str, str]:
        result = self.runner.invoke(app, ["compare", *args, "--root", str(self.root)])
        assert "Traceback" not in result.stderr
        return result.exit_code, result.stdout, result.stderr

    def sources(self) -> list[Path]:
        return sorted((self.root / "evidence" / "sources").glob("*.yaml"))

    def write(self, path: Path, text: str) -> None:
        """Write a file with a modification time of its own, as an editor a moment later would."""
        path.write_text(text, encoding="utf-8")
        self.touch(path)

    def touch(self, path: Path) -> None:
        self.tick += 1
        when = 1_700_000_000_000_000_000 + self.tick * 1_000_000_000
        os.utime(path, ns=(when, when))

    def edit(self, path: Path, change: Callable[[dict[str, Any]], None]) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        self.write(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))

    def same_as_cold(self, *, incremental: bool = True, exit_code: int = 0) -> None:
        """`compare` as a user runs it, then a cold run: the same exit code, stdout and stderr, in two formats."""
        before = self.loads
        warm = [self.run(), self.run("-f", "json")]
        if incremental:
            assert self.loads == before, "the one-file change read every record"
        cold = [self.run("--no-cache"), self.run("-f", "json", "--no-cache")]
        assert warm == cold
        assert warm[0][0] == exit_code


def _first_unused(data: dict[str, Any], principles: list[str]) -> str:
    used = {ref["id"] for ref in data["findings"][0]["principles"]}
    return next(p for p in principles if p not in used)


def _principles(root: Path) -> list[str]:
    return [p["id"] for p in yaml.safe_load((root / "evidence" / "principles.yaml").read_text(encoding="utf-8"))]


def _organisations(root: Path) -> list[str]:
    return [o["id"] for o in yaml.safe_load((root / "evidence" / "organisations.yaml").read_text(encoding="utf-8"))]


def _edits(story: Story) -> None:
    """The kinds of edit a user makes, one after another, each answered as a cold run answers it."""
    root = story.root
    files = story.sources()
    first, second, third = files[0], files[len(files) // 2], files[-1]
    principles, organisations = _principles(root), _organisations(root)

    def statement(data: dict[str, Any]) -> None:
        data["findings"][0]["statement"] = "Revised: " + data["findings"][0]["statement"]
    story.edit(first, statement)
    story.same_as_cold()

    def stance(data: dict[str, Any]) -> None:
        ref = data["findings"][0]["principles"][0]
        ref["stance"] = "opposes" if ref.get("stance") != "opposes" else "supports"
    story.edit(second, stance)
    story.same_as_cold()

    def added(data: dict[str, Any]) -> None:
        extra = dict(data["findings"][0], id="an-added-finding")
        extra.pop("responds_to", None)
        data["findings"].append(extra)
    story.edit(first, added)
    story.same_as_cold()

    def removed(data: dict[str, Any]) -> None:
        data["findings"].pop()
    story.edit(third, removed)
    story.same_as_cold()

    def relinked(data: dict[str, Any]) -> None:
        data["findings"][0]["principles"][0]["id"] = _first_unused(data, principles)
    story.edit(second, relinked)
    story.same_as_cold()

    def co_published(data: dict[str, Any]) -> None:
        data["publishers"].append(next(o for o in organisations if o not in data["publishers"]))
    story.edit(third, co_published)  # two voices become one
    story.same_as_cold()

    new = first.with_name("zz-added-2024-source.yaml")
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data.update(id=new.stem, published="2024-05")
    story.write(new, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    story.same_as_cold()

    gone = next(f for f in reversed(story.sources()) if not any(f.stem in o.read_text(encoding="utf-8")
                                                            for o in story.sources() if o != f))
    gone.unlink()  # a source nobody responds to (deleting one that is answered is an error, as below)
    story.same_as_cold()

    original = first.read_text(encoding="utf-8")

    def broken(data: dict[str, Any]) -> None:
        data["findings"][0]["principles"][0]["id"] = "no-such-principle"
    story.edit(first, broken)
    story.same_as_cold(incremental=False, exit_code=1)
    story.write(first, original)
    story.same_as_cold()


def test_each_kind_of_edit_answers_as_a_cold_run_on_the_bundled_corpus(runner, bundled_copy, monkeypatch) -> None:
    story = Story(runner, bundled_copy, monkeypatch)
    story.run()  # the first run reads the records and writes the index after its answer
    assert (cache_folder(bundled_copy) / INDEX_FILE).is_file()
    _edits(story)


def test_each_kind_of_edit_answers_as_a_cold_run_on_a_synthetic_corpus(runner, synthetic, monkeypatch) -> None:
    story = Story(runner, synthetic, monkeypatch)
    story.run()
    _edits(story)


@pytest.mark.parametrize("corpus", ["bundled_copy", "synthetic"])
def test_the_index_updated_a_file_at_a_time_holds_what_one_written_afresh_holds(runner, corpus, request,
                                                                               monkeypatch) -> None:
    root = request.getfixturevalue(corpus)
    story = Story(runner, root, monkeypatch)
    story.run()
    _edits(story)
    # A view remembered for the same files answers without the index (the last edit undid the one before),
    # so the index is brought up to date by a question no view answers.
    shutil.rmtree(cache_folder(root) / "views")
    before = story.loads
    story.run()
    assert story.loads == before
    updated = _rows(root)
    (cache_folder(root) / INDEX_FILE).unlink()
    shutil.rmtree(cache_folder(root) / "views")
    story.run()  # reads every record, and writes the index afresh
    assert _rows(root) == updated


def _rows(root: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in order; not the search texts' compared forms (an update leaves them to the next
    search), nor a briefing's facts (an update drops them, for the next briefing to work out from the index), nor
    the order in which names and search texts were added, nor how many updates there were."""
    with contextlib.closing(sqlite3.connect(cache_folder(root) / INDEX_FILE)) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if t != "facts"]
        found = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    found["names"] = sorted((row[:4] for row in found["names"]), key=repr)
    found["compared"] = sorted(((row[0], row[2]) for row in found["compared"]), key=repr)
    found["search"] = sorted((row[1:] for row in found["search"]), key=repr)
    found["meta"] = [row for row in found["meta"] if row[0] != "generation"]
    return found


def test_a_response_left_without_its_target_is_reported_as_a_cold_run_reports_it(runner, bundled_copy,
                                                                                monkeypatch) -> None:
    story = Story(runner, bundled_copy, monkeypatch)
    story.run()
    paper = bundled_copy / "evidence" / "sources" / "hm-government-2022-levelling-up-white-paper.yaml"
    original = paper.read_text(encoding="utf-8")

    def without_the_missions(data: dict[str, Any]) -> None:
        data["findings"] = [f for f in data["findings"] if f["id"] != "twelve-missions-for-2030"]
    story.edit(paper, without_the_missions)  # the IfG's source responds to that finding
    story.same_as_cold(incremental=False, exit_code=1)
    exit_code, _out, err = story.run()
    assert "has no finding 'twelve-missions-for-2030'" in err
    story.write(paper, original)
    story.same_as_cold()

    def renamed(data: dict[str, Any]) -> None:
        data["id"] = "ifg-renamed"
    story.edit(bundled_copy / "evidence" / "sources" / "ifg-2022-levelling-up-missions.yaml", renamed)
    story.same_as_cold(incremental=False, exit_code=1)


def test_a_removed_sources_folder_is_reported_as_a_cold_run_reports_it(runner, bundled_copy, monkeypatch) -> None:
    story = Story(runner, bundled_copy, monkeypatch)
    story.run()
    shutil.rmtree(bundled_copy / "evidence" / "sources")
    story.same_as_cold(incremental=False, exit_code=1)


def test_a_changed_organisations_file_reads_the_records(runner, bundled_copy, monkeypatch) -> None:
    story = Story(runner, bundled_copy, monkeypatch)
    story.run()
    organisations = bundled_copy / "evidence" / "organisations.yaml"
    story.write(organisations, organisations.read_text(encoding="utf-8").replace("name: ", "name: The ", 1))
    story.same_as_cold(incremental=False)


def test_after_one_file_changes_only_that_file_is_parsed_and_no_other_record_decoded(runner, synthetic,
                                                                                     monkeypatch) -> None:
    story = Story(runner, synthetic, monkeypatch)
    story.run()  # reads the records, and writes the index after its answer
    before = story.loads
    files = story.sources()
    assert len(files) > 30
    parsed: list[str] = []
    decoded: list[int] = []
    real_load, real_decode = load_module.load_file, index_module.result_from_row
    real_sources = index_module.sources_from_rows

    def parsing(kind: str, text: str, shown: str, *args: Any) -> Any:
        parsed.append(shown)
        return real_load(kind, text, shown, *args)

    def decoding(row: Any) -> Any:
        found = real_decode(row)
        decoded.append(len(found.sources))
        return found

    def decoding_sources(rows: Any) -> Any:
        found = real_sources(rows)
        decoded.extend(1 for _source in found)
        return found

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the record cache must not be read")
    monkeypatch.setattr(load_module, "load_file", parsing)
    monkeypatch.setattr(index_module, "result_from_row", decoding)
    monkeypatch.setattr(index_module, "sources_from_rows", decoding_sources)
    monkeypatch.setattr(load_module, "read_cache", refuse)
    monkeypatch.setattr(cache_module, "read_cache", refuse)
    edited = files[len(files) // 3]
    story.write(edited, edited.read_text(encoding="utf-8").replace("statement: >\n      ",
                                                                   "statement: >\n      Revised: ", 1))
    exit_code, _out, _err = story.run()

    assert exit_code == 0
    assert [Path(p).name for p in parsed] == [edited.name]
    assert decoded == [0]  # the organisations and principles; no source (none is in an exchange here)
    assert story.loads == before


def test_after_an_edit_show_answers_from_the_updated_index_and_search_as_a_cold_run(runner, synthetic,
                                                                                    monkeypatch) -> None:
    story = Story(runner, synthetic, monkeypatch)
    story.run()
    edited = story.sources()[5]
    story.write(edited, edited.read_text(encoding="utf-8").replace("statement: >\n      ",
                                                                   "statement: >\n      Revised: ", 1))
    story.run()  # updates the index a file at a time
    before = story.loads
    show = runner.invoke(app, ["show", edited.stem, "--root", str(synthetic)])
    assert story.loads == before  # answered from the index: no record read, nothing rebuilt
    search = runner.invoke(app, ["search", "Revised", "--root", str(synthetic)])
    shutil.rmtree(cache_folder(synthetic))
    cold_show = runner.invoke(app, ["show", edited.stem, "--root", str(synthetic)])
    cold_search = runner.invoke(app, ["search", "Revised", "--root", str(synthetic)])
    assert (show.exit_code, show.stdout, show.stderr) == (cold_show.exit_code, cold_show.stdout, cold_show.stderr)
    assert "Revised" in show.stdout
    assert (search.exit_code, search.stdout) == (cold_search.exit_code, cold_search.stdout)
    assert "Revised" in search.stdout


@pytest.mark.parametrize("command", [["show", "{stem}"], ["list", "findings", "-f", "csv"], ["compare", "{principle}"]])
def test_the_first_question_after_an_edit_updates_the_index_a_file_at_a_time_too(runner, synthetic, monkeypatch,
                                                                                 command: list[str]) -> None:
    story = Story(runner, synthetic, monkeypatch)
    story.run()  # writes the index
    edited = story.sources()[5]
    story.write(edited, edited.read_text(encoding="utf-8").replace("statement: >\n      ",
                                                                   "statement: >\n      Revised: ", 1))
    first = yaml.safe_load(edited.read_text(encoding="utf-8"))["findings"][0]["principles"][0]["id"]
    args = [a.format(stem=edited.stem, principle=first) for a in command]  # a view that shows the revision
    before = story.loads
    warm = runner.invoke(app, [*args, "--root", str(synthetic)])  # no `compare` first
    assert story.loads == before  # the index was brought up to date: no record read, nothing rebuilt
    shutil.rmtree(cache_folder(synthetic))
    cold = runner.invoke(app, [*args, "--root", str(synthetic)])
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert warm.exit_code == 0 and "Revised" in warm.stdout


def test_an_edit_that_moves_no_date_publisher_or_count_leaves_the_whole_evidence_facts(runner, synthetic,
                                                                                      monkeypatch) -> None:
    # Counts, dates and who publishes with whom are read from every source's row: a sixth of an update at 100k.
    from lucli.records import reindex

    story = Story(runner, synthetic, monkeypatch)
    story.run()
    worked: list[int] = []
    real = reindex._whole
    monkeypatch.setattr(reindex, "_whole", lambda db: worked.append(1) or real(db))
    first = story.sources()[0]

    def statement(data: dict[str, Any]) -> None:
        data["findings"][0]["statement"] = "Revised: " + data["findings"][0]["statement"]
    story.edit(first, statement)
    story.same_as_cold()
    assert worked == []

    def dated(data: dict[str, Any]) -> None:
        data["published"] = "2025-06"
    story.edit(first, dated)
    story.same_as_cold()
    assert worked == [1]
