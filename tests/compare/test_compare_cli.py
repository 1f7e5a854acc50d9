"""`lucli compare` as an analyst uses it: the matrix, one principle, one target, several targets, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.compare.builders import ORGANISATIONS, PRINCIPLES, REPO_SOURCES


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_matrix_shows_every_independent_voice_against_every_principle(lucli) -> None:
    result = lucli("compare")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Stance matrix: 5 principles × 3 independent voices"
    header = next(line for line in lines if line.startswith("Principle"))
    # Beta and Gamma published one report together: one voice, one column.
    assert header.split() == ["Principle", "AI", "beta", "+", "GUCP", "delta", "Voices", "Verdict:", "agreement,",
                              "strength"]
    rows = [line.split() for line in lines if line[:1] in "SDCL" and ("✓" in line or "—" in line)]
    assert ["Single-pot", "funding", "±", "✓", "✗", "3", "contested,", "limited", "evidence", "●○○"] in rows
    assert ["Devolution", "◐", "✓", "—", "2", "some", "agreement,", "moderate", "evidence", "●●○"] in rows
    assert ["Local", "data", "—", "—", "—", "0", "gap,", "no", "evidence", "—"] in rows
    assert "• Addressed by no independent voice: Local data." in lines
    assert "• Single voice (1): Long-term funding (delta)." in lines
    assert "• Silent where most other voices take a position: AI on Clear roles; delta on Devolution." in lines
    assert "Epsilon" not in result.stdout  # published nothing, so it is no column


def test_the_matrix_json_lists_positions_per_principle_in_column_order(lucli) -> None:
    data = _json(lucli("compare", "--format", "json"))

    assert data["format_version"] == 2
    assert data["view"] == "matrix"
    assert [(v["id"], v["name"], v["role"]) for v in data["voices"]] == [
        ("alpha", "AI", "evidence"), ("beta+gamma", "beta + GUCP", "evidence"), ("delta", "delta", "evidence")]
    assert [o["id"] for o in data["voices"][1]["organisations"]] == ["beta", "gamma"]
    first = data["principles"][0]
    assert first["id"] == "single-pot-funding"
    assert first["positions"] == {"alpha": "mixed", "beta+gamma": "supports", "delta": "opposes"}
    assert first["counts"] == {"voices": 3, "speaking": 3, "supports": 1, "opposes": 1, "qualifies": 0,
                               "mixed": 1, "silent": 0}
    assert first["verdict"]["agreement"] == "contested"
    assert first["verdict"]["strength"] == {"level": "limited", "symbol": "●○○", "empirical_sources": 1,
                                            "empirical_findings": 1, "findings": 4}
    assert first["verdict"]["headline"] == "Contested (3 independent voices, 2 dissenting), limited evidence ●○○"
    assert first["verdict"]["dissenting"] == ["alpha", "delta"]
    assert data["gaps"] == {"unaddressed": ["local-data"], "single_voice": ["long-term-funding"],
                            "silences": [{"voice": "delta", "principle": "devolution"},
                                         {"voice": "alpha", "principle": "clear-roles"}]}


def test_the_matrix_csv_has_one_column_per_voice(lucli) -> None:
    result = lucli("compare", "--format", "csv")

    assert result.stdout.splitlines()[:2] == [
        "principle_id,principle,alpha,beta+gamma,delta,voices,agreement,strength",
        "single-pot-funding,Single-pot funding,mixed,supports,opposes,3,contested,limited"]


def test_the_matrix_in_markdown_is_a_pipe_table_with_a_legend(lucli) -> None:
    text = lucli("compare", "--format", "md").stdout

    assert text.startswith("# Stance matrix: 5 principles × 3 independent voices\n")
    assert "| Principle | AI | beta + GUCP | delta | Voices | Verdict: agreement, strength |" in text
    assert "| Single-pot funding | ± | ✓ | ✗ | 3 | contested, limited evidence ●○○ |" in text
    assert "✓ supports" in text


def test_one_principle_shows_each_organisations_findings_and_lists_the_silent(lucli) -> None:
    result = lucli("compare", "devolve power")

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Devolution\n══════════\n")
    assert ("Verdict: Some agreement (2 independent voices), moderate evidence ●●○ (none dissents, but 1\n"
            "qualifies). 2 of 3 independent voices take a position: 1 supports, 1 qualifies, 0 oppose, 0 are\n"
            "mixed; 1 is silent.") in out
    assert "— Silent (no finding on this principle): delta." in out
    assert "Quoted: “the timetable is unrealistic” (p. 7)" in out  # the record does not say whose words
    assert "Kind: critique · stance: qualifies" in out
    assert "beta + GUCP" in out  # beta's finding comes from a report it published with Gamma
    # Alpha's latest report comes first.
    assert out.index("Devolution deals need more time") < out.index("Central government should devolve")


def test_one_principle_as_json_keeps_silent_organisations_as_silent(lucli) -> None:
    data = _json(lucli("compare", "devolution", "-f", "json"))

    assert data["view"] == "principle"
    assert data["verdict"]["agreement"] == "some agreement"
    assert data["verdict"]["voices"] == ["alpha", "beta+gamma"]
    assert [(p["voice"]["id"], p["position"], len(p["findings"])) for p in data["positions"]] == [
        ("alpha", "qualifies", 2), ("beta+gamma", "supports", 1), ("delta", "silent", 0)]
    caveat = data["positions"][0]["findings"][0]
    assert caveat == {"id": "alpha-2023-new/timetable-caveat", "kind": "critique", "stance": "qualifies",
                      "statement": "Devolution deals need more time than the timetable allows.",
                      "quote": "the timetable is unrealistic",
                      "said_by": {"kind": "unknown", "outlet": None, "name": None, "role": None,
                                  "organisation": None, "label": "quoted"},
                      "locator": "p. 7", "basis": ["expert-panel"], "responds_to": [],
                      "source": {"id": "alpha-2023-new", "title": "Devolution, with care", "published": "2023-05-02",
                                 "publishers": ["alpha"], "url": None, "from_coverage": False}}


def test_one_principle_as_csv_has_a_row_per_finding_and_one_per_silent_voice(lucli) -> None:
    rows = lucli("compare", "devolution", "-f", "csv").stdout.splitlines()

    assert rows[0] == ("principle,voice,role,position,finding,kind,stance,statement,quote,locator,source,"
                       "published")
    assert rows[-1] == "devolution,delta,evidence,silent,,,,,,,,"
    assert len(rows) == 1 + 2 + 1 + 1


def test_two_organisations_show_where_they_agree_differ_and_speak_alone(lucli) -> None:
    result = lucli("compare", "Alpha Institute", "gamma")

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("AI and GUCP compared\n")
    assert "They share 2 principles, agreeing on 0 and differing on 2. AI alone raises 0. GUCP alone raises 1." in out
    assert "Where they differ (2)" in out
    assert "(opposition)" in out  # single-pot funding: alpha is mixed
    assert "Only GUCP (1)" in out


def test_two_targets_as_json(lucli) -> None:
    data = _json(lucli("compare", "beta", "gamma", "--format", "json"))

    assert data["view"] == "targets"
    assert [t["id"] for t in data["targets"]] == ["beta", "gamma"]
    assert data["summary"] == {"shared": 3, "agree": 3, "differ": 0, "only": {"beta": 0, "gamma": 0}}
    assert [(s["principle"]["id"], s["agreement"], s["opposition"]) for s in data["shared"]] == [
        ("devolution", "agree", False), ("single-pot-funding", "agree", False), ("clear-roles", "agree", False)]


def test_an_organisation_and_a_source_can_be_compared(lucli) -> None:
    data = _json(lucli("compare", "alpha", "alpha-2021-old", "--format", "json"))

    devolution = data["shared"][0]
    assert [(p["target"], p["position"]) for p in devolution["positions"]] == [
        ("alpha", "qualifies"), ("alpha-2021-old", "supports")]
    assert devolution["agreement"] == "differ"


def test_one_organisation_shows_its_positions_across_principles(lucli) -> None:
    result = lucli("compare", "AI")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Alpha Institute: positions by principle\n")
    assert "Takes a position on 2 of 5 principles; silent on 3." in result.stdout
    assert "Silent on: Long-term funding, Local data, Clear roles." in result.stdout


def test_one_source_shows_its_positions_across_principles(lucli) -> None:
    data = _json(lucli("compare", "delta-2022", "--format", "json"))

    assert data["view"] == "profile"
    assert data["target"] == {"kind": "source", "id": "delta-2022", "label": "Against the single pot",
                              "short": "delta-2022"}
    assert [(p["principle"]["id"], p["position"]) for p in data["positions"]] == [
        ("single-pot-funding", "opposes"), ("long-term-funding", "supports"), ("clear-roles", "supports")]
    assert data["silent"] == ["devolution", "local-data"]


def test_an_ambiguous_target_lists_the_candidates_and_exits_2(make_repo, runner) -> None:
    from lucli.cli import app

    sources = {**REPO_SOURCES, "epsilon-2020": "id: epsilon-2020\ntitle: Devolution\npublishers: [epsilon]\n"
                                               "published: 2020\nkind: report\n"}
    root = make_repo(sources=sources, organisations=ORGANISATIONS, principles=PRINCIPLES)

    result = runner.invoke(app, ["compare", "Devolution", "--root", str(root)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: 'Devolution' is ambiguous: it could be principle 'devolution' (Devolution); "
                             "source 'epsilon-2020' (Devolution)\nhint: use the id to say which\n")
    assert runner.invoke(app, ["compare", "devolution", "--root", str(root)]).exit_code == 0


def test_an_unknown_target_suggests_the_nearest_and_exits_2(lucli) -> None:
    result = lucli("compare", "devolutoin")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: no principle or organisation or source called 'devolutoin'\n"
                             "hint: did you mean 'devolution' or 'alpha-2023-new'?\n")


def test_an_unknown_target_among_several_says_where_to_look(lucli) -> None:
    result = lucli("compare", "alpha", "zzzzzz")

    assert result.exit_code == 2
    assert result.stderr == ("error: no organisation or source called 'zzzzzz'\n"
                             "hint: `lucli list organisations` and `lucli list sources` show what there is\n")


def test_a_principle_among_several_targets_is_explained(lucli) -> None:
    result = lucli("compare", "alpha", "single pot")

    assert result.exit_code == 2
    assert result.stderr == ("error: 'single pot' is a principle; compare takes one principle, or two or more "
                             "organisations or sources\n"
                             "hint: `lucli compare single-pot-funding` shows every organisation's position on it\n")


def test_naming_the_same_organisation_twice_is_a_usage_error(lucli) -> None:
    result = lucli("compare", "alpha", "AI")

    assert result.exit_code == 2
    assert result.stderr == ("error: 'AI' names organisation 'alpha' a second time\n"
                             "hint: name each organisation or source once\n")


@pytest.mark.parametrize(("option", "value", "sources", "findings"), [
    ("--principle", "single pot", 4, 4),
    ("--organisation", "Beta Association", 1, 2),
    ("--kind", "critique", 4, 2),
    ("--since", "2022", 3, 7),
    ("--until", "2022", 3, 7),
    ("--basis", "quantitative", 4, 1),
])
def test_each_filter_narrows_the_evidence_the_matrix_rests_on(lucli, option, value, sources, findings) -> None:
    data = _json(lucli("compare", option, value, "--format", "json"))

    assert (data["evidence"]["sources"], data["evidence"]["findings"]) == (sources, findings)


def test_the_principle_filter_keeps_only_its_rows(lucli) -> None:
    data = _json(lucli("compare", "--principle", "devolution", "-p", "Clear roles", "--format", "json"))

    assert data["filters"]["principles"] == ["devolution", "clear-roles"]
    assert [p["id"] for p in data["principles"]] == ["devolution", "clear-roles"]


def test_the_organisation_filter_keeps_co_publishers_in_view(lucli) -> None:
    data = _json(lucli("compare", "--org", "beta", "--format", "json"))

    assert [v["id"] for v in data["voices"]] == ["beta+gamma"]


def test_filters_apply_to_one_principle_too(lucli) -> None:
    data = _json(lucli("compare", "devolution", "--kind", "critique", "--format", "json"))

    # Voices whose sources pass the filters stay in view, silent when no kept finding speaks.
    assert [(p["voice"]["id"], p["position"]) for p in data["positions"]] == [
        ("alpha", "qualifies"), ("beta+gamma", "silent"), ("delta", "silent")]
    assert data["verdict"]["agreement"] == "single voice"


def test_a_date_filter_leaves_out_organisations_that_published_nothing_in_the_period(lucli) -> None:
    data = _json(lucli("compare", "devolution", "--since", "2023", "--format", "json"))

    assert [(p["voice"]["id"], p["position"]) for p in data["positions"]] == [("alpha", "qualifies")]


def test_filters_apply_to_a_comparison_and_are_stated(lucli) -> None:
    result = lucli("compare", "alpha", "beta", "--kind", "recommendation")

    assert "Filtered to kind recommendation." in " ".join(result.stdout.split())
    data = _json(lucli("compare", "alpha", "beta", "--kind", "recommendation", "-f", "json"))
    assert data["filters"]["kinds"] == ["recommendation"]
    assert [s["principle"]["id"] for s in data["shared"]] == ["devolution"]
    assert data["shared"][0]["agreement"] == "agree"


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "bogus"], "'bogus' is not one of: finding, recommendation, critique, target"),
    (["--basis", "vibes"], "'vibes' is not one of: case-study"),
    (["--since", "2022-13"], "'2022-13' has no month 13"),
    (["--format", "xml"], "'xml' is not one of: table, md, json, csv"),
    (["--width", "10"], "--width"),
])
def test_bad_option_values_are_usage_errors(lucli, args, message) -> None:
    result = lucli("compare", *args)

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_organisation_filter_is_a_usage_error(lucli) -> None:
    result = lucli("compare", "--org", "nobody")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: no organisation called 'nobody'\n")


def test_json_output_is_byte_identical_run_after_run(lucli) -> None:
    first = lucli("compare", "--format", "json").stdout
    second = lucli("compare", "--format", "json").stdout

    assert first == second
    pair = ("compare", "alpha", "beta", "-f", "json")
    assert lucli(*pair).stdout == lucli(*pair).stdout


def test_output_goes_to_a_file_with_o(lucli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "matrix.md"
    target.parent.mkdir()

    result = lucli("compare", "--format", "md", "-o", str(target))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("# Stance matrix")


def test_width_lays_the_table_out_for_that_many_columns(lucli) -> None:
    narrow = lucli("compare", "devolution", "--width", "60").stdout

    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert max(len(line) for line in lucli("compare", "devolution").stdout.splitlines()) > 60


def test_columns_sets_the_width_when_no_width_is_given(lucli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")

    assert max(len(line) for line in lucli("compare", "devolution").stdout.splitlines()) <= 70


def test_no_ansi_codes_reach_a_pipe_even_when_colour_is_forced(lucli, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)

    for args in (["compare"], ["compare", "devolution"], ["search", "single pot"]):
        assert "\x1b" not in lucli(*args).stdout


def test_colour_is_used_only_on_a_terminal_without_no_color(monkeypatch) -> None:
    from lucli.cli import explore_cmd

    monkeypatch.setattr(explore_cmd.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert explore_cmd._color(None) is True
    assert explore_cmd._color(Path("file.txt")) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert explore_cmd._color(None) is False


def test_the_width_defaults_to_the_terminal_capped_and_100_off_a_terminal(monkeypatch) -> None:
    from lucli.cli import explore_cmd

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(explore_cmd.sys.stdout, "isatty", lambda: False, raising=False)
    assert explore_cmd._width(None, None) == 100
    monkeypatch.setenv("COLUMNS", "400")
    assert explore_cmd._width(None, None) == 160
    monkeypatch.setenv("COLUMNS", "20")
    assert explore_cmd._width(None, None) == 60
    assert explore_cmd._width(132, None) == 132


def test_the_key_to_the_columns_leaves_out_a_voice_whose_column_is_its_name(make_repo, runner) -> None:
    from lucli.cli import app

    root = make_repo(organisations="- id: solo\n  name: Solo\n  kind: think-tank\n",
                     sources={"solo-2023": "id: solo-2023\ntitle: A report\npublishers: [solo]\npublished: 2023\n"
                                           "kind: report\nfindings:\n  - id: f\n    kind: finding\n"
                                           "    statement: Power should move to places.\n"
                                           "    principles: [{id: devolution, stance: supports}]\n"})

    result = runner.invoke(app, ["compare", "--root", str(root)])

    assert result.exit_code == 0, result.stderr
    assert "Solo" in result.stdout and "Who the voices are" not in result.stdout


def test_json_gives_each_voice_the_names_a_sentence_uses_beside_its_column_header(lucli) -> None:
    """A script that writes 'Beta Association + GUCP support devolution' reads `spoken`: `name` is the column
    header's, which gives an id where no short name fits."""
    data = _json(lucli("compare", "devolution", "-f", "json"))

    voices = {p["voice"]["id"]: (p["voice"]["name"], p["voice"]["spoken"]) for p in data["positions"]}
    assert voices["alpha"] == ("AI", "AI")
    assert voices["beta+gamma"] == ("beta + GUCP", "Beta Association + GUCP")
