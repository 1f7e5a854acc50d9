"""YAML syntax errors in plain English, at the line a person has to fix.

The parser stops where the text stopped making sense, which is often well past the mistake: an
unclosed quote is reported where the file ends, a broken indent on the line after it. When it
refuses a file, this module reads the text itself (never the parser's wording, which changes between
versions) for the mistakes people make most, and names where they are:

- a quote that opens a value and is not closed on its own line;
- a line whose indentation lines up with no block above it, with the column it should start at;
- a list item (`- `) among a mapping's keys, where a key is expected;
- text written on the same line as the `>` or `|` that opens a block of text.

It also measures flow nesting (`[[[…`) from the text, because the parser may refuse deep nesting itself,
reading ahead before it hands over the events that would trip lucli's own depth limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from lucli.records.diagnostics import Diagnostic, error
from lucli.records.plurals import plural
from lucli.records.textwork import charge


@dataclass(frozen=True)
class Explained:
    """A syntax error found in the text: where it is, what is wrong and the one-line fix."""

    line: int
    col: int
    message: str
    hint: str


# Where YAML can open a quoted scalar: at the start of a value (after `key: `, `- `, `[`, `{` or `,`).
_QUOTE_START = re.compile(r"""(?:^|[:\-\[{,])\s*(['"])""")
_BLOCK_SCALAR = re.compile(r":\s*[|>][0-9+-]*\s*(#.*)?$")
_KEY = re.compile(r"""^(?:-\s+)*+([^\s#'"{\[][^:#]*?|"[^"]*"|'[^']*'):(?:\s|$)""")
"""A key, after any `- `s: they are taken once and never given back (backtracking into them was quadratic on a
line of `- - - …`)."""
_BLOCK_TEXT = re.compile(r"""^(\s*(?:-\s+)*+(?:[^\s#'"{\[][^:#]*?:\s+)?)([|>][0-9+-]*)[ \t]+(?=[^#\s])""")
"""A `>` or `|` that opens a value, followed on its own line by text (not a comment): a plain value cannot start
with either, so this is always the mistake of writing the block's text beside it."""


def explain(text: str, error_line: int) -> Explained | None:
    """Find an unclosed quote, a broken indent, a list item among keys or text beside a block's sign at or before
    `error_line` (1-based), the first one first."""
    lines = text.splitlines()
    charge("yaml", len(text))
    found = [e for e in (_unclosed_quote(lines, error_line), _broken_indent(lines, error_line),
                         _text_beside_block(lines, error_line)) if e is not None]
    return min(found, key=lambda e: (e.line, e.col)) if found else None


def _text_beside_block(lines: list[str], error_line: int) -> Explained | None:
    """Text beside the `>` or `|` of the line the parser stopped at (it stops there, at the text)."""
    if not 0 < error_line <= len(lines):
        return None
    line = lines[error_line - 1]
    charge("yaml", len(line))
    match = _BLOCK_TEXT.match(line)
    if match is None:
        return None
    sign = match.group(2)[0]
    return Explained(error_line, match.end() + 1,
                     f"text follows `{sign}` on the same line, but a `{sign}` block's text starts on the next line",
                     f"move the text to the next line, indented under the key, or remove `{sign}` and quote the text")


def _closes(line: str, start: int, quote: str) -> int | None:
    """The index just past the quote that closes the one at `start`, or None if the line ends first."""
    at = start + 1
    while at < len(line):
        char = line[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and line[at + 1:at + 2] == "'":  # '' is a quote mark inside single quotes
                at += 2
                continue
            return at + 1
        at += 1
    return None


def _unclosed_quote(lines: list[str], error_line: int) -> Explained | None:
    for number, line in enumerate(lines[:error_line], start=1):
        # Where the line's comment starts is found once a line: looking for it again for every quote on the
        # line was quadratic on a long line of quoted values.
        comment = _comment_start(line)
        charge("yaml", 2 * len(line) + 1)  # the comment search, then the quotes (each scan starts where one ended)
        position = 0
        while (match := _QUOTE_START.search(line, position)) is not None:
            start = match.start(1)
            if comment < start:
                break
            end = _closes(line, start, match.group(1))
            if end is None:
                quote = match.group(1)
                other = '"' if quote == "'" else "'"
                inside = "double it ('')" if quote == "'" else 'write it as \\"'
                return Explained(number, start + 1, f"the {_name(quote)} quote opened here is not closed on this "
                                                    "line",
                                 f"end the value with {quote} on the same line; for a {quote} inside the text, "
                                 f"{inside} or quote the value with {other} instead")
            position = end
    return None


def _comment_start(line: str, first: int = 0) -> int:
    """Where a comment starts: the first `#` at or after `first` that opens the line or follows white space
    (the line's length if there is none). `str.find` from one `#` to the next: linear, however long the line."""
    at = line.find("#", first)
    while at > 0 and not line[at - 1].isspace():
        at = line.find("#", at + 1)
    return len(line) if at < 0 else at


def _name(quote: str) -> str:
    return "single" if quote == "'" else "double"


def _content(line: str) -> str:
    """The line without a trailing comment (quotes are not looked into: keys and flags are what matter).

    What `re.sub(r"\\s+#.*$", "", line)` did, without its quadratic time on a long run of spaces."""
    charge("yaml", len(line))
    return line[:_comment_start(line, 1)].rstrip()


def _broken_indent(lines: list[str], error_line: int) -> Explained | None:
    """Walk the block structure; the first line whose indent matches no open block is the broken one."""
    levels = [0]
    opener = False  # the line before ends with `key:` (or `-`), so the next may start a deeper block
    scalar_at: int | None = None  # inside a `>` or `|` block: lines indented more than this are its text
    keys: dict[int, str] = {}
    kinds: dict[int, str] = {}
    compact: set[int] = set()  # levels of keys where a list written under `key:` at the key's own column runs
    keyed: set[int] = set()  # levels that hold keys (a list item's text, or a folded line, holds none)
    opened_at = -1  # the column of the key that ends the line before with `:`
    for number, raw in enumerate(lines[:error_line + 1], start=1):
        line = _content(raw)
        if not line.strip() or line.lstrip().startswith("#") or line.strip() in ("---", "..."):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if scalar_at is not None:
            if indent > scalar_at:
                continue
            scalar_at = None
        body = line.strip()
        dash = body.startswith("- ") or body == "-"
        if indent not in levels:
            if opener and indent > levels[-1]:
                levels.append(indent)
                kinds[indent] = "seq" if dash else "map"
            else:
                return _indent_error(number, indent, levels, keys, opener)
        kinds.setdefault(indent, "seq" if dash else "map")
        while levels[-1] > indent:
            compact.discard(levels[-1])
            keyed.discard(levels[-1])
            kinds.pop(levels.pop(), None)
        if kinds[indent] == "seq" and not dash:
            # A list's lines start with `- `; a key here belongs with the item's keys, after the dash.
            return _indent_error(number, indent, [*levels, indent + 2], keys, True, expected=indent + 2)
        if kinds[indent] == "map" and dash and indent in keyed:
            # Among keys, a `- ` may only open a list written under the key just above, at its own column.
            if opener and opened_at == indent:
                compact.add(indent)
            elif indent not in compact:
                return _dash_among_keys(number, indent, levels, kinds, keys)
        elif not dash:
            compact.discard(indent)
        charge("yaml", 2 * len(body))  # the key (its dashes taken once), then the dashes one by one
        key = _KEY.match(body)
        # Each `- ` opens an item whose keys line up after the dash. An index walks the dashes (cutting the
        # line down for each was quadratic on a line of `- - - …`); levels only grow here, so a column past
        # the last level is a new one.
        column, at = indent, 0
        while body.startswith("- ", at) or (at == len(body) - 1 and body[at] == "-"):
            after = at + 2
            at = after
            while at < len(body) and body[at] == " ":
                at += 1
            column += 2 + (at - after) if after <= len(body) else 2
            if at < len(body) and column > levels[-1]:
                levels.append(column)
                kinds[column] = "seq" if body.startswith("- ", at) else "map"
        if key:
            keys[column] = key.group(1)
            keyed.add(column)
        opener = line.endswith(":") or line.rstrip().endswith("-")
        opened_at = column if opener else -1
        if _BLOCK_SCALAR.search(line):
            scalar_at = indent if not line.lstrip().startswith("- ") else column
    return None


def _dash_among_keys(number: int, indent: int, levels: list[int], kinds: dict[int, str],
                     keys: dict[int, str]) -> Explained:
    lists = [level for level in levels if level < indent and kinds.get(level) == "seq"]
    above = f" with `{keys[indent]}:` above" if indent in keys else ""
    fix = (f"to add an item to the list, start the `- ` at column {lists[-1] + 1}, as the items above do" if lists
           else "a list goes under a key of its own: write `key:` on the line before")
    return Explained(number, indent + 1, f"a list item where a key is expected: this `- ` lines up{above}", fix)


def _indent_error(number: int, indent: int, levels: list[int], keys: dict[int, str], opener: bool,
                  expected: int | None = None) -> Explained:
    if expected is None:
        expected = min(levels, key=lambda level: (abs(level - indent), -level))
        if not opener and indent > levels[-1]:
            expected = levels[-1]
    beside = f" to line up with `{keys[expected]}:` above" if expected in keys else ""
    # A top-level key has no indentation to give: "indent it by 0 spaces" read as a riddle.
    fix = "start it at the beginning of the line" if expected == 0 else \
        f"indent it by {plural(expected, 'space')}"
    return Explained(number, indent + 1, f"this line's indentation is wrong: it starts at column {indent + 1}, "
                                         f"expected column {expected + 1}", f"{fix}{beside}")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in the text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# Quoted scalars and comments may hold brackets that nest nothing; skip them. A quote counts only
# where YAML could open a quoted scalar, so an apostrophe inside plain text is not mistaken for one.
_FLOW_TOKENS = re.compile(r"""
    (?<![^\s\[{,:])'(?:[^']|'')*'        # single-quoted scalar
  | (?<![^\s\[{,:])"(?:[^"\\]|\\.)*"   # double-quoted scalar
  | (?<!\S)\#[^\n]*                    # comment
  | [\[\]{}]                          # a flow bracket
""", re.VERBOSE)


def too_deep_at(text: str, limit: int) -> tuple[int, int] | None:
    """The line and column of the first `[` or `{` that nests deeper than `limit`, if any."""
    depth = 0
    charge("yaml", len(text))
    for match in _FLOW_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return line_col(text, match.start())
        elif token in "]}":
            depth = max(0, depth - 1)
    return None


def syntax_diagnostic(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    """The parser's syntax error as a diagnostic, at the line to fix when the text shows a common mistake."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    culprit = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
    problem = exc.problem or exc.context or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context and exc.problem:
        message = f"YAML syntax error {exc.context}: {problem}"
    hint = None
    if culprit == "\t" or "\\t" in problem or "tab" in problem:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif (explained := explain(text, line)) is not None:
        return error(path, explained.line, explained.col, "yaml-syntax", explained.message, explained.hint)
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted"
    return error(path, line, col, "yaml-syntax", message, hint)


def reader_diagnostic(exc: yaml.reader.ReaderError, path: str, text: str) -> Diagnostic:
    """A character YAML does not allow (NUL, ESC and other control characters), at its line and column."""
    # libyaml counts the position in bytes; the reader stops at the first such character, so find it.
    charge("yaml", 3 * len(text))  # the character, then its line and column
    found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
    at = found if found >= 0 else min(max(exc.position, 0), len(text))
    return error(path, *line_col(text, at), "yaml-syntax", f"character U+{exc.character:04X} is not allowed in YAML"
                 if isinstance(exc.character, int) else "a character here is not allowed in YAML",
                 "remove the control character")
