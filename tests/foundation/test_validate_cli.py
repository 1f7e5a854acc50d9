"""Running `lucli validate` on real and broken repositories: formats, exit codes and root discovery."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import REPO


def test_the_bundled_corpus_is_valid(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--strict", "--root", str(REPO)])

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_a_valid_repository_exits_zero_with_a_summary(make_repo, runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--root", str(make_repo())])

    assert result.exit_code == 0
    assert result.stderr.strip() == ("checked 3 files: 1 source, 1 finding, 2 principles, 2 organisations; "
                                     "0 errors, 0 warnings")


def test_a_missing_root_is_a_usage_error(runner, tmp_path: Path) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--root", str(tmp_path / "nowhere")])

    assert result.exit_code == 2
    assert result.stderr == (f"error: --root: no such folder: {tmp_path / 'nowhere'}\n"
                             "hint: give the folder that holds evidence/ or lucli.yaml\n")


def test_an_unknown_format_is_a_usage_error(runner, make_repo) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--root", str(make_repo()), "--format", "xml"])

    assert result.exit_code == 2
    assert "'xml' is not one of: text, json, github" in result.stderr


def _broken_repo(make_repo) -> Path:
    return make_repo(sources={"alpha-2022-report": """\
        id: alpha-2022-report
        title: A report
        publishers: [alpha]
        published: 2022-02-30
        kind: report
        """})


def test_json_format_lists_diagnostics_on_stdout(make_repo, runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--root", str(_broken_repo(make_repo)), "--format", "json"])

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["format_version"] == 1
    [problem] = data["diagnostics"]
    assert problem["code"] == "bad-date" and problem["line"] == 4 and problem["col"] == 12
    assert problem["severity"] == "error"


def test_github_format_gives_workflow_annotations(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = _broken_repo(make_repo)
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["validate", "--format", "github"])

    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=evidence/sources/alpha-2022-report.yaml,line=4,col=12,title=lucli bad-date::"
        "'published' '2022-02-30' is not a real date")


def test_root_is_found_upwards_from_a_subfolder(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    (root / "notes" / "deep").mkdir(parents=True)
    monkeypatch.chdir(root / "notes" / "deep")

    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 0
    assert "1 source," in result.stderr


def test_lucli_root_environment_variable_is_used(make_repo, runner, tmp_path, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"], env={"LUCLI_ROOT": str(root)})

    assert result.exit_code == 0
    assert "1 source," in result.stderr


def test_lucli_yaml_can_move_the_evidence_folder(make_repo, runner, tmp_path) -> None:
    from lucli.cli import app

    root = make_repo()
    (root / "evidence").rename(root / "data")
    (root / "lucli.yaml").write_text("evidence: data\n", encoding="utf-8")

    result = runner.invoke(app, ["validate", "--root", str(root)])

    assert result.exit_code == 0, result.stderr


def test_with_no_repository_the_bundled_corpus_is_used(runner, tmp_path, monkeypatch) -> None:
    from lucli.cli import app
    from lucli.records.project import find_project

    monkeypatch.chdir(tmp_path)
    project = find_project()
    result = runner.invoke(app, ["validate"])

    assert project.bundled
    assert project.evidence.resolve() == (REPO / "evidence").resolve() or "_bundled" in str(project.evidence)
    assert result.exit_code == 0
    assert "(bundled corpus)" in result.stderr


def test_an_empty_evidence_folder_is_reported_not_crashed(runner, tmp_path) -> None:
    from lucli.cli import app

    (tmp_path / "evidence").mkdir()
    result = runner.invoke(app, ["validate", "--root", str(tmp_path)])

    assert result.exit_code == 1
    assert "organisations.yaml is missing" in result.stderr
    assert "no sources folder" in result.stderr


def test_cross_file_problems_point_at_their_line(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(principles="""\
        - id: devolution
          label: Devolution
          description: Move powers.
          related: [devolutoin]
        - id: devolution
          label: Devolution again
          description: Duplicate.
        """, organisations="""\
        - id: alpha
          name: Alpha
          kind: think-tnak
        """)
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 1
    assert ("evidence/organisations.yaml:3:9: error[bad-value]: 'think-tnak' is not a valid kind; "
            "did you mean 'think-tank'?") in result.stderr
    assert ("evidence/principles.yaml:4:13: error[unknown-principle]: related principle 'devolutoin' is not "
            "in principles.yaml; did you mean 'devolution'?") in result.stderr
    assert ("evidence/principles.yaml:5:3: error[duplicate-id]: duplicate principle id 'devolution'; "
            "first at line 1") in result.stderr


def test_a_source_file_that_is_a_folder_is_reported(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    (root / "evidence" / "sources" / "odd.yaml").mkdir()
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 1
    assert ("evidence/sources/odd.yaml:1:1: error[not-a-file]: is a folder, not a file; move or rename it"
            in result.stderr)


def test_no_diagnostic_leaks_to_stdout_in_text_mode(make_repo, runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["validate", "--root", str(_broken_repo(make_repo))])

    assert result.stdout == ""
    assert os.linesep not in result.stdout


COVERAGE_TEXT = """\
Think tank backs devolution

A new report says places should run their own budgets. “Power must follow place,” the report says.
The reporter adds that cities with more powers grew faster.
"""

CREDITED = """\
id: alpha-2022-report
title: A report
publishers: [alpha]
published: 2022-03
kind: report
reported_in:
  - outlet: LocalNews
    text: texts/localnews.txt
findings:
  - id: quoted-by-the-outlet
    kind: finding
    statement: Power should follow place.
    quote: "Power must follow place"
    said_by: report
    principles: [{id: devolution}]
  - id: the-reporters-words
    kind: finding
    statement: Cities with more powers grew faster.
    quote: "cities with more powers grew faster"
    said_by: report
    principles: [{id: devolution}]
"""


def test_a_quote_credited_to_the_report_but_only_in_the_coverage_is_warned_about(make_repo, runner,
                                                                                 monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(sources={"alpha-2022-report": CREDITED})
    (root / "evidence" / "texts").mkdir()
    (root / "evidence" / "texts" / "localnews.txt").write_text(COVERAGE_TEXT, encoding="utf-8")
    monkeypatch.chdir(root)

    plain = runner.invoke(app, ["validate"])
    strict = runner.invoke(app, ["validate", "--strict"])

    # The outlet puts the first quote in quotation marks (the report's words); the second is its own prose.
    assert plain.exit_code == 0 and strict.exit_code == 1
    assert plain.stderr.splitlines()[0] == (
        "evidence/sources/alpha-2022-report.yaml:19:5: warning[said-by-report-in-coverage]: quote of "
        "'alpha-2022-report/the-reporters-words' says `said_by: report`, but it is found only in the press coverage "
        "(texts/localnews.txt), and not in quotation marks there; write `said_by: coverage` if these are the "
        "outlet's words, or archive the report itself with `lucli texts add` so the quote can be checked against it")
    assert "0 errors, 1 warning" in plain.stderr
