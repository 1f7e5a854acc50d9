"""A warm question about one principle makes only what its answer prints, and a briefing parses each template once.

Instrumented, not timed: the tests record which parts of a view are made, whether the cycle collector
runs while a warm principle's view is built and printed, and how often Jinja parses a template.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from pathlib import Path

import pytest

from lucli.cli import app
from lucli.records.cachedir import cache_folder
from lucli.records.index import open_index
from lucli.records.project import find_project
from lucli.render import indexed_views
from lucli.render.formats import compare_views
from lucli.render.indexed_views import indexed_compare

FORMATS = ("table", "md", "json", "csv", "mermaid")


def _forget_views(root: Path) -> None:
    folder = cache_folder(root)
    assert folder is not None
    shutil.rmtree(folder / "views", ignore_errors=True)


def _compare(runner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["compare", *args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_warm_compare_of_a_principle_prints_the_same_in_every_format(runner, responding, fmt) -> None:
    whole = _compare(runner, responding, "devolution", "-f", fmt, "--no-cache")  # every record, the whole view
    _compare(runner, responding)  # writes the index
    _forget_views(responding)
    assert _compare(runner, responding, "devolution", "-f", fmt) == whole


def test_a_principle_from_the_index_makes_only_the_part_its_format_reads(responding, runner, synth) -> None:
    _compare(runner, responding)
    index = open_index(find_project(responding), dt.date.today())
    assert index is not None
    try:
        # A principle with an exchange, so that its argument map is not empty either.
        wholes = [found for pid, *_rest in synth.PRINCIPLES if (found := indexed_compare(index, pid)) is not None]
        whole = next(found for found in wholes if found.chart)
        principle = whole.data["principle"]["id"]
        assert whole.blocks and whole.data and whole.records
        parts = {fmt: indexed_compare(index, principle, fmt) for fmt in FORMATS}
    finally:
        index.close()
    for fmt in ("table", "md"):
        assert (parts[fmt].blocks, parts[fmt].data, parts[fmt].records, parts[fmt].chart) == \
            (whole.blocks, {}, None, "")
    assert (parts["json"].blocks, parts["json"].data, parts["json"].records) == ((), whole.data, None)
    assert (parts["csv"].blocks, parts["csv"].data, parts["csv"].records) == ((), {}, whole.records)
    assert (parts["mermaid"].blocks, parts["mermaid"].data, parts["mermaid"].chart) == ((), {}, whole.chart)


def test_a_warm_compare_of_a_principle_as_a_table_makes_no_json(runner, synthetic, monkeypatch) -> None:
    first = _compare(runner, synthetic, "devolution")
    _forget_views(synthetic)

    def refuse(*args, **kwargs):
        raise AssertionError("a table prints no JSON: its data must not be made")
    monkeypatch.setattr(compare_views, "_position_json", refuse)
    monkeypatch.setattr(compare_views, "finding_fields", refuse)
    assert _compare(runner, synthetic, "devolution") == first


def test_the_collector_is_paused_while_a_warm_principle_is_answered_and_printed(runner, synthetic,
                                                                                  monkeypatch) -> None:
    _compare(runner, synthetic)
    _forget_views(synthetic)
    seen: list[bool] = []
    real = indexed_views.compare_document

    def noting(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)
    monkeypatch.setattr(indexed_views, "compare_document", noting)
    was = gc.isenabled()
    _compare(runner, synthetic, "devolution")
    assert seen == [False]
    assert gc.isenabled() == was  # and as it was afterwards
