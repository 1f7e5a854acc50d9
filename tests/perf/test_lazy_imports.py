"""`lucli --help` and `lucli --version` answer without importing what only real work needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("yaml", "jinja2", "rapidfuzz", "markupsafe", "lucli.records.load", "lucli.records.corpus",
         "lucli.render.environment")


def _imported(*args: str) -> set[str]:
    """The modules a `python -m lucli ARGS` process imports, read from -X importtime."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "lucli", *args],
                         capture_output=True, text=True, timeout=60, check=True)
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("compare", "--help")])
def test_help_and_version_import_no_parser_templates_or_matcher(args):
    modules = _imported(*args)
    assert "lucli.cli.app" in modules  # the measurement itself works
    assert not [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY]


def test_a_command_run_with_its_defaults_builds_no_pydantic_adapters(tmp_path, monkeypatch):
    # typer checks each option's value with pydantic; values left at their defaults are not checked again.
    monkeypatch.chdir(tmp_path)  # no repository here: the bundled corpus
    modules = _imported("compare")
    assert "lucli.cli.app" in modules and "lucli.records.load" in modules
    assert not [m for m in modules if m.split(".")[0] == "pydantic"]


def test_an_option_the_user_gives_is_still_checked_by_typer(runner):
    from lucli.cli import app

    result = runner.invoke(app, ["compare", "--width", "20"])

    assert result.exit_code == 2
    # Checked by typer (its wording varies between versions); reported in lucli's one error style.
    assert result.stderr.startswith("error: --width: ")
    assert "40" in result.stderr.splitlines()[0]


def test_a_path_the_user_gives_builds_no_pydantic_adapter(tmp_path, make_repo, runner):
    from lucli.cli import app

    repo = make_repo()
    output = tmp_path / "matrix.md"
    modules = _imported("compare", "--root", str(repo), "-f", "md", "-o", str(output))
    assert "lucli.records.load" in modules and output.read_text(encoding="utf-8").startswith("#")
    assert not [m for m in modules if m.split(".")[0] == "pydantic"]

    # It arrives as a path all the same: a folder given as the output file is refused.
    result = runner.invoke(app, ["compare", "--root", str(repo), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path} is a folder; -o takes a file name")


def test_words_the_user_gives_build_no_pydantic_adapter_and_arrive_as_typer_makes_them(tmp_path, monkeypatch,
                                                                                       runner):
    from lucli.cli import app, explore_cmd

    monkeypatch.chdir(tmp_path)  # no repository here: the bundled corpus
    words = ("compare", "devolution", "--principle", "devolution", "--principle", "local-data", "-f", "md")
    modules = _imported(*words)
    assert "lucli.records.load" in modules
    assert not [m for m in modules if m.split(".")[0] == "pydantic"]

    given: list[dict[str, object]] = []
    real = explore_cmd._remembered
    monkeypatch.setattr(explore_cmd, "_remembered", lambda project, command, arguments, *more: (
        given.append(arguments), real(project, command, arguments, *more))[1])
    assert runner.invoke(app, list(words)).exit_code == 0
    # A list of the words, in order: what typer's own check makes of them (its pydantic adapter for
    # `list[str] | None` in typer 0.29; its list converter in the lowest typer lucli declares, which has no
    # pydantic, and where this test is run too).
    assert given[0]["targets"] == ["devolution"] and type(given[0]["targets"]) is list
    assert given[0]["principle"] == ["devolution", "local-data"] and type(given[0]["principle"]) is list


def test_the_bundled_compare_prepares_no_index_it_would_never_write(tmp_path, monkeypatch):
    # The bundled corpus is never indexed; the README's first command must not pay for what an index keeps.
    monkeypatch.chdir(tmp_path)  # no repository here: the bundled corpus
    modules = _imported("compare")
    assert "lucli.records.load" in modules  # the records were read
    assert not {"lucli.render.indexed_facts", "lucli.render.brief", "lucli.analysis.search", "rapidfuzz"} & modules


def test_a_warm_compare_of_a_principle_imports_no_matcher(bundled_copy):
    # Answered from the index: the fuzzy matcher (rapidfuzz) is for search and "did you mean", not for this.
    subprocess.run([sys.executable, "-m", "lucli", "compare", "--root", str(bundled_copy)], capture_output=True,
                   timeout=120, check=True)  # the cache and the index are written
    modules = _imported("compare", "devolution", "--root", str(bundled_copy))
    assert "lucli.render.indexed_views" in modules  # answered from the index
    assert not {"rapidfuzz", "lucli.analysis.search"} & modules


def test_a_warm_question_about_a_principle_imports_no_process_pool_or_zip_reader(make_repo, monkeypatch):
    # A warm `compare PRINCIPLE` is answered from the index in this one process, printed: it starts no worker and
    # looks into no Word file, and importing those modules was a hundredth of its time at 100k findings.
    repo = make_repo()
    monkeypatch.chdir(repo)
    _imported("compare")  # the records read and the index written
    modules = _imported("compare", "devolution")
    assert "lucli.records.index" in modules  # answered from the index
    assert not [m for m in modules if m.split(".")[0] in ("multiprocessing", "zipfile")]
