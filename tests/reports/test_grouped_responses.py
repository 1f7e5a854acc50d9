"""A voice that answers one finding from two of its reports: each report's page shows its own answer.

Responses are grouped by who answers, how, and to what, so the Beta Association's two challenges to the
same Alpha finding are one exchange. Each of Beta's reports must still list the response it makes, naming
its own finding only, on its briefing and on its digest page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.reports.conftest import DATE

ANSWERED = """\
    id: alpha-2021-report
    title: Devolution works
    publishers: [alpha]
    published: 2021-05
    kind: report
    findings:
      - id: devolve
        kind: finding
        statement: Places with devolved budgets grew faster than those without.
        principles:
          - {id: devolution, stance: supports}
"""


def _answer(year: int, finding: str, statement: str) -> str:
    return f"""\
    id: beta-{year}-response
    title: A reply of {year}
    publishers: [beta]
    published: {year}-02
    kind: report
    findings:
      - id: {finding}
        kind: finding
        statement: {statement}
        principles:
          - {{id: devolution, stance: qualifies}}
        responds_to:
          - {{ref: alpha-2021-report#devolve, relation: challenges}}
"""


EARLIER = "The faster growth began before any budget was devolved."
LATER = "The places compared differ in size, so growth cannot be put down to devolution alone."


@pytest.fixture
def answered_twice(make_repo: Callable[..., Path]) -> Path:
    from tests.reports.conftest import ORGANISATIONS, PRINCIPLES

    return make_repo(sources={"alpha-2021-report": ANSWERED,
                              "beta-2022-response": _answer(2022, "timing", EARLIER),
                              "beta-2023-response": _answer(2023, "sizes", LATER)},
                     organisations=ORGANISATIONS, principles=PRINCIPLES)


@pytest.mark.parametrize("source", ["beta-2022-response", "beta-2023-response"])
def test_each_report_briefing_lists_the_response_it_makes(lucli: Any, answered_twice: Path, source: str) -> None:
    result = lucli("brief", source, "--stdout", "--root", str(answered_twice), "--date", DATE)

    assert result.exit_code == 0, result.stderr
    assert "It challenges API (1 finding)" in result.stdout  # its own finding, not the other report's too


def test_the_voice_and_the_answered_report_count_both_answers(lucli: Any, answered_twice: Path) -> None:
    voice = lucli("brief", "beta", "--stdout", "--root", str(answered_twice), "--date", DATE)
    answered = lucli("brief", "alpha-2021-report", "--stdout", "--root", str(answered_twice), "--date", DATE)

    assert "It challenges API (2 findings)" in voice.stdout
    assert "challenges it (2 findings)" in answered.stdout


def test_each_report_digest_page_lists_the_response_it_makes(lucli: Any, answered_twice: Path,
                                                             tmp_path: Path) -> None:
    site = tmp_path / "site"

    result = lucli("digest", "-o", str(site), "--root", str(answered_twice), "--date", DATE)

    assert result.exit_code == 0, result.stderr
    for source in ("beta-2022-response", "beta-2023-response"):
        page = (site / "sources" / f"{source}.md").read_text(encoding="utf-8")
        assert "It challenges API (1 finding)" in page, source
    answered = (site / "sources" / "alpha-2021-report.md").read_text(encoding="utf-8")
    assert "challenges it (2 findings)" in answered


def test_a_voice_with_no_short_name_is_named_in_full_in_a_sentence(lucli: Any, answered_twice: Path,
                                                                   tmp_path: Path) -> None:
    # The Beta Association has no alias and a name too long for a column header, which shows its id ('beta')
    # beside a key; a sentence names it in full.
    answered = lucli("brief", "alpha-2021-report", "--stdout", "--root", str(answered_twice), "--date", DATE)
    lucli("digest", "-o", str(tmp_path / "site"), "--root", str(answered_twice), "--date", DATE)
    page = (tmp_path / "site" / "sources" / "alpha-2021-report.md").read_text(encoding="utf-8")
    matrix = lucli("compare", "-f", "md", "--root", str(answered_twice))

    assert "Beta Association challenges it (2 findings)" in answered.stdout
    assert "Beta Association challenges it (2 findings)" in page
    assert "beta challenges" not in answered.stdout + page
    assert "| beta |" in matrix.stdout.replace("  ", " ")  # the column header keeps the id
