"""The documentation site: a page per command made from its real --help, and an mkdocs build that is clean."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lucli.cli.docpages import MADE_WITH, pages, typer_version
from tests.conftest import REPO

COMMANDS = REPO / "docs" / "commands"


def test_the_command_pages_are_the_commands_own_help():
    made_with = MADE_WITH.format(version=typer_version())
    if made_with not in (COMMANDS / "index.md").read_text(encoding="utf-8"):
        pytest.skip("the pages were laid out by another typer (CI's run at the lowest versions)")
    wanted = pages()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in COMMANDS.glob("*.md")}
    stale = sorted(name for name in wanted.keys() | on_disk.keys() if wanted.get(name) != on_disk.get(name))
    assert stale == [], f"run `python -m lucli.cli.docpages` to refresh docs/commands/: {stale}"


def test_every_command_page_shows_its_examples():
    compare = (COMMANDS / "compare.md").read_text(encoding="utf-8")
    assert "Examples:\n  # the stance matrix, with the gaps\n  lucli compare\n" in compare


def test_mkdocs_builds_the_site_strictly(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "commands" / "compare" / "index.html").is_file()
    assert "WARNING" not in done.stderr
