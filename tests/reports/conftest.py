"""Fixtures for the report tests: a small evidence repository with agreement, caveats, opposition and silence."""

from __future__ import annotations

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
