"""A warm `lucli list findings` is read from the SQLite index a part at a time, as it is written.

The same bytes as the list from the records, in every format (a test on the bundled corpus and a synthetic
one); memory bounded by one part of the sources, not the corpus (instrumented, not timed: the test counts
the findings alive while each part is read); filters, a stale or a damaged index go back to the records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import sqlite3
from pathlib import Path

import pytest

from lucli.analysis.filters import Filters
from lucli.cli import app, common
from lucli.records import index as index_module
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus
from lucli.records.index import INDEX_FILE, open_index
from lucli.records.index_write import write_index
from lucli.records.model import Finding
from lucli.records.project import find_project
from lucli.render.formats import render
from lucli.render.formats.listing_views import combined_measures, list_document
from lucli.render.formats.plaintable import column_extents
from lucli.render.indexed_views import indexed_list
from tests.perf.test_record_index import counted_loads

FORMATS = ("table", "md", "json", "csv")


def _indexed(root: Path, measured: bool = True) -> Corpus:
    """Load the whole corpus the ordinary way, and write the index as a command that found none would."""
    project, loaded = common.load(root)
    assert not [d for d in loaded.diagnostics if d.severity == "error"]
    corpus = Corpus.build(loaded.evidence, project.rules)
    kept = common.kept_whole(project, corpus)
    assert write_index(project, loaded, corpus, kept if measured else dataclasses.replace(kept, measures=None))
    return corpus


def _refuse_loading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the index must answer without loading every record")
    monkeypatch.setattr(common, "open_project_corpus", refuse)


def _list(runner, root: Path, fmt: str, *more: str):
    result = runner.invoke(app, ["list", "findings", "-f", fmt, *more, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("measured", [True, False], ids=["measured-ahead", "measured-as-read"])
def test_the_list_read_from_the_index_is_the_records_list_byte_for_byte(bundled_copy, synthetic,
                                                                        measured: bool) -> None:
    for root in (bundled_copy, synthetic):
        corpus = _indexed(root, measured)
        index = open_index(find_project(root), dt.date.today())
        assert index is not None
        for fmt in FORMATS:
            for width in ((60, 100, 160) if fmt == "table" else (100,)):
                expected = render(list_document(corpus, Filters(), "findings", fmt), fmt, width=width)
                found = indexed_list(index, "findings", fmt)
                assert found is not None
                assert render(found, fmt, width=width) == expected, (root.name, fmt, width)
        assert indexed_list(index, "sources", "table") is None  # the other lists read the records
        index.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_warm_list_of_findings_prints_what_the_records_print_without_loading_them(
        runner, synthetic, monkeypatch, fmt: str) -> None:
    first = _list(runner, synthetic, fmt)  # no index yet: from the records, and the index written afterwards
    assert (cache_folder(synthetic) / INDEX_FILE).is_file()
    _refuse_loading(monkeypatch)

    again = _list(runner, synthetic, fmt)

    assert again.stdout == first.stdout
    if fmt == "json":
        assert len(json.loads(again.stdout)["items"]) == 600


def test_a_warm_list_of_findings_holds_one_part_of_the_sources_at_a_time(runner, synthetic, monkeypatch) -> None:
    first = _list(runner, synthetic, "json")
    corpus = _indexed(synthetic)
    most = max(len(s.findings) for s in corpus.sources.values())
    del corpus
    gc.collect()
    before = _findings_alive()  # any that earlier tests left behind
    monkeypatch.setattr(index_module, "PART", 4)
    alive: list[int] = []
    decoded: list[str] = []
    real = index_module.sources_from_rows

    def counting(rows):
        found = real(rows)
        decoded.extend(s.id for s in found)
        alive.append(_findings_alive() - before)
        return found
    monkeypatch.setattr(index_module, "sources_from_rows", counting)
    _refuse_loading(monkeypatch)

    again = _list(runner, synthetic, "json")

    assert again.stdout == first.stdout
    assert sorted(decoded) == sorted(p.stem for p in (synthetic / "evidence" / "sources").glob("*.yaml"))
    # At most the part being read and the one before it (still being written): never the 600 findings.
    assert 0 < max(alive) <= 2 * 4 * most < 600


def _findings_alive() -> int:
    return sum(type(o) is Finding for o in gc.get_objects())


@pytest.mark.parametrize("option", [["--principle", "devolution"], ["--kind", "critique"], ["--since", "2024-01-01"]])
def test_a_filtered_list_is_read_from_the_records(runner, synthetic, monkeypatch, option: list[str]) -> None:
    _list(runner, synthetic, "csv")
    assert (cache_folder(synthetic) / INDEX_FILE).is_file()
    calls = counted_loads(monkeypatch)

    result = _list(runner, synthetic, "csv", *option)

    assert calls == [1]
    assert result.stdout.count("\n") < 601


def test_a_stale_index_is_not_read_and_is_written_afresh(runner, synthetic) -> None:
    first = _list(runner, synthetic, "md")
    path = sorted((synthetic / "evidence" / "sources").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    assert "    statement: >\n      " in text
    path.write_text(text.replace("    statement: >\n      ", "    statement: >\n      Revised ", 1), encoding="utf-8")

    changed = _list(runner, synthetic, "md")

    assert changed.stdout != first.stdout and "| Revised " in changed.stdout
    assert _list(runner, synthetic, "md").stdout == changed.stdout


def _damage(root: Path, sql: str) -> None:
    with sqlite3.connect(cache_folder(root) / INDEX_FILE) as db:
        db.execute(sql)


def test_an_index_damaged_before_the_list_starts_sends_it_to_the_records(runner, synthetic) -> None:
    first = _list(runner, synthetic, "table")
    _damage(synthetic, "UPDATE sources SET record = 'not json' WHERE rowid = 1")

    again = _list(runner, synthetic, "table")

    assert again.stdout == first.stdout
    index = open_index(find_project(synthetic), dt.date.today())  # written afresh after the output
    assert index is not None and len(index.latest_first()) > 50
    index.close()


def test_an_index_damaged_halfway_stops_the_list_and_is_removed(runner, synthetic) -> None:
    first = _list(runner, synthetic, "md")
    last = open_index(find_project(synthetic), dt.date.today())
    assert last is not None
    source = last.latest_first()[-1]
    last.close()
    _damage(synthetic, f"UPDATE findings SET record = 'not json' WHERE source = '{source}'")

    broken = runner.invoke(app, ["list", "findings", "-f", "md", "--root", str(synthetic)])

    assert broken.exit_code == 1
    assert "Traceback" not in broken.stderr
    assert "the record index could not be read to the end, so the list above is incomplete" in broken.stderr
    assert "run the command again" in broken.stderr
    assert broken.stdout.startswith("# Findings (600)")
    assert not (cache_folder(synthetic) / INDEX_FILE).exists()
    assert _list(runner, synthetic, "md").stdout == first.stdout


def test_a_damaged_index_never_spoils_a_list_written_to_a_file(runner, synthetic, tmp_path: Path) -> None:
    expected = _list(runner, synthetic, "json").stdout
    last = open_index(find_project(synthetic), dt.date.today())
    assert last is not None
    source = last.latest_first()[-1]
    last.close()
    _damage(synthetic, f"UPDATE findings SET record = 'not json' WHERE source = '{source}'")
    out = tmp_path / "findings.json"

    result = runner.invoke(app, ["list", "findings", "-f", "json", "-o", str(out), "--root", str(synthetic)])

    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == expected


def test_a_list_after_an_index_updated_a_file_at_a_time_is_still_the_records_list(runner, synthetic,
                                                                                   monkeypatch) -> None:
    _list(runner, synthetic, "table")
    path = sorted((synthetic / "evidence" / "sources").glob("*.yaml"))[3]
    text = path.read_text(encoding="utf-8")
    longest = "Intergovernmentalisationmeasures" * 2  # a word wider than any before: the columns change
    path.write_text(text.replace("    statement: >\n      ", f"    statement: >\n      {longest} ", 1),
                    encoding="utf-8")
    compared = runner.invoke(app, ["compare", "--root", str(synthetic)])  # updates the index a file at a time
    assert compared.exit_code == 0, compared.stderr
    index = open_index(find_project(synthetic), dt.date.today())
    assert index is not None
    measured = index.measures()  # kept current a source at a time: the table is laid out in one reading
    index.close()
    project, loaded = common.load(synthetic)
    corpus = Corpus.build(loaded.evidence, project.rules)
    whole = list_document(corpus, Filters(), "findings", "table").blocks[-1]
    assert measured is not None and combined_measures(measured) == column_extents(whole)
    assert combined_measures(measured)[0][0] == len(longest)
    expected = {fmt: render(list_document(corpus, Filters(), "findings", fmt), fmt) for fmt in FORMATS}
    _refuse_loading(monkeypatch)

    for fmt in FORMATS:
        assert _list(runner, synthetic, fmt).stdout == expected[fmt], fmt
    assert longest in expected["md"]
