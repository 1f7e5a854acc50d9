"""Hostile and broken evidence, as a pull request might bring it: every command answers, none crashes.

For each case and each command: the exit code is 0, 1 or 2; no traceback; every
problem line on stderr is located; and nothing is written outside the output folder.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SOURCE

HEAD = "id: {stem}\ntitle: A report\npublishers: [alpha]\npublished: 2022-03\nkind: report\n"


def _write(root: Path, stem: str, data: bytes | str) -> None:
    path = root / "evidence" / "sources" / f"{stem}.yaml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def alias_bomb(root: Path) -> None:
    lines = [HEAD.format(stem="bomb"), "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    _write(root, "bomb", "\n".join(lines) + "\n")


def deep_nesting(root: Path) -> None:
    _write(root, "deep", HEAD.format(stem="deep") + "x: " + "[" * 5000 + "]" * 5000 + "\n")


def deep_block_nesting(root: Path) -> None:
    body = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "end: 1\n"
    _write(root, "deepblock", HEAD.format(stem="deepblock") + "x:\n" + body.replace("\n", "\n  ", 0))


def huge_file(root: Path) -> None:
    path = root / "evidence" / "sources" / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(HEAD.format(stem="huge").encode())
        handle.write(b"summary: >\n")
        line = b"  " + b"word " * 20 + b"\n"
        handle.write(line * (50 * 1024 * 1024 // len(line)))


def long_line(root: Path) -> None:
    _write(root, "longline", HEAD.format(stem="longline") + "summary: " + "x" * 1_000_000 + "\n")


def binary_file(root: Path) -> None:
    _write(root, "binary", bytes(range(256)) * 20)


def latin1_file(root: Path) -> None:
    _write(root, "latin", (HEAD.format(stem="latin") + "summary: café\n").encode("latin-1"))


def bom_and_crlf(root: Path) -> None:
    text = SOURCE.replace("alpha-2022-report", "bom-crlf").replace("\n", "\r\n")
    _write(root, "bom-crlf", b"\xef\xbb\xbf" + text.encode("utf-8"))


def python_tag(root: Path) -> None:
    _write(root, "tagged", HEAD.format(stem="tagged") + "summary: !!python/object/apply:os.system ['touch /tmp/x']\n")


def duplicate_keys(root: Path) -> None:
    _write(root, "dupkeys", HEAD.format(stem="dupkeys") + "title: Second title\n")


def escaping_ids(root: Path) -> None:
    text = SOURCE.replace("id: alpha-2022-report", "id: ../../escape").replace("id: devolve", "id: /etc/passwd")
    _write(root, "escape", text + "text: ../../../../etc/passwd\n")


def absolute_text_path(root: Path) -> None:
    _write(root, "abs", SOURCE.replace("alpha-2022-report", "abs") + "text: /etc/passwd\n")


def symlink_outside(root: Path) -> None:
    outside = root.parent / "secret.yaml"
    outside.write_text(SOURCE.replace("alpha-2022-report", "secret"), encoding="utf-8")
    (root / "evidence" / "sources" / "secret.yaml").symlink_to(outside)
    (root / "evidence" / "texts").mkdir()
    (root / "evidence" / "texts" / "leak.txt").symlink_to(outside)
    _write(root, "linked-text", SOURCE.replace("alpha-2022-report", "linked-text") + "text: texts/leak.txt\n")


def source_is_a_folder(root: Path) -> None:
    (root / "evidence" / "sources" / "folder.yaml").mkdir()


def unreadable_file(root: Path) -> None:
    # Running as root ignores permissions, so a dangling link stands in for an unreadable file.
    (root / "evidence" / "sources" / "dangling.yaml").symlink_to(root / "nowhere.yaml")


def no_sources(root: Path) -> None:
    for path in (root / "evidence" / "sources").iterdir():
        path.unlink()


def script_in_records(root: Path) -> None:
    text = SOURCE.replace("Central government should devolve more power to places.",
                          "'<script>alert(1)</script> {{ 7*7 }} {% raw %}'")
    _write(root, "alpha-2022-report", text.replace("title: A report", "title: \"<img src=x onerror=alert(1)>\""))


CASES: dict[str, Callable[[Path], None]] = {f.__name__: f for f in (
    alias_bomb, deep_nesting, deep_block_nesting, huge_file, long_line, binary_file, latin1_file, bom_and_crlf,
    python_tag, duplicate_keys, escaping_ids, absolute_text_path, symlink_outside, source_is_a_folder,
    unreadable_file, no_sources, script_in_records)}

LOCATED = re.compile(r"^\S.*:\d+:\d+: (error|warning)\[[a-z-]+\]: ")


def _snapshot(folder: Path) -> dict[str, float]:
    found = {}
    for path in folder.rglob("*"):
        if ".lucli" in path.parts:
            continue
        try:
            found[str(path)] = path.lstat().st_mtime_ns
        except FileNotFoundError:
            continue
    return found


def registered() -> set[str]:
    from lucli.cli import app

    return {info.name or info.callback.__name__ for info in app.registered_commands}


# Each command as a user would run it in CI on an untrusted repository; OUT is the only folder it may write to.
COMMANDS = [
    ["validate"], ["validate", "--format", "json"], ["compare"], ["compare", "devolution"],
    ["compare", "alpha", "beta"], ["list", "findings"], ["show", "alpha-2022-report"], ["search", "devolve"],
    ["brief", "devolution", "-o", "OUT/brief.md"], ["digest", "-o", "OUT/site"], ["verify"],
    ["export", "--format", "csl-json", "-o", "OUT/export.json"],
]


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_evidence_never_crashes_any_command(case: str, make_repo, runner, tmp_path, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    CASES[case](root)
    out = tmp_path / "out"
    monkeypatch.chdir(root)
    available = registered()
    before = _snapshot(tmp_path)
    for argv in COMMANDS:
        if argv[0] not in available:
            continue
        args = [a.replace("OUT", str(out)) for a in argv]
        started = time.monotonic()
        result = runner.invoke(app, args)
        elapsed = time.monotonic() - started
        shown = " ".join(argv)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"`lucli {shown}` raised {result.exception!r}")
        assert result.exit_code in (0, 1, 2), f"`lucli {shown}` exited {result.exit_code}"
        assert "Traceback" not in result.stderr + result.stdout, shown
        for line in result.stderr.splitlines():
            if re.match(r"^\S+\.(yaml|yml|txt):", line):
                assert LOCATED.match(line), f"`lucli {shown}`: unlocated problem line: {line}"
        assert elapsed < 30, f"`lucli {shown}` took {elapsed:.1f}s"
    after = _snapshot(tmp_path)
    written = {p for p in set(after) - set(before) if not p.startswith(str(out))}
    changed = {p for p in set(before) & set(after) if before[p] != after[p] and not p.startswith(str(out))
               and not os.path.isdir(p)}
    assert written == set() and changed == set(), "wrote outside the output folder"


@pytest.mark.parametrize(("case", "code"), [
    ("alias_bomb", "too-large"), ("deep_nesting", "too-deep"), ("huge_file", "too-large"), ("long_line", "too-large"),
    ("binary_file", "encoding"), ("latin1_file", "encoding"), ("python_tag", "yaml-tag"),
    ("duplicate_keys", "duplicate-key"), ("escaping_ids", "bad-id"), ("absolute_text_path", "bad-path"),
    ("symlink_outside", "outside-root"), ("source_is_a_folder", "not-a-file"), ("unreadable_file", "unreadable"),
])
def test_each_hostile_case_is_named_for_what_it_is(case: str, code: str, make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    CASES[case](root)
    monkeypatch.chdir(root)
    started = time.monotonic()
    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 1
    assert f"error[{code}]" in result.stderr
    if case in ("alias_bomb", "deep_nesting"):
        assert time.monotonic() - started < 5  # refused quickly, not after expanding


def test_bom_and_crlf_files_are_read_normally(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    bom_and_crlf(root)
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["validate", "--strict"])

    assert result.exit_code == 0, result.stderr
    assert "2 sources" in result.stderr


def test_the_tagged_file_runs_nothing(make_repo, runner, monkeypatch, tmp_path) -> None:
    from lucli.cli import app

    root = make_repo()
    marker = tmp_path / "ran"
    _write(root, "tagged", HEAD.format(stem="tagged") +
           f"summary: !!python/object/apply:os.system ['touch {marker}']\n")
    monkeypatch.chdir(root)
    runner.invoke(app, ["validate"])

    assert not marker.exists()


def test_an_evidence_folder_with_no_sources_is_pointed_out_but_not_an_error(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo(sources={})
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 0  # a new repository has no sources yet, and its CI must pass
    assert "evidence/sources:0:0: warning[no-sources]: no source files yet; add one with `lucli add source`" in (
        result.stderr)
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 1


def test_a_limit_can_be_raised_in_lucli_yaml(make_repo, runner, monkeypatch) -> None:
    from lucli.cli import app

    root = make_repo()
    _write(root, "longish", SOURCE.replace("alpha-2022-report", "longish") + "summary: " + "x" * 20_000 + "\n")
    monkeypatch.chdir(root)
    refused = runner.invoke(app, ["validate"])
    (root / "lucli.yaml").write_text("limits:\n  max_line: 50000\n", encoding="utf-8")
    accepted = runner.invoke(app, ["validate"])

    assert refused.exit_code == 1 and "error[too-large]" in refused.stderr
    assert accepted.exit_code == 0, accepted.stderr


