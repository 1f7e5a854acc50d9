"""The example reports committed under reports/ are what lucli renders from the bundled corpus today."""

from __future__ import annotations

from tests.conftest import REPO

REPORTS_DATE = "2026-11-23"
"""The date the committed reports were built with (docs/reports.md gives the commands to refresh them)."""
HINT = "refresh them with the commands at the end of docs/reports.md"


def test_the_example_briefs_are_fresh(lucli):
    for topic in ("devolution", "single-pot-funding"):
        path = REPO / "reports" / f"brief-{topic}.md"
        result = lucli("brief", topic, "--root", str(REPO), "--date", REPORTS_DATE, "-o", str(path), "--check")
        assert result.exit_code == 0, f"{result.stderr}{HINT}"


def test_the_example_digest_is_fresh(lucli):
    result = lucli("digest", "--root", str(REPO), "-o", str(REPO / "reports" / "digest"), "--date", REPORTS_DATE,
                   "--check")
    assert result.exit_code == 0, f"{result.stderr}{HINT}"
