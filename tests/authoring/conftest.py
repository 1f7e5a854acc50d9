"""Fixtures for the authoring tests: a small writable evidence repository and a way to answer prompts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def repo(make_repo, monkeypatch) -> Path:
    """The tiny evidence repository from tests/conftest.py, as the working folder."""
    root = make_repo()
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def lucli(runner) -> Callable[..., Any]:
    """Run `lucli ARGS…` through the CLI runner, optionally answering prompts as if on a terminal."""
    from unittest import mock

    from lucli.cli import app

    def run(*args: str, input: str | None = None, tty: bool = False) -> Any:
        # CliRunner swaps stdin for a pipe, so a terminal is simulated by patching the isatty check.
        with mock.patch("lucli.cli.add_cmd._interactive", return_value=tty):
            return runner.invoke(app, list(args), input=input)

    return run
