"""Record text made safe for where it ends up: terminals (control characters) and spreadsheets (formulas).

Record text and file names come from a pull request. An ESC byte or a line
break written to a terminal can recolour it, move the cursor or forge a
diagnostic line that CI would trust, so every diagnostic and table shows
control characters as escapes (`\\x1b`, `\\n`). A CSV cell that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheet programs
as a formula (`=HYPERLINK(...)`), so it is prefixed with `'` as OWASP advises.
"""

from __future__ import annotations

import re
from typing import Any

from lucli.records.textwork import charge

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides and isolates
that can make text read differently from what it is."""
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""`_CONTROL` but the line break: what `shown_lines` must escape."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def shown(text: str) -> str:
    """Text for a terminal: control characters (tabs and line breaks too) as visible escapes."""
    charge("terminal", len(text))  # one character class: each character is looked at once a pass
    if _CONTROL.search(text) is None:
        return text
    charge("terminal", len(text))
    return _CONTROL.sub(_escape, text)


def shown_lines(text: str) -> str:
    """Like `shown`, but keeping line breaks (for messages of several lines, e.g. a tip under an error)."""
    charge("terminal", len(text))
    if _CONTROL_BUT_LINE_BREAKS.search(text) is None:  # the usual case, a table cell at a time: no split, no join
        return text
    return "\n".join(shown(line) for line in text.split("\n"))


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet program reads as a formula; numbers and other values pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
