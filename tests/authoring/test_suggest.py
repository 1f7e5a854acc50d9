"""`lucli suggest`: principles proposed for findings, with the words that matched, and how good it is."""

from __future__ import annotations

import json

from tests.conftest import REPO

UNTAGGED = """\
id: alpha-2023-draft
title: A draft
publishers: [alpha]
published: 2023
kind: report
findings:
  - id: one-budget
    kind: recommendation
    statement: Every place should get a single pot, one budget instead of many ring-fenced funds.
"""

# Measured on the bundled corpus when suggest was written (67 tagged findings): at least one chosen
# principle in the top 3 for 92.5 %, all of them for 71.6 %. The floors are those figures rounded
# down to the nearest 5 %, so a change that makes suggestions worse fails here.
ANY_FLOOR, ALL_FLOOR = 0.90, 0.70


def test_the_analysts_principles_are_usually_in_the_top_three() -> None:
    from lucli.analysis.suggest import Suggester, evaluate, load_principles, read_targets
    from lucli.records.project import evidence_files, find_project

    project = find_project(REPO)
    targets, unreadable = read_targets(project, [p for k, p in evidence_files(project) if k == "source"])
    result = evaluate(Suggester(load_principles(project)), targets, k=3)

    assert unreadable == []
    assert result.findings >= 50
    assert result.rate(result.any_hits) >= ANY_FLOOR
    assert result.rate(result.all_hits) >= ALL_FLOOR


def test_evaluate_reports_both_rates_with_and_without_aliases(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["suggest", "--evaluate", "--root", str(REPO)])

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("labels, aliases and descriptions: at least one chosen principle in the top 3 for ")
    assert lines[1].startswith("labels and descriptions only (no aliases): ")
    assert "all of them for" in lines[0]


def test_untagged_findings_get_suggestions_though_the_file_fails_validation(make_repo, monkeypatch, lucli) -> None:
    root = make_repo(sources={"alpha-2022-report": (REPO / "tests/conftest.py").read_text().split('SOURCE = """\\\n')[1]
                              .split('"""')[0], "alpha-2023-draft": UNTAGGED})
    monkeypatch.chdir(root)
    assert lucli("validate").exit_code == 1

    result = lucli("suggest", "--untagged")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "alpha-2023-draft/one-budget  (no principles yet)"
    assert result.stdout.splitlines()[1].split()[1] == "single-pot-funding"
    assert '"single pot"' in result.stdout.splitlines()[1]
    assert result.stderr == "1 finding with no principles\n"


def test_yaml_gives_a_principles_snippet_to_paste(make_repo, monkeypatch, lucli) -> None:
    monkeypatch.chdir(make_repo(sources={"alpha-2023-draft": UNTAGGED}))

    result = lucli("suggest", "alpha-2023-draft/one-budget", "--format", "yaml", "--limit", "1")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "# alpha-2023-draft/one-budget (evidence/sources/alpha-2023-draft.yaml:7)",
        "    principles:",
        result.stdout.splitlines()[2]]
    assert result.stdout.splitlines()[2].startswith("      - {id: single-pot-funding, stance: supports}   # score ")


def test_json_lists_scores_matched_words_and_chosen_principles(make_repo, monkeypatch, lucli) -> None:
    monkeypatch.chdir(make_repo())

    result = lucli("suggest", "alpha-2022-report", "--format", "json")

    data = json.loads(result.stdout)
    assert data[0]["finding"] == "alpha-2022-report/devolve"
    assert data[0]["chosen"] == ["devolution"]
    top = data[0]["suggestions"][0]
    assert top["principle"] == "devolution" and top["chosen"] is True
    assert "devolve" in top["matched"]
    assert 0 <= top["score"] <= 100


def test_an_unknown_target_is_a_usage_error_with_a_suggestion(make_repo, monkeypatch, lucli) -> None:
    monkeypatch.chdir(make_repo())

    result = lucli("suggest", "alpha-2022-reprot")

    assert result.exit_code == 2
    assert "no source file called 'alpha-2022-reprot'\nhint: did you mean 'alpha-2022-report'?" in result.stderr


def test_stems_and_stop_words() -> None:
    from lucli.analysis.suggest import stem, words

    assert stem("devolution") == stem("devolve") == stem("devolved")
    assert stem("communities") == stem("community")
    assert [w for w, _ in words("The councils should have the powers")] == ["councils", "powers"]
