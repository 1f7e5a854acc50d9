"""An analyst's broken source file gets one located, explained error, never a traceback.

Each file in fixtures/ is one failure case; its first line says the expected
check and line: `# expect: <code> <line>`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(FIXTURES.glob("*.yaml"))


def _expectation(path: Path) -> tuple[str, int]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = re.match(r"# expect: ([a-z-]+) (\d+)", first)
    assert match, f"{path.name} needs an '# expect: code line' header"
    return match.group(1), int(match.group(2))


def test_there_is_a_fixture_for_at_least_twenty_failure_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("fixture", CASES, ids=[c.stem for c in CASES])
def test_each_broken_file_is_reported_at_its_line(fixture: Path, make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    code, line = _expectation(fixture)
    root = make_repo(sources={})
    shutil.copy(fixture, root / "evidence" / "sources" / fixture.name)
    monkeypatch.chdir(root)

    result = runner.invoke(app, ["validate", "--strict"])

    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    located = re.compile(rf"^evidence/sources/{re.escape(fixture.name)}:{line}:\d+: (error|warning)\[{code}\]: .+",
                         re.MULTILINE)
    assert located.search(result.stderr), result.stderr


@pytest.mark.parametrize(("fixture", "said"), [
    ("unknown-principle.yaml", "evidence/sources/unknown-principle.yaml:19:13: error[unknown-principle]: unknown "
                               "principle 'single-pot-fundng'; did you mean 'single-pot-funding'?"),
    ("bad-enum-kind.yaml", "evidence/sources/bad-enum-kind.yaml:6:7: error[bad-value]: 'reprot' is not a valid kind; "
                           "did you mean 'report'?"),
    ("bad-date.yaml", "evidence/sources/bad-date.yaml:5:12: error[bad-date]: 'published' '2022-02-30' is not a real "
                      "date: February 2022 has 28 days; check the day against the source"),
    ("publishers-empty.yaml", "evidence/sources/publishers-empty.yaml:4:1: error[empty-list]: 'publishers' needs at "
                              "least 1 item; list one under `publishers:`"),
], ids=["a typo in a principle suggests the nearest", "a bad value suggests the nearest",
        "an impossible date is explained", "an empty list says how many it needs in words"])
def test_the_error_says_what_is_wrong_and_how_to_mend_it(fixture, said, make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(sources={})
    shutil.copy(FIXTURES / fixture, root / "evidence" / "sources")
    monkeypatch.chdir(root)

    result = runner.invoke(app, ["validate"])

    assert said in result.stderr


def test_an_unknown_key_is_a_warning_that_fails_only_when_strict(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(sources={})
    shutil.copy(FIXTURES / "unknown-key.yaml", root / "evidence" / "sources")
    monkeypatch.chdir(root)

    relaxed = runner.invoke(app, ["validate"])
    strict = runner.invoke(app, ["validate", "--strict"])

    assert relaxed.exit_code == 0
    assert ("evidence/sources/unknown-key.yaml:3:1: warning[unknown-key]: unknown key 'titel' in source; "
            "did you mean 'title'?") in relaxed.stderr
    assert strict.exit_code == 1


def test_every_problem_in_every_file_is_reported_in_one_run(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(sources={})
    for name in ("bad-date.yaml", "bad-enum-kind.yaml", "unknown-principle.yaml", "duplicate-finding-id.yaml"):
        shutil.copy(FIXTURES / name, root / "evidence" / "sources")
    monkeypatch.chdir(root)

    result = runner.invoke(app, ["validate"])

    codes = re.findall(r"error\[([a-z-]+)\]", result.stderr)
    assert sorted(codes) == ["bad-date", "bad-value", "duplicate-id", "unknown-principle"]
    assert "4 errors, 0 warnings" in result.stderr


def test_a_response_to_a_misspelt_finding_suggests_the_nearest(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(sources={"alpha-2022-report": SOURCE_WITH_REPLY})
    monkeypatch.chdir(root)

    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 1
    assert ("evidence/sources/alpha-2022-report.yaml:16:15: error[unknown-finding]: source 'alpha-2022-report' "
            "has no finding 'devolv'; did you mean 'devolve'?") in result.stderr


SOURCE_WITH_REPLY = """\
id: alpha-2022-report
title: A report
publishers: [alpha]
published: 2022-03
kind: report
findings:
  - id: devolve
    kind: recommendation
    statement: Central government should devolve more power to places.
    principles: [{id: devolution}]
  - id: reply
    kind: critique
    statement: Not so fast.
    principles: [{id: devolution, stance: qualifies}]
    responds_to:
      - {ref: alpha-2022-report#devolv, relation: challenges, about: timing}
"""
