"""The benchmark's own parts work: its synthetic corpus is valid evidence, and a tiny run goes end to end.

Nothing here times anything; the figures live in bench/results.json and docs/performance.md.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from lucli.cli.app import app
from tests.conftest import REPO

BENCH = REPO / "bench"


def _synth():
    spec = importlib.util.spec_from_file_location("bench_synth", BENCH / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_corpus_is_valid_evidence(tmp_path: Path, runner) -> None:
    stats = _synth().generate(tmp_path / "repo", 30)

    result = runner.invoke(app, ["validate", "--root", str(tmp_path / "repo")])

    assert result.exit_code == 0, result.stderr
    assert stats.findings == 30 and stats.sources == 3
    assert result.stderr.strip().endswith(
        "checked 5 files: 3 sources, 30 findings, 30 principles, 50 organisations; 0 errors, 0 warnings")


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    synth = _synth()
    synth.generate(tmp_path / "a", 40, seed=7)
    synth.generate(tmp_path / "b", 40, seed=7)

    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_findings_are_spread_about_ten_to_a_source_file(tmp_path: Path) -> None:
    counts = _synth()._finding_counts(__import__("random").Random(1), 1000)

    assert sum(counts) == 1000 and len(counts) == 100
    assert min(counts) >= 6 and max(counts) <= 14


def test_a_tiny_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(BENCH / "run.py"), "--sizes", "tiny", "--runs", "1", "--no-peer",
                          "--results", str(results), "--keep", str(tmp_path / "corpora")],
                         capture_output=True, text=True, timeout=120, check=False)

    assert run.returncode == 0, run.stderr
    assert "validate, cold (no cache)" in run.stdout and "targets" in run.stdout
    data = json.loads(results.read_text(encoding="utf-8"))
    figures = data["sizes"]["tiny"]["figures"]
    assert figures["validate_cold"]["status"] == "ok"
    # Every command the benchmark knows is found in `lucli --help`, whichever headings group them there.
    assert {f["status"] for f in figures.values()} == {"ok"}, figures
    assert data["machine"]["cpu_count"] >= 1 and data["peer"]["status"] == "skipped"
    assert (tmp_path / "corpora" / "tiny" / "evidence" / "principles.yaml").is_file()
