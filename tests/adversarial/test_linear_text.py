"""Every path hostile text takes does work linear in its length (issue 16, item 6).

Each case is 1 MB of the worst text we know for that path. Nothing here is timed: every pass lucli makes
over such text counts the characters it hands to a linear primitive (`lucli.records.textwork`), and a
case may visit at most `PER_CHARACTER` characters for each character of its input. A quadratic pass
visits hundreds of thousands per character at this size (the old markdown escape rescanned the rest of
the text from every line break; the old YAML hints looked for a comment again for every quote on a line),
and counting stops it as soon as it passes the limit, so it fails at once rather than running for hours.
`bench/hostile.py` times the same cases beside a linear anchor.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lucli.authoring.locate import locate, make_archive
from lucli.records.safetext import shown
from lucli.records.textwork import TooMuchWork, counted
from lucli.records.yamlparse import CEILINGS, parse
from lucli.render.blank_lines import one_blank_line
from lucli.render.escaping import md_escape
from lucli.render.html_policy import seal

MB = 1_000_000
PER_CHARACTER = 40
"""Characters a case may visit per character of its input (linear passes here visit about a dozen)."""


def _block_quote(body: str) -> str:
    return "quote: |\n" + "".join("  " + line + "\n" for line in body.split("\n"))


def _yaml(text: str) -> object:
    # With the highest limits a pull request's lucli.yaml may set: lines of a megabyte are allowed.
    return parse(text, "f.yaml", CEILINGS)


def _refused(run: Callable[[str], object]) -> Callable[[str], object]:
    def refusing(text: str) -> object:
        try:
            return run(text)
        except Exception as exc:  # the case is about the work done: a refusal is a fine answer
            return exc
    return refusing


def _page(body: str) -> str:
    return "<!DOCTYPE html><html><head></head><body>" + body + "</body>"


def _verify(text: str) -> object:
    return locate(text[:MB // 2] + "zzz", [make_archive("texts/hostile.txt", text)], [])


Case = tuple[str, Callable[[], str], Callable[[str], object]]
"""The kind of pass counted, the hostile text, and what is done with it."""
CASES: dict[str, Case] = {
    "markdown escape, blank lines": ("markdown", lambda: "a" + "\n \n" * (MB // 3) + "b", md_escape),
    "markdown escape, spaces then text": ("markdown", lambda: "\n" + " " * MB + "x", md_escape),
    "markdown escape, markers": ("markdown", lambda: "+" * MB + "x", md_escape),
    "markdown escape, specials": ("markdown", lambda: "*_[<|&#1;" * (MB // 9), md_escape),
    "markdown escape, entity-like words": ("markdown", lambda: ("&" + "a" * 99) * (MB // 100), md_escape),
    "terminal escape": ("terminal", lambda: "\x1b\n" * (MB // 2), shown),
    "yaml, blank-line quote": ("yaml", lambda: _block_quote("x" + "\n" * (MB // 2)), _yaml),
    "yaml, unclosed quotes": ("yaml", lambda: "a: " + "'x " * (MB // 3), _yaml),
    "yaml, unclosed flow": ("yaml", lambda: "a: " + "[" * (MB // 2), _yaml),
    "yaml, a line of quoted values before an error": ("yaml", lambda: "a: [" + "'x', " * (MB // 5), _yaml),
    "yaml, a line of spaces before an error": ("yaml", lambda: "a:\n" + " " * MB + "x\n  b: c: d", _yaml),
    "yaml, a line of dashes at an error": ("yaml", lambda: "a: b\n" + "- " * (MB // 2) + "x", _yaml),
    "yaml, text beside a block sign after a run of spaces": ("yaml", lambda: "a: > " + " " * MB + "x", _yaml),
    "yaml, a long key before a block sign": ("yaml", lambda: "a: b\n" + "k" * MB + ": > x", _yaml),
    "markdown blank lines, a line of spaces between breaks": ("markdown", lambda: "a\n" + " " * MB + "\n\nb",
                                                                 one_blank_line),
    "markdown blank lines, fenced, a line of spaces": ("markdown", lambda: "```\n" + " " * MB + "\n```\n\n\nb",
                                                       one_blank_line),
    "html policy": ("html", lambda: _page("<p>x</p>" * (MB // 8)), lambda page: seal(page, "page.html")),
    "html policy, many script openers": ("html", lambda: "<html><head>" + "<script" * (MB // 7),
                                         _refused(lambda page: seal(page, "page.html"))),
    "html policy, unclosed attributes": ("html", lambda: "<html><head>" + "<p x=" * (MB // 5),
                                         _refused(lambda page: seal(page, "page.html"))),
    "html policy, unclosed comments": ("html", lambda: "<html><head>" + "<!--" * (MB // 4),
                                       _refused(lambda page: seal(page, "page.html"))),
    "quote verification, a run of spaces": ("search", lambda: " " * MB, _verify),
    "quote verification, one letter repeated": ("search", lambda: "a" * MB, _verify),
    "quote verification, a page of blank lines": ("normalise", lambda: "a\f" + "\n" * MB + "\fb", _verify),
    "quote verification, a page that is one line of spaces": ("normalise", lambda: "a\f" + " " * MB + "\fb",
                                                               _verify),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_text_takes_linear_work(case):
    kind, make, run = CASES[case]
    text = make()
    limit = PER_CHARACTER * len(text)
    with counted(limit) as counts:
        try:
            run(text)
        except TooMuchWork as over:
            pytest.fail(f"{case}: {over} ({counts.as_dict()})")

    assert counts[kind] >= len(text), counts.as_dict()  # the path was counted: it visited its whole input
    assert counts.total <= limit


def test_a_brief_and_digest_of_a_quote_of_blank_lines_take_linear_work(make_repo, tmp_path):
    from typer.testing import CliRunner

    from lucli.cli import app
    from tests.conftest import SOURCE

    quote = "    quote: |\n      a\n" + "      \n" * (MB // 7) + "      b\n"
    repo = make_repo(sources={"alpha-2022-report": SOURCE.replace("        stance: supports\n",
                                                                 "        stance: supports\n" + quote)})
    evidence = sum(p.stat().st_size for p in (repo / "evidence").rglob("*.yaml"))
    # Counted in the workers too: the brief renders in a child process, the digest's pages in several.
    with counted(PER_CHARACTER * 4 * evidence) as counts:
        # The quote is a recommendation's: the full brief prints it (the default keeps recommendations short).
        brief = CliRunner().invoke(app, ["brief", "devolution", "--stdout", "--detail", "full", "--root",
                                         str(repo)])
        digest = CliRunner().invoke(app, ["digest", "-o", str(tmp_path / "site"), "--root", str(repo)])

    assert (brief.exit_code, digest.exit_code) == (0, 0), brief.stderr + digest.stderr
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert any("b”" in page for page in pages)  # the quote was rendered, to its end
    written = sum(len(page) for page in pages)
    assert counts["markdown"] >= MB // 7 and counts["html"] >= written, counts.as_dict()
    assert counts.total <= PER_CHARACTER * (evidence + written), counts.as_dict()


def test_verifying_a_quote_against_a_text_of_a_megabyte_of_spaces_takes_linear_work(make_repo):
    from typer.testing import CliRunner

    from lucli.cli import app
    from tests.conftest import SOURCE

    repo = make_repo(sources={"alpha-2022-report": SOURCE.replace(
        "        stance: supports\n", "        stance: supports\n    quote: " + "a " + "x " * 300 + "\n")
        + "text: texts/t.txt\n"})
    (repo / "evidence" / "texts").mkdir()
    (repo / "evidence" / "texts" / "t.txt").write_text("a" + " " * MB + "b c d\n")

    with counted(PER_CHARACTER * MB) as counts:
        result = CliRunner().invoke(app, ["verify", "--root", str(repo)])

    assert result.exit_code == 1 and "1 not found" in result.stderr
    assert counts["normalise"] >= MB and counts["search"] >= MB, counts.as_dict()


# A regular expression does its work inside one call, where no count can see it; a pattern that scans
# ahead from every position (`\n\s*$` did, from every line break) is quadratic all the same. So every
# pattern these paths use must be one reviewed here, with the reason it looks at each character a bounded
# number of times; a new or changed one fails until it is reviewed (and timed by bench/hostile.py).
HOSTILE_TEXT_MODULES = ("lucli/render/escaping.py", "lucli/render/blank_lines.py", "lucli/records/safetext.py",
                        "lucli/records/yamlerrors.py",
                        "lucli/records/yamlparse.py", "lucli/render/html_policy.py", "lucli/authoring/normalise.py",
                        "lucli/authoring/locate.py", "lucli/authoring/verify.py")
REVIEWED = {
    r"[^\w ,;:'’“”()/.?!%+—–-]|_": "one character class or a literal, tried once at each character",
    r"\s+": "a run is matched once, and the search goes on after it",
    r"\n(?:[ \t]*\n){2,}": "tried at a line break only; a run of spaces is given back one at a time against a line "
                           "break, once, and the search goes on after the run",
    r"([\\`*_\[\]<>|~])": "one character class",
    r"&(?=#?\w+;)": "tried at '&' only, looking over the word after it, which holds no '&'",
    r"^(#+|[+=-]+|\d+[.)])(?=\s|$)": "anchored at the start: tried once",
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]": "one character class",
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]": "one character class",
    r"""(?:^|[:\-\[{,])\s*(['"])""": "tried at a punctuation mark, looking over the white space after it only",
    r":\s*[|>][0-9+-]*\s*(#.*)?$": "tried at ':', over the white space and indicators after it; once a line",
    r"""^(?:-\s+)*+([^\s#'"{\[][^:#]*?|"[^"]*"|'[^']*'):(?:\s|$)""":
        "anchored; the dashes are possessive, so each alternative for the key is tried once",
    r"""
    (?<![^\s\[{,:])'(?:[^']|'')*'        # single-quoted scalar
  | (?<![^\s\[{,:])"(?:[^"\\]|\\.)*"   # double-quoted scalar
  | (?<!\S)\#[^\n]*                    # comment
  | [\[\]{}]                          # a flow bracket
""": "a quoted scalar or comment is consumed whole; only the last quote can be unclosed",
    r"""^(\s*(?:-\s+)*+(?:[^\s#'"{\[][^:#]*?:\s+)?)([|>][0-9+-]*)[ \t]+(?=[^#\s])""":
        "tried once, on the line the parser stopped at; the dashes are possessive, a key ends at its first ':', and "
        "the spaces after the sign are given back one at a time against a one-character lookahead",
    r"^(?:\.\./)*assets/filter\.js$": "a script's src attribute, anchored",
    r"<script\b": "a literal",
    r'(?:<!DOCTYPE html>\s*)?<html(?: lang="[A-Za-z-]{1,35}")?>\s*<head>': "anchored at the start: tried once",
    r'<script src="(?:\.\./){0,8}assets/filter\.js"(?: defer)?></script>': "a literal with bounded parts",
    r"-(?<=(?i:http)-)(?i:equiv)": "tried at '-' only, looking four characters back and five ahead",
    r"<[A-Za-z/!?][^<>]*+(?:<|\Z)": "from each '<' only to the next '<' or '>', giving nothing back",
    r"(?:page\s*)?(?:#|[ivxlc]+)(?:\s*(?:of|/)\s*#)?": "a line of at most 200 characters",
    r"\[\s*(?:\.\s*){3}\]|\.\s*\.\s*\.|…": "tried at '[' or '.', over the white space of the next few only",
    r"\d+": "a line of at most 200 characters",
}


def test_every_regular_expression_on_hostile_text_is_reviewed():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    unreviewed = []
    for module in HOSTILE_TEXT_MODULES:
        for node in ast.walk(ast.parse((root / module).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
                pattern = node.args[0]
                if isinstance(pattern, ast.Name) and pattern.id == "PAGE_BREAK":
                    continue  # a form feed, a literal
                if not (isinstance(pattern, ast.Constant) and pattern.value in REVIEWED):
                    unreviewed.append(f"{module}:{node.lineno}: {ast.unparse(pattern)}")
    assert unreviewed == []


_POLICY_TEXT = st.text(alphabet=st.sampled_from(list("<>/!?-hHtTpPeEqQuUiIvVsScCrR a\u0130\u0131\u017f\u212a\n")),
                       max_size=40)


@given(_POLICY_TEXT)
@example("HTTP-EQUIV")
@example("hTtP-eQu\u0130v")
@example("--equiv http-equi")
@example("<p class=x")
@example("<a href=x>b</a><p x=<")
def test_the_page_policy_s_faster_patterns_find_what_the_plain_ones_did(text):
    """`http-equiv` in any case, and markup left open, are found where the patterns written plainly find them."""
    import re

    from lucli.render.html_policy import _EQUIV, _UNCLOSED

    for page in (text, f"a {text} b", f"<p>{text}"):
        assert bool(_EQUIV.search(page)) == bool(re.search("http-equiv", page, re.IGNORECASE))
        plain = re.search(r"<[A-Za-z/!?][^<>]*(?:<|\Z)", page)
        found = _UNCLOSED.search(page)
        assert (found and found.start()) == (plain and plain.start())
