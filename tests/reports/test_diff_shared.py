"""Comparing two versions of the evidence reads the earlier one only where a file differs: every source whose file
is the same is taken from the later version, already read (`lucli.records.gitrev.Beside`). The changes are the
same as from two whole readings; the files read are counted (instrumented, not timed). A digest with what changed
works them out in a process of its own, so that the one that forks the page workers never holds the records."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from lucli.analysis.changes import compare_corpora, format_text, to_json
from lucli.cli.common import open_project_corpus
from lucli.cli.report_cmd import _working_tree
from lucli.records import gitrev
from lucli.records.project import find_project
from tests.reports.conftest import DATE, git

TODAY = dt.date.today()


@pytest.fixture
def read_files(monkeypatch) -> list[str]:
    """The path of every source file a revision's reading reads, as it reads it."""
    read: list[str] = []
    real = gitrev.load_file

    def counting(kind, text, shown, *args, **kwargs):
        if kind == "source":
            read.append(shown.split(":", 1)[1])
        return real(kind, text, shown, *args, **kwargs)
    monkeypatch.setattr(gitrev, "load_file", counting)
    return read


def _both_ways(project, first: str, after, beside) -> tuple[str, str]:
    """The changes from `first` to `after` worked out from a whole reading and from one that takes from `beside`;
    both as text and JSON, which must be the same."""
    ways = []
    for given in (None, beside):
        before = gitrev.evidence_at(project, first, today=TODAY, beside=given)
        changes = compare_corpora(before.corpus, after, "before", "after")
        ways.append((format_text(changes), to_json(changes)))
    assert ways[0] == ways[1]
    return ways[1]


def test_between_two_commits_only_the_changed_files_are_read_again(history, read_files) -> None:
    project = find_project(history)
    later = gitrev.evidence_at(project, "HEAD", today=TODAY)
    every = len(read_files)
    read_files.clear()
    before = gitrev.evidence_at(project, "HEAD~1", today=TODAY, beside=later.beside())

    # HEAD~1's files that differ at HEAD: the reworded joint inquiry, and the data paper HEAD removed.
    assert sorted(read_files) == ["evidence/sources/beta-gamma-2023-joint-inquiry.yaml",
                                  "evidence/sources/epsilon-2022-data-paper.yaml"]
    assert len(before.corpus.sources) == every  # one added at HEAD, one removed: the same number
    text, _json = _both_ways(project, "HEAD~1", later.corpus, later.beside())
    assert "1 source added, 1 source removed, 1 finding added, 1 finding removed, 1 finding changed" in text


def test_against_the_working_tree_only_the_edited_files_are_read(history, read_files) -> None:
    note = history / "evidence" / "sources" / "delta-2025-new-note.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("Set up an independent body.", "Set up a watchdog."),
                    encoding="utf-8")
    project, corpus = open_project_corpus(history)
    beside = _working_tree(project, corpus)
    assert beside is not None and len(beside.sources) == len(corpus.sources)

    text, _json = _both_ways(project, "HEAD", corpus, beside)

    assert read_files[-1:] == ["evidence/sources/delta-2025-new-note.yaml"]  # the last reading: only the edited file
    assert "reworded: “Set up an independent body.” → “Set up a watchdog.”" in text


def test_against_the_working_tree_the_revision_is_judged_on_its_day_whatever_date_is_printed(lucli, history,
                                                                                         read_files) -> None:
    note = history / "evidence" / "sources" / "delta-2025-new-note.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("Set up an independent body.", "Set up a watchdog."),
                    encoding="utf-8")

    result = lucli("diff", "HEAD", "--date", "2020-01-01", "--root", str(history))

    assert result.exit_code == 0, result.stderr
    assert read_files == ["evidence/sources/delta-2025-new-note.yaml"]  # the rest taken from the working tree
    assert "reworded: “Set up an independent body.” → “Set up a watchdog.”" in result.stdout


def test_errors_in_a_file_the_same_in_both_are_counted_at_both(lucli, history: Path) -> None:
    broken = history / "evidence" / "sources" / "zz-broken-2024-note.yaml"
    # An error that still gives a source, so that the earlier revision takes it from the later one.
    broken.write_text("id: zz-broken-2024-note\ntitle: Broken\npublishers: [alpha]\npublished: 2024\n"
                      "kind: article\nurl: ftp://example.org/note\nfindings: []\n", encoding="utf-8")
    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "broken")
    joint = history / "evidence" / "sources" / "beta-gamma-2023-joint-inquiry.yaml"
    joint.write_text(joint.read_text(encoding="utf-8").replace("far too long", "much too long"), encoding="utf-8")
    git(history, "commit", "-q", "-am", "reworded again")

    result = lucli("diff", "HEAD~1..HEAD", "--root", str(history))

    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: the evidence at")]
    assert [line.split(" has ")[1] for line in warned] == ["1 error; changes are worked out from the records that "
                                                           "could be read"] * 2
    assert "1 finding changed" in result.stdout.splitlines()[0]


@pytest.mark.parametrize("indexed", [True, False], ids=["index-current", "no-index"])
def test_digest_since_works_out_the_changes_in_a_process_of_its_own(lucli, history, tmp_path, monkeypatch,
                                                                    indexed: bool) -> None:
    from lucli.cli import common, index_apart

    if indexed:
        assert lucli("compare", "--root", str(history)).exit_code == 0
    loaded_in = tmp_path / "loaded-in"
    real = common.open_project_corpus

    def noting(*args, **kwargs):
        with loaded_in.open("a", encoding="ascii") as handle:  # a file: the process apart has memory of its own
            handle.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)
    monkeypatch.setattr(common, "open_project_corpus", noting)
    apart = lucli("digest", "--root", str(history), "-o", str(tmp_path / "apart"), "--since", "HEAD~1", "--date", DATE)
    assert apart.exit_code == 0, apart.stderr
    pids = set(loaded_in.read_text(encoding="ascii").split())
    monkeypatch.setattr(index_apart, "can_index_apart", lambda: False)
    here = lucli("digest", "--root", str(history), "-o", str(tmp_path / "here"), "--since", "HEAD~1", "--date", DATE)
    assert here.exit_code == 0, here.stderr

    assert pids and str(os.getpid()) not in pids  # the records and the revision's were read apart
    assert apart.stderr.replace("/apart", "/here") == here.stderr
    files = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "apart") for p in (tmp_path / "apart").rglob("*") if p.is_file())
    for name in files:
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name
    assert "**What changed since HEAD\\~1 (" in (tmp_path / "apart" / "index.md").read_text(encoding="utf-8")
