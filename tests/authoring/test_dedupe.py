"""`lucli dedupe`: near-duplicate findings, found by blocking and rapidfuzz, with what was compared."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import SOURCE

BETA = """\
id: beta-2023-echo
title: An echo
publishers: [beta]
published: 2023
kind: report
findings:
  - id: same-claim
    kind: finding
    statement: Central government should devolve more powers to places.
    principles:
      - id: single-pot-funding
  - id: unrelated
    kind: finding
    statement: Ring-fenced grants fragment budgets.
    principles:
      - id: single-pot-funding
"""


def test_a_planted_near_duplicate_is_found_even_when_tagged_differently(make_repo, monkeypatch, lucli) -> None:
    monkeypatch.chdir(make_repo(sources={"alpha-2022-report": SOURCE, "beta-2023-echo": BETA}))

    result = lucli("dedupe")

    assert result.exit_code == 0
    assert result.stdout.splitlines()[:5] == [
        " 99  similar statements",
        "  alpha-2022-report/devolve",
        "    Central government should devolve more power to places.",
        "  beta-2023-echo/same-claim",
        "    Central government should devolve more powers to places."]
    assert result.stderr.startswith("compared ")
    assert result.stderr.endswith("blocks of 3 findings; 1 near-duplicate pair at threshold 85\n")


def test_fail_on_duplicates_and_threshold(make_repo, monkeypatch, lucli) -> None:
    monkeypatch.chdir(make_repo(sources={"alpha-2022-report": SOURCE, "beta-2023-echo": BETA}))

    assert lucli("dedupe", "--fail-on-duplicates").exit_code == 1
    strict = lucli("dedupe", "--threshold", "100", "--fail-on-duplicates")
    assert strict.exit_code == 0
    assert strict.stdout == ""
    assert "0 near-duplicate pairs at threshold 100" in strict.stderr


def test_json_and_csv(make_repo, monkeypatch, lucli) -> None:
    monkeypatch.chdir(make_repo(sources={"alpha-2022-report": SOURCE, "beta-2023-echo": BETA}))

    data = json.loads(lucli("dedupe", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(lucli("dedupe", "--format", "csv").stdout)))

    assert data["pairs"][0]["a"] == "alpha-2022-report/devolve" and data["pairs"][0]["score"] == 99
    assert data["comparisons"] > 0 and data["blocks"] > 0 and data["threshold"] == 85
    assert rows[0]["finding_b"] == "beta-2023-echo/same-claim" and rows[0]["field"] == "statement"


def _finding(source: str, ident: str, statement: str, principle: str, quote: str | None = None):
    from lucli.analysis.dedupe import Compared
    from lucli.records.model import Finding, PrincipleRef

    return Compared.of(Finding(ident, source, "finding", statement, (PrincipleRef(principle),), quote))


def test_a_statement_pasted_twice_is_caught_whatever_its_tags_and_blocks() -> None:
    from lucli.analysis.dedupe import near_duplicates

    filler = [_finding("s", f"f{i}", f"Common words here and there {i}", "p1") for i in range(30)]
    pasted = [_finding("a", "x", "Common words here and there", "p2"),
              _finding("b", "y", "Common words, here and there!", "p3")]

    report = near_duplicates(filler + pasted, max_block=5)

    assert ("a/x", "b/y", 100, "statement") in {(p.a, p.b, p.score, p.field) for p in report.pairs}
    assert report.skipped >= 1


def test_quotes_are_compared_too() -> None:
    from lucli.analysis.dedupe import near_duplicates

    report = near_duplicates([_finding("a", "x", "One thing.", "p1", "the exact words used"),
                              _finding("b", "y", "Another thing entirely.", "p1", "The exact words used")])

    assert [(p.a, p.b, p.field) for p in report.pairs] == [("a/x", "b/y", "quote")]
