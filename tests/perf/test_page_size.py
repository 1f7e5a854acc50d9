"""A page of the digest does not grow with the number of unrelated sources.

A source page compares its stances with the other organisations'. It names and cites at most
`NAMED` of them for each stance and counts the rest (the principle's own page lists every one), so the
page stays the same size whether ten or ten thousand other sources speak on the same principles, and
the digest grows in step with the evidence. Measured on the benchmark's synthetic corpora of 1k and 10k
findings: bytes per finding of the first source pages, which before the cap were 2.9 times as many at
10k as at 1k.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from lucli.cli.common import open_project_corpus
from lucli.render.brief import VIEW_TYPES, render_brief
from lucli.render.brief_parts import NAMED
from lucli.render.environment import Renderer, template_dirs
from lucli.render.view_builder import build_corpus_view
from tests.conftest import REPO

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def synth():
    spec = importlib.util.spec_from_file_location("bench_synth_pages", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _bytes_per_finding(root: Path, pages: int = 30) -> tuple[float, int]:
    """Mean bytes per finding of the first source briefings, and the most organisations named on one line."""
    _project, corpus = open_project_corpus(root, no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    sizes, cited = [], 0
    for source in view.sources[:pages]:
        text = render_brief(view, renderer, "source", source.id, TODAY, None).text
        sizes.append(len(text.encode("utf-8")) / len(source.findings))
        cited = max(cited, *(line.count("][") + 1 for line in text.splitlines() if line.startswith("- **")))
    return sum(sizes) / len(sizes), cited


def test_a_source_page_is_as_large_at_10k_findings_as_at_1k(synth, tmp_path: Path) -> None:
    synth.generate(tmp_path / "1k", 1_000)
    synth.generate(tmp_path / "10k", 10_000)

    small, _ = _bytes_per_finding(tmp_path / "1k")
    large, cited = _bytes_per_finding(tmp_path / "10k")

    assert large / small < 1.1
    assert cited <= 1 + 4 * NAMED  # its own, then each of four stances names and cites at most NAMED
