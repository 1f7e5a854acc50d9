"""A pull request's `lucli.yaml` can lower the limits but never raise them past lucli's ceilings, and CI can
take its settings from the base branch instead (`--trusted-config`, `LUCLI_TRUSTED_CONFIG`).

Also the YAML reproductions of issue 16 that ended in a traceback or an unlocated message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lucli.cli import app
from lucli.records.yamlparse import CEILINGS, parse
from tests.conftest import SOURCE

BOMB = "\n".join(["lol: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]) + "\n"


def _validate(repo: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*extra, "validate", "--root", str(repo)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout + result.stderr


def test_a_limit_over_the_ceiling_is_refused_where_it_is_written(make_repo) -> None:
    repo = make_repo()
    (repo / "lucli.yaml").write_text("limits:\n  max_aliases: 1000\n  max_nodes: 1000000000000000\n")

    code, output = _validate(repo)

    assert code == 2
    assert (f"lucli.yaml:3:14: limits.max_nodes is 1,000,000,000,000,000, over lucli's ceiling of "
            f"{CEILINGS.max_nodes:,}") in output


def test_an_alias_bomb_in_an_unknown_key_stops_at_the_ceiling(make_repo) -> None:
    repo = make_repo(sources={"alpha-2022-report": SOURCE + "extra:\n" + "".join(
        "  " + line + "\n" for line in BOMB.splitlines())})
    (repo / "lucli.yaml").write_text(f"limits:\n  max_aliases: {CEILINGS.max_aliases}\n"
                                     f"  max_nodes: {CEILINGS.max_nodes}\n")

    code, output = _validate(repo)

    assert code == 1
    assert "error[too-large]: the file expands to more than 2,000,000 values" in output


@pytest.mark.parametrize(("setting", "message"), [
    ("limits:\n  max_bytes: 1e20\n", "lucli.yaml:2:14: limits.max_bytes must be a positive whole number"),
    ("limits:\n  max_bytes: " + "9" * 5000 + "\n", "limits.max_bytes must be a positive whole number"),
    ("limits:\n  max_bytes: -1\n", "lucli.yaml:2:14: limits.max_bytes must be a positive whole number"),
    ("limits:\n  max_depth: 1000\n", "lucli.yaml:2:14: limits.max_depth is 1,000, over lucli's ceiling of 128"),
    ('evidence: "a\\0b"\n', "lucli.yaml:1:11: 'evidence' must be a folder name"),
    ("evidence: ../elsewhere\n", "lucli.yaml:1:11: 'evidence' points outside the repository"),
])
def test_bad_settings_are_located_usage_errors(make_repo, setting: str, message: str) -> None:
    repo = make_repo()
    (repo / "lucli.yaml").write_text(setting)

    code, output = _validate(repo)

    assert code == 2
    assert message in output


def test_a_huge_lucli_yaml_is_not_read_whole(make_repo) -> None:
    repo = make_repo()
    with (repo / "lucli.yaml").open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: costs nothing unless read

    code, output = _validate(repo)

    assert code == 2
    assert "lucli.yaml:1:1: file is 2,147,483,648 bytes, over the limit of" in output


def test_a_lucli_yaml_linked_out_of_the_repository_is_not_read(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    outside = tmp_path / "outside.yaml"
    outside.write_text("limits:\n  max_bytes: 10\n")
    (repo / "lucli.yaml").symlink_to(outside)

    code, output = _validate(repo)

    assert code == 2
    assert "lucli.yaml:1:1: is a link to a place outside the repository; it was not read" in output


def test_a_trusted_config_replaces_the_repository_settings(make_repo, tmp_path: Path, monkeypatch) -> None:
    repo = make_repo()
    (repo / "lucli.yaml").write_text("limits:\n  max_bytes: 32000000\n  max_line: 1000000\n")
    base = tmp_path / "base-lucli.yaml"
    base.write_text("limits:\n  max_bytes: 100\n")

    code, output = _validate(repo, "--trusted-config", str(base))
    assert code == 1
    assert "over the limit of 100" in output

    monkeypatch.delenv("LUCLI_TRUSTED_CONFIG")
    monkeypatch.setenv("LUCLI_TRUSTED_CONFIG", str(base))
    code, output = _validate(repo)
    assert code == 1
    assert "over the limit of 100" in output


def test_a_trusted_config_that_is_missing_is_a_usage_error(make_repo, tmp_path: Path) -> None:
    code, output = _validate(make_repo(), "--trusted-config", str(tmp_path / "nowhere.yaml"))

    assert code == 2
    assert "--trusted-config:" in output and "nowhere.yaml" in output


@pytest.mark.parametrize(("text", "expected"), [
    ("a: b\nc: d\x00e\n", "f.yaml:2:5: error[yaml-syntax]: character U+0000 is not allowed in YAML"),
    ("a: b\nc: \x1b[31m\n", "f.yaml:2:4: error[yaml-syntax]: character U+001B is not allowed in YAML"),
    ("a: b\nc:\n  [x]: y\n", "f.yaml:3:3: error[yaml-syntax]: a mapping key must be a plain value"),
    ("yes: 1\nyes: 2\n", "f.yaml:2:1: error[duplicate-key]: key 'yes' appears twice"),
])
def test_yaml_problems_are_located_where_they_are(text: str, expected: str) -> None:
    _doc, problems = parse(text, "f.yaml")

    assert problems[0].format().startswith(expected)


def test_a_plain_long_list_is_not_mistaken_for_an_alias_bomb() -> None:
    text = "items:\n" + "- 1\n" * 450_000

    doc, problems = parse(text, "f.yaml")

    assert problems == [] and doc is not None and len(doc.data["items"]) == 450_000


@pytest.mark.parametrize("value", ["9" * 5000, "!!int .inf", "0x" + "f" * 4000, "!!float " + "9" * 5000])
def test_numbers_python_cannot_hold_stay_text_and_the_cache_keeps_them(make_repo, value: str) -> None:
    repo = make_repo(sources={"alpha-2022-report": SOURCE + f"extra: {value}\n"})

    for _ in range(2):  # cold (the cache writer), then warm
        code, output = _validate(repo)
        assert code in (0, 1)
        assert "Traceback" not in output


def test_a_raised_depth_within_the_ceiling_does_not_crash(make_repo) -> None:
    repo = make_repo(sources={"alpha-2022-report": SOURCE + "extra: " + "[" * 120 + "]" * 120 + "\n"})
    (repo / "lucli.yaml").write_text(f"limits:\n  max_depth: {CEILINGS.max_depth}\n")

    for args in (["validate"], ["compare"], ["export", "--format", "csl-json"]):
        result = CliRunner().invoke(app, [*args, "--root", str(repo)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)


def test_the_ceilings_keep_within_python_limits() -> None:
    import sys

    assert CEILINGS.max_depth * 4 < sys.getrecursionlimit()


def test_a_yaml_mistake_in_the_settings_is_said_once_from_the_working_folder(make_repo, monkeypatch) -> None:
    repo = make_repo()
    (repo / "lucli.yaml").write_text("evidence: evidence\nevidence: other\n")
    monkeypatch.chdir(repo)

    result = CliRunner().invoke(app, ["validate"])

    assert result.exit_code == 2
    assert result.stderr == ("error: lucli.yaml:2:1: key 'evidence' appears twice in the same mapping\n"
                             "hint: first at line 1; remove one (lucli keeps the first)\n")
