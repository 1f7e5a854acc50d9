"""The documentation site's command pages, made from the real `--help` text so docs and help never differ.

Run `python -m lucli.cli.docpages` to rewrite docs/commands/; a test fails when the pages there are not
what this would write.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lucli.cli.conventions import GROUPS

HEADER = "<!-- Made from `lucli {path} --help` by `python -m lucli.cli.docpages`; do not edit by hand. -->\n\n"
MADE_WITH = "<!-- typer {version} laid the help out -->\n"
"""On the index page: help layout is typer's, so the pages are compared only with help from the same typer."""


def typer_version() -> str:
    """The version of typer that lays out the help."""
    from importlib.metadata import version

    return version("typer")
WIDTH = 100


def _commands() -> dict[str, object]:
    """Every command and group by its path after `lucli`, in help order (the app itself as '')."""
    from typer.main import get_command

    from lucli.cli import app

    found: dict[str, object] = {}

    def walk(command: object, path: str) -> None:
        found[path] = command
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    root = get_command(app)
    found[""] = root
    ordered = [n for _title, names in GROUPS for n in names if n in root.commands]  # type: ignore[attr-defined]
    for name in ordered + [n for n in root.commands if n not in ordered]:  # type: ignore[attr-defined]
        walk(root.commands[name], name)  # type: ignore[attr-defined]
    return found


def help_text(path: str) -> str:
    """`lucli PATH --help` as a reader at a 100-column terminal sees it, without colour."""
    from typer.testing import CliRunner

    from lucli.cli import app

    result = CliRunner().invoke(app, [*path.split(), "--help"], env={"COLUMNS": str(WIDTH), "NO_COLOR": "1"},
                                prog_name="lucli", terminal_width=WIDTH)
    return result.stdout


def _file_name(path: str) -> str:
    return (path.replace(" ", "-") or "lucli") + ".md"


def pages() -> dict[str, str]:
    """Every page of docs/commands/, by file name."""
    commands = _commands()
    out = {}
    for path in commands:
        if not path:
            continue
        title = f"lucli {path}"
        out[_file_name(path)] = (f"{HEADER.format(path=path)}# `{title}`\n\n```text\n{help_text(path).rstrip()}\n"
                                 "```\n")
    rows = []
    root = commands[""]
    for title, names in GROUPS:
        present = [n for n in names if n in root.commands]  # type: ignore[attr-defined]
        if present:
            rows.append(f"\n## {title}\n")
            for name in present:
                summary = root.commands[name].get_short_help_str(1000)  # type: ignore[attr-defined]
                rows.append(f"- [`lucli {name}`]({_file_name(name)}): {summary}")
    out["index.md"] = (HEADER.format(path="").replace("lucli  --help", "lucli --help")
                       + MADE_WITH.format(version=typer_version()) + "# Commands\n\n"
                       "Every page here is the command's own `--help`, so it always matches the installed lucli.\n"
                       + "\n".join(rows) + f"\n\n```text\n{help_text('').rstrip()}\n```\n")
    return out


def write(folder: Path) -> list[Path]:
    """Rewrite the pages in `folder`, removing pages of commands that are gone."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, text in wanted.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/commands")
    for page in write(target):
        print(page)
