"""A warm question looks at each evidence file once: the remembered view's key and the index's check share it.

A new question to an unchanged repository (a principle briefed or compared for the first time, a source shown,
words searched) makes its remembered view's key from each file's size and time, then checks the SQLite index
against the same: one listing of the sources folder and one stat of each file, not two (at 100k findings each
pass over 10,002 files cost about 0.05 s). Instrumented, not timed: the tests count the calls.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from lucli.cli import app
from tests.perf.test_record_index import _forget_views, _no_loading

QUESTIONS = {
    "brief": ["brief", "devolution", "--stdout", "--date", "2026-01-15"],
    "compare": ["compare", "devolution", "-f", "md"],
    "show": ["show", "FIRST-SOURCE", "-f", "md"],
    "search": ["search", "single pot funding", "-f", "md"],
}


def _ask(runner, root: Path, args: list[str]) -> str:
    result = runner.invoke(app, [*args, "--root", str(root)])
    assert result.exit_code in (0, 1), result.stderr  # search finds nothing: 1
    assert "Traceback" not in result.stderr
    return result.stdout


def _counting(monkeypatch, evidence: Path) -> tuple[Counter[str], Counter[str]]:
    """Count each stat of a file in `evidence` (lstat, stat: os.path's tests call os.stat) and each listing of a
    folder in it, by path."""
    stats: Counter[str] = Counter()
    listings: Counter[str] = Counter()
    inside = str(evidence) + os.sep

    def counted(real, into):
        def call(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(inside):
                into[os.fspath(path)] += 1
            return real(path, *args, **kwargs)
        return call
    monkeypatch.setattr(os, "lstat", counted(os.lstat, stats))
    monkeypatch.setattr(os, "stat", counted(os.stat, stats))
    monkeypatch.setattr(os, "scandir", counted(os.scandir, listings))
    return stats, listings


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_a_new_question_to_an_unchanged_repository_stats_each_file_once(runner, synthetic, monkeypatch,
                                                                        question) -> None:
    evidence = synthetic / "evidence"
    files = sorted(str(p) for p in evidence.rglob("*.yaml"))
    first_source = min(p.stem for p in (evidence / "sources").glob("*.yaml"))
    args = [first_source if a == "FIRST-SOURCE" else a for a in QUESTIONS[question]]
    expected = _ask(runner, synthetic, args)  # no index yet: from the records, and the index written
    _forget_views(synthetic)

    stats, listings = _counting(monkeypatch, evidence)
    _no_loading(monkeypatch)
    assert _ask(runner, synthetic, args) == expected

    files_stated = {path: n for path, n in stats.items() if path.endswith(".yaml")}
    assert sorted(files_stated) == files
    assert set(files_stated.values()) == {1}, [p for p, n in files_stated.items() if n > 1][:3]
    assert listings == Counter({str(evidence / "sources"): 1})
