"""`lucli diff` and `lucli digest --since`: what changed between two commits, as records rather than lines."""

from __future__ import annotations

import json

import pytest

from tests.reports.conftest import DATE, git


def test_diff_lists_the_semantic_changes_between_two_commits(lucli, history):
    result = lucli("diff", "HEAD~1..HEAD", "--root", str(history))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    first = git(history, "rev-parse", "HEAD~1").strip()[:10]
    second = git(history, "rev-parse", "HEAD").strip()[:10]
    assert lines[0] == (f"Changes from HEAD~1 ({first}) to HEAD ({second}): 1 source added, 1 source removed, "
                        "1 finding added, 1 finding removed, 1 finding changed, 4 positions changed, "
                        "2 verdicts changed")
    assert "  + delta-2025-new-note: A new note (2025-02)" in lines
    assert "  - epsilon-2022-data-paper: Counting places (2022-07)" in lines
    assert ("  ~ beta-gamma-2023-joint-inquiry/deals-too-slow: reworded: “Devolution deals take too long to agree, "
            "and Whitehall lacks the staff to agree them.” → “Devolution deals take far too long to agree.”; coding: "
            "devolution qualifies → opposes") in lines
    assert "  ~ Beta Association on Devolution: qualifies → opposes" in lines
    assert "  ~ Devolution: some agreement → contested" in lines
    assert "  ~ Independent scrutiny: gap → single voice" in lines


def test_diff_as_json_and_markdown(lucli, history):
    data = json.loads(lucli("diff", "HEAD~1..HEAD", "--root", str(history), "--format", "json").stdout)
    assert data["format_version"] == 1
    assert [s["id"] for s in data["sources_added"]] == ["delta-2025-new-note"]
    assert data["findings_changed"][0]["fields"] == ["statement", "principles"]
    assert {"principle": "devolution", "before": "some agreement", "after": "contested"} in data["verdicts"]
    markdown = lucli("diff", "HEAD~1..HEAD", "--root", str(history), "--format", "md").stdout
    assert markdown.startswith("# What changed since HEAD\\~1 (")  # ~ is escaped: pandoc reads ~x~ as subscript
    assert "## Verdict changes\n\n- Devolution: some agreement → contested\n" in markdown


def test_diff_against_the_working_tree(lucli, history):
    note = history / "evidence" / "sources" / "delta-2025-new-note.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("Set up an independent body.", "Set up a watchdog."),
                    encoding="utf-8")
    for spec in ("HEAD", "HEAD.."):
        result = lucli("diff", spec, "--root", str(history))
        assert result.exit_code == 0, result.stderr
        assert "to the working tree: 1 finding changed" in result.stdout.splitlines()[0]
        assert "reworded: “Set up an independent body.” → “Set up a watchdog.”" in result.stdout


def test_no_changes_is_said_plainly(lucli, history):
    result = lucli("diff", "HEAD..HEAD", "--root", str(history))
    assert result.stdout.endswith(": no changes\n")


@pytest.mark.parametrize("spec, message", [
    ("nope..HEAD", "error: unknown git revision 'nope'\nhint: `git log --oneline` lists commits\n"),
    ("--output=x", "error: '--output=x' is not a git revision\nhint: give a commit, tag or branch, e.g. HEAD~1\n"),
])
def test_bad_revisions_are_usage_errors(lucli, history, spec, message):
    result = lucli("diff", "--root", str(history), "--", spec)
    assert (result.exit_code, result.stderr) == (2, message)


def test_a_repository_outside_git_cannot_be_compared(lucli, repo):
    result = lucli("diff", "HEAD", "--root", str(repo))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {repo} is not in a git repository")


def test_digest_since_adds_what_changed(lucli, history, tmp_path):
    out = tmp_path / "site"
    result = lucli("digest", "--root", str(history), "-o", str(out), "--since", "HEAD~1", "--date", DATE)
    assert result.exit_code == 0, result.stderr
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "**What changed since HEAD\\~1 (" in index
    changes = (out / "changes.md").read_text(encoding="utf-8")
    assert "## New sources\n\n- A new note (February 2025), by Delta Body: 1 finding\n" in changes
    html = (out / "changes.html").read_text(encoding="utf-8")
    assert '<a href="sources/delta-2025-new-note.html">A new note</a>' in html
