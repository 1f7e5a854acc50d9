"""The README keeps its promises: the set-up commands are the ones CI runs, and every command is documented."""

from __future__ import annotations

import re

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    from lucli.cli import app

    found = []
    for info in app.registered_commands:
        found.append((info.name or info.callback.__name__.replace("_", "-"), info.callback))
    for group in app.registered_groups:
        for info in group.typer_instance.registered_commands:
            name = info.name or info.callback.__name__.replace("_", "-")
            found.append((f"{group.name} {name}", info.callback))
    return found


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # The first command CI runs (after the comments and the Chromium set-up) is the README's, word for word.
    command = next(line for line in ci.splitlines() if "pytest" in line)
    assert command.startswith("python3 -m venv .venv && ")
    assert f"\n{command}\n" in README


def test_the_readme_gives_a_command_that_installs_and_runs_compare() -> None:
    assert re.search(r"^python3 -m venv \.venv && \.venv/bin/pip install -q \. && \.venv/bin/lucli compare$",
                     README, re.MULTILINE)


def test_every_command_has_help_text_and_is_in_the_readme() -> None:
    commands = _commands()
    assert len(commands) >= 2
    for name, callback in commands:
        assert (callback.__doc__ or "").strip(), f"`lucli {name}` has no help text"
        assert f"`lucli {name}" in README, f"`lucli {name}` is not in the README"


def test_every_command_answers_help(runner) -> None:
    from lucli.cli import app

    for name, _ in _commands():
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.stdout


def test_version(runner) -> None:
    from lucli import __version__
    from lucli.cli import app

    result = runner.invoke(app, ["--version"])
    assert result.stdout == f"lucli {__version__}\n"
