"""The index keeps each response's facts and each source's head (`lucli.records.index_exchanges`), so that the stance
matrix after an edit reads them rather than the sources in an exchange.

About a third of the bundled corpus's findings respond to another record. Where as many respond, the sources in
an exchange are most of the evidence: at 100k findings with 3% responding, the matrix after an edit decoded
3,700 of them (3.67 times a warm `compare`). Instrumented, not timed: after an edit no source in an exchange is
decoded for the matrix, the answer is a cold run's, byte for byte, and an edit to a finding that others respond
to is what the argument map then shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from lucli.records import index as index_module
from lucli.records import index_exchanges
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE, INDEX_FORMAT, open_index
from lucli.records.project import find_project
from lucli.render import indexed_matrix
from tests.perf.test_incremental_compare import Story


@pytest.fixture
def responding(synth, tmp_path: Path) -> Path:
    """A synthetic repository where 5% of the findings respond to another organisation's source or finding."""
    synth.generate(tmp_path / "responding", 2000, responses=0.05)
    return tmp_path / "responding"


def _responses(path: Path) -> list[str]:
    """The records a source file's findings respond to (`source-id` or `source-id#finding-id`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [r["ref"] for f in data["findings"] for r in f.get("responds_to", ())]


def _revise_first_statement(story: Story, path: Path) -> None:
    story.write(path, path.read_text(encoding="utf-8").replace("statement: >\n      ",
                                                               "statement: >\n      Revised: ", 1))


def test_after_an_edit_the_matrix_decodes_no_source_in_an_exchange(runner, responding, monkeypatch) -> None:
    story = Story(runner, responding, monkeypatch)
    story.run()  # reads the records, and writes the index after its answer
    decoded: list[str] = []
    real = index_module.sources_from_rows

    def decoding(rows: Any) -> Any:
        found = real(rows)
        decoded.extend(s.id for s in found)
        return found
    monkeypatch.setattr(index_module, "sources_from_rows", decoding)
    monkeypatch.setattr(index_exchanges, "sources_from_rows", decoding)
    edited = next(p for p in story.sources() if _responses(p))
    answered = {ref.split("#", 1)[0] for ref in _responses(edited)}
    _revise_first_statement(story, edited)

    story.same_as_cold()
    # Only the sources the edited one responds to, read to check its responses; none for the matrix, though about
    # half the sources are in an exchange here.
    assert set(decoded) == answered
    exchanging = {sid for row in _table(responding, "SELECT source, target FROM responses") for sid in row}
    assert len(exchanging) > 50


def test_an_edit_to_a_finding_responded_to_is_what_the_argument_map_shows(runner, responding, monkeypatch) -> None:
    story = Story(runner, responding, monkeypatch)
    story.run()
    ref = next(r for p in story.sources() for r in _responses(p) if "#" in r)
    target, finding = ref.split("#", 1)
    path = responding / "evidence" / "sources" / f"{target}.yaml"

    def rewritten(data: dict[str, Any]) -> None:
        found = next(f for f in data["findings"] if f["id"] == finding)
        found["statement"] = "Rewritten in answer to its critics."
    story.edit(path, rewritten)

    story.same_as_cold()
    before = story.loads
    chart = story.run("-f", "mermaid")
    assert story.loads == before  # answered from the index, brought up to date a file at a time
    assert "Rewritten in answer to its critics." in chart[1]
    shutil.rmtree(cache_folder(responding))
    assert story.run("-f", "mermaid") == chart


def test_an_index_written_before_it_kept_the_responses_facts_is_written_afresh(runner, responding,
                                                                              monkeypatch) -> None:
    story = Story(runner, responding, monkeypatch)
    story.run()
    path = cache_folder(responding) / INDEX_FILE
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(INDEX_FORMAT - 1),))
        db.execute("DROP TABLE heads")  # as format 11 had it: no heads, no facts in the responses
    assert open_index(find_project(responding), dt.date.today()) is None  # never misread
    _revise_first_statement(story, story.sources()[3])

    before = story.loads
    story.same_as_cold(incremental=False)
    assert story.loads > before  # the records were read, and the index written afresh
    assert open_index(find_project(responding), dt.date.today()) is not None
    assert _table(responding, "SELECT COUNT(*) FROM heads") == [(len(story.sources()),)]


def test_the_matrix_after_an_edit_is_made_with_the_cycle_collector_paused(runner, responding, monkeypatch) -> None:
    # The exchanges' records hold no reference cycles; at 100k findings with 3% responding the collector's passes
    # over them, as they were made, were a third of the matrix's time.
    story = Story(runner, responding, monkeypatch)
    story.run()
    made, collected = [], []

    def counting(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    def watched(real: Any) -> Any:
        def making(*args: Any) -> Any:
            made.append(real.__name__)
            gc.callbacks.append(counting)
            try:
                return real(*args)
            finally:
                gc.callbacks.remove(counting)
        return making
    for name in ("exchanged", "tallied_matrix", "matrix_document"):
        monkeypatch.setattr(indexed_matrix, name, watched(getattr(indexed_matrix, name)))
    threshold = gc.get_threshold()
    gc.set_threshold(1, 1, 1)  # a collection at every allocation the collector counts, were it running
    try:
        _revise_first_statement(story, story.sources()[3])
        assert story.run()[0] == 0
    finally:
        gc.set_threshold(*threshold)
    assert made == ["exchanged", "tallied_matrix", "matrix_document"]
    assert collected == []


def test_the_exchanges_are_kept_until_an_edit_changes_what_they_rest_on(runner, responding, monkeypatch) -> None:
    # Working out the exchanges (a corpus of every source in one) was half the matrix's time after an edit at 100k
    # findings with 3% responding; most edits change none of it.
    story = Story(runner, responding, monkeypatch)
    story.run()  # reads the records; the index is written with the exchanges worked out from it
    worked: list[int] = []
    real = indexed_matrix.exchange_facts

    def working(index: Any) -> Any:
        worked.append(index.generation())
        return real(index)
    monkeypatch.setattr(indexed_matrix, "exchange_facts", working)
    exchanging = {sid for row in _table(responding, "SELECT source, target FROM responses") for sid in row}
    aside = [p for p in story.sources() if p.stem not in exchanging]
    _revise_first_statement(story, aside[0])
    story.same_as_cold()
    assert worked == []

    ref = next(r for p in story.sources() for r in _responses(p) if "#" in r)
    target, finding = ref.split("#", 1)

    def rewritten(data: dict[str, Any]) -> None:
        found = next(f for f in data["findings"] if f["id"] == finding)
        found["principles"][0]["stance"] = "opposes" if found["principles"][0]["stance"] != "opposes" else "supports"
    story.edit(responding / "evidence" / "sources" / f"{target}.yaml", rewritten)
    story.same_as_cold()
    assert worked == [2]  # worked out once, then kept for the next run

    _revise_first_statement(story, aside[1])
    story.same_as_cold()
    assert worked == [2]


def test_a_new_partnership_drops_the_kept_exchanges(runner, responding, monkeypatch) -> None:
    # Who publishes with whom makes the voices, and so which exchanges are between independent voices.
    story = Story(runner, responding, monkeypatch)
    story.run()
    worked: list[int] = []
    real = indexed_matrix.exchange_facts
    monkeypatch.setattr(indexed_matrix, "exchange_facts", lambda index: worked.append(1) or real(index))
    exchanging = {sid for row in _table(responding, "SELECT source, target FROM responses") for sid in row}
    organisations = [o["id"] for o in yaml.safe_load((responding / "evidence" / "organisations.yaml").read_text())]
    aside = next(p for p in story.sources() if p.stem not in exchanging)

    def partnered(data: dict[str, Any]) -> None:
        data["publishers"] = [*data["publishers"], next(o for o in organisations if o not in data["publishers"])]
    story.edit(aside, partnered)
    story.same_as_cold()
    assert worked == [1]


def _table(root: Path, query: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(cache_folder(root) / INDEX_FILE)) as db:
        return db.execute(query).fetchall()
