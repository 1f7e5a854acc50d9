"""`lucli suggest` over every source is written a finding at a time, as each file is read: the same text as
the whole of it rendered at once, in every format, holding no more than one file's findings (instrumented,
not timed: the test counts the findings alive as each file is read)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from lucli.analysis import suggest
from lucli.records.project import evidence_files, find_project
from tests.perf.test_record_index import invoked

FORMATS = ("table", "json", "yaml")


def _suggest(runner, root: Path, *more: str):
    return invoked(runner, "suggest", root, *more)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_findings_suggestions_are_written_as_the_whole_would_be(runner, synthetic, fmt: str) -> None:
    project = find_project(synthetic)
    targets, unreadable = suggest.read_targets(project, [p for k, p in evidence_files(project) if k == "source"])
    suggester = suggest.Suggester(suggest.load_principles(project))
    whole = [(t, suggester.suggest(t.statement, t.quote, t.chosen, 3)) for t in targets]
    expected = {"table": suggest.render_table(whole), "yaml": suggest.render_yaml(whole),
                "json": json.dumps(suggest.as_data(whole), indent=2, ensure_ascii=False) + "\n"}[fmt]

    result = _suggest(runner, synthetic, "-f", fmt)

    assert unreadable == [] and len(targets) == 600
    assert result.stdout == expected
    assert result.stderr == "600 findings\n"


def test_nothing_to_suggest_for_is_an_empty_list_in_every_format(runner, synthetic) -> None:
    # Every synthetic finding has principles already.
    assert _suggest(runner, synthetic, "--untagged").stdout == ""
    assert _suggest(runner, synthetic, "--untagged", "-f", "yaml").stdout == ""
    assert json.loads(_suggest(runner, synthetic, "--untagged", "-f", "json").stdout) == []


def test_suggestions_for_every_source_hold_one_files_findings_at_a_time(runner, synthetic, monkeypatch) -> None:
    most = max(path.read_text(encoding="utf-8").count("\n  - id: ")
               for path in (synthetic / "evidence" / "sources").glob("*.yaml"))
    gc.collect()
    before = _targets_alive()  # any that earlier tests left behind
    alive: list[int] = []
    real = suggest.targets_by_file

    def counting(*args, **kwargs):
        for found in real(*args, **kwargs):
            alive.append(_targets_alive() - before)
            yield found
    monkeypatch.setattr(suggest, "targets_by_file", counting)

    result = _suggest(runner, synthetic, "-f", "json")

    assert len(json.loads(result.stdout)) == 600
    assert len(alive) == 60  # a count at each file
    # The file just read and, at most, the one before it: never the 600 findings.
    assert 0 < max(alive) <= 2 * most < 600


def _targets_alive() -> int:
    return sum(type(o) is suggest.Target for o in gc.get_objects())
