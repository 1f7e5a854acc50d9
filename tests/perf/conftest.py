"""Fixtures the performance tests share: the benchmark's synthetic corpus, and a copy of the bundled one."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="session")
def synth() -> ModuleType:
    """`bench/synth.py`, which writes the benchmark's synthetic corpora."""
    spec = importlib.util.spec_from_file_location("bench_synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def synthetic(synth: ModuleType, tmp_path: Path) -> Path:
    """A synthetic repository of 600 findings."""
    synth.generate(tmp_path / "synthetic", 600)
    return tmp_path / "synthetic"


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """The bundled corpus as a repository of one's own (the bundled one itself is never cached)."""
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "evidence", root / "evidence")
    return root
