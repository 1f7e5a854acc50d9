"""`lucli list`, `lucli show` and `lucli search`: finding one's way around the evidence."""

from __future__ import annotations

import json

import pytest


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("what", "ids"), [
    ("sources", ["alpha-2023-new", "beta-gamma-2022", "delta-2022", "alpha-2021-old"]),
    ("principles", ["devolution", "single-pot-funding", "long-term-funding", "local-data", "clear-roles"]),
    ("organisations", ["alpha", "beta", "gamma", "delta", "epsilon"]),
])
def test_list_gives_every_record_in_a_stable_order(lucli, what, ids) -> None:
    data = _json(lucli("list", what, "--format", "json"))

    assert data["view"] == "list"
    assert data["list"] == what
    assert [item["id"] for item in data["items"]] == ids


def test_list_findings_newest_source_first_with_their_stances(lucli) -> None:
    data = _json(lucli("list", "findings", "--format", "json"))

    assert [f["id"] for f in data["items"]][:2] == ["alpha-2023-new/timetable-caveat", "alpha-2023-new/pots-hurt"]
    assert data["items"][2]["principles"] == [{"id": "single-pot-funding", "stance": "supports"},
                                              {"id": "devolution", "stance": "supports"}]


def test_list_principles_as_a_table_gives_counts_and_verdicts(lucli) -> None:
    result = lucli("list", "principles")

    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["Single-pot", "funding", "single-pot-funding", "3", "4", "contested,", "limited", "evidence", "●○○"] in rows
    assert ["Local", "data", "local-data", "0", "0", "gap,", "no", "evidence", "—"] in rows


def test_list_organisations_as_csv(lucli) -> None:
    lines = lucli("list", "organisations", "--format", "csv").stdout.splitlines()

    assert lines[0] == "id,name,short,kind,sources,findings,principles"
    assert lines[1] == "alpha,Alpha Institute,AI,think-tank,2,4,2"
    assert lines[-1] == "epsilon,Epsilon Council,epsilon,other,0,0,0"


def test_list_sources_in_markdown(lucli) -> None:
    text = lucli("list", "sources", "--format", "md").stdout

    assert text.startswith("# Sources (4)\n")
    assert "| 2022-02 | A joint report on funding<br>beta-gamma-2022 | beta, GUCP | 2 |" in text


@pytest.mark.parametrize(("args", "ids"), [
    (["--principle", "clear roles"], ["beta-gamma-2022/roles", "delta-2022/roles-too"]),
    (["--organisation", "delta"], ["delta-2022/against", "delta-2022/long", "delta-2022/roles-too"]),
    (["--kind", "target"], ["delta-2022/long"]),
    (["--since", "2023"], ["alpha-2023-new/timetable-caveat", "alpha-2023-new/pots-hurt"]),
    (["--until", "2021-12"], ["alpha-2021-old/devolve", "alpha-2021-old/pots-help"]),
    (["--basis", "opinion", "--basis", "case-study"], ["delta-2022/against", "alpha-2021-old/devolve"]),
])
def test_list_findings_takes_every_filter(lucli, args, ids) -> None:
    data = _json(lucli("list", "findings", *args, "--format", "json"))

    assert [f["id"] for f in data["items"]] == ids


def test_list_sources_leaves_out_sources_with_no_finding_of_the_kind_asked_for(lucli) -> None:
    data = _json(lucli("list", "sources", "--kind", "target", "--format", "json"))

    assert [s["id"] for s in data["items"]] == ["delta-2022"]


def test_list_of_an_unknown_kind_is_a_usage_error(lucli) -> None:
    result = lucli("list", "reports")

    assert result.exit_code == 2
    assert "'reports' is not one of: sources, findings, principles, organisations" in result.stderr


def test_show_a_principle_gives_every_voices_position_and_findings(lucli) -> None:
    result = lucli("show", "single pot")

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Single-pot funding\n")
    assert "Also called: single pot." in out
    assert "Related: Devolution." in out
    assert ("Verdict: Contested (3 independent voices, 2 dissenting), limited evidence ●○○ (2 oppose or are\n"
            "mixed).") in out
    assert "Single pots weaken ring-fenced services." in out


def test_show_a_source_groups_its_findings_by_principle(lucli) -> None:
    data = _json(lucli("show", "beta-gamma-2022", "--format", "json"))

    assert data["view"] == "source"
    assert data["source"]["publishers"] == ["beta", "gamma"]
    assert [(g["principle"]["id"], [f["id"] for f in g["findings"]]) for g in data["principles"]] == [
        ("devolution", ["beta-gamma-2022/pot"]), ("single-pot-funding", ["beta-gamma-2022/pot"]),
        ("clear-roles", ["beta-gamma-2022/roles"])]


def test_show_an_organisation_gives_its_sources_and_positions(lucli) -> None:
    result = lucli("show", "Alpha Institute")

    out = result.stdout
    assert out.startswith("Alpha Institute\n")
    assert "Sources (2)" in out
    assert out.index("alpha-2023-new") < out.index("alpha-2021-old")
    assert "± mixed" in out
    data = _json(lucli("show", "alpha", "--format", "json"))
    assert [(p["principle"]["id"], p["position"]) for p in data["positions"]] == [
        ("devolution", "qualifies"), ("single-pot-funding", "mixed")]


def test_show_a_finding_gives_its_source_principles_quote_and_locator(lucli) -> None:
    result = lucli("show", "alpha-2023-new/timetable-caveat")

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Critique: alpha-2023-new/timetable-caveat\n")
    assert "• Source: Devolution, with care (2023-05-02), alpha-2023-new" in out
    assert "• Quote: “the timetable is unrealistic”" in out
    assert "• Locator: p. 7" in out
    assert "Devolution  ◐ qualifies" in out


def test_show_in_markdown(lucli) -> None:
    text = lucli("show", "delta-2022/long", "--format", "md").stdout

    assert text.startswith("# Target: delta-2022/long\n\nSettle funding for ten years.\n")
    assert "| Long-term funding | ✓ supports |" in text


def test_show_refuses_csv_and_unknown_ids(lucli) -> None:
    assert lucli("show", "alpha", "--format", "csv").exit_code == 2
    result = lucli("show", "alpah")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no principle or organisation or source or finding called 'alpah'\n"
                                    "hint: did you mean 'alpha'")


def test_search_ranks_matches_and_names_what_matched(lucli) -> None:
    data = _json(lucli("search", "one budget", "--format", "json"))

    assert data["view"] == "search"
    assert data["hits"][0] == {"rank": 1, "score": 100, "kind": "finding", "id": "beta-gamma-2022/pot",
                               "field": "statement", "text": "Give each place one budget and let it decide."}
    assert [h["score"] for h in data["hits"]] == sorted((h["score"] for h in data["hits"]), reverse=True)


def test_search_tolerates_typos(lucli) -> None:
    data = _json(lucli("search", "devolutoin", "--format", "json"))

    assert data["hits"][0]["id"] == "devolution"


def test_search_limit_and_filters(lucli) -> None:
    assert len(_json(lucli("search", "budget", "--limit", "1", "-f", "json"))["hits"]) == 1
    hits = _json(lucli("search", "budget", "--organisation", "alpha", "-f", "json"))["hits"]
    assert hits and all(h["id"].startswith("alpha-") or h["kind"] == "principle" for h in hits)
    kinds = _json(lucli("search", "budget", "--kind", "critique", "-f", "json"))["hits"]
    assert [h["id"] for h in kinds if h["kind"] == "finding"] == ["alpha-2023-new/pots-hurt"]


def test_search_as_table_and_csv(lucli) -> None:
    table = lucli("search", "one budget").stdout
    assert "1    100  Give each place one budget and let it decide." in table
    assert "\x1b" not in table
    csv_lines = lucli("search", "one budget", "--format", "csv").stdout.splitlines()
    assert csv_lines[:2] == [
        "rank,score,kind,id,field,text",
        "1,100,finding,beta-gamma-2022/pot,statement,Give each place one budget and let it decide."]


def test_search_with_no_match_says_so(lucli) -> None:
    result = lucli("search", "zzzzqqq")

    assert result.exit_code == 0
    assert ("Nothing matches “zzzzqqq” (scores below 65 are left out). Try fewer or different words, or drop a "
            "filter.") in " ".join(result.stdout.split())


def test_search_highlights_matches_on_a_terminal_only() -> None:
    from lucli.analysis.filters import Filters
    from lucli.render.formats import render
    from lucli.render.formats.search_view import search_document
    from tests.compare.builders import corpus_of, finding, source

    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022", finding("f", ("devolution", "supports"))))
    doc = search_document(corpus, Filters(), "devolution", 5)

    assert "\x1b[1;33mDevolution\x1b[0m" in render(doc, "table", width=80, color=True)
    assert "\x1b" not in render(doc, "table", width=80, color=False)
