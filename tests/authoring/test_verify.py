"""`lucli verify`: every quote checked against archived texts, with located diagnostics and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

ARCHIVE = ("Rob Whiteman said: ‘This report shows there is no quick fix to addressing inequality.\n"
           "The answers are complex — but a long-term approach is needed coupled with sustained funding.’\n")

SOURCE = """\
id: alpha-2022-report
title: A report
publishers: [alpha]
published: 2022-03
kind: report
text: texts/alpha.txt
findings:
  - id: exact
    kind: finding
    statement: There is no quick fix.
    quote: "this report shows there is no quick fix to addressing inequality"
    principles:
      - id: devolution
  - id: typography
    kind: finding
    statement: A long-term approach.
    quote: "The answers are complex - but a long-term   approach is needed"
    principles:
      - id: devolution
  - id: near
    kind: finding
    statement: Sustained funding.
    quote: "a long-term approach is needed coupled with sustainable funding"
    principles:
      - id: devolution
  - id: missing
    kind: finding
    statement: Invented.
    quote: "councils should be abolished"
    principles:
      - id: devolution
  - id: elided
    kind: finding
    statement: Elided.
    quote: "no quick fix … a long-term approach is needed"
    principles:
      - id: devolution
"""

NO_TEXT = """\
id: beta-2023-note
title: A note
publishers: [beta]
published: 2023
kind: report
findings:
  - id: quoted
    kind: finding
    statement: Something.
    quote: "words with no archive"
    principles:
      - id: devolution
"""


@pytest.fixture
def quotes(make_repo, monkeypatch) -> Path:
    root = make_repo(sources={"alpha-2022-report": SOURCE, "beta-2023-note": NO_TEXT})
    (root / "evidence/texts").mkdir()
    (root / "evidence/texts/alpha.txt").write_text(ARCHIVE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_verified_near_missing_and_unverifiable_quotes(quotes: Path, lucli) -> None:
    result = lucli("verify")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "evidence/sources/alpha-2022-report.yaml:23:5: error[quote-not-found]: quote of 'alpha-2022-report/near' is "
        "not in its archived texts; closest passage (texts/alpha.txt, similarity 96%): \"a long-term approach is "
        "needed coupled with sustained funding.’\"; quote has 'sustainable' where the text has 'sustained'",
        "evidence/sources/alpha-2022-report.yaml:29:5: error[quote-not-found]: quote of 'alpha-2022-report/missing' "
        "is not in its archived texts; nothing like it in texts/alpha.txt; copy the words exactly from the source, "
        "or point `text:` at the right archive",
        "checked 6 quotes: 3 verified (0 to the page), 0 in coverage only, 2 not found, 1 unverifiable; 0 wrong pages"]
    assert [" ".join(line.split()) for line in result.stdout.splitlines()] == [
        "alpha-2022-report/exact verified texts/alpha.txt",
        "alpha-2022-report/typography verified texts/alpha.txt",
        "alpha-2022-report/near not found (closest 96%) texts/alpha.txt",
        "alpha-2022-report/missing not found texts/alpha.txt",
        "alpha-2022-report/elided verified texts/alpha.txt",
        "beta-2023-note/quoted unverifiable (no archived text) -"]


def test_a_texts_folder_serves_sources_without_an_archive_of_their_own(quotes: Path, lucli, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "note.txt").write_text("Here are some Words  with no archive, in a file.", encoding="utf-8")

    result = lucli("verify", "--texts", str(folder), "--format", "json")

    data = json.loads(result.stdout)
    assert data["counts"] == {"verified": 3, "coverage-only": 1, "not-found": 2, "unverifiable": 0, "wrong-page": 0}
    quoted = next(c for c in data["checks"] if c["finding"] == "beta-2023-note/quoted")
    assert quoted["status"] == "coverage-only" and quoted["archive"] == "note.txt"


def test_only_errors_fail(make_repo, monkeypatch, lucli) -> None:
    only_good = SOURCE.split("  - id: near")[0]
    root = make_repo(sources={"alpha-2022-report": only_good})
    (root / "evidence/texts").mkdir()
    (root / "evidence/texts/alpha.txt").write_text(ARCHIVE, encoding="utf-8")
    monkeypatch.chdir(root)

    assert lucli("verify").exit_code == 0
    assert lucli("verify", "--strict").exit_code == 0


def test_github_format(quotes: Path, lucli) -> None:
    result = lucli("verify", "--format", "github")

    assert result.stdout.splitlines()[1].startswith(
        "::error file=evidence/sources/alpha-2022-report.yaml,line=29,col=5,title=lucli quote-not-found::")


def test_a_missing_texts_folder_is_a_usage_error(quotes: Path, lucli) -> None:
    result = lucli("verify", "--texts", "nowhere")

    assert result.exit_code == 2
    assert "--texts: no such folder: nowhere" in result.stderr


def test_normalising_ignores_case_spacing_quotes_and_dashes() -> None:
    from lucli.authoring.normalise import fold

    assert fold("  ‘Long–term’  “FUNDING” —\n now ") == fold("'long term' \"funding\" now") == "'longterm''funding'now"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not on this machine")
def test_the_archived_coverage_texts_are_the_seed_articles() -> None:
    archived = sorted((REPO / "evidence/texts").glob("*.txt"))

    assert sorted(p.read_bytes() for p in archived) == sorted(p.read_bytes() for p in SEEDS.glob("*.txt"))


def test_plain_verify_on_the_bundled_corpus_verifies_every_quote_against_its_coverage(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["verify", "--root", str(REPO), "--require", "--format", "json"])

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    total = len(data["checks"])
    assert total >= 63
    assert data["counts"] == {"verified": 0, "coverage-only": total, "not-found": 0, "unverifiable": 0,
                              "wrong-page": 0}
    # Every quote credited to the report stands in quotation marks in its coverage, so said_by agrees too.
    assert any(c["said_by"] == "report" for c in data["checks"])
    assert data["diagnostics"] == []
