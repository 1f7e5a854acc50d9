"""The command line behaves like gh or sqlite-utils: completion, -V, grouped help with examples, one error style."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.main import get_command

from lucli import __version__
from lucli.cli import app
from lucli.cli.conventions import GROUPS
from lucli.cli.examples import EXAMPLES


def _commands() -> dict[str, object]:
    """Every command by its path after `lucli` ('add source', 'compare', …), groups included."""
    root = get_command(app)
    found: dict[str, object] = {"": root}

    def walk(group: object, prefix: str) -> None:
        for name, command in group.commands.items():  # type: ignore[attr-defined]
            path = f"{prefix}{name}"
            found[path] = command
            if hasattr(command, "commands"):
                walk(command, path + " ")

    walk(root, "")
    return found


def test_dash_capital_v_prints_the_version(runner):
    result = runner.invoke(app, ["-V"])
    assert (result.exit_code, result.stdout) == (0, f"lucli {__version__}\n")


@pytest.fixture
def completion(monkeypatch):
    # Without this, typer guesses the shell from the process tree; the test names the shell instead.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


def test_bash_completion_script_and_answers(runner, completion):
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="lucli")
    assert script.exit_code == 0
    assert "_LUCLI_COMPLETE=complete_bash" in script.stdout
    assert "complete -o default -F _lucli_completion lucli" in script.stdout
    words = runner.invoke(app, [], prog_name="lucli",
                          env={"_LUCLI_COMPLETE": "complete_bash", "COMP_WORDS": "lucli com", "COMP_CWORD": "1"})
    assert words.stdout.split() == ["compare"]
    options = runner.invoke(app, [], prog_name="lucli",
                            env={"_LUCLI_COMPLETE": "complete_bash", "COMP_WORDS": "lucli compare --form",
                                 "COMP_CWORD": "2"})
    assert options.stdout.split() == ["--format"]


def test_zsh_completion_script_and_answers(runner, completion):
    script = runner.invoke(app, ["--show-completion", "zsh"], prog_name="lucli")
    assert script.exit_code == 0
    assert script.stdout.startswith("#compdef lucli")
    assert "_LUCLI_COMPLETE=complete_zsh" in script.stdout
    answer = runner.invoke(app, [], prog_name="lucli",
                           env={"_LUCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "lucli vali"})
    assert '"validate":"Check every evidence file' in answer.stdout


def test_help_lists_commands_grouped_in_the_order_an_analyst_meets_them(runner):
    text = runner.invoke(app, ["--help"]).stdout
    headings = re.findall(r"^(\w[\w ]*):$", text, re.MULTILINE)
    assert headings == ["Options", "Explore", "Report", "Author", "Check", "Examples"]
    listed = re.findall(r"^  ([a-z]+)  ", text, re.MULTILINE)
    expected = [name for _title, names in GROUPS for name in names if name in _commands()]
    assert listed == expected
    assert not re.search(r"^  [a-z]+  .*\.\.\.$", text, re.MULTILINE)  # summaries in full, never cut


def test_every_command_is_in_a_group():
    top = {path for path in _commands() if path and " " not in path}
    grouped = {name for _title, names in GROUPS for name in names}
    assert top - grouped == set(), "place new commands in lucli/cli/conventions.py GROUPS"


@pytest.mark.parametrize("path", sorted(p for p in _commands()))
def test_every_command_has_two_or_three_examples_that_use_real_options(runner, path):
    examples = EXAMPLES.get(path)
    assert examples and 2 <= len(examples) <= 3, f"lucli {path}: add 2-3 examples to lucli/cli/examples.py"
    commands = _commands()
    for line, what in examples:
        words = shlex.split(line.split(" > ")[0])
        assert words[0] == "lucli" and what
        depth = max(n for n in range(len(words)) if " ".join(words[1:1 + n]) in commands)
        command = commands[" ".join(words[1:1 + depth])]
        names = {n for p in getattr(command, "params", []) for n in (*p.opts, *p.secondary_opts)}
        for word in words[1 + depth:]:
            if word.startswith("-"):
                assert word in names, f"{line}: no option {word}"
    help_text = runner.invoke(app, [*path.split(), "--help"]).stdout
    assert help_text.rstrip().endswith(examples[-1][0])


@pytest.mark.parametrize("path", sorted(p for p in _commands() if p))
def test_help_names_values_in_words_not_python_types(runner, path):
    text = runner.invoke(app, [*path.split(), "--help"]).stdout
    usage = text.splitlines()[0]
    assert not re.search(r"<(list|str|int|path)\b|\{[A-Z_]+\}", text), text
    assert "{" not in usage


def test_short_flags_mean_one_thing_everywhere():
    meanings: dict[str, set[str]] = {}
    for command in _commands().values():
        for param in getattr(command, "params", []):
            names = [*param.opts, *param.secondary_opts]
            longs = tuple(n for n in names if n.startswith("--"))
            for short in (n for n in names if re.fullmatch(r"-[A-Za-z]", n)):
                meanings.setdefault(short, set()).add(longs[0] if longs else short)
    assert {short: longs for short, longs in meanings.items() if len(longs) > 1} == {}


@pytest.mark.parametrize(("args", "first", "last"), [
    (["compare", "--formt", "md"], "error: no option --formt; did you mean '--format'?",
     "hint: `lucli compare --help` shows the options and examples"),
    (["comapre"], "error: no command 'comapre'; did you mean 'compare'?", "hint: `lucli --help` shows the options"),
    (["show"], "error: missing argument ID", "hint: `lucli show --help` shows the options"),
    (["list", "sources", "--width", "x"], "error: --width: ", "hint: `lucli list --help`"),
    (["list", "sources", "--root"], "error: --root: ", "hint: `lucli list --help`"),
    (["compare", "--kind", "bogus"], "error: --kind: 'bogus' is not one of: finding, recommendation, critique, target",
     "hint: `lucli compare --help`"),
    (["add", "source", "--nope"], "error: no option --nope", "hint: `lucli add source --help`"),
])
def test_click_usage_errors_read_like_every_other_error(runner, args, first, last):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(first), result.stderr
    assert lines[-1].startswith(last)
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr
