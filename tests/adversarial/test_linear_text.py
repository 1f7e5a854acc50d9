"""Every path hostile text takes is linear in its length (issue 16, item 6).

Each case is 1 MB of the worst text we know for that path (the quadratic markdown escape took 14 s at
60 KB and would take hours at 1 MB). The guard is a CPU budget, not a wall clock: `ITIMER_PROF` counts
only this process's own work, so a busy machine does not trip it, and the budget is some hundred times
what a linear pass takes.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from lucli.records.safetext import shown
from lucli.records.yamlparse import parse
from lucli.render.escaping import md_escape
from lucli.render.html_policy import seal

MB = 1_000_000
CPU_BUDGET = 10.0
"""CPU seconds each case may use; a linear pass over 1 MB takes well under a tenth of one."""


class _OverBudget(BaseException):  # not an Exception: a case that catches refusals must not swallow it
    pass


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    def stop(_signum: int, _frame: object) -> None:
        raise _OverBudget(f"used more than {seconds} s of CPU: not linear")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _block_quote(body: str) -> str:
    return "quote: |\n" + "".join("  " + line + "\n" for line in body.split("\n"))


CASES: dict[str, Callable[[], object]] = {
    "markdown escape, blank lines": lambda: md_escape("a" + "\n \n" * (MB // 3) + "b"),
    "markdown escape, spaces then text": lambda: md_escape("\n" + " " * MB + "x"),
    "markdown escape, markers": lambda: md_escape("+" * MB + "x"),
    "markdown escape, specials": lambda: md_escape("*_[<|&#1;" * (MB // 9)),
    "terminal escape": lambda: shown("\x1b\n" * (MB // 2)),
    "yaml, blank-line quote": lambda: parse(_block_quote("x" + "\n" * (MB // 2)), "f.yaml"),
    "yaml, unclosed quotes": lambda: parse("a: " + "'x " * (MB // 3), "f.yaml"),
    "yaml, unclosed flow": lambda: parse("a: " + "[" * (MB // 2), "f.yaml"),
    "html policy": lambda: seal("<!DOCTYPE html><html><head></head><body>" + "<p>x</p>" * (MB // 8) + "</body>",
                                "page.html"),
    "html policy, many script openers": lambda: _refused(lambda: seal("<html><head>" + "<script" * (MB // 7),
                                                                     "page.html")),
    "html policy, unclosed attributes": lambda: _refused(lambda: seal("<html><head>" + "<p x=" * (MB // 5),
                                                                      "page.html")),
    "html policy, unclosed comments": lambda: _refused(lambda: seal("<html><head>" + "<!--" * (MB // 4),
                                                                    "page.html")),
}


def _refused(run: Callable[[], object]) -> object:
    try:
        return run()
    except Exception as exc:  # the case is about time: a refusal is a fine answer
        return exc


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_text_takes_linear_time(case):
    with cpu_budget(CPU_BUDGET):
        CASES[case]()


def test_a_brief_and_digest_of_a_quote_of_blank_lines_take_linear_time(make_repo, tmp_path):
    from typer.testing import CliRunner

    from lucli.cli import app
    from tests.conftest import SOURCE

    quote = "    quote: |\n      a\n" + "      \n" * (MB // 7) + "      b\n"
    repo = make_repo(sources={"alpha-2022-report": SOURCE.replace("        stance: supports\n",
                                                                 "        stance: supports\n" + quote)})
    with cpu_budget(CPU_BUDGET * 3):
        # The quote is a recommendation's: the full brief prints it (the default keeps recommendations short).
        brief = CliRunner().invoke(app, ["brief", "devolution", "--stdout", "--detail", "full", "--root",
                                         str(repo)])
        digest = CliRunner().invoke(app, ["digest", "-o", str(tmp_path / "site"), "--root", str(repo)])

    assert (brief.exit_code, digest.exit_code) == (0, 0), brief.stderr + digest.stderr
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert any("b”" in page for page in pages)  # the quote was rendered, to its end


def test_verifying_a_quote_against_a_text_of_a_megabyte_of_spaces_takes_linear_time(make_repo):
    from typer.testing import CliRunner

    from lucli.cli import app
    from tests.conftest import SOURCE

    repo = make_repo(sources={"alpha-2022-report": SOURCE.replace(
        "        stance: supports\n", "        stance: supports\n    quote: " + "a " + "x " * 300 + "\n")
        + "text: texts/t.txt\n"})
    (repo / "evidence" / "texts").mkdir()
    (repo / "evidence" / "texts" / "t.txt").write_text("a" + " " * MB + "b c d\n")

    with cpu_budget(CPU_BUDGET):
        result = CliRunner().invoke(app, ["verify", "--root", str(repo)])

    assert result.exit_code == 1 and "1 not found" in result.stderr
