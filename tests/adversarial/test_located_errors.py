"""The reproductions of issue 16 that ended in a traceback now end in a located error (item 6; the YAML
ones are in test_settings_and_limits.py), and the limits hold for history and imports too (item 5)."""

from __future__ import annotations

import os
import subprocess

import pytest
from typer.testing import CliRunner

from lucli.cli import app
from tests.conftest import SOURCE


def _run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _second(stem: str, extra: str = "") -> str:
    return SOURCE.replace("alpha-2022-report", stem) + extra


@pytest.mark.parametrize("command", [["validate"], ["compare"], ["list", "sources"]])
def test_broken_names_links_and_texts_are_located(make_repo, command):
    repo = make_repo(sources={"alpha-2022-report": SOURCE + 'text: "texts/\\0"\n',
                              "beta-2022-report": _second("beta-2022-report", "text: texts/loop\n")})
    sources = repo / "evidence" / "sources"
    (repo / "evidence" / "texts").mkdir()
    (repo / "evidence" / "texts" / "loop").symlink_to("loop")
    (sources / "self.yaml").symlink_to("self.yaml")
    with open(os.path.join(os.fsencode(sources), b"bad\xff.yaml"), "w") as handle:
        handle.write("id: x\n")
    fifo = sources / "pipe.yaml"
    os.mkfifo(fifo)

    result = _run(*command, "--root", str(repo))

    assert result.exit_code == 1
    lines = result.stderr
    assert "alpha-2022-report.yaml:13:7: error[missing-text]: archived text 'texts/\\x00' holds a character" in lines
    assert "beta-2022-report.yaml:13:7: error[unreadable]: archived text 'texts/loop' is a link that leads " \
           "round in a loop" in lines
    assert "self.yaml:1:1: error[unreadable]: is a link that leads round in a loop; it was not read" in lines
    assert "bad\\xff.yaml:1:1: error[file-name]: the file name is not UTF-8; rename the file" in lines
    assert "pipe.yaml:1:1: error[not-a-file]: is not a regular file (a pipe, socket or device)" in lines


def test_an_import_of_deeply_nested_json_is_a_located_refusal(make_repo, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)

    result = _run("import", "csl-json", str(deep), "--root", str(make_repo()))

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {deep}: the JSON nests deeper than lucli reads")


def test_a_huge_file_in_history_is_never_read(make_repo):
    repo = make_repo()
    (repo / "lucli.yaml").write_text("limits:\n  max_bytes: 2000\n")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q")
    big = repo / "evidence" / "sources" / "big.yaml"
    with big.open("wb") as handle:
        handle.write(b"id: big\nsummary: " + b"x" * 50_000 + b"\n")
    git("add", "-A")
    git("commit", "-qm", "a big file")
    big.unlink()

    result = _run("diff", "HEAD", "--root", str(repo))

    assert result.exit_code in (0, 1)
    assert "warning: the evidence at HEAD has 1 error;" in result.stderr


def test_a_report_on_broken_evidence_counts_its_errors_in_words(make_repo, tmp_path):
    repo = make_repo(sources={"alpha-2022-report": SOURCE})
    (repo / "evidence" / "sources" / "broken.yaml").write_text("id: x\n  bad: [\n", encoding="utf-8")

    result = _run("digest", "-o", str(tmp_path / "site"), "--root", str(repo))

    assert result.exit_code == 1
    assert "error: the evidence has 1 error; fix it first" in result.stderr
