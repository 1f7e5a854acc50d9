"""Where the evidence is: --root at the evidence folder itself, and saying when the bundled corpus is used."""

from __future__ import annotations

import pytest

from lucli.cli import app, common


def test_root_at_the_evidence_folder_uses_the_repository_around_it(make_repo, runner, monkeypatch):
    root = make_repo()
    monkeypatch.chdir(root.parent)
    result = runner.invoke(app, ["validate", "--root", str(root / "evidence")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (f"note: --root {root / 'evidence'} is the evidence folder itself; "
                                             f"using the repository that holds it, {root}")
    listed = runner.invoke(app, ["list", "sources", "--root", str(root / "evidence"), "-f", "json"])
    assert listed.exit_code == 0 and "alpha-2022-report" in listed.stdout


def test_root_at_a_folder_that_is_neither_is_left_alone(tmp_path, runner):
    result = runner.invoke(app, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "note:" not in result.stderr
    assert "error[missing-file]: no evidence folder here" in result.stderr


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(common, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(common, "_TOLD", set())


BUNDLED = ("note: no evidence repository here (no lucli.yaml or evidence/ in this folder or above), so this is "
           "the bundled corpus; `lucli init` starts one of your own")


def test_the_bundled_corpus_is_named_once_on_a_terminal(tmp_path, runner, monkeypatch, terminal):
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["compare", "-f", "json"])
    assert first.exit_code == 0
    assert first.stderr.splitlines().count(BUNDLED) == 1
    assert first.stdout.startswith("{")  # data on stdout, the note on stderr only
    again = runner.invoke(app, ["list", "sources"])
    assert BUNDLED not in again.stderr  # once per process


def test_off_a_terminal_the_bundled_corpus_is_used_quietly(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["compare", "-f", "json"])
    assert result.exit_code == 0 and "note:" not in result.stderr
