"""The bundled corpus keeps faith with its sources: quotes are word for word, facts are not invented."""

from __future__ import annotations

import re

import pytest

from lucli.records.corpus import Corpus
from lucli.records.load import load_project
from lucli.records.project import find_project
from tests.conftest import REPO, SEEDS

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Fold whitespace, curly quotes, dashes and case, as `lucli verify` does."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip().lower()


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    loaded = load_project(find_project(REPO))
    assert not [d for d in loaded.diagnostics if d.severity == "error"]
    return Corpus.build(loaded.evidence)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside the repository")
def test_every_quote_occurs_word_for_word_in_the_seed_texts(corpus: Corpus) -> None:
    seeds = [normalise(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    quotes = [(gid, f.quote) for gid, f in corpus.findings.items() if f.quote]
    assert len(quotes) >= 30
    missing = [gid for gid, quote in quotes if not any(normalise(quote) in seed for seed in seeds)]
    assert missing == []


def test_quotes_are_short(corpus: Corpus) -> None:
    too_long = [gid for gid, f in corpus.findings.items() if f.quote and len(f.quote.split()) > 45]
    assert too_long == []


def test_statements_are_paraphrases_not_copies_of_the_quote(corpus: Corpus) -> None:
    copies = [gid for gid, f in corpus.findings.items() if f.quote and normalise(f.quote) in normalise(f.statement)]
    assert copies == []


def test_the_five_seed_sources_and_the_white_paper_are_there(corpus: Corpus) -> None:
    assert sorted(corpus.sources) == [
        "ceilup-2022-levelling-up-what-is-it",
        "cipfa-city-redi-2022-investing-in-regional-equality",
        "demos-lipsit-2020-achieving-levelling-up",
        "hm-government-2022-levelling-up-white-paper",
        "ifg-2022-levelling-up-missions",
        "lga-2023-levelling-up-locally-inquiry",
    ]


def test_dates_are_only_the_confirmed_ones(corpus: Corpus) -> None:
    published = {s.id: s.published for s in corpus.sources.values()}
    assert published == {
        "ceilup-2022-levelling-up-what-is-it": "2022",
        "cipfa-city-redi-2022-investing-in-regional-equality": "2022-02",
        "demos-lipsit-2020-achieving-levelling-up": "2020-11-18",
        "hm-government-2022-levelling-up-white-paper": "2022-02-02",
        "ifg-2022-levelling-up-missions": "2022-03-31",
        "lga-2023-levelling-up-locally-inquiry": "2023-03",
    }


def test_the_required_organisations_and_principles_exist(corpus: Corpus) -> None:
    assert {"cipfa", "city-redi", "ceilup", "demos", "lipsit", "ifg", "lga", "hm-government"} <= set(
        corpus.organisations)
    assert {"place-based-policy", "devolution", "long-term-funding", "single-pot-funding", "end-competitive-bidding",
            "accountability-and-metrics", "local-data", "clear-objectives", "central-coordination",
            "institutional-capacity", "community-voice", "social-infrastructure", "skills-and-education",
            "independent-scrutiny", "public-support"} <= set(corpus.principles)


@pytest.mark.parametrize(("source", "minimum"), [
    ("cipfa-city-redi-2022-investing-in-regional-equality", 4),
    ("ceilup-2022-levelling-up-what-is-it", 8),       # seven principles and the hyper-local claim
    ("demos-lipsit-2020-achieving-levelling-up", 12),  # three barriers, eight steps, the verdict
    ("ifg-2022-levelling-up-missions", 18),           # scorecard, devolution caution, eight recommendations
    ("lga-2023-levelling-up-locally-inquiry", 7),     # seven recommendations
])
def test_every_reported_finding_is_captured(corpus: Corpus, source: str, minimum: int) -> None:
    assert len(corpus.sources[source].findings) >= minimum


def test_numbered_lists_are_complete(corpus: Corpus) -> None:
    demos_steps = {f.locator for f in corpus.sources["demos-lipsit-2020-achieving-levelling-up"].findings}
    ifg_recs = {f.locator for f in corpus.sources["ifg-2022-levelling-up-missions"].findings}
    assert {f"step {n} of 8" for n in range(1, 9)} <= demos_steps
    assert {f"recommendation {n} of 8" for n in range(1, 9)} <= ifg_recs
    lga = corpus.sources["lga-2023-levelling-up-locally-inquiry"].findings
    assert sum(f.kind == "recommendation" for f in lga) == 7


def test_every_source_names_the_coverage_it_was_read_in(corpus: Corpus) -> None:
    assert all(s.reported_in for s in corpus.sources.values())
