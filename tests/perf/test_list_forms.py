"""`lucli list` builds only the form its output format reads: the JSON payload for json, the rows for csv."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lucli.cli.app import app
from lucli.render.formats import listing_views
from tests.conftest import SOURCE

SECOND = SOURCE.replace("alpha-2022-report", "alpha-2023-report")


@pytest.fixture
def payloads_built(monkeypatch) -> list[str]:
    """Count the findings turned into their JSON form."""
    built: list[str] = []
    real = listing_views.finding_json

    def counted(corpus, finding, *args):
        built.append(finding.global_id)
        return real(corpus, finding, *args)

    monkeypatch.setattr(listing_views, "finding_json", counted)
    return built


@pytest.mark.parametrize("fmt", ["csv", "md", "table"])
def test_a_list_of_findings_as_rows_or_a_table_builds_no_json_payload(runner, make_repo, payloads_built,
                                                                      fmt: str) -> None:
    repo: Path = make_repo(sources={"alpha-2022-report": SOURCE, "alpha-2023-report": SECOND})

    result = runner.invoke(app, ["list", "findings", "-f", fmt, "--root", str(repo)])

    assert result.exit_code == 0, result.stderr
    assert "alpha-2023-report" in result.stdout
    assert payloads_built == []


def test_a_list_of_findings_as_json_builds_each_payload_once(runner, make_repo, payloads_built) -> None:
    repo: Path = make_repo(sources={"alpha-2022-report": SOURCE, "alpha-2023-report": SECOND})

    result = runner.invoke(app, ["list", "findings", "-f", "json", "--root", str(repo)])

    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert len(payloads_built) == len(items) == len(set(payloads_built)) > 0
