"""`lucli brief`: a policy officer asks what organisations say about a principle, an organisation or a source."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import SOURCE
from tests.reports.conftest import DATE


def _commonmark_problems(text: str) -> list[str]:
    """Raw HTML in a brief would be passed through by pandoc and GitHub: there must be none."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found = []
    for token in tokens:
        for t in [token, *(token.children or [])]:
            if t.type in ("html_block", "html_inline"):
                found.append(t.content)
    return found


def test_principle_brief_matches_the_golden_file(lucli, repo, golden):
    result = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout")
    assert result.exit_code == 0, result.stderr
    golden("reports/brief-devolution.md", result.stdout)


def test_organisation_and_source_briefs_match_their_golden_files(lucli, repo, golden):
    org = lucli("brief", "Beta Association", "--root", str(repo), "--date", DATE, "--stdout")
    source = lucli("brief", "alpha-2020-devolution-review", "--root", str(repo), "--date", DATE, "--stdout")
    assert (org.exit_code, source.exit_code) == (0, 0), org.stderr + source.stderr
    golden("reports/brief-beta.md", org.stdout)
    golden("reports/brief-alpha-2020-devolution-review.md", source.stdout)


def test_the_brief_follows_the_outline(lucli, repo):
    text = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Devolution: what 3 independent voices say", "## Summary", "## At a glance",
        "## What the principle means", "## What each voice says", "### API: ✓ supports",
        "### Beta Association and GUCR: ◐ qualifies", "### Delta Body: ✓ supports", "## Where they agree",
        "## Where they differ", "## Other recommendations", "## How strong the evidence is",
        "## Gaps in the evidence", "## Points to consider", "## Sources"]
    summary = text.split("## Summary")[1].split("##")[0]
    # Beta and Gamma published together: one voice. Agreement and strength are stated together.
    assert summary.strip().splitlines()[0] == (
        "- **Some agreement (3 independent voices), limited evidence ●○○.** 2 of 4 independent voices support "
        "devolution, 1 qualifies its support and none opposes it.")
    assert "Generated 1 June 2025 · latest source 2024 · 3 sources" in text
    # Acronyms are spelt out once, then used.
    assert text.count("Alpha Institute for Place Policy (API)") == 1  # first mention (the table), then "API"
    assert "API finds that" in text
    assert "| Epsilon Trust | — no position found | — | — | — |" in text
    assert "No position found for Epsilon Trust." in text
    # Only one of the three sources is old: the flag says something, so it is on that entry.
    assert "More than 3 years old." in [line for line in text.split("## Sources")[1].splitlines()
                                        if line.startswith("1. ")][0]
    # The method is one sentence and a link, not a page of boilerplate in every brief.
    assert text.rstrip().endswith("is on [the method page](digest/method.md).*")


def test_every_claim_cites_a_numbered_source(lucli, repo):
    text = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    section = text.split("## What each voice says")[1].split("## Where they agree")[0]
    claims = [line for line in section.splitlines() if line.startswith("- ") and "recommendation" not in line]
    assert claims and all("[" in line and "]" in line for line in claims)
    assert "- API finds that in the cities studied, those with more powers grew faster [1, p. 12]." in section
    assert "- Delta Body argues that ring-fenced grants" in section  # no empirical basis: argues, not finds


def test_the_brief_is_commonmark_without_raw_html(lucli, repo):
    text = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    assert _commonmark_problems(text) == []
    tables = [line for line in text.splitlines() if line.startswith("|")]
    assert tables[0] == "| Voice | Stance | Findings | Evidence | Key source |"
    assert tables[1] == "|---|---|---|---|---|"


def test_brief_writes_under_reports_named_after_the_slug(lucli, repo):
    result = lucli("brief", "single pot", "--root", str(repo), "--date", DATE)
    assert result.exit_code == 0, result.stderr
    written = repo / "reports" / "brief-single-pot-funding.md"
    assert result.stderr == f"wrote {written}\n"
    assert written.read_text(encoding="utf-8").startswith("# Single-pot funding: what 3 independent voices say\n")


def test_brief_writes_to_the_chosen_file(lucli, repo, tmp_path):
    target = tmp_path / "out" / "devolution.md"
    target.parent.mkdir()
    assert lucli("brief", "devolution", "--root", str(repo), "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Devolution")


def test_check_passes_when_fresh_and_fails_when_stale(lucli, repo):
    assert lucli("brief", "devolution", "--root", str(repo), "--date", DATE).exit_code == 0
    path = repo / "reports" / "brief-devolution.md"
    fresh = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--check")
    assert (fresh.exit_code, fresh.stderr) == (0, f"up to date: {path}\n")
    path.write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    stale = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--check")
    assert (stale.exit_code, stale.stderr) == (1, f"stale: {path}\n")
    path.unlink()
    missing = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--check")
    assert (missing.exit_code, missing.stderr) == (1, f"missing: {path}\n")
    assert not path.exists()  # --check never writes


def test_an_unknown_topic_is_a_usage_error_with_a_suggestion(lucli, repo):
    result = lucli("brief", "devolutoin", "--root", str(repo))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no principle or organisation or source called 'devolutoin'\n")
    assert "hint: did you mean 'devolution'" in result.stderr


def test_a_bad_date_is_a_usage_error(lucli, repo):
    result = lucli("brief", "devolution", "--root", str(repo), "--date", "2025-13-01")
    assert result.exit_code == 2
    assert "'2025-13-01' is not a date in the form YYYY-MM-DD" in result.stderr


def test_the_same_input_gives_the_same_bytes(lucli, repo):
    first = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    second = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout
    assert first == second


def test_a_principle_nobody_addresses_gets_an_honest_brief(lucli, repo):
    text = lucli("brief", "independent-scrutiny", "--root", str(repo), "--date", DATE, "--stdout").stdout
    assert text.startswith("# Independent scrutiny: what the evidence base says\n")
    assert ("- **Gap (no independent voice), no evidence —.** None of the 4 independent voices in this evidence "
            "base takes a position") in text
    assert "No organisation in this evidence base has a recorded position on independent scrutiny." in text


def test_stale_sources_are_flagged_relative_to_the_generated_date(lucli, repo):
    later = lucli("brief", "alpha-2020-devolution-review", "--root", str(repo), "--date", "2023-11-17",
                  "--stdout").stdout
    assert "More than 3 years old." not in later
    older = lucli("brief", "alpha-2020-devolution-review", "--root", str(repo), "--date", "2023-11-19",
                  "--stdout").stdout
    assert "More than 3 years old." in older
    # Ten years on, every source cited is old: one line says so, and no entry carries a flag.
    decade = lucli("brief", "alpha-2020-devolution-review", "--root", str(repo), "--date", "2035-01-01",
                   "--stdout").stdout
    assert "Every source cited is more than 3 years old: positions may have moved since." in decade
    assert "More than 3 years old." not in decade


def test_a_template_can_be_chosen_by_path(lucli, repo, tmp_path):
    mine = tmp_path / "short.md.j2"
    mine.write_text("# {{ brief.principle.label }}\n{% for g in brief.groups %}- {{ name.all(g.organisations) }}"
                    ": {{ g.stance }}\n{% endfor %}", encoding="utf-8")
    result = lucli("brief", "devolution", "--root", str(repo), "--template", str(mine), "--stdout")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("# Devolution\n- Alpha Institute for Place Policy (API): supports\n"
                             "- Beta Association and Gamma University Centre for Regions (GUCR): qualifies\n"
                             "- Delta Body: supports\n")


def test_a_template_can_be_chosen_by_name_from_the_repository(lucli, repo):
    (repo / "templates").mkdir()
    (repo / "templates" / "one-line.md.j2").write_text("{{ brief.principle.label }}: {{ brief.principle.verdict }}\n",
                                                       encoding="utf-8")
    result = lucli("brief", "devolution", "--root", str(repo), "--template", "one-line", "--stdout")
    assert (result.exit_code, result.stdout) == (0, "Devolution: some agreement\n")


def test_an_unknown_template_name_is_a_usage_error(lucli, repo):
    result = lucli("brief", "devolution", "--root", str(repo), "--template", "nope", "--stdout")
    assert result.exit_code == 2
    assert result.stderr == ("error: --template: no template called 'nope' in the built-in templates, and no such "
                             "file\nhint: give a path to a file, or a name such as 'brief-principle.md.j2'\n")


def test_a_brief_of_the_bundled_corpus_reads_as_a_briefing(lucli, tmp_path, monkeypatch):
    from tests.conftest import REPO

    monkeypatch.chdir(tmp_path)
    result = lucli("brief", "devolution", "--root", str(REPO), "--date", DATE, "--stdout")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Devolution: what ")
    assert _commonmark_problems(result.stdout) == []
    assert Path(tmp_path).is_dir()


def test_a_count_of_one_takes_a_singular_verb(lucli):
    """'1 of 5 independent voices supports', 'the one finding rests', in the brief and on the digest's page."""
    from tests.conftest import REPO

    brief = lucli("brief", "skills-and-education", "--root", str(REPO), "--date", DATE, "--stdout").stdout
    page = (REPO / "reports" / "digest" / "principles" / "skills-and-education.html").read_text(encoding="utf-8")

    assert "1 of 5 independent voices supports skills and education and none opposes it." in brief
    assert "The one finding rests on empirical evidence" in brief
    assert ("Of 5 independent voices, 1 supports skills and education, 0 qualify, 0 oppose, 0 are mixed and 4 take "
            "no position.") in page
    assert "(the one finding rests on empirical evidence)." in page


def test_a_digest_of_one_organisation_says_what_it_says(lucli, make_repo, tmp_path):
    repo = make_repo()  # one source, from one organisation

    lucli("digest", "--root", str(repo), "-o", str(tmp_path / "site"), "--date", DATE)

    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "what 1 organisation says about" in index
    assert "The one finding, with who says it, its kind, the principles it bears on and its source, is in" in index
    table = (tmp_path / "site" / "findings.html").read_text(encoding="utf-8")
    assert "The one finding in the evidence base: who says it, what kind it is," in table


@pytest.mark.parametrize(("empirical", "findings", "whose", "said"), [
    (2, 5, "its", "2 of its 5 findings rest on empirical evidence"),
    (1, 12, "", "1 of 12 findings rests on empirical evidence"),
    (0, 3, "its", "none of its 3 findings rests on empirical evidence"),
    (0, 20, "", "none of the 20 findings rests on empirical evidence"),
    (0, 1, "its", "its one finding does not rest on empirical evidence"),
    (1, 1, "", "the one finding rests on empirical evidence"),
    (0, 0, "its", "no finding rests on empirical evidence"),
])
def test_the_share_of_empirical_findings_is_said_as_a_reader_would(empirical, findings, whose, said):
    from types import SimpleNamespace

    from lucli.render.template_filters import empirical_share

    assert empirical_share(SimpleNamespace(empirical_findings=empirical, findings=findings), whose) == said


NAMED_PRINCIPLES = """\
- id: devolution
  label: Devolution
  description: Move powers and budgets from central to local government.
- id: whitehall-coordination
  label: Whitehall coordination
  description: Departments across Whitehall work to one plan for each place.
"""
NAMING_SOURCE = SOURCE + "      - id: whitehall-coordination\n        stance: supports\n"


def test_a_label_that_starts_with_a_name_keeps_its_capital_inside_a_sentence(lucli, make_repo):
    """Inside a sentence 'Devolution' reads 'devolution', but 'Whitehall coordination' keeps its capital: the
    principle's own description writes Whitehall with one."""
    repo = make_repo(principles=NAMED_PRINCIPLES, sources={"alpha-2022-report": NAMING_SOURCE})

    brief = lucli("brief", "alpha-2022-report", "--root", str(repo), "--date", DATE, "--stdout").stdout
    principle = lucli("brief", "devolution", "--root", str(repo), "--date", DATE, "--stdout").stdout

    assert "- It supports 2 principles: devolution and Whitehall coordination." in brief
    assert "Little evidence covers related principles such as Whitehall coordination." in principle
    assert "whitehall" not in (brief + principle)


@pytest.mark.parametrize(("label", "description", "aliases", "in_sentence"), [
    ("Devolution", "Move powers to local government.", (), "devolution"),
    ("UK-wide funds", "One set of funds.", (), "UK-wide funds"),
    ("Whitehall coordination", "Departments across Whitehall work together.", (), "Whitehall coordination"),
    ("Whitehall coordination", "Plans agreed by departments.", ("joined-up Whitehall",), "Whitehall coordination"),
    ("Whitehall coordination", "Whitehall departments plan together.", (), "whitehall coordination"),
    ("Treasury rules", "Rules set by the Treasury, or by any treasury.", (), "treasury rules"),
])
def test_a_label_reads_inside_a_sentence_as_its_own_words_write_it(label, description, aliases, in_sentence):
    """A capital at a sentence's start says nothing; one inside a sentence, never written without, marks a name."""
    from lucli.render.wording import label_in_sentence

    assert label_in_sentence(label, description, aliases) == in_sentence
