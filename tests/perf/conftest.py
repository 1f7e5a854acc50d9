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
    synth.generate(tmp_path / "synthetic", 600)
    return tmp_path / "synthetic"


@pytest.fixture
def responding(synth, tmp_path: Path) -> Path:
    """A synthetic corpus in which one source in five responds to another source or to one of its findings."""
    return _responding(synth, tmp_path / "responding", 600)


@pytest.fixture
def few_responding(synth, tmp_path: Path) -> Path:
    """`responding` with 240 findings: for stories that render or ask everything again after each of many edits."""
    return _responding(synth, tmp_path / "responding", 240)


def _responding(synth, root: Path, findings: int) -> Path:
    synth.generate(root, findings)
    files = sorted((root / "evidence" / "sources").glob("*.yaml"))
    for number, path in enumerate(files[::5]):
        other = files[(number * 7 + 3) % len(files)]
        if other == path:
            continue
        first = next(line for line in other.read_text(encoding="utf-8").splitlines() if line.startswith("  - id: "))
        ref = other.stem + (f"#{first.split(': ', 1)[1]}" if number % 2 else "")
        relation = ("challenges", "rebuts", "endorses", "extends")[number % 4]
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n  - id: ")
        finding_id, _, after = rest.partition("\n")
        path.write_text(f"{head}\n  - id: {finding_id}\n    responds_to:\n      - {{ref: {ref}, relation: {relation}, "
                        f"about: design}}\n{after}", encoding="utf-8")
    return root


@pytest.fixture
def count_decoded(monkeypatch):
    """Call to start recording the id of every source row the SQLite index decodes; returns the list it fills."""
    from lucli.records import index as index_module

    def start() -> list[str]:
        decoded: list[str] = []
        real, real_sources = index_module.result_from_row, index_module.sources_from_rows

        def counting(row):
            found = real(row)
            decoded.extend(s.id for s in found.sources)
            return found

        def counting_sources(rows):
            found = real_sources(rows)
            decoded.extend(s.id for s in found)
            return found
        monkeypatch.setattr(index_module, "result_from_row", counting)
        monkeypatch.setattr(index_module, "sources_from_rows", counting_sources)
        return decoded
    return start
