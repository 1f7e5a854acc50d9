"""Append an organisation to organisations.yaml, or a principle to principles.yaml, byte for byte.

Like `add finding`, the file is never re-serialised: the new item is written as block YAML after the last
line of the list (or in place of an empty `[]`), in the column the existing items use. The result is
read back with lucli's loader: it must hold exactly the old items plus the new one, and check cleanly,
references included, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lucli.authoring.new_source import NewText, flow_list, scalar
from lucli.errors import DataError, UsageError
from lucli.records.crossref import check_references
from lucli.records.diagnostics import sort_diagnostics
from lucli.records.load import load_file
from lucli.records.locations import display_path
from lucli.records.model import Evidence
from lucli.records.project import Project
from lucli.records.yamlparse import parse


@dataclass(frozen=True)
class OrganisationDraft:
    """The fields of a new organisation."""

    id: str
    name: str
    kind: str
    url: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrincipleDraft:
    """The fields of a new principle; `related` holds ids of existing principles."""

    id: str
    label: str
    description: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


Draft = OrganisationDraft | PrincipleDraft


def item_lines(draft: Draft) -> list[str]:
    """Write the new item as block YAML with its dash in column 0, in the bundled files' layout."""
    lines = [f"- id: {draft.id}"]
    if isinstance(draft, OrganisationDraft):
        lines += [f"  name: {scalar(draft.name)}", f"  kind: {draft.kind}"]
        if draft.url:
            lines.append(f"  url: {scalar(draft.url)}")
    else:
        lines.append(f"  label: {scalar(draft.label)}")
        lines.append(f"  description: {scalar(draft.description)}")  # one line, as the bundled taxonomy has
    if draft.aliases:
        lines.append(f"  aliases: {flow_list(draft.aliases)}")
    if isinstance(draft, PrincipleDraft) and draft.related:
        lines.append(f"  related: {flow_list(draft.related)}")
    return lines


def expected_item(draft: Draft) -> dict[str, Any]:
    """The plain data the new item should read back as."""
    fields = {k: v for k, v in vars(draft).items() if v not in (None, ())}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


_EMPTY_LIST = re.compile(r"^\[\s*\][ \t]*(#.*)?$")


def append_item(text: str, lines: list[str]) -> str:
    """Add an item to the top-level list in `text`: in place of a lone `[]`, else after the last line."""
    nl = "\r\n" if "\r\n" in text else "\n"
    existing = text.splitlines()
    for number, line in enumerate(existing):
        if _EMPTY_LIST.match(line.strip()) and not line.startswith((" ", "\t")):
            return nl.join([*existing[:number], *lines, *existing[number + 1:]]) + nl
    dash = next((len(line) - len(line.lstrip(" ")) for line in existing if re.match(r"^ *- ", line)), 0)
    body = [" " * dash + line for line in lines]
    ending = "" if not text or text.endswith(("\n", "\r")) else nl
    gap = [""] if existing and existing[-1].strip() else []
    return text + ending + nl.join([*gap, *body]) + nl


def _items(text: str, shown: str) -> list[Any]:
    doc, _problems = parse(text, shown)
    data = doc.data if doc is not None else None
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataError(f"{shown} is not a YAML list, so nothing was added", "run `lucli validate` to see why")
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def new_entry(project: Project, evidence: Evidence, draft: Draft, text: str) -> NewText:
    """Append `draft` to its file's text and check the result; raise if it would not be valid."""
    kind = "organisations" if isinstance(draft, OrganisationDraft) else "principles"
    path = project.evidence / f"{kind}.yaml"
    shown = display_path(path)
    taken = {o.id for o in evidence.organisations} if kind == "organisations" else {p.id for p in evidence.principles}
    if draft.id in taken:
        raise UsageError(f"there is already {'an organisation' if kind == 'organisations' else 'a principle'} "
                         f"called '{draft.id}'", "choose another id")
    old = _items(text, shown)
    new_text = append_item(text, item_lines(draft))
    if _plain(_items(new_text, shown)) != _plain(old) + [expected_item(draft)]:
        raise DataError(f"{shown}: lucli could not add to the end of the list without changing other entries, "
                        "so nothing was written", "add the entry by hand, or tidy the end of the file first")
    result = load_file(kind, new_text, shown, path.stem, project.limits, dt.date.today())
    merged = Evidence(tuple(result.organisations) if kind == "organisations" else evidence.organisations,
                      tuple(result.principles) if kind == "principles" else evidence.principles, evidence.sources)
    problems = sort_diagnostics(result.diagnostics + [d for d in check_references(merged, project.evidence)
                                                      if d.path == shown])
    before = {(d.code, d.message) for d in load_file(kind, text, shown, path.stem, project.limits,
                                                     dt.date.today()).diagnostics}
    # Only problems the new entry brings stop it; the file's old ones are `lucli validate`'s to report.
    errors = [d for d in problems if d.severity == "error" and (d.code, d.message) not in before]
    if errors:
        listed = "\n".join("  " + d.format() for d in errors)
        raise DataError(f"{shown} would not be valid, so nothing was written:\n{listed}",
                        "fix the values above and run the command again")
    return NewText(path, new_text, tuple(d for d in problems if (d.code, d.message) not in before))


def taxonomy_path(project: Project, kind: str) -> Path:
    """Where the organisations or principles of a repository live."""
    return project.evidence / f"{kind}.yaml"
