"""`lucli add organisation` and `lucli add principle`: appended byte for byte, checked, or nothing written."""

from __future__ import annotations

from pathlib import Path

ORGS = "evidence/organisations.yaml"
PRINCIPLES = "evidence/principles.yaml"


def test_an_organisation_is_appended_leaving_every_existing_byte(repo: Path, lucli) -> None:
    before = (repo / ORGS).read_bytes()
    result = lucli("add", "organisation", "--name", "IPPR North", "--kind", "think-tank", "--alias", "IPPR N",
                   "--url", "https://www.ippr.org/north")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {ORGS}\nnext: lucli add source --publisher ippr-north\n"
    after = (repo / ORGS).read_bytes()
    assert after.startswith(before)
    assert after[len(before):].decode() == ("\n- id: ippr-north\n  name: IPPR North\n  kind: think-tank\n"
                                             "  url: https://www.ippr.org/north\n  aliases: [IPPR N]\n")
    assert lucli("validate", "--strict").exit_code == 0
    assert "IPPR North" in lucli("show", "ippr-north").stdout


def test_a_principle_is_appended_with_its_related_principles_resolved(repo: Path, lucli) -> None:
    before = (repo / PRINCIPLES).read_bytes()
    result = lucli("add", "principle", "--label", "Community wealth building", "--description",
                   "Keep public spending and ownership in the local economy.", "--alias", "anchor institutions",
                   "--related", "devolve power")

    assert result.exit_code == 0, result.stderr
    added = (repo / PRINCIPLES).read_bytes()[len(before):].decode()
    assert added == ("\n- id: community-wealth-building\n  label: Community wealth building\n"
                     "  description: Keep public spending and ownership in the local economy.\n"
                     "  aliases: [anchor institutions]\n  related: [devolution]\n")
    assert lucli("validate", "--strict").exit_code == 0


def test_an_id_already_taken_writes_nothing(repo: Path, lucli) -> None:
    before = (repo / ORGS).read_bytes()
    result = lucli("add", "organisation", "--id", "alpha", "--name", "Another Alpha", "--kind", "think-tank")

    assert result.exit_code == 2
    assert result.stderr == "error: there is already an organisation called 'alpha'\nhint: choose another id\n"
    assert (repo / ORGS).read_bytes() == before


def test_an_unknown_related_principle_writes_nothing(repo: Path, lucli) -> None:
    before = (repo / PRINCIPLES).read_bytes()
    result = lucli("add", "principle", "--label", "Local data", "--description", "Publish data by place.",
                   "--related", "nonexistent-principle")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: no principle called 'nonexistent-principle'")
    assert (repo / PRINCIPLES).read_bytes() == before


def test_missing_options_are_a_usage_error_off_a_terminal(repo: Path, lucli) -> None:
    result = lucli("add", "organisation", "--name", "Somebody")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing --kind\n")


def test_a_bad_kind_is_a_usage_error_with_the_choices(repo: Path, lucli) -> None:
    result = lucli("add", "organisation", "--name", "Somebody", "--kind", "thinktank")

    assert result.exit_code == 2
    assert "'thinktank' is not one of: think-tank, professional-body" in result.stderr
    assert "did you mean 'think-tank'?" in result.stderr


def test_on_a_terminal_each_field_is_asked_for(repo: Path, lucli) -> None:
    answers = "IPPR North\nthink tank\n\nIPPR N, Institute for Public Policy Research North\n\ny\n"
    result = lucli("add", "organisation", input=answers, tty=True)

    assert result.exit_code == 0, result.stderr
    text = (repo / ORGS).read_text(encoding="utf-8")
    assert text.endswith("- id: ippr-north\n  name: IPPR North\n  kind: think-tank\n"
                         "  aliases: [IPPR N, Institute for Public Policy Research North]\n")


def test_an_empty_list_is_replaced_by_the_first_entry(repo: Path, lucli) -> None:
    (repo / ORGS).write_text("# Publishers.\n[]\n", encoding="utf-8")
    (repo / "evidence" / "sources" / "alpha-2022-report.yaml").unlink()
    result = lucli("add", "organisation", "--name", "Demo Org", "--kind", "other")

    assert result.exit_code == 0, result.stderr
    assert (repo / ORGS).read_text(encoding="utf-8") == ("# Publishers.\n- id: demo-org\n  name: Demo Org\n"
                                                         "  kind: other\n")


def test_windows_line_endings_and_an_indented_list_are_kept(repo: Path, lucli) -> None:
    (repo / ORGS).write_bytes(b"  - id: alpha\r\n    name: Alpha Institute\r\n    kind: think-tank\r\n"
                              b"  - id: beta\r\n    name: Beta Association\r\n    kind: association\r\n")
    result = lucli("add", "organisation", "--name", "Gamma", "--kind", "other")

    assert result.exit_code == 0, result.stderr
    assert (repo / ORGS).read_bytes().endswith(b"kind: association\r\n\r\n  - id: gamma\r\n    name: Gamma\r\n"
                                               b"    kind: other\r\n")
    assert lucli("validate").exit_code == 0


# --- add source with a publisher that is not there yet -------------------------------------------------------

SOURCE = ["add", "source", "--title", "Northern lights", "--published", "2024", "--kind", "report"]


def test_an_unknown_publisher_off_a_terminal_prints_the_command_that_adds_it(repo: Path, lucli) -> None:
    result = lucli(*SOURCE, "--publisher", "IPPR North")

    assert result.exit_code == 2
    assert result.stderr == (
        "error: no organisation called 'IPPR North'\n"
        "hint: if it is a new publisher, add it first: lucli add organisation --id ippr-north --name 'IPPR North' "
        "--kind KIND (KIND: think-tank, professional-body, university, association, government, parliament, media, "
        "other)\n")
    assert not list((repo / "evidence" / "sources").glob("ippr*"))


def test_the_printed_command_then_the_same_add_source_works(repo: Path, lucli) -> None:
    assert lucli("add", "organisation", "--id", "ippr-north", "--name", "IPPR North", "--kind", "think-tank"
                 ).exit_code == 0
    result = lucli(*SOURCE, "--publisher", "IPPR North")

    assert result.exit_code == 0, result.stderr
    assert (repo / "evidence/sources/ippr-north-2024-northern-lights.yaml").is_file()


def test_on_a_terminal_an_unknown_publisher_is_offered_for_adding(repo: Path, lucli) -> None:
    # Confirm adding it; then name, kind, url, aliases and id of the organisation; then the source's
    # remaining questions (url, authors, summary, archived text, id); then confirm writing the source.
    answers = "y\nIPPR North\nthink-tank\n\n\nippr-north\ny\n" + "\n\n\n\n\ny\n"
    result = lucli(*SOURCE, "--publisher", "IPPR North", input=answers, tty=True)

    assert result.exit_code == 0, result.stderr
    assert "- id: ippr-north\n  name: IPPR North\n  kind: think-tank\n" in (repo / ORGS).read_text(encoding="utf-8")
    assert "publishers: [ippr-north]" in (repo / "evidence/sources/ippr-north-2024-northern-lights.yaml"
                                          ).read_text(encoding="utf-8")
    assert lucli("validate", "--strict").exit_code == 0
