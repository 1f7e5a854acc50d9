"""The analysis behind compare, list, show and search, on hand-made corpora."""

from __future__ import annotations

import pytest

from lucli.analysis.compare import compare_targets, profile, resolve_targets, short_name, stance_matrix, stand
from lucli.analysis.filters import Filters
from lucli.analysis.listing import findings_by_principle, list_organisations, list_principles, list_sources
from lucli.analysis.resolve import Target
from lucli.analysis.search import highlight_spans, query_words, search
from lucli.errors import UsageError
from tests.compare.builders import corpus_of, finding, org, source

ALPHA = Target("organisation", "alpha", "Alpha")
BETA = Target("organisation", "beta", "Beta")
GAMMA = Target("organisation", "gamma", "Gamma")


def _corpus():
    return corpus_of(
        source("alpha-2021", ("alpha",), "2021", finding("a", ("devolution", "supports"), ("local-data", "supports"))),
        source("alpha-2023", ("alpha",), "2023", finding("b", ("devolution", "qualifies"))),
        source("beta-2022", ("beta",), "2022", finding("c", ("devolution", "supports"), ("clear-roles", "opposes")),
               finding("d", ("single-pot-funding", "supports"))),
        source("gamma-2022", ("gamma",), "2022", finding("e", ("clear-roles", "supports")),
               finding("f", ("single-pot-funding", "supports"))))


def test_column_headers_use_the_shortest_alias_else_a_short_name_else_the_id() -> None:
    assert short_name(org("ifg", "Institute for Government", ("IfG", "Inst. for Govt"))) == "IfG"
    assert short_name(org("demos", "Demos")) == "Demos"
    assert short_name(org("cipfa", "Chartered Institute of Public Finance and Accountancy")) == "cipfa"


def test_the_matrix_has_active_voices_as_columns_and_most_discussed_principles_first() -> None:
    matrix = stance_matrix(_corpus())

    assert [v.id for v in matrix.voices] == ["alpha", "beta", "gamma"]
    assert [v.principle for v in matrix.rows][:3] == ["devolution", "single-pot-funding", "clear-roles"]
    assert [p.stance for p in matrix.rows[0].positions] == ["qualifies", "supports", "silent"]
    assert matrix.gaps.unaddressed == ("long-term-funding",)
    assert matrix.gaps.single_voice == ("local-data",)


def test_the_matrix_keeps_only_the_principles_asked_for() -> None:
    matrix = stance_matrix(_corpus(), ("clear-roles", "long-term-funding"))

    assert [v.principle for v in matrix.rows] == ["clear-roles", "long-term-funding"]
    assert matrix.gaps.unaddressed == ("long-term-funding",)
    assert matrix.gaps.single_voice == ()


def test_a_source_stands_on_a_principle_by_its_own_findings_only() -> None:
    corpus = _corpus()
    old = Target("source", "alpha-2021", "Title")

    assert stand(corpus, old, "devolution").stance == "supports"
    assert stand(corpus, ALPHA, "devolution").stance == "qualifies"
    assert stand(corpus, old, "clear-roles").stance == "silent"
    assert stand(corpus, Target("source", "filtered-away", "Gone"), "devolution").stance == "silent"


def test_a_profile_lists_positions_in_taxonomy_order_and_the_silences() -> None:
    found = profile(_corpus(), BETA)

    assert [(s.principle, s.stance) for s in found.stands] == [
        ("devolution", "supports"), ("single-pot-funding", "supports"), ("clear-roles", "opposes")]
    assert found.silent == ("long-term-funding", "local-data")


def test_two_targets_agree_differ_and_speak_alone() -> None:
    found = compare_targets(_corpus(), (ALPHA, BETA))

    assert [(s.principle, s.agreement, s.opposition) for s in found.shared] == [("devolution", "differ", False)]
    assert [s.principle for s in found.only[0].stands] == ["local-data"]
    assert [s.principle for s in found.only[1].stands] == ["single-pot-funding", "clear-roles"]


def test_disagreement_with_an_opponent_is_marked_as_opposition() -> None:
    found = compare_targets(_corpus(), (BETA, GAMMA))

    assert [(s.principle, s.agreement, s.opposition) for s in found.shared] == [
        ("single-pot-funding", "agree", False), ("clear-roles", "differ", True)]
    assert found.agree[0].principle == "single-pot-funding"
    assert found.differ[0].principle == "clear-roles"


def test_with_three_targets_shared_means_two_or_more_and_silence_is_kept() -> None:
    found = compare_targets(_corpus(), (ALPHA, BETA, GAMMA))

    devolution = found.shared[0]
    assert devolution.principle == "devolution"
    assert [s.stance for s in devolution.stands] == ["qualifies", "supports", "silent"]
    assert devolution.agreement == "differ"


def test_one_target_may_be_a_principle_but_several_must_be_organisations_or_sources() -> None:
    corpus = _corpus()

    assert resolve_targets(corpus, ["Devolution"])[0] == Target("principle", "devolution", "Devolution")
    assert [t.id for t in resolve_targets(corpus, ["alpha", "beta-2022"])] == ["alpha", "beta-2022"]
    with pytest.raises(UsageError) as raised:
        resolve_targets(corpus, ["alpha", "devolution"])
    assert raised.value.message == ("'devolution' is a principle; compare takes one principle, or two or more "
                                    "organisations or sources")
    with pytest.raises(UsageError, match="a second time"):
        resolve_targets(corpus, ["alpha", "Alpha"])


def test_list_sources_drops_sources_left_empty_by_finding_filters_only() -> None:
    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022"), source("beta-2022", ("beta",), "2022",
                                                                         finding("f", ("devolution", "supports"))))

    assert [s.id for s in list_sources(corpus, Filters())] == ["alpha-2022", "beta-2022"]
    assert [s.id for s in list_sources(corpus, Filters(kinds=("finding",)))] == ["beta-2022"]


def test_list_principles_and_organisations_count_what_is_said() -> None:
    corpus = _corpus()

    principles = {r.principle.id: (r.verdict, r.speakers, r.findings) for r in list_principles(corpus, Filters())}
    organisations = {r.organisation.id: (r.sources, r.findings, r.principles)
                     for r in list_organisations(corpus, Filters())}

    assert principles["devolution"] == ("some agreement", 2, 3)
    assert principles["long-term-funding"] == ("gap", 0, 0)
    assert organisations == {"alpha": (2, 2, 2), "beta": (1, 2, 3), "gamma": (1, 2, 2), "delta": (0, 0, 0)}


def test_a_sources_findings_are_grouped_by_principle_in_taxonomy_order() -> None:
    corpus = _corpus()

    groups = findings_by_principle(corpus, corpus.sources["beta-2022"])

    assert [(g.principle.id, [(f.id, s) for f, s in g.findings]) for g in groups] == [
        ("devolution", [("c", "supports")]), ("single-pot-funding", [("d", "supports")]),
        ("clear-roles", [("c", "opposes")])]


def test_search_ranks_an_exact_phrase_first_and_tolerates_typos() -> None:
    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022", finding("f", ("devolution", "supports"))))

    exact = search(corpus, "single-pot funding")
    typo = search(corpus, "singel pot")

    assert (exact[0].id, exact[0].field, exact[0].score) == ("single-pot-funding", "label", 100)
    assert typo[0].id == "single-pot-funding"
    assert 70 <= typo[0].score < 100


def test_search_looks_at_statements_quotes_titles_and_labels() -> None:
    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022", finding("f", ("local-data", "supports"))))

    kinds = {(h.kind, h.field) for h in search(corpus, "statement f", limit=50, cutoff=0)}

    assert {("finding", "statement"), ("source", "title"), ("principle", "label")} <= kinds


def test_search_is_deterministic_and_respects_the_limit() -> None:
    corpus = _corpus()

    first = search(corpus, "statement", limit=3)

    assert len(first) == 3
    assert first == search(corpus, "statement", limit=3)
    assert [h.id for h in first] == sorted(h.id for h in first)  # equal scores: ties broken by id


def test_search_marks_the_matching_words() -> None:
    text = "Replace competitive funds with a single pot of capital"

    spans = highlight_spans(text, query_words("singel pot"))

    assert [text[a:b] for a, b in spans] == ["single", "pot"]


def test_search_ignores_stop_words_unless_nothing_else_is_asked() -> None:
    assert query_words("the capacity of councils") == ["capacity", "councils"]
    assert query_words("the") == ["the"]
    assert search(_corpus(), "   ") == ()
