"""The caches serve a run from any folder: the record cache and the index keep no trace of where the run was, and
the locations printed are those a cold run from that folder prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from lucli.cli.app import app
from lucli.records import load as load_module
from tests.conftest import SOURCE

# An unknown key: a warning made when the file is checked, so it is kept in the cache with its location.
ODD = SOURCE.replace("    kind: recommendation\n", "    kind: recommendation\n    colour: blue\n")
WARNING = "warning[unknown-key]: unknown key 'colour' in finding"


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(sources={"alpha-2022-report": ODD})


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files parsed from here on (the evidence here is too small for worker processes: all in this one)."""
    files: list[str] = []
    real = load_module.load_file

    def counting(kind, text, shown, *args):
        files.append(shown)
        return real(kind, text, shown, *args)

    monkeypatch.setattr(load_module, "load_file", counting)
    return files


@pytest.fixture
def folders(repo: Path) -> dict[str, Path]:
    """Where a user may stand: the root, a sibling folder (`--root ../repo`), the parent, and inside the evidence."""
    (repo.parent / "elsewhere").mkdir()
    return {"the root": repo, "a sibling": repo.parent / "elsewhere", "the parent": repo.parent,
            "the sources": repo / "evidence" / "sources"}


def test_validate_from_another_folder_parses_nothing_and_shows_paths_from_there(repo, folders, runner, monkeypatch,
                                                                               parsed) -> None:
    monkeypatch.chdir(repo)
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert len(parsed) == 3  # cold: both taxonomies and the one source
    parsed.clear()

    first_lines = {}
    for name, folder in folders.items():
        monkeypatch.chdir(folder)
        warm = runner.invoke(app, ["validate", "--root", str(repo)])
        assert parsed == [], name
        cold = runner.invoke(app, ["validate", "--root", str(repo), "--no-cache"])
        parsed.clear()
        assert warm.exit_code == cold.exit_code == 0
        assert warm.stderr == cold.stderr, name
        first_lines[name] = warm.stderr.splitlines()[0]

    file = repo / "evidence" / "sources" / "alpha-2022-report.yaml"
    assert first_lines == {"the root": f"evidence/sources/alpha-2022-report.yaml:9:5: {WARNING}",
                           "a sibling": f"{file}:9:5: {WARNING}",
                           "the parent": f"repo/evidence/sources/alpha-2022-report.yaml:9:5: {WARNING}",
                           "the sources": f"alpha-2022-report.yaml:9:5: {WARNING}"}


def test_compare_from_another_folder_answers_from_the_index_written_elsewhere(repo, runner, monkeypatch,
                                                                              parsed) -> None:
    from lucli.cli import common

    monkeypatch.chdir(repo)
    assert runner.invoke(app, ["compare"]).exit_code == 0  # the cache and the index are written
    expected = runner.invoke(app, ["compare", "devolution", "--no-cache"]).stdout
    parsed.clear()
    monkeypatch.setattr(common, "open_project_corpus", lambda *a, **k: pytest.fail("every record read"))

    monkeypatch.chdir(repo.parent)
    result = runner.invoke(app, ["compare", "devolution", "--root", "repo"])

    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert parsed == []
