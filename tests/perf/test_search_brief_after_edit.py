"""After one evidence file changes, the first `lucli search` and `lucli brief PRINCIPLE` update the SQLite index a
file at a time, as `compare` does, and answer from it: the same output as from an index written afresh.

The search texts and the words a briefing's names come from are kept a source at a time, so an edit replaces
only the edited source's rows; the facts a briefing states about the whole evidence are worked out again from
the index (`lucli.render.indexed_facts`). Each story edits a copy of the bundled corpus or a synthetic one in
every way `test_incremental_compare` does; after each edit the search and the briefings are held to those of a
run that reads every record and writes the index afresh. Instrumented, not timed: no record is read whole, and
a search after an edit makes the compared forms of the edited source's texts only.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from lucli.analysis import search
from lucli.cli import app, common
from lucli.records import reindex
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus
from lucli.records.index import INDEX_FILE, open_index
from lucli.records.project import find_project
from lucli.render import indexed_facts
from lucli.render.indexed_brief import brief_facts
from lucli.render.indexed_facts import facts_from_index
from tests.perf.test_incremental_compare import Story, _edits, _principles

QUERIES = ("single pot funding", "devolution councils", "Revised")


class Asked(Story):
    """A story whose every step asks `search` and `brief` first, then holds them to an index written afresh."""

    def ask(self) -> list[tuple[int, str, str]]:
        principles = _principles(self.root)
        found = []
        for args in ([["search", q, "-n", "15"] for q in QUERIES]
                     + [["brief", p, "--stdout", "--date", "2026-01-15"] for p in (principles[1], principles[-1])]):
            shutil.rmtree(cache_folder(self.root) / "views", ignore_errors=True)  # each asked as a new question
            result = self.runner.invoke(app, [*args, "--root", str(self.root)])
            assert "Traceback" not in result.stderr
            found.append((result.exit_code, result.stdout, result.stderr))
        return found

    def same_as_cold(self, *, incremental: bool = True, exit_code: int = 0) -> None:
        before = self.loads
        updated = self.ask()
        if incremental:
            assert self.loads == before, "search or brief after a one-file change read every record"
            self.same_facts()
        if not exit_code:  # (evidence with errors is read whole each time, and no index is written)
            (cache_folder(self.root) / INDEX_FILE).unlink()
        fresh = self.ask()  # the first reads every record and writes the index afresh
        assert updated == fresh
        assert [code for code, _out, _err in updated[-2:]] == [exit_code] * 2  # the briefings

    def same_facts(self) -> None:
        """The briefing's facts worked out from the updated index are those of every record, for every principle."""
        project = find_project(self.root)
        index = open_index(project, dt.date.today())
        assert index is not None
        try:
            from_index = facts_from_index(index)
        finally:
            index.close()
        _project, loaded = common.load(self.root)
        assert from_index == brief_facts(Corpus.build(loaded.evidence, project.rules))


@pytest.fixture
def synthetic(synth, tmp_path: Path) -> Path:
    synth.generate(tmp_path / "synthetic", 400)
    return tmp_path / "synthetic"


@pytest.mark.parametrize("corpus", ["bundled_copy", "synthetic", "few_responding"])
def test_search_and_brief_after_each_kind_of_edit_answer_as_an_index_written_afresh(runner, corpus, request,
                                                                                   monkeypatch) -> None:
    root = request.getfixturevalue(corpus)
    story = Asked(runner, root, monkeypatch)
    story.run()  # the first run reads the records and writes the index after its answer
    assert (cache_folder(root) / INDEX_FILE).is_file()
    _edits(story)


def _edit_one(root: Path) -> Path:
    source = sorted((root / "evidence" / "sources").glob("*.yaml"))[7]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("statement: ", "statement: Revised ", 1), encoding="utf-8")
    return source


def test_a_search_after_an_edit_parses_one_file_and_compares_only_its_texts(runner, synthetic, monkeypatch,
                                                                            count_decoded) -> None:
    assert runner.invoke(app, ["compare", "--root", str(synthetic)]).exit_code == 0  # the index is written
    edited = _edit_one(synthetic)
    parsed: list[Any] = []
    real_load = reindex.load_sources
    monkeypatch.setattr(reindex, "load_sources", lambda project, paths, *a, **k: parsed.extend(paths)
                        or real_load(project, paths, *a, **k))
    compared: list[str] = []
    real_form = search.compared_form
    monkeypatch.setattr(search, "compared_form", lambda text: compared.append(text) or real_form(text))
    monkeypatch.setattr(common, "open_project_corpus", lambda *a, **k: pytest.fail("every record read"))
    decoded = count_decoded()

    result = runner.invoke(app, ["search", "Revised", "--root", str(synthetic)])

    assert result.exit_code == 0 and "Revised" in result.stdout
    assert parsed == [edited]
    assert decoded == []  # no source's record: the texts and their compared forms are rows of their own
    mine = next(s for s in common.load(synthetic)[1].evidence.sources if s.id == edited.stem)
    assert len(compared) == 1 + sum(1 + bool(f.quote) for f in mine.findings)  # its title, statements and quotes


def test_the_briefings_facts_worked_out_after_an_edit_are_kept_for_the_next(runner, synthetic, monkeypatch) -> None:
    assert runner.invoke(app, ["compare", "--root", str(synthetic)]).exit_code == 0
    _edit_one(synthetic)
    worked: list[int] = []
    real = indexed_facts.facts_from_index
    monkeypatch.setattr(indexed_facts, "facts_from_index", lambda index: worked.append(1) or real(index))
    monkeypatch.setattr(common, "open_project_corpus", lambda *a, **k: pytest.fail("every record read"))
    args = ["brief", "devolution", "--stdout", "--root", str(synthetic)]

    first = runner.invoke(app, args)
    shutil.rmtree(cache_folder(synthetic) / "views")
    second = runner.invoke(app, ["brief", "long-term-funding", "--stdout", "--root", str(synthetic)])

    assert first.exit_code == 0 and second.exit_code == 0
    assert worked == [1]
