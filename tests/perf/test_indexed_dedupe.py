"""A warm `lucli dedupe` compares the findings' texts read from the SQLite index, building no record.

The same pairs as from the records, in every format, on a synthetic corpus with duplicates planted in it; the
records only when there is no current index, and a damaged one sends the run back to them (instrumented, not
timed: the test refuses the loading of records, and counts the findings built).
"""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest

from lucli.cli import app, common
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE
from lucli.records.model import Finding
from tests.perf.test_record_index import counted_loads

FORMATS = ("table", "json", "csv")


@pytest.fixture
def pasted(synthetic: Path) -> Path:
    """The synthetic corpus with one finding's statement pasted, a word added, over another source's first."""
    files = sorted((synthetic / "evidence" / "sources").glob("*.yaml"))
    first, other = files[0].read_text(encoding="utf-8"), files[-1].read_text(encoding="utf-8")
    head = "    statement: >\n      "
    start = first.index(head) + len(head)
    statement = first[start:first.index("\n    principles:", start)]  # a folded scalar, over several lines
    begins = other.index(head) + len(head)
    ends = other.index("\n    principles:", begins)
    files[-1].write_text(other[:begins] + "Pasted " + statement + other[ends:], encoding="utf-8")
    return synthetic


def _dedupe(runner, root: Path, *more: str):
    result = runner.invoke(app, ["dedupe", *more, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _refuse_loading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the index must answer without loading every record")
    monkeypatch.setattr(common, "open_project_corpus", refuse)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_warm_dedupe_prints_what_the_records_print_without_loading_them(runner, pasted, monkeypatch,
                                                                          fmt: str) -> None:
    first = _dedupe(runner, pasted, "-f", fmt)  # no index yet: from the records, and the index written afterwards
    assert (cache_folder(pasted) / INDEX_FILE).is_file()
    assert "Pasted " in first.stdout  # the planted pair is among those found
    _refuse_loading(monkeypatch)

    again = _dedupe(runner, pasted, "-f", fmt)

    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    assert "of 600 findings" in again.stderr


def test_a_warm_dedupe_builds_no_finding(runner, pasted, monkeypatch) -> None:
    _dedupe(runner, pasted)
    gc.collect()
    before = sum(type(o) is Finding for o in gc.get_objects())  # any that earlier tests left behind
    built: list[int] = []
    real = Finding.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        real(self, *args, **kwargs)
    monkeypatch.setattr(Finding, "__init__", counting)

    _dedupe(runner, pasted)

    assert built == []
    assert sum(type(o) is Finding for o in gc.get_objects()) <= before


def test_a_damaged_index_sends_dedupe_back_to_the_records(runner, pasted, monkeypatch) -> None:
    first = _dedupe(runner, pasted, "-f", "json")
    with sqlite3.connect(cache_folder(pasted) / INDEX_FILE) as db:
        db.execute("UPDATE findings SET record = 'not json' WHERE seq = 0 AND source = (SELECT min(source) FROM "
                   "findings)")
    loaded = counted_loads(monkeypatch)

    again = _dedupe(runner, pasted, "-f", "json")

    assert loaded == [1]
    assert again.stdout == first.stdout
