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


def test_the_synthetic_corpus_has_independent_voices_and_one_government_under_review(tmp_path: Path) -> None:
    """Co-publishers are one voice, grouped transitively: random pairs over a thousand sources chained all fifty
    organisations into one voice, which held the government, so no verdict had an independent voice to count."""
    from lucli.analysis.voices import voices
    from lucli.cli.common import open_project_corpus

    _synth().generate(tmp_path / "repo", 5000)
    _project, corpus = open_project_corpus(tmp_path / "repo", no_cache=True)
    found = voices(corpus)

    assert len(found.evidence) == 41 and len(found.subject) == 1
    assert sum(len(v.organisations) == 2 for v in found.evidence) == 8
    assert [o.kind for o in corpus.organisations.values()].count("government") == 1
    assert not any(f.responds_to for f in corpus.findings.values())


def test_with_responses_a_share_of_findings_respond_to_another_organisations_record(tmp_path: Path,
                                                                                      runner) -> None:
    from lucli.analysis.voices import exchanges
    from lucli.cli.common import open_project_corpus

    _synth().generate(tmp_path / "repo", 5000, responses=0.03)
    result = runner.invoke(app, ["validate", "--root", str(tmp_path / "repo")])
    _project, corpus = open_project_corpus(tmp_path / "repo", no_cache=True)
    found = exchanges(corpus)

    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    assert 100 <= len(found) <= 200  # 3% of 5,000, less those that would answer their own publisher
    assert all(not set(corpus.sources[e.finding.source_id].publishers) & set(e.target_source.publishers)
               for e in found)
    assert sum(e.target_voice.role == "subject" for e in found) > len(found) / 3


def test_findings_are_spread_about_ten_to_a_source_file(tmp_path: Path) -> None:
    counts = _synth()._finding_counts(__import__("random").Random(1), 1000)

    assert sum(counts) == 1000 and len(counts) == 100
    assert min(counts) >= 6 and max(counts) <= 14


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_kept_corpus_is_used_again_only_when_it_was_written_alike(tmp_path: Path) -> None:
    run = _run_module()
    root = tmp_path / "corpora" / "tiny"
    stats, written = run.synthetic_corpus(root, 30, 0.0)
    first = root / "evidence" / "sources" / sorted(p.name for p in (root / "evidence" / "sources").iterdir())[0]
    before = first.stat().st_mtime_ns

    again, rewritten = run.synthetic_corpus(root, 30, 0.0)

    assert written and not rewritten and again == stats
    assert first.stat().st_mtime_ns == before  # not a file written again
    assert json.loads((tmp_path / "corpora" / "tiny.corpus.json").read_text(encoding="utf-8"))["made_with"][
        "findings"] == 30
    assert run.synthetic_corpus(root, 30, 0.2)[1]  # another share of responses
    assert run.synthetic_corpus(root, 40, 0.2)[1]  # another size
    assert not run.synthetic_corpus(root, 40, 0.2)[1]
    first = sorted((root / "evidence" / "sources").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "# a run cut short mid-edit\n", encoding="utf-8")
    stats, written = run.synthetic_corpus(root, 40, 0.2)
    assert written and "cut short" not in first.read_text(encoding="utf-8") and stats.findings == 40


def test_a_tiny_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(BENCH / "run.py"), "--sizes", "tiny", "--runs", "1", "--no-peer",
                          "--results", str(results), "--keep", str(tmp_path / "corpora")],
                         capture_output=True, text=True, timeout=600, check=False)

    assert run.returncode == 0, run.stderr
    assert "validate, cold (no cache)" in run.stdout and "targets" in run.stdout
    data = json.loads(results.read_text(encoding="utf-8"))
    figures = data["sizes"]["tiny"]["figures"]
    assert figures["validate_cold"]["status"] == "ok"
    # Every command the benchmark knows is found in `lucli --help`, whichever headings group them there.
    assert {f["status"] for f in figures.values()} == {"ok"}, figures
    # The digest is measured with the reference entries kept and with none kept, each on purpose.
    assert {"digest", "digest_first"} <= set(figures)
    assert data["machine"]["cpu_count"] >= 1 and data["peer"]["status"] == "skipped"
    assert (tmp_path / "corpora" / "tiny" / "evidence" / "principles.yaml").is_file()


def test_counting_a_change_to_the_pages_says_what_it_needs_when_valgrind_is_missing(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(BENCH / "pages.py"), "--corpus", str(tmp_path), "--before", "HEAD"],
                            capture_output=True, text=True, env={"PATH": str(tmp_path)}, check=False)

    assert result.returncode == 2
    assert "valgrind is not installed" in result.stderr


def _pages():
    spec = importlib.util.spec_from_file_location("bench_pages", BENCH / "pages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pages_counted_are_rendered_by_this_tree(tmp_path: Path) -> None:
    """The loop callgrind counts calls the digest's own internals, so it must keep step with them."""
    pages = _pages()
    corpus = tmp_path / "repo"
    _synth().generate(corpus, 60)
    pages._run(REPO, corpus, ["-m", "lucli", "compare"])  # the index, as a digest finds it

    for kind in ("source", "principle", "organisation", "findings"):
        run = subprocess.run(pages.loop_command(kind, 2), cwd=corpus, env=pages._environment(REPO),
                             capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 0, f"{kind}: {run.stderr}"
