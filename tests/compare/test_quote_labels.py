"""Every quote says whose words it is, in compare, show, briefs and JSON alike."""

from __future__ import annotations

import json

import pytest

from lucli.records.model import Coverage, Finding, PrincipleRef, Source, Speaker
from lucli.render.wording import quote_label
from tests.compare.builders import corpus_of, org

ONE_OUTLET = (Coverage(outlet="LocalGov"),)
TWO_OUTLETS = (Coverage(outlet="LocalGov"), Coverage(outlet="LGA First"))


@pytest.mark.parametrize(("said_by", "outlet", "coverage", "label"), [
    ("report", None, ONE_OUTLET, "in the report's words"),
    ("coverage", None, ONE_OUTLET, "as LocalGov summarised it"),
    ("coverage", "LGA First", TWO_OUTLETS, "as LGA First summarised it"),
    ("coverage", None, TWO_OUTLETS, "as the press coverage summarised it"),  # which outlet is not said
    ("coverage", None, (Coverage(note="A news article; the outlet is not named."),),
     "as the press coverage summarised it"),
    (Speaker("Rob Whiteman", "chief executive", "alpha"), None, ONE_OUTLET,
     "Rob Whiteman, Alpha Institute's chief executive, said"),
    (Speaker("Paul Howell", "MP"), None, ONE_OUTLET, "Paul Howell, MP, said"),
    (Speaker(None, "director", "alpha"), None, ONE_OUTLET, "Alpha Institute's director said"),
    (Speaker(organisation="alpha"), None, ONE_OUTLET, "Alpha Institute said"),
    (None, None, ONE_OUTLET, "quoted"),
])
def test_each_said_by_gives_its_label(said_by, outlet, coverage, label) -> None:
    finding = Finding("f", "s", "finding", "Statement.", (PrincipleRef("devolution"),), quote="words",
                      said_by=said_by, outlet=outlet)
    source = Source("s", "Title", ("alpha",), "2022", "report", (finding,), reported_in=coverage)
    corpus = corpus_of(source, orgs=(org("alpha", "Alpha Institute", aliases=("AI",)),))

    assert quote_label(finding, source, corpus) == label


SOURCE = """\
id: alpha-2022-report
title: A report
publishers: [alpha]
published: 2022-03
kind: report
reported_in:
  - outlet: LocalNews
    title: Think tank backs devolution
findings:
  - id: own-words
    kind: finding
    statement: Power should follow place.
    quote: "Power must follow place"
    said_by: report
    principles: [{id: devolution}]
  - id: paraphrase
    kind: finding
    statement: Cities with more powers grew faster.
    quote: "cities with more powers grew faster"
    said_by: coverage
    principles: [{id: devolution}]
  - id: spoken
    kind: finding
    statement: Devolve budgets as well as powers.
    quote: "budgets, not just powers"
    said_by: {name: Ann Smith, role: director, organisation: alpha}
    principles: [{id: devolution}]
"""


def test_compare_and_briefs_credit_each_quote_and_flag_second_hand_findings(make_repo, runner) -> None:
    from lucli.cli import app

    root = str(make_repo(sources={"alpha-2022-report": SOURCE}))

    compared = runner.invoke(app, ["compare", "devolution", "-f", "md", "--root", root, "--no-cache"]).stdout
    brief = runner.invoke(app, ["brief", "devolution", "--stdout", "--date", "2025-06-01", "--root", root]).stdout
    data = json.loads(runner.invoke(app, ["compare", "devolution", "-f", "json", "--root", root,
                                          "--no-cache"]).stdout)

    for text in (compared, brief.replace(":\n\n  > ", ": ")):  # a brief sets the quote below its label
        assert "In the report's words: “Power must follow place”" in text
        assert "As LocalNews summarised it: “cities with more powers grew faster”" in text
        assert "Ann Smith, Alpha Institute's director, said: “budgets, not just powers”" in text
    assert "findings taken from press coverage, not the report itself" in compared
    # A brief says it once, above the source list, and marks each such entry with †.
    assert "† Read only through press coverage, not the report itself: its findings are second-hand." in brief
    assert "1. Alpha Institute (2022)" in brief and " †" in brief.split("\n1. ", 1)[1].splitlines()[0]
    said = [f["said_by"] for f in data["positions"][0]["findings"]]
    assert [s["kind"] for s in said] == ["report", "coverage", "person"]
    assert said[2] == {"kind": "person", "outlet": None, "name": "Ann Smith", "role": "director",
                       "organisation": "alpha", "label": "Ann Smith, Alpha Institute's director, said"}
    assert data["positions"][0]["findings"][0]["source"]["from_coverage"] is True
