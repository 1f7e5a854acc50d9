"""Control characters from record text or file names never reach a terminal raw (issue 16, item 9): an ESC
cannot recolour it and a line break cannot forge a diagnostic line that CI would believe."""

from __future__ import annotations

from typer.testing import CliRunner

from lucli.cli import app
from lucli.records.safetext import shown, spreadsheet_cell
from tests.conftest import SOURCE

FORGED = "\nx.yaml:1:1: error[forged]: all is well\x1b[2K"


def _run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_a_file_name_with_a_line_break_and_escape_cannot_forge_a_diagnostic(make_repo):
    repo = make_repo()
    (repo / "evidence" / "sources" / f"bad{FORGED}.yaml").write_text("id: [\n")

    result = _run("validate", "--root", str(repo))

    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert not any(line.startswith("x.yaml") for line in result.stderr.splitlines())
    assert "\\nx.yaml:1:1: error[forged]: all is well\\x1b[2K" in result.stderr


def test_record_text_with_control_characters_is_escaped_in_tables_and_errors(make_repo):
    title = 'title: "Report\\e[31m red\\nforged line\\u202e"'
    repo = make_repo(sources={"alpha-2022-report": SOURCE.replace("title: A report", title)})

    table = _run("list", "sources", "--root", str(repo))
    missing = _run("show", "no-such\x1b[31m", "--root", str(repo))

    assert table.exit_code == 0
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    assert "\\x1b[31m" in table.stdout and "\\u202e" in table.stdout
    assert "\x1b" not in missing.stderr


def test_shown_and_spreadsheet_cells():
    assert shown("a\x1b[31mb\tc\nd\x7f\u2028") == "a\\x1b[31mb\\tc\\nd\\x7f\\u2028"
    assert shown("plain café – text") == "plain café – text"
    assert [spreadsheet_cell(v) for v in ("=1+1", "+1", "-1", "@a", "\tx", "\rx", "a=1", 3)] == \
        ["'=1+1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "a=1", 3]
