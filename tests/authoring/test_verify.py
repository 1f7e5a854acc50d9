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


def test_exact_near_missing_and_unverifiable_quotes(quotes: Path, lucli) -> None:
    result = lucli("verify")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "evidence/sources/alpha-2022-report.yaml:23:5: warning[quote-differs]: quote of 'alpha-2022-report/near' is "
        "close to, but not the same as, texts/alpha.txt (score 95): \"a long-term approach is needed coupled with "
        "sustained funding.’\"; quote has 'sustainable' where the text has 'sustained'",
        "evidence/sources/alpha-2022-report.yaml:29:5: error[quote-not-found]: quote of 'alpha-2022-report/missing' "
        "is not in texts/alpha.txt (best match 43); copy the words exactly from the source, or point `text:` at "
        "the right archive",
        "checked 6 quotes: 3 exact, 1 close (warnings), 1 not found (errors), 1 unverifiable (no archived text)"]


def test_verbose_lists_the_unverifiable_quotes(quotes: Path, lucli) -> None:
    result = lucli("verify", "--verbose")

    assert "unverifiable: beta-2023-note/quoted (quote at evidence/sources/beta-2023-note.yaml:10:5) has no " \
           "archived text\n" in result.stderr


def test_a_texts_folder_serves_sources_without_an_archive_of_their_own(quotes: Path, lucli, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "note.txt").write_text("Here are some Words  with no archive, in a file.", encoding="utf-8")

    result = lucli("verify", "--texts", str(folder), "--format", "json")

    data = json.loads(result.stdout)
    assert data["counts"] == {"ok": 4, "close": 1, "missing": 1, "unverifiable": 0}
    quoted = next(c for c in data["checks"] if c["finding"] == "beta-2023-note/quoted")
    assert quoted["status"] == "ok" and quoted["archive"] == "note.txt"


def test_warnings_fail_only_with_strict(make_repo, monkeypatch, lucli) -> None:
    only_near = SOURCE.split("  - id: missing")[0]
    root = make_repo(sources={"alpha-2022-report": only_near})
    (root / "evidence/texts").mkdir()
    (root / "evidence/texts/alpha.txt").write_text(ARCHIVE, encoding="utf-8")
    monkeypatch.chdir(root)

    assert lucli("verify").exit_code == 0
    assert lucli("verify", "--strict").exit_code == 1


def test_github_format(quotes: Path, lucli) -> None:
    result = lucli("verify", "--format", "github")

    assert result.stdout.splitlines()[1].startswith(
        "::error file=evidence/sources/alpha-2022-report.yaml,line=29,col=5,title=lucli quote-not-found::")


def test_a_missing_texts_folder_is_a_usage_error(quotes: Path, lucli) -> None:
    result = lucli("verify", "--texts", "nowhere")

    assert result.exit_code == 2
    assert "--texts: no such folder: nowhere" in result.stderr


def test_normalising_ignores_case_spacing_quotes_and_dashes() -> None:
    from lucli.authoring.verify import normalise

    assert normalise("  ‘Long–term’  “FUNDING” —\n now ").text == "'long-term' \"funding\" - now"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not on this machine")
def test_every_quote_in_the_bundled_corpus_is_in_the_seed_texts(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["verify", "--root", str(REPO), "--texts", str(SEEDS), "--strict"])

    assert result.exit_code == 0, result.stderr
    assert " 0 unverifiable" in result.stderr
