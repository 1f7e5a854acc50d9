"""Append one more finding to an existing source file's text, leaving everything else byte for byte.

Existing files are never re-serialised. A new finding is spliced into the
original text at the end of the `findings:` list, so comments, key order and
formatting of everything already there stay byte for byte. Every result is
parsed again and checked with lucli's own loader before anyone writes it: a
splice that would change other data, or a record that would not validate, is
refused and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lucli.authoring.new_source import NewText, accept, double_quoted, flow_list, slugify, text_field, unique_id
from lucli.errors import DataError, RenderError, UsageError
from lucli.records.locations import display_path
from lucli.records.model import Evidence
from lucli.records.project import Project
from lucli.records.yamlparse import Document, parse

_MISSING = object()


@dataclass(frozen=True)
class FindingDraft:
    """The fields of a new finding, with principle ids already resolved."""

    id: str
    kind: str
    statement: str
    principles: tuple[tuple[str, str], ...]
    """(principle id, stance) pairs."""
    quote: str | None = None
    locator: str | None = None
    basis: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def finding_id(statement: str, taken: set[str]) -> str:
    """Make a finding id from the first content words of its statement, unique within the source."""
    base = slugify(statement, max_words=5, max_len=48, drop_stop_words=True) or "finding"
    return unique_id(base, taken)


def finding_lines(draft: FindingDraft, dash: int, indent: int) -> list[str]:
    """Write a finding as block YAML: the dash at column `dash`, keys at column `indent`."""
    pad = " " * indent
    lines = [f"id: {draft.id}", f"kind: {draft.kind}"]
    body = [pad + line for line in lines]
    body += text_field("statement", draft.statement, indent)
    if draft.quote:
        body.append(f"{pad}quote: {double_quoted(draft.quote)}")
    if draft.locator:
        body.append(f"{pad}locator: {double_quoted(draft.locator)}")
    body.append(f"{pad}principles:")
    body += [f"{pad}  - {{id: {pid}, stance: {stance}}}" for pid, stance in draft.principles]
    if draft.basis:
        body.append(f"{pad}basis: {flow_list(draft.basis)}")
    if draft.actors:
        body.append(f"{pad}actors: {flow_list(draft.actors)}")
    first = body[0][indent:]
    body[0] = " " * dash + "-" + " " * max(indent - dash - 1, 1) + first
    return body


def expected_item(draft: FindingDraft) -> dict[str, Any]:
    """The plain data the new finding should read back as."""
    item: dict[str, Any] = {"id": draft.id, "kind": draft.kind, "statement": draft.statement}
    if draft.quote:
        item["quote"] = draft.quote
    if draft.locator:
        item["locator"] = draft.locator
    item["principles"] = [{"id": pid, "stance": stance} for pid, stance in draft.principles]
    if draft.basis:
        item["basis"] = list(draft.basis)
    if draft.actors:
        item["actors"] = list(draft.actors)
    return item


def append_finding(text: str, shown: str, draft: FindingDraft) -> str:
    """Return `text` with the finding added at the end of its `findings:` list, all else unchanged."""
    doc = parse_mapping(text, shown)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    findings = doc.data.get("findings", _MISSING)
    for candidate in _splices(doc, lines, findings, draft, newline):
        new_text = "".join(candidate)
        if _only_added(doc.data, new_text, shown, draft):
            return new_text
    raise RenderError(f"{shown}: cannot add the finding without changing other content of the file",
                      "add it by hand at the end of the findings list")


def parse_mapping(text: str, shown: str) -> Document:
    doc, problems = parse(text, shown)
    if doc is None:
        listed = "\n".join("  " + d.format() for d in problems)
        raise DataError(f"{shown} cannot be read as YAML, so nothing was written:\n{listed}",
                        "fix it first; `lucli validate` shows every problem")
    if not isinstance(doc.data, dict):
        raise DataError(f"{shown} is not a source file (a mapping that starts with `id:`)")
    return doc


def _splices(doc: Document, lines: list[str], findings: Any, draft: FindingDraft, nl: str) -> list[list[str]]:
    """Candidate new texts (as lines), most natural first."""
    if findings is _MISSING:
        return [lines + ["findings:" + nl] + _item(draft, 2, 4, False, nl)]
    key_line = doc.key_marks[("findings",)].line - 1
    rest = lines[key_line].rstrip("\r\n").split(":", 1)[1] if ":" in lines[key_line] else ""
    value = strip_comment(rest).strip()
    if findings is None and value in ("", "~", "null"):
        head = lines[key_line] if value == "" else lines[key_line].replace(value, "", 1)
        return [lines[:key_line] + [head] + _item(draft, 2, 4, False, nl) + lines[key_line + 1:]]
    if findings == [] and value == "[]":
        head = lines[key_line].replace(" []", "", 1) if " []" in lines[key_line] else lines[key_line].replace("[]", "")
        return [lines[:key_line] + [head] + _item(draft, 2, 4, False, nl) + lines[key_line + 1:]]
    if not isinstance(findings, list) or value:
        raise UsageError(f"{doc.path}:{key_line + 1}: `findings:` is not written as a block list "
                         f"(one `- id:` per finding)", "rewrite it as a block list, then add findings")
    dash, indent = _item_layout(doc, lines)
    # Follow the file's habit; with one finding there is none yet, so follow the bundled corpus (a blank line).
    blank = len(findings) == 1 or any(not lines[i].strip() for i in range(
        doc.value_mark(("findings", 0)).line, doc.value_mark(("findings", 1)).line - 1))
    end = region_end(doc, key_line, len(lines))
    last = next((i for i in range(end - 1, key_line, -1) if is_content(lines[i])), end - 1)
    item = _item(draft, dash, indent, blank, nl)
    return [lines[: at] + item + lines[at:] for at in dict.fromkeys((last + 1, end))]


def _item(draft: FindingDraft, dash: int, indent: int, blank: bool, nl: str) -> list[str]:
    return ([nl] if blank else []) + [line + nl for line in finding_lines(draft, dash, indent)]


def strip_comment(text: str) -> str:
    return re.sub(r"(^|\s)#.*$", "", text)


def is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _item_layout(doc: Document, lines: list[str]) -> tuple[int, int]:
    """Column of the dash and of the keys of the existing items (0-based)."""
    mark = doc.value_mark(("findings", 0))
    before = lines[mark.line - 1][: mark.col - 1]
    if before.rstrip().endswith("-"):
        return len(before.rstrip()) - 1, mark.col - 1
    return 2, 4


def region_end(doc: Document, key_line: int, total: int) -> int:
    """Index of the first line after the findings list: the next top-level key, or the end of the file."""
    later = [m.line - 1 for k, m in ((k, doc.key_marks.get((k,))) for k in doc.data) if m and m.line - 1 > key_line]
    return min(later) if later else total


def _only_added(old: dict[str, Any], new_text: str, shown: str, draft: FindingDraft) -> bool:
    """Check that the new text reads back as the old data plus exactly the new finding."""
    doc, _ = parse(new_text, shown)
    if doc is None or not isinstance(doc.data, dict):
        return False
    new = doc.data
    before = [k for k in old]
    if [k for k in new if k in old] != before or set(new) - set(old) - {"findings"}:
        return False
    if any(new[k] != old[k] for k in old if k != "findings"):
        return False
    items = new.get("findings")
    if not isinstance(items, list) or items[:-1] != (old.get("findings") or []):
        return False
    return bool(_plain(items[-1]) == expected_item(draft))


def _plain(value: Any) -> Any:
    """Strip the trailing newline a folded block leaves, so text compares with what was typed."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.rstrip("\n") if isinstance(value, str) else value


def new_finding(project: Project, evidence: Evidence, path: Path, text: str, draft: FindingDraft) -> NewText:
    """Append a finding to a source file's text and check the result; raise if it would not be valid."""
    shown = display_path(path)
    return accept(project, evidence, path, append_finding(text, shown, draft))


def read_source(path: Path, project: Project) -> tuple[str, str]:
    """Read a source file's text and the byte-order mark it starts with ('' when none), to write it back as found."""
    from lucli.records.load import read_text

    text, problem = read_text(path, display_path(path), project.limits)
    if problem or text is None:
        raise DataError(problem.format() if problem else f"{display_path(path)}: cannot read the file")
    with path.open("rb") as handle:
        bom = "\ufeff" if handle.read(3) == b"\xef\xbb\xbf" else ""
    return text, bom


def taken_finding_ids(text: str, shown: str) -> set[str]:
    """Ids of the findings a source file's text already holds (read leniently)."""
    doc = parse_mapping(text, shown)
    items = doc.data.get("findings") or []
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)} \
        if isinstance(items, list) else set()
