"""A warm `lucli export` without filters reads the sources and the counts of their stances from the SQLite index,
not every record: the same text in every format (instrumented, not timed: the test refuses loading the records).
With a filter, the records are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from lucli.cli import app
from lucli.records.cachedir import cache_folder
from lucli.records.index import INDEX_FILE
from tests.perf.test_record_index import _no_loading, counted_loads, invoked

FORMATS = ("csl-json", "json", "csv", "bibtex", "ris", "text")


def _export(runner, root: Path, *more: str):
    return invoked(runner, "export", root, *more)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_warm_export_is_the_records_export_in_every_format(runner, bundled_copy, responding, monkeypatch,
                                                              fmt: str) -> None:
    expected = {root: _export(runner, root, "-f", fmt) for root in (bundled_copy, responding)}  # no index yet
    for root in expected:
        assert runner.invoke(app, ["compare", "--root", str(root)]).exit_code == 0  # writes the index
        assert (cache_folder(root) / INDEX_FILE).is_file()
    _no_loading(monkeypatch)

    for root, first in expected.items():
        again = _export(runner, root, "-f", fmt)
        assert (again.stdout, again.stderr) == (first.stdout, first.stderr), root.name


def test_an_export_with_a_filter_reads_the_records(runner, responding, monkeypatch) -> None:
    assert runner.invoke(app, ["compare", "--root", str(responding)]).exit_code == 0
    loaded = counted_loads(monkeypatch)

    every = _export(runner, responding, "-f", "csv")
    assert loaded == []
    some = _export(runner, responding, "-f", "csv", "--since", "2024-01-01")

    assert loaded == [1]
    assert 1 < some.stdout.count("\n") < every.stdout.count("\n")
