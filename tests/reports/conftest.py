"""Fixtures for the report tests: a small evidence repository with agreement, caveats, opposition and silence."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DATE = "2025-06-01"
"""The generated date every report test pins, so output is byte-for-byte stable."""

ORGANISATIONS = """\
- id: alpha
  name: Alpha Institute for Place Policy
  kind: think-tank
  url: https://alpha.example.org
  aliases: [API]
- id: beta
  name: Beta Association
  kind: association
- id: gamma
  name: Gamma University Centre for Regions
  kind: university
  aliases: [GUCR]
- id: delta
  name: Delta Body
  kind: professional-body
- id: epsilon
  name: Epsilon Trust
  kind: other
- id: zeta
  name: Zeta Group
  kind: media
"""

PRINCIPLES = """\
- id: devolution
  label: Devolution
  description: Move powers and budgets from central to local government.
  aliases: [devolve power]
  related: [single-pot-funding]
- id: single-pot-funding
  label: Single-pot funding
  description: Replace ring-fenced funds with one flexible budget per place.
  aliases: [single pot]
- id: local-data
  label: Local data
  description: Publish data for each local area.
- id: independent-scrutiny
  label: Independent scrutiny
  description: Have a body independent of government report on progress.
"""

SOURCES = {
    "alpha-2020-devolution-review": """\
        id: alpha-2020-devolution-review
        title: "Devolution: a review of the evidence"
        publishers: [alpha]
        published: 2020-11-18
        kind: report
        url: https://alpha.example.org/devolution-review
        reported_in:
          - outlet: LocalNews
            title: "Think tank backs devolution"
            date: 2020-11-19
        findings:
          - id: cities-with-powers-grew
            kind: finding
            statement: >
              In the cities studied, those with more powers grew faster.
            quote: "cities with more powers grew faster"
            locator: "p. 12"
            principles:
              - {id: devolution, stance: supports}
              - {id: local-data, stance: supports}
            basis: [case-study, quantitative]
          - id: devolve-budgets
            kind: recommendation
            statement: >
              Central government should devolve budgets to combined authorities.
            principles:
              - {id: devolution, stance: supports}
              - {id: single-pot-funding, stance: supports}
    """,
    "beta-gamma-2023-joint-inquiry": """\
        id: beta-gamma-2023-joint-inquiry
        title: "A joint inquiry into local funding"
        publishers: [beta, gamma]
        published: 2023-03
        kind: inquiry
        findings:
          - id: deals-too-slow
            kind: critique
            statement: >
              Devolution deals take too long to agree, and Whitehall lacks the staff to agree them.
            principles:
              - {id: devolution, stance: qualifies}
              - {id: local-data, stance: opposes}
            basis: [roundtable]
          - id: one-pot
            kind: recommendation
            statement: >
              Merge competitive funds into one pot per place.
            principles:
              - {id: single-pot-funding, stance: supports}
            basis: [opinion]
    """,
    "delta-2024-funding-note": """\
        id: delta-2024-funding-note
        title: "Funding note"
        publishers: [delta]
        published: 2024
        kind: article
        findings:
          - id: keep-ring-fences
            kind: finding
            statement: >
              Ring-fenced grants protect services that would otherwise lose out.
            principles:
              - {id: single-pot-funding, stance: opposes}
              - {id: devolution, stance: supports}
    """,
    "epsilon-2022-data-paper": """\
        id: epsilon-2022-data-paper
        title: "Counting places"
        publishers: [epsilon]
        published: 2022-07
        kind: report
        findings:
          - id: publish-local-data
            kind: finding
            statement: >
              A review of 40 studies finds that local data sharpen spending decisions.
            principles:
              - {id: local-data, stance: supports}
            basis: [literature-review]
    """,
}


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    """The report-test evidence repository (root folder)."""
    return make_repo(sources=SOURCES, organisations=ORGANISATIONS, principles=PRINCIPLES)


@pytest.fixture
def lucli(runner: Any) -> Callable[..., Any]:
    """Run `lucli ARGS…` through the CLI runner."""
    from lucli.cli import app

    def run(*args: str) -> Any:
        return runner.invoke(app, list(args))

    return run


REWORDED = "Devolution deals take far too long to agree."
"""The joint inquiry's finding as `history`'s second commit words it."""


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=str(repo.parent), GIT_AUTHOR_DATE="2025-01-01T00:00:00",
               GIT_COMMITTER_DATE="2025-01-01T00:00:00")
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


@pytest.fixture
def history(repo) -> Path:
    """Two commits: the second rewords a finding, turns a caveat into opposition, adds and removes a source."""
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    joint = repo / "evidence" / "sources" / "beta-gamma-2023-joint-inquiry.yaml"
    text = joint.read_text(encoding="utf-8")
    text = text.replace("Devolution deals take too long to agree, and Whitehall lacks the staff to agree them.",
                        REWORDED)
    text = text.replace("{id: devolution, stance: qualifies}", "{id: devolution, stance: opposes}")
    joint.write_text(text, encoding="utf-8")
    (repo / "evidence" / "sources" / "epsilon-2022-data-paper.yaml").unlink()
    (repo / "evidence" / "sources" / "delta-2025-new-note.yaml").write_text(
        "id: delta-2025-new-note\ntitle: A new note\npublishers: [delta]\npublished: 2025-02\nkind: article\n"
        "findings:\n  - id: scrutiny\n    kind: recommendation\n    statement: Set up an independent body.\n"
        "    principles:\n      - {id: independent-scrutiny, stance: supports}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second")
    return repo
