"""`lucli add source`: a new source file from flags or prompts, checked before it is written, never over another."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

NEW = "evidence/sources/alpha-2023-new-report.yaml"
FLAGS = ["add", "source", "--title", "A new report: the next steps", "--publisher", "AI", "--published", "2023-06",
         "--kind", "report"]


def test_flags_write_a_valid_file_that_validate_and_show_accept(repo: Path, lucli) -> None:
    result = lucli(*FLAGS, "--id", "alpha-2023-new-report", "--author", "Jane Doe", "--url", "https://example.org/r")

    assert result.exit_code == 0, result.stderr
    assert f"wrote {NEW}\n" in result.stderr
    assert (repo / NEW).read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/source.schema.json\n"
        "id: alpha-2023-new-report\n"
        'title: "A new report: the next steps"\n'
        "publishers: [alpha]\n"
        "authors:\n"
        "  - Jane Doe\n"
        'published: "2023-06"\n'
        "kind: report\n"
        "url: https://example.org/r\n"
        "findings: []\n")
    validated = lucli("validate", "--strict")
    assert validated.exit_code == 0, validated.stderr
    assert "2 sources" in validated.stderr
    shown = lucli("show", "alpha-2023-new-report")
    assert shown.exit_code == 0, shown.stderr
    assert "A new report: the next steps" in shown.stdout
    assert "Jane Doe" in shown.stdout


def test_the_modeline_is_the_one_the_bundled_corpus_uses() -> None:
    from lucli.authoring.new_source import MODELINE

    files = (REPO / "evidence" / "sources").glob("*.yaml")
    first_lines = {p.read_text(encoding="utf-8").splitlines()[0] for p in files}
    assert first_lines == {MODELINE}


def test_the_id_defaults_to_publisher_year_and_title_words(repo: Path, lucli) -> None:
    result = lucli(*FLAGS)

    assert result.exit_code == 0, result.stderr
    assert (repo / "evidence/sources/alpha-2023-new-report-next-steps.yaml").is_file()
    assert "next: lucli add finding alpha-2023-new-report-next-steps" in result.stderr


def test_an_existing_file_is_never_written_over(repo: Path, lucli) -> None:
    before = (repo / "evidence/sources/alpha-2022-report.yaml").read_bytes()
    result = lucli(*FLAGS, "--id", "alpha-2022-report")

    assert result.exit_code == 2
    assert "error: evidence/sources/alpha-2022-report.yaml already exists; lucli never writes over a source file" \
        in result.stderr
    assert (repo / "evidence/sources/alpha-2022-report.yaml").read_bytes() == before


def test_an_id_that_is_not_a_slug_cannot_escape_the_sources_folder(repo: Path, lucli) -> None:
    result = lucli(*FLAGS, "--id", "../../escaped")

    assert result.exit_code == 2
    assert "'../../escaped' is not a valid id" in result.stderr
    assert "hint: try 'escaped'" in result.stderr
    assert not list(repo.parent.rglob("escaped*"))


def test_missing_flags_off_a_terminal_are_a_usage_error(repo: Path, lucli) -> None:
    result = lucli("add", "source", "--title", "Only a title")

    assert result.exit_code == 2
    assert "error: missing --publisher, --published, --kind" in result.stderr
    assert "run the command on a terminal to be asked for them" in result.stderr
    assert len(list((repo / "evidence/sources").iterdir())) == 1


@pytest.mark.parametrize(("option", "said"), [
    ("--title", "error: --title is empty\nhint: give --title some text"),
    ("--published", "error: --published: '' is not a date"),
    ("--kind", "error: --kind: '' is not one of"),
])
def test_an_option_given_empty_is_told_it_is_empty_not_missing(repo: Path, lucli, option: str, said: str) -> None:
    given = {"--title": "T", "--publisher": "alpha", "--published": "2023", "--kind": "report", option: ""}

    result = lucli("add", "source", *(part for pair in given.items() for part in pair))

    assert result.exit_code == 2
    assert said in result.stderr
    assert "missing" not in result.stderr
    assert len(list((repo / "evidence/sources").iterdir())) == 1


def test_values_are_checked_before_anything_is_written(repo: Path, lucli) -> None:
    unknown = lucli("add", "source", "--title", "T", "--publisher", "alpah", "--published", "2023", "--kind", "report")
    bad_date = lucli("add", "source", "--title", "T", "--publisher", "alpha", "--published", "2023-13",
                     "--kind", "report")
    future = lucli("add", "source", "--title", "T", "--publisher", "alpha", "--published", "2999", "--kind", "report")
    bad_kind = lucli("add", "source", "--title", "T", "--publisher", "alpha", "--published", "2023", "--kind", "reprot")
    bad_url = lucli(*FLAGS, "--url", "example.org")
    missing_text = lucli(*FLAGS, "--text", "texts/none.txt")

    assert [r.exit_code for r in (unknown, bad_date, future, bad_kind, bad_url)] == [2, 2, 2, 2, 2]
    assert "no organisation called 'alpah'\nhint: did you mean 'alpha'?" in unknown.stderr
    assert "--published: '2023-13' has no month 13" in bad_date.stderr
    assert "'2999' is in the future" in future.stderr
    assert "did you mean 'report'?" in bad_kind.stderr
    assert "'example.org' is not an http(s) URL" in bad_url.stderr
    assert missing_text.exit_code == 1
    assert "would not be valid, so nothing was written" in missing_text.stderr
    assert "error[missing-text]" in missing_text.stderr
    assert len(list((repo / "evidence/sources").iterdir())) == 1


def test_dry_run_prints_the_file_and_writes_nothing(repo: Path, lucli) -> None:
    result = lucli(*FLAGS, "--dry-run")

    assert result.exit_code == 0
    assert result.stdout.startswith("# yaml-language-server:")
    assert "valid; not written (--dry-run)" in result.stderr
    assert len(list((repo / "evidence/sources").iterdir())) == 1


def test_the_bundled_corpus_is_never_written_to(tmp_path: Path, monkeypatch, lucli) -> None:
    monkeypatch.chdir(tmp_path)
    result = lucli(*FLAGS)

    assert result.exit_code == 2
    assert "no evidence repository here, so there is nowhere to write" in result.stderr


def test_on_a_terminal_missing_values_are_asked_for_with_fuzzy_choices(repo: Path, lucli) -> None:
    answers = "\n".join([
        "Closing the gaps",               # title
        "Beta Assoc, nobody",             # publishers: 'nobody' is unknown, so offered for adding
        "n",                              # not now: asked again
        "Beta Association, AI",           # exact name and alias
        "2023-13",                        # not a month: asked again
        "2023-03",
        "white papr",                     # fuzzy: white-paper
        "",                               # no URL
        "Ann Smith, Bo Jones",            # authors
        "",                               # no summary
        "",                               # no archived text
        "",                               # accept the suggested id
        "y",                              # write it
    ]) + "\n"
    result = lucli("add", "source", input=answers, tty=True)

    assert result.exit_code == 0, result.stderr
    assert "no organisation called 'nobody'" in result.stderr
    assert "  taken as white-paper" in result.stderr
    assert "has no month 13" in result.stderr
    text = (repo / "evidence/sources/beta-2023-closing-gaps.yaml").read_text(encoding="utf-8")
    assert "publishers: [beta, alpha]\n" in text
    assert "kind: white-paper\n" in text
    assert "authors:\n  - Ann Smith\n  - Bo Jones\n" in text
    assert lucli("validate", "--strict").exit_code == 0


def test_answering_no_at_the_end_writes_nothing(repo: Path, lucli) -> None:
    result = lucli("add", "source", "--publisher", "alpha", "--published", "2023", "--kind", "report",
                   input="A title\n\n\n\n\n\nn\n", tty=True)

    assert result.exit_code == 1
    assert "nothing written" in result.stderr
    assert len(list((repo / "evidence/sources").iterdir())) == 1
