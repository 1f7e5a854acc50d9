"""Remembered views: a warm `compare` of an unchanged repository reads no records at all.

A view (`Document`) is a pure function of the evidence, the repository's
limits and the command's arguments. Its key is a hash of those, with each
evidence file standing for its content by its SHA-256. The hashes are kept
beside the views (`hashes`, by name, size and modification time, as the
record cache does), so a warm run stats every file and reads none; a file
whose size or time differs is read and hashed again. So an edit, an added or
a removed file changes the key, while a touch without a change does not. A
file changed within the last two seconds is always re-hashed, as its time may
not have moved on (git's "racy clean" rule).

The day is not part of the key: the records of evidence that has no errors on
one day have none on any later day (only a date still to come is an error), so
a view is used on its day and after it, not before. The files are JSON data,
never pickle, written atomically; one that cannot be read is treated as
absent. At most `KEEP` views are kept, the least recently written going first.

Building the records of 100k findings from the record cache takes seconds;
listing and stat-ing their files takes a few hundredths of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lucli import __version__
from lucli.atomic import write_atomic
from lucli.records.cachedir import cache_folder
from lucli.records.project import EvidenceState, Project, evidence_state
from lucli.render.formats.document import (
    Block,
    Bullets,
    Cell,
    Column,
    Document,
    Heading,
    Marked,
    Paragraph,
    Records,
    Table,
)

VIEW_FORMAT = 6
"""Raised whenever what a remembered view or briefing holds changes (6: briefings keep one blank line between
blocks), so that an older one is never served."""
KEEP = 64
"""Most views kept in the repository's cache folder (`views/`)."""
RACY_NS = 2_000_000_000
"""A file changed less than this long ago (2 s) may change again within the same clock tick of the file
system, keeping its size and time: its hash is not remembered (git's "racy clean" rule)."""
HASHES = "hashes"
"""The remembered file hashes, in the views folder (JSON; named apart from the views, which end in .json)."""


def view_key(project: Project, command: str, arguments: dict[str, Any],
             state: EvidenceState | None = None) -> str | None:
    """The key of a view of the repository as it is now; None when it has no place to keep views.

    `state` is `evidence_state(project)` when the caller has it already (one stat of each file a run).

    The bundled corpus keeps its views by the folder it is installed in (its start-up is what a newcomer
    meets first); a repository whose files cannot all be listed and stat-ed gets no key, so the view is
    built from the records (which reports what is wrong).
    """
    folder = _folder(project, create=True)
    if folder is None:
        return None  # nowhere private to keep views
    try:
        state = evidence_state(project) if state is None else state
        if state is None:
            return None
        contents = _Hashes(folder).contents(state)
    except (OSError, ValueError):
        return None
    identity = [VIEW_FORMAT, __version__, str(project.root), str(project.evidence), str(project.limits),
                str(project.rules), os.getcwd(), command, arguments, contents]
    text = json.dumps(identity, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Hashes:
    """The SHA-256 of each evidence file, remembered by its name, size and modification time."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / HASHES
        try:
            known = json.loads(self.path.read_bytes())
            self.known: dict[str, list[Any]] = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            self.known = {}

    def contents(self, state: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
        """(name, hash) of every file ('' for a missing one); remembers the hashes of settled files."""
        settled = time.time_ns() - RACY_NS
        found, fresh = [], {}
        remembered = self.known.get
        for path, size, mtime in state:
            if size < 0:
                found.append((path, ""))
                continue
            known = remembered(path)
            # At 100k findings this runs 10,002 times a warm command: no list made for a file that matches.
            if (type(known) is list and len(known) == 3 and known[0] == size and known[1] == mtime
                    and type(known[2]) is str and mtime < settled):
                sha = known[2]
                fresh[path] = known  # the same list: comparing with what was read below is then quick
            else:
                with open(path, "rb") as handle:  # evidence_state refused links
                    sha = hashlib.sha256(handle.read()).hexdigest()
                if mtime < settled:
                    fresh[path] = [size, mtime, sha]
            found.append((path, sha))
        if fresh != self.known:
            try:
                write_atomic(self.path, json.dumps(fresh, separators=(",", ":"), ensure_ascii=False))
            except OSError:  # only costs hashing again next time
                pass
        return found


def _folder(project: Project, *, create: bool = False) -> Path | None:
    """The repository's views folder, inside its private cache folder outside the repository."""
    # The bundled corpus has no repository of its own: its views are kept by the folder it is installed in.
    folder = cache_folder(project.evidence if project.bundled else project.root, create=create)
    if folder is None:
        return None
    views = folder / "views"
    if create:
        try:
            views.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return None
    return views if views.is_dir() and not views.is_symlink() else None


def recall(project: Project, key: str, today: dt.date) -> Document | None:
    """The view stored under `key`, or None when there is none, it cannot be read, it was made on a later
    day (the clock went back), or an archived text the records name has gone (validation would now fail)."""
    data = _recalled(project, key, today)
    try:
        return _document(data["document"]) if data is not None else None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def recall_rendered(project: Project, key: str, today: dt.date) -> dict[str, str] | None:
    """What `remember_rendered` stored under `key` (a briefing and its topic), on the same terms as `recall`."""
    data = _recalled(project, key, today)
    found = data.get("rendered") if data is not None else None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return None
    return found


def _recalled(project: Project, key: str, today: dt.date) -> dict[str, Any] | None:
    folder = _folder(project)
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_bytes())
        if data.get("format") != VIEW_FORMAT or data.get("key") != key or data["day"] > today.isoformat():
            return None
        if not all(_text_present(project, text) for text in data["texts"]):
            return None
        return data if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _text_present(project: Project, text: str) -> bool:
    """The check `validate` makes of an archived text: a file inside the evidence folder."""
    evidence = project.evidence.resolve()
    path = (evidence / text).resolve()
    return path.is_relative_to(evidence) and path.is_file()


def remember(project: Project, key: str, document: Document, texts: Iterable[str], today: dt.date) -> None:
    """Store a view under `key`, with the archived texts the records name; drop the oldest beyond `KEEP`.

    A failure to write only costs speed next time.
    """
    try:
        _store(project, key, {"document": _plain(document)}, texts, today)
    except (TypeError, ValueError):
        pass


def remember_rendered(project: Project, key: str, rendered: dict[str, str], texts: Iterable[str],
                      today: dt.date) -> None:
    """Store rendered texts by name (a briefing and its topic) under `key`, as `remember` stores a view."""
    _store(project, key, {"rendered": rendered}, texts, today)


def _store(project: Project, key: str, payload: dict[str, Any], texts: Iterable[str], today: dt.date) -> None:
    folder = _folder(project)
    if folder is None:
        return
    try:
        text = json.dumps({"format": VIEW_FORMAT, "key": key, "day": today.isoformat(), "texts": sorted(set(texts)),
                           **payload}, ensure_ascii=False, separators=(",", ":"))
        write_atomic(folder / f"{key}.json", text)
        _prune(folder)
    except (OSError, TypeError, ValueError):
        pass


def _prune(folder: Path) -> None:
    views = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in views[KEEP:]:
        old.unlink(missing_ok=True)


# Documents as JSON: each block as [kind, fields…]; cells as strings or [text, spans].

def _plain(document: Document) -> dict[str, Any]:
    records = document.records
    return {"blocks": [_plain_block(b) for b in document.blocks], "data": document.data,
            "records": None if records is None else [list(records.header), [list(r) for r in records.rows]],
            "chart": document.chart}


def _plain_block(block: Block) -> list[Any]:
    if isinstance(block, Heading):
        return ["heading", block.text, block.level]
    if isinstance(block, Paragraph):
        return ["paragraph", block.text]
    if isinstance(block, Bullets):
        return ["bullets", list(block.items)]
    columns = [[c.header, c.align, c.wrap, c.max_width, c.short] for c in block.columns]
    return ["table", columns, [[_plain_cell(c) for c in row] for row in block.rows], block.spaced]


def _plain_cell(cell: Cell) -> Any:
    return [cell.text, [list(s) for s in cell.spans]] if isinstance(cell, Marked) else cell


def _document(data: dict[str, Any]) -> Document:
    records = data["records"]
    return Document(
        blocks=tuple(_block(b) for b in data["blocks"]),
        data=data["data"],
        records=None if records is None else Records(tuple(records[0]), tuple(tuple(r) for r in records[1])),
        chart=str(data.get("chart", "")),
    )


def _block(value: list[Any]) -> Block:
    kind = value[0]
    if kind == "heading":
        return Heading(value[1], value[2])
    if kind == "paragraph":
        return Paragraph(value[1])
    if kind == "bullets":
        return Bullets(tuple(value[1]))
    if kind == "table":
        columns = tuple(Column(h, a, w, m, s) for h, a, w, m, s in value[1])
        return Table(columns, tuple(tuple(_cell(c) for c in row) for row in value[2]), value[3])
    raise ValueError(f"unknown block {kind!r}")


def _cell(value: Any) -> Cell:
    if isinstance(value, str):
        return value
    text, spans = value
    return Marked(text, tuple((int(a), int(b)) for a, b in spans))
