"""The HTML digest's security policy, put on each page by lucli after rendering, so no template can drop it.

A template can write any HTML, so the policy cannot live in a template. Every
HTML page is parsed once rendered: its first element must be `<html>` or
`<head>`, so that nothing comes before the Content-Security-Policy that lucli
then adds first thing in `<head>`; and its only script may be lucli's own
`assets/filter.js` (which a repository cannot override), by `src`, with
nothing inline. The policy forbids inline script and style, anything fetched
from elsewhere, `<base>` and forms. A page that breaks these rules is a
located error, never published.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from lucli.errors import RenderError
from lucli.records.textwork import charge

POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "base-uri 'none'; form-action 'none'")
"""The Content-Security-Policy of every page of the HTML digest."""
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
SCRIPT = re.compile(r"^(?:\.\./)*assets/filter\.js$")
"""The one script a page may load: lucli's own, from the site's root or a folder below it."""
_ANY_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
"""Every place a browser might start a script element, whatever Python's parser makes of the text around it
(inside SVG, `<style>` is not raw text for a browser, but it is for Python's parser)."""


_UNCLOSED = re.compile(r"<[A-Za-z/!?][^<>]*+(?:<|\Z)")
"""Markup opened but not closed before the next `<`: Python's HTML parser takes quadratic time over such
text (minutes for 40 KB of `<p x=`), and lucli's pages never hold it (text is escaped). Possessive: after
each tag the plain `*` gave back its characters one by one looking for a `<`, which it cannot have matched
(twice the time)."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.first: str | None = None
        self.head_end: tuple[int, int] | None = None
        self.problem: tuple[tuple[int, int], str] | None = None
        self.in_script = False
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = self.getpos()
        if self.first is None and tag != "html":
            self.first = tag
            if tag != "head":
                self._refuse(where, f"<{tag}> comes before <head>, where lucli puts the page's security policy")
            else:
                text = self.get_starttag_text() or ""
                self.head_end = (where[0], where[1] + len(text))
        values = dict(attrs)
        if tag == "script":
            self.in_script = True
            self.scripts += 1
            if not SCRIPT.match(values.get("src") or ""):
                self._refuse(where, "a page may load no script but lucli's own assets/filter.js")
        elif tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self._refuse(where, "a page may not send its reader elsewhere (<meta http-equiv=refresh>)")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self._refuse(self.getpos(), "a page may hold no inline script")

    def _refuse(self, where: tuple[int, int], message: str) -> None:
        if self.problem is None:
            self.problem = (where, message)


_PLAIN_START = re.compile(r'(?:<!DOCTYPE html>\s*)?<html(?: lang="[A-Za-z-]{1,35}")?>\s*<head>')
"""How lucli's own templates open a page: nothing can come before the policy."""
_PLAIN_SCRIPT = re.compile(r'<script src="(?:\.\./){0,8}assets/filter\.js"(?: defer)?></script>')
"""How lucli's own templates load their one script: by `src`, with nothing inline."""
_EQUIV = re.compile(r"-(?<=(?i:http)-)(?i:equiv)")
"""`http-equiv` in any case (what `re.compile("http-equiv", re.IGNORECASE)` finds), written to start from the
hyphen: a pattern that starts with a letter in any case is tried at every character, one that starts with
a plain character only where that character is (eight times faster over a page)."""


def seal(page: str, name: str) -> str:
    """Check a rendered HTML page against the policy and add the policy to it; `name` locates errors."""
    # Each pass below looks at every character a bounded number of times: `_UNCLOSED` scans from each '<'
    # only to the next '<' or '>', and once it has passed, so does the parser (each tag ends before the next).
    charge("html", len(page))
    unclosed = _UNCLOSED.search(page)
    if unclosed is not None:
        at = unclosed.start()
        line, col = page.count("\n", 0, at) + 1, at - (page.rfind("\n", 0, at) + 1) + 1
        raise RenderError(f"{name}:{line}:{col}: markup opened with '<' is not closed with '>' before the next '<'",
                          "write '&lt;' for a '<' that is text")
    head_end = _plainly_safe(page)
    if head_end is None:
        head_end = _parsed(page, name)
    return page[:head_end] + "\n" + META + page[head_end:]


def _plainly_safe(page: str) -> int | None:
    """Where the policy goes, when the page is plainly within it; None when it takes the parser to tell.

    Parsing every page with Python's HTML parser was nearly half the digest's time. A page that opens as
    lucli's templates open one, whose every `<script` (in any case, anywhere) is lucli's own script tag written
    exactly as they write it, and that says `http-equiv` nowhere, is within the policy whatever else it holds:
    nothing comes before `<head>`, no other script can start, and no `<meta>` can redirect. Anything else goes
    to the parser, which finds and locates what is wrong (or accepts it)."""
    charge("html", 3 * len(page))  # anchored opening; then literals: `http-equiv`, and each script tag twice
    start = _PLAIN_START.match(page)
    if start is None or _EQUIV.search(page) is not None:
        return None
    if len(_ANY_SCRIPT.findall(page)) != len(_PLAIN_SCRIPT.findall(page)):
        return None
    return start.end()


def _parsed(page: str, name: str) -> int:
    """Check the page with the HTML parser; return the offset just after its `<head>` tag."""
    checker = _Checker()
    charge("html", 2 * len(page))
    checker.feed(page)
    checker.close()
    if checker.problem is None and len(_ANY_SCRIPT.findall(page)) != checker.scripts:
        found = _ANY_SCRIPT.search(page)
        at = found.start() if found else 0
        checker.problem = ((page.count("\n", 0, at) + 1, at - (page.rfind("\n", 0, at) + 1)),
                           "a page may load no script but lucli's own assets/filter.js")
    if checker.problem is None and checker.head_end is None:
        checker.problem = ((1, 0), "the page has no <head>, where lucli puts its security policy")
    if checker.problem is not None:
        (line, col), message = checker.problem
        raise RenderError(f"{name}:{line}:{col + 1}: {message}",
                          "the HTML digest's templates may not change its security policy (SECURITY.md)")
    assert checker.head_end is not None
    line, col = checker.head_end
    charge("html", 2 * len(page))
    lines = page.split("\n")
    return sum(len(text) + 1 for text in lines[: line - 1]) + col
