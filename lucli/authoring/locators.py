"""Pages in a finding's `locator`: read them ("p. 12", "pp. 12–13", "page 12") and write found ones in.

`lucli verify --fix-locators` adds `locator: "p. 12"` after the quote of each
finding that has none, splicing the line into the file's text so that
everything else stays byte for byte, and refusing (nothing written) when the
result would read back as anything but the old data plus those locators.
"""

from __future__ import annotations

import re
from typing import Any

from lucli.authoring.append import is_content, parse_mapping, region_end
from lucli.authoring.new_source import double_quoted
from lucli.errors import RenderError
from lucli.records.yamlparse import Document, parse

_PAGES = re.compile(r"^\s*(?:pp?\.?|pages?)\s*(\d{1,6})(?:\s*(?:-|–|—|to)\s*(\d{1,6}))?\b", re.IGNORECASE)


def page_range(locator: str | None) -> tuple[int, int] | None:
    """The first and last page a locator names, or None when it names no page (a section, a paragraph)."""
    match = _PAGES.match(locator or "")
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if last >= first else (first, first)


def pages_text(pages: tuple[int, int]) -> str:
    """Write a page range as a locator: 'p. 12' or 'pp. 12–13'."""
    first, last = pages
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def overlaps(found: tuple[int, int], named: tuple[int, int]) -> bool:
    """Whether the pages where a quote was found share a page with the pages its locator names."""
    return found[0] <= named[1] and named[0] <= found[1]


def add_locators(text: str, shown: str, fixes: dict[str, str]) -> str:
    """Return a source file's text with `locator:` set for the findings named (by id), all else unchanged."""
    doc = parse_mapping(text, shown)
    items = doc.data.get("findings")
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    inserts: list[tuple[int, str]] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("id") in fixes and "quote" in item and "locator" not in item:
            at, column = _after_quote(doc, lines, index, list(item))
            inserts.append((at, f"{' ' * column}locator: {double_quoted(fixes[item['id']])}{nl}"))
    for at, line in sorted(inserts, reverse=True):
        lines.insert(at, line)
    result = "".join(lines)
    if not _only_locators(doc.data, result, shown, fixes):
        raise RenderError(f"{shown}: cannot add the locators without changing other content of the file",
                          "add them by hand, after each quote")
    return result


def _after_quote(doc: Document, lines: list[str], index: int, keys: list[str]) -> tuple[int, int]:
    """The line index to insert at (just after the quote's value) and the column of the finding's keys."""
    quote_key = doc.key_marks[("findings", index, "quote")]
    later = keys[keys.index("quote") + 1:]
    if later:
        return doc.key_marks[("findings", index, later[0])].line - 1, quote_key.col - 1
    items = doc.data["findings"]
    if index + 1 < len(items):
        end = doc.value_mark(("findings", index + 1)).line - 1
    else:
        end = region_end(doc, doc.key_marks[("findings",)].line - 1, len(lines))
    while end - 1 >= quote_key.line and not is_content(lines[end - 1]):
        end -= 1
    return end, quote_key.col - 1


def _only_locators(old: dict[str, Any], new_text: str, shown: str, fixes: dict[str, str]) -> bool:
    doc, _ = parse(new_text, shown)
    if doc is None or not isinstance(doc.data, dict):
        return False
    expected = dict(old)
    findings = []
    for item in old.get("findings") or []:
        if isinstance(item, dict) and item.get("id") in fixes and "quote" in item and "locator" not in item:
            item = {**item, "locator": fixes[item["id"]]}
        findings.append(item)
    if "findings" in old:
        expected["findings"] = findings
    return bool(doc.data == expected)
