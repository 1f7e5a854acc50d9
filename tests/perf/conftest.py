"""Fixtures shared by the performance tests: the benchmark's synthetic corpus and a copy of the bundled one."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def synth():
    """bench/synth.py, which writes a synthetic evidence repository of any size."""
    spec = importlib.util.spec_from_file_location("bench_synth_perf", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """The bundled corpus as a repository of one's own (the bundled one itself is never cached)."""
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "evidence", root / "evidence")
    return root


@pytest.fixture
def synthetic(synth, tmp_path: Path) -> Path:
    """A synthetic repository of 600 findings."""
    synth.generate(tmp_path / "synthetic", 600)
    return tmp_path / "synthetic"
