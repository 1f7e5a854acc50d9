"""A briefing read as plain text: one blank line between blocks, whatever the template's conditionals left."""

from __future__ import annotations

from lucli.render.blank_lines import one_blank_line


def test_runs_of_blank_lines_become_one_and_the_text_ends_with_one_line_break():
    text = "# Title\n\n\n## Summary\n  \n\t\n- a point\n\n\n\n## Sources\n\n1. A source.\n\n"

    assert one_blank_line(text) == "# Title\n\n## Summary\n\n- a point\n\n## Sources\n\n1. A source.\n"


def test_a_fenced_chart_is_kept_as_it_is():
    chart = "```mermaid\nflowchart LR\n\n\n  a --> b\n```\n"
    text = f"## Challenges\n\n\n{chart}\n\n\n## Sources\n"

    assert one_blank_line(text) == f"## Challenges\n\n{chart}\n## Sources\n"


def test_every_bundled_briefing_has_no_second_blank_line(lucli):
    from tests.conftest import REPO

    for topic in ("devolution", "lga", "ifg-2022-levelling-up-missions"):
        text = lucli("brief", topic, "--root", str(REPO), "--stdout", "--detail", "full").stdout
        assert "\n\n\n" not in text.replace(" \n", "\n"), topic
