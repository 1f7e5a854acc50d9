"""Fixtures for the compare tests: the tiny repository of builders.REPO_SOURCES and a CLI caller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.compare.builders import ORGANISATIONS, PRINCIPLES, REPO_SOURCES


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    """An evidence repository in which every verdict and every position occurs."""
    return make_repo(sources=REPO_SOURCES, organisations=ORGANISATIONS, principles=PRINCIPLES)


@pytest.fixture
def lucli(runner: Any, repo: Path) -> Callable[..., Any]:
    """Run `lucli ARGS… --root REPO` and return the result."""
    from lucli.cli import app

    def run(*args: str, root: Path | None = None) -> Any:
        return runner.invoke(app, [*args, "--root", str(root or repo)])

    return run
