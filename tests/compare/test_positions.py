"""Positions and verdicts on small hand-made corpora: every position, every agreement, and how sources count."""

from __future__ import annotations

import pytest

from lucli.analysis.verdicts import POSITIONS, VERDICTS, gaps, position, verdict, verdicts
from tests.compare.builders import corpus_of, finding, source

SUPPORT = ("devolution", "supports")
QUALIFY = ("devolution", "qualifies")
OPPOSE = ("devolution", "opposes")


@pytest.mark.parametrize(("stances", "expected"), [
    ([SUPPORT], "supports"),
    ([SUPPORT, SUPPORT], "supports"),
    ([OPPOSE], "opposes"),
    ([OPPOSE, OPPOSE], "opposes"),
    ([QUALIFY], "qualifies"),
    ([SUPPORT, QUALIFY], "qualifies"),
    ([SUPPORT, OPPOSE], "mixed"),
    ([QUALIFY, OPPOSE], "mixed"),
    ([], "silent"),
])
def test_an_organisations_findings_combine_into_one_position(stances, expected) -> None:
    findings = [finding(f"f{n}", stance) for n, stance in enumerate(stances)]
    other = finding("elsewhere", ("local-data", "supports"))
    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022", *findings, other))

    assert position(corpus, "alpha", "devolution").stance == expected


def test_every_position_is_covered_by_the_cases_above() -> None:
    assert set(POSITIONS) == {"supports", "opposes", "qualifies", "mixed", "silent"}


def _speakers(*stances: str) -> list:
    """One source per organisation, each with one finding on devolution."""
    names = ("alpha", "beta", "gamma", "delta")
    return [source(f"{name}-2022", (name,), "2022", finding("f", ("devolution", stance)))
            for name, stance in zip(names[:len(stances)], stances, strict=True)]


@pytest.mark.parametrize(("stances", "expected"), [
    (("supports", "supports", "supports"), "consensus"),
    (("supports", "supports", "supports", "supports"), "consensus"),
    (("supports", "supports", "qualifies"), "some agreement"),
    (("supports", "supports"), "some agreement"),
    (("qualifies", "qualifies", "qualifies"), "some agreement"),
    (("supports", "supports", "opposes"), "contested"),
    (("supports", "opposes"), "contested"),
    (("opposes", "opposes"), "contested"),
    (("supports",), "single voice"),
    (("opposes",), "single voice"),
    ((), "gap"),
])
def test_the_agreement_follows_from_independent_voices_positions(stances, expected) -> None:
    sources = _speakers(*stances)
    # Someone must publish something, or nobody is active; this source says nothing about devolution.
    sources.append(source("delta-2020", ("delta",), "2020", finding("g", ("local-data", "supports"))))
    corpus = corpus_of(*sources)

    assert verdict(corpus, "devolution").verdict == expected


def test_a_mixed_organisation_makes_a_principle_contested() -> None:
    corpus = corpus_of(
        source("alpha-2021", ("alpha",), "2021", finding("yes", SUPPORT)),
        source("alpha-2022", ("alpha",), "2022", finding("no", OPPOSE)),
        source("beta-2022", ("beta",), "2022", finding("yes", SUPPORT)))

    found = verdict(corpus, "devolution")

    assert [p.stance for p in found.positions] == ["mixed", "supports"]
    assert [p.voice.name for p in found.dissenting] == ["Alpha"]
    assert found.verdict == "contested"


def test_every_verdict_is_covered_by_the_cases_above() -> None:
    assert set(VERDICTS) == {"consensus", "some agreement", "contested", "single voice", "gap"}


def test_a_source_with_two_publishers_speaks_for_both_as_one_voice() -> None:
    corpus = corpus_of(source("joint-2022", ("alpha", "beta"), "2022", finding("f", SUPPORT)))

    found = verdict(corpus, "devolution")

    assert [(p.voice.name, p.stance) for p in found.positions] == [("Alpha + Beta", "supports")]
    assert found.verdict == "single voice"
    assert position(corpus, "alpha", "devolution").findings == position(corpus, "beta", "devolution").findings


def test_one_organisation_with_three_reports_counts_once_latest_report_first() -> None:
    corpus = corpus_of(
        source("alpha-2019", ("alpha",), "2019-05", finding("first", SUPPORT)),
        source("alpha-2023", ("alpha",), "2023-01-10", finding("third", SUPPORT)),
        source("alpha-2021", ("alpha",), "2021", finding("second", SUPPORT)))

    found = verdict(corpus, "devolution")

    assert len(found.speakers) == 1
    assert found.verdict == "single voice"
    assert [f.source_id for f in found.speakers[0].findings] == ["alpha-2023", "alpha-2021", "alpha-2019"]


def test_three_reports_from_one_organisation_are_no_consensus() -> None:
    corpus = corpus_of(*(source(f"alpha-{y}", ("alpha",), str(y), finding("f", SUPPORT)) for y in (2020, 2021, 2022)))

    assert verdict(corpus, "devolution").verdict == "single voice"


def test_organisations_without_sources_are_not_counted_as_silent() -> None:
    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022", finding("f", SUPPORT)))

    assert [p.voice.id for p in verdict(corpus, "devolution").positions] == ["alpha"]


def test_verdicts_put_the_most_discussed_principles_first_then_taxonomy_order() -> None:
    corpus = corpus_of(
        source("alpha-2022", ("alpha",), "2022", finding("a", ("local-data", "supports")),
               finding("b", ("clear-roles", "supports"))),
        source("beta-2022", ("beta",), "2022", finding("c", ("clear-roles", "opposes"))))

    order = [v.principle for v in verdicts(corpus)]

    assert order == ["clear-roles", "local-data", "devolution", "single-pot-funding", "long-term-funding"]


def test_gaps_name_unaddressed_and_single_voice_principles_and_notable_silences() -> None:
    corpus = corpus_of(
        source("alpha-2022", ("alpha",), "2022", finding("a", SUPPORT), finding("b", ("local-data", "supports"))),
        source("beta-2022", ("beta",), "2022", finding("c", SUPPORT)),
        source("gamma-2022", ("gamma",), "2022", finding("d", SUPPORT)),
        source("delta-2022", ("delta",), "2022", finding("e", ("clear-roles", "supports"))))

    found = gaps(corpus)

    assert found.unaddressed == ("single-pot-funding", "long-term-funding")
    assert found.single_voice == ("local-data", "clear-roles")
    assert found.silences == (("delta", "devolution"),)
