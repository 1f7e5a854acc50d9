"""A brief a cabinet member reads in five minutes: every bundled brief measured as a reader reads it.

Words are counted in prose, list items, table cells, quotes and the source list, not in markup or citation
numbers (tests/reports/reading.py). Every default brief is 600–1,000 words: on a crowded topic by keeping two
findings a voice, on thin evidence by giving each finding whole, with its sources' context.
"""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.reports.conftest import DATE
from tests.reports.reading import sentences, words

WORDS = (600, 1000)
"""The length budget of a default brief."""


def _topics() -> list[tuple[str, str, int]]:
    from lucli.cli.common import open_project_corpus
    from lucli.render.view_builder import build_corpus_view

    _project, corpus = open_project_corpus(REPO)
    view = build_corpus_view(corpus, dt.date.fromisoformat(DATE))
    found = [("principle", p.id, len(p.findings)) for p in view.principles]
    found += [("organisation", o.id, sum(len(view.sources_by_id[s].findings) for s in o.source_ids))
              for o in view.organisations]
    found += [("source", s.id, len(s.findings)) for s in view.sources]
    return found


TOPICS = _topics()


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every bundled brief, as the digest's markdown pages (which are the briefs themselves)."""
    from typer.testing import CliRunner

    from lucli.cli import app

    out = tmp_path_factory.mktemp("briefs") / "site"
    result = CliRunner().invoke(app, ["digest", "--root", str(REPO), "-o", str(out), "--date", DATE])
    assert result.exit_code == 0, result.stderr
    folders = {"principle": "principles", "organisation": "organisations", "source": "sources"}
    return {ident: (out / folders[kind] / f"{ident}.md").read_text(encoding="utf-8") for kind, ident, _ in TOPICS}


def test_every_bundled_brief_is_measured():
    assert len(TOPICS) == 26 + 8 + 6


@pytest.mark.parametrize(("kind", "ident", "findings"), TOPICS, ids=[t[1] for t in TOPICS])
def test_a_default_brief_keeps_to_the_budget(briefs, kind, ident, findings):
    count = words(briefs[ident])
    assert WORDS[0] <= count <= WORDS[1], f"{kind} brief on {ident}: {count} words from {findings} findings"


@pytest.mark.parametrize(("kind", "ident", "findings"), TOPICS, ids=[t[1] for t in TOPICS])
def test_no_sentence_of_eight_words_or_more_appears_twice(briefs, kind, ident, findings):
    long = [s for s in sentences(briefs[ident]) if len(s.split()) >= 8]
    repeated = [s for s, n in collections.Counter(long).items() if n > 1]
    assert repeated == [], f"{kind} brief on {ident}"


def test_each_finding_and_recommendation_appears_once(briefs):
    from lucli.cli.common import open_project_corpus

    _project, corpus = open_project_corpus(REPO)
    for ident in ("devolution", "lga", "ifg-2022-levelling-up-missions"):
        text = briefs[ident]
        for f in corpus.findings.values():
            lead = " ".join(f.statement.split())[1:60]
            assert text.count(lead) <= 1, f"{ident}: {f.global_id} twice"


def test_no_internal_note_reaches_print(briefs):
    notes = [c.note for s in _sources() for c in s.reported_in if c.note]
    assert notes
    for text in briefs.values():
        for note in notes:
            assert " ".join(note.split())[:40] not in " ".join(text.split())


def _sources():
    from lucli.cli.common import open_project_corpus

    _project, corpus = open_project_corpus(REPO)
    return list(corpus.sources.values())


def test_detail_full_gives_the_long_form(lucli):
    short = lucli("brief", "devolution", "--root", str(REPO), "--date", DATE, "--stdout").stdout
    full = lucli("brief", "devolution", "--root", str(REPO), "--date", DATE, "--stdout", "--detail", "full").stdout
    assert words(full) > words(short) + 200
    assert "further finding" not in full
    assert "## Challenges and responses" in full and "```mermaid" in full
    assert "```mermaid" not in short  # a cabinet brief has no code blocks


def test_appendix_gives_the_method_in_full_instead_of_a_link(lucli):
    text = lucli("brief", "devolution", "--root", str(REPO), "--date", DATE, "--stdout", "--appendix").stdout
    assert "## Method" in text and "**Evidence strength.**" in text
    assert "[the method page]" not in text


def test_an_unknown_detail_level_is_a_usage_error(lucli):
    result = lucli("brief", "devolution", "--root", str(REPO), "--stdout", "--detail", "long")
    assert result.exit_code == 2
    assert "'long' is not one of: brief, full" in result.stderr


def test_each_kind_of_brief_leads_with_the_answer(briefs):
    principle = briefs["devolution"].split("## Summary\n\n", 1)[1].splitlines()[0]
    assert principle.startswith("- **Some agreement (5 independent voices), limited evidence ●○○.** 4 of 5 "
                                "independent voices support devolution")
    organisation = briefs["ifg"].split("## Summary\n\n", 1)[1].splitlines()
    assert organisation[0].startswith("- **Will the levelling up missions help reduce regional inequality?** [1]. "
                                      "The Institute for Government tests the twelve missions")
    assert any(line.startswith("- It recommends: ") for line in organisation[:4])
    source = briefs["lga-2023-levelling-up-locally-inquiry"]
    assert source.split("## Summary\n\n", 1)[1].startswith("The LGA's City Regions Board")
    headings = [line for line in source.splitlines() if line.startswith("## ")]
    assert headings.index("## Evidence gaps") < headings.index("## What it finds")
    assert any(h.startswith("## What ") and h.endswith(" asked to do") for h in headings[:headings.index(
        "## Evidence gaps")])


def test_recommendations_are_grouped_by_whom_they_ask_to_act(briefs):
    text = briefs["lga"]
    assert "## What central government is asked to do" in text
    section = text.split("## What central government is asked to do", 1)[1].split("\n## ", 1)[0]
    assert "(also addressed to councils" in section or "(also addressed to combined authorities" in section


def test_points_to_consider_come_from_gaps_disagreements_and_thin_evidence(briefs):
    section = briefs["devolution"].split("## Points to consider\n\n", 1)[1].split("\n## ", 1)[0]
    assert "reservations of IfG" in section  # a disagreement
    assert "single source" in section  # thin evidence
    differ = briefs["devolution"].split("## Where they differ\n\n", 1)[1].split("\n## ", 1)[0]
    assert "on its timing" in differ  # what the disagreement is about


def test_the_committed_example_briefs_are_in_budget():
    for name in ("brief-devolution.md", "brief-single-pot-funding.md"):
        assert WORDS[0] <= words(Path(REPO / "reports" / name).read_text(encoding="utf-8")) <= WORDS[1]


def test_a_brief_on_thin_evidence_gives_its_context_and_its_gaps(briefs):
    """One recommendation from one voice: the reader gets the source in brief, every word of the finding, and
    where the silent voices stand nearby, so that silence can be told from a view."""
    text = briefs["independent-scrutiny"]
    voice = text.split("### IfG: ✓ supports\n\n", 1)[1].split("\n## ", 1)[0]
    assert voice.startswith("The Institute for Government tests the twelve missions")
    assert "IfG makes 1 recommendation on independent scrutiny and no other finding" in voice
    assert "> “Make the Levelling Up Advisory Council a fully independent body”" in text
    gaps = text.split("## Gaps in the evidence\n\n", 1)[1].split("\n## ", 1)[0]
    assert "  - Nearby, CIPFA + City-REDI [2], CEILUP [3], Demos + LIPSIT [4] and LGA [5] support accountability" \
        " and metrics." in gaps
    assert "- A stronger grade, ●○○ limited, would need empirical findings from 1 source." in gaps


def test_a_crowded_brief_keeps_its_gaps_without_the_context(briefs):
    text = briefs["devolution"]
    gaps = text.split("## Gaps in the evidence\n\n", 1)[1].split("\n## ", 1)[0]
    assert "Nearby," not in gaps
    assert "The Institute for Government tests" not in text
