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

    assert {o["id"] for o in data["organisations"]} == {"cipfa", "city-redi", "ceilup", "demos", "lipsit", "ifg",
                                                        "lga", "hm-government"}
    assert sorted(p["id"] for p in data["principles"]) == sorted(p["id"] for p in taxonomy["items"])


def test_bundled_json_is_byte_identical_twice(runner) -> None:
    from lucli.cli import app

    args = ["compare", "devolution", "--format", "json", "--root", str(REPO)]
    assert runner.invoke(app, args).stdout_bytes == runner.invoke(app, args).stdout_bytes
