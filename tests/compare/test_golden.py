"""`lucli compare` on the bundled corpus, pinned byte for byte (refresh with `pytest --update-golden`)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize(("name", "args"), [
    ("matrix-100.txt", ["compare", "--width", "100"]),
    ("matrix.md", ["compare", "--format", "md"]),
    ("matrix.json", ["compare", "--format", "json"]),
    ("matrix.csv", ["compare", "--format", "csv"]),
    ("single-pot-funding-100.txt", ["compare", "single-pot-funding", "--width", "100"]),
    ("single-pot-funding.json", ["compare", "single-pot-funding", "--format", "json"]),
    ("ifg-lga-100.txt", ["compare", "ifg", "lga", "--width", "100"]),
    ("ifg-lga.md", ["compare", "ifg", "lga", "--format", "md"]),
    ("devolution.json", ["compare", "devolution", "--format", "json"]),
])
def test_compare_on_the_bundled_corpus(runner, golden, name, args) -> None:
    from lucli.cli import app

    result = runner.invoke(app, [*args, "--root", str(REPO)])

    assert result.exit_code == 0, result.stderr
    golden(f"compare/{name}", result.stdout)


def test_the_matrix_fits_a_100_column_terminal(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["compare", "--width", "100", "--root", str(REPO)])

    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_the_matrix_shows_every_seed_organisation_against_the_whole_taxonomy(runner) -> None:
    import json

    from lucli.cli import app

    data = json.loads(runner.invoke(app, ["compare", "--format", "json", "--root", str(REPO)]).stdout)
    taxonomy = json.loads(runner.invoke(app, ["list", "principles", "--format", "json", "--root", str(REPO)]).stdout)

    organisations = {o["id"] for v in data["voices"] for o in v["organisations"]}
    assert organisations == {"cipfa", "city-redi", "ceilup", "demos", "lipsit", "ifg", "lga", "hm-government"}
    assert sorted(p["id"] for p in data["principles"]) == sorted(p["id"] for p in taxonomy["items"])


def test_the_bundled_corpus_counts_independent_voices_and_does_not_overstate_agreement(runner) -> None:
    import json

    from lucli.cli import app

    data = json.loads(runner.invoke(app, ["compare", "--format", "json", "--root", str(REPO)]).stdout)
    voices = {v["name"]: v for v in data["voices"]}
    verdicts = {p["id"]: p["verdict"] for p in data["principles"]}

    assert [o["id"] for o in voices["Demos + LIPSIT"]["organisations"]] == ["demos", "lipsit"]
    assert [o["id"] for o in voices["CIPFA + City-REDI"]["organisations"]] == ["cipfa", "city-redi"]
    assert voices["HMG"]["role"] == "subject"
    assert [v["name"] for v in data["voices"] if v["role"] == "evidence"] == [
        "CIPFA + City-REDI", "CEILUP", "Demos + LIPSIT", "IfG", "LGA"]
    # Two reports, both advocacy: some agreement, never "consensus".
    assert verdicts["single-pot-funding"]["agreement"] != "consensus"
    assert verdicts["single-pot-funding"]["headline"] == ("Some agreement (2 independent voices), "
                                                           "advocacy only ○○○")
    # The Government's own White Paper counts toward no verdict, though it speaks on several principles.
    assert all("hm-government" not in v["voices"] for v in verdicts.values())
    assert verdicts["devolution"]["subject"] == {"hm-government": "supports"}
    # The IfG's critique of the White Paper is disagreement the sources state.
    challenged = {pid for pid, v in verdicts.items() if v["agreement"] == "contested" or v["challenges"]}
    assert {"devolution", "accountability-and-metrics"} <= challenged
    assert {c["from"]["voice"] for c in verdicts["accountability-and-metrics"]["challenges"]} == {"ifg"}


def test_comparing_the_ifg_with_the_government_lists_the_ifgs_challenges(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["compare", "ifg", "hm-government", "--width", "100", "--root", str(REPO)])

    assert result.exit_code == 0, result.stderr
    assert "Responses between them (" in result.stdout
    assert "• IfG challenges HMG's “The White Paper sets twelve missions for levelling up, each to be…” on" \
        in result.stdout


def test_bundled_json_is_byte_identical_twice(runner) -> None:
    from lucli.cli import app

    args = ["compare", "devolution", "--format", "json", "--root", str(REPO)]
    assert runner.invoke(app, args).stdout_bytes == runner.invoke(app, args).stdout_bytes


def test_the_argument_map_of_the_ifg_and_the_government_is_mermaid(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["compare", "ifg", "hm-government", "--format", "mermaid", "--root", str(REPO)])

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["flowchart LR", '  v1["IfG"]']
    assert '  v1 -- "challenges (design) ×12" --> r3' in lines
    assert '  v1 -- "challenges (timing)" --> r4' in lines
    assert "  linkStyle 0 stroke-dasharray: 4 3" in lines  # challenges are dashed


def test_a_view_without_responses_still_gives_a_valid_chart(runner) -> None:
    from lucli.cli import app

    result = runner.invoke(app, ["compare", "single-pot-funding", "-f", "mermaid", "--root", str(REPO)])

    assert result.stdout == 'flowchart LR\n  none["No finding in this view responds to another record"]\n'


def test_record_text_cannot_change_the_shape_of_the_chart() -> None:
    from lucli.analysis.voices import exchanges
    from lucli.render.mermaid import argument_map
    from tests.compare.builders import corpus_of, finding, source

    hostile = finding("x", ("devolution", "supports"))
    hostile = type(hostile)(**{**{f: getattr(hostile, f) for f in hostile.__slots__},
                               "statement": 'Ends"] --> evil["`<script>` | {x}\n# not a comment'})
    corpus = corpus_of(source("alpha-2022", ("alpha",), "2022", hostile),
                       source("beta-2023", ("beta",), "2023",
                              finding("r", ("devolution", "qualifies"), responds_to=(("alpha-2022#x", "rebuts"),))))

    chart = argument_map(exchanges(corpus))

    assert chart.count("\n") == 5  # header, two nodes, one edge, one style: no line was injected
    assert '"]' not in chart.split("\n")[2][:-2] and "<script>" not in chart and "`" not in chart
