"""A data-only cache of checked records, so a warm run reads no YAML.

Each evidence file's `FileResult` is stored as plain JSON keyed by the file's
path, size and modification time, with a content hash as a second chance: a
touched but unchanged file is re-hashed, not re-parsed. The cache is JSON, never
pickle, so reading it cannot run code; anything unexpected in it (corrupt,
truncated, another version) is discarded and rebuilt. It is replaced
atomically, so two lucli processes never leave a torn file behind.

The file is JSON Lines: a header naming the format, the settings stamp and the
number of entries, then one line per evidence file. Reading and writing go a
line at a time, so a run never holds the whole cache as one string: at 100k
findings that string, and its decoded copy, cost more memory than the records.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lucli import __version__
from lucli.records.diagnostics import Diagnostic
from lucli.records.locations import shown_path, stored_path
from lucli.records.model import (
    ArchivedText,
    Coverage,
    Finding,
    Loc,
    Organisation,
    Principle,
    PrincipleRef,
    Response,
    SaidBy,
    Source,
    Speaker,
)
from lucli.records.results import FileResult

CACHE_FORMAT = 7


@dataclass
class Entry:
    """One file's cached result and the facts that say whether it is still fresh."""

    size: int
    mtime_ns: int
    sha256: str
    result: FileResult
    day: str = ""
    """The day (ISO) the file was checked: see `still_true`."""
    row: str | None = field(default=None, repr=False, compare=False)
    """`result` already written as the cache stores it (`encode_row`), when a worker did so: saved as it is."""

    def still_true(self, today: str) -> bool:
        """Whether the checks made on `day` give the same result `today`.

        Only the future-date check depends on the day; it gives the same answer on both days when the
        file's latest date is on or before the earlier of them. So a new day is not a cold start.
        """
        latest = self.result.latest_date
        return self.day == today or latest is None or latest <= min(self.day, today)


@dataclass
class Cache:
    """Cached results by file path, plus what happened when the cache was read."""

    entries: dict[str, Entry] = field(default_factory=dict)
    warning: str | None = None
    """Set when an unusable cache was found and discarded."""


def digest(raw: bytes) -> str:
    """Hash file contents."""
    return hashlib.sha256(raw).hexdigest()


def read_cache(path: Path, stamp: str, cwd: str | None = None) -> Cache:
    """Read the cache file, discarding it with a warning when it is corrupt or from another version; its
    records' locations are shown from `cwd` (default: the working folder)."""
    try:
        with path.open("r", encoding="utf-8") as lines:
            return _read_lines(path, lines, stamp, cwd or os.getcwd())
    except FileNotFoundError:
        return Cache()
    except UnicodeDecodeError:
        return Cache(warning=f"{path}: cache is corrupt; rebuilding it")
    except OSError as exc:
        return Cache(warning=f"{path}: cannot read the cache ({exc.strerror}); rebuilding it")


def _read_lines(path: Path, lines: Iterator[str], stamp: str, cwd: str) -> Cache:
    try:
        header = json.loads(next(lines, "null"))
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
            return Cache(warning=f"{path}: cache is from another version of lucli; rebuilding it")
        if header.get("stamp") != stamp:
            return Cache()  # the settings changed: start afresh quietly
        entries = dict(_named_entry(json.loads(line), cwd) for line in lines)
        if len(entries) != header["files"]:
            raise ValueError("truncated")
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Cache(warning=f"{path}: cache is corrupt; rebuilding it")
    return Cache(entries)


def cache_lines(entries: dict[str, Entry], stamp: str, spool: Spool | None = None,
                cwd: str | None = None) -> Iterator[str]:
    """Serialise cache entries as JSON Lines, one line at a time; the entries `spool` already holds come from it.
    `cwd` is the folder the entries' locations are shown from (default: the working folder)."""
    yield _json({"format": CACHE_FORMAT, "lucli": __version__, "stamp": stamp, "files": len(entries)})
    for name, e in sorted(entries.items()):
        if spool is None or name not in spool.names:
            yield _entry_line(name, e, cwd or os.getcwd())
    if spool is not None:
        yield from spool.lines()


def _entry_line(name: str, e: Entry, cwd: str) -> str:
    if e.row is None:
        return _json([name, e.size, e.mtime_ns, e.sha256, e.day, _result(e.result, cwd)])
    return f"{_json([name, e.size, e.mtime_ns, e.sha256, e.day])[:-2]},{e.row}]\n"


class Spool:
    """Cache lines written to a temporary file as a cold load's workers send them back.

    Holding every file's JSON text until the cache is written cost a quarter of a cold load's peak memory
    at 100k findings (74 MB of text beside the records). The file is anonymous: nothing is left behind
    if the run is interrupted.
    """

    def __init__(self, folder: Path) -> None:
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=folder)
        self.names: set[str] = set()

    def add(self, name: str, entry: Entry) -> None:
        """Write an entry's line now and let its text go."""
        assert entry.row is not None  # a worker's row: its locations are stored already
        self.file.write(_entry_line(name, entry, ""))
        self.names.add(name)
        entry.row = None

    def lines(self) -> Iterator[str]:
        """The lines written so far, in the order they were added."""
        self.file.seek(0)
        yield from self.file

    def close(self) -> None:
        """Remove the file."""
        self.file.close()


def encode_row(result: FileResult, cwd: str) -> str:
    """A file's records, their locations shown from `cwd`, as one line of JSON: the form the cache stores
    (`decode_row` reverses it).

    A worker process hands its results back in this form: pickling frozen dataclasses with slots runs Python
    code for every object, twice as slow as this, and the cache needs the JSON anyway."""
    return json.dumps(_result(result, cwd), ensure_ascii=False, separators=(",", ":"))


def decode_row(row: str, cwd: str) -> FileResult:
    """Rebuild a file's records from `encode_row`'s text, their locations shown from `cwd`."""
    return _result_from(json.loads(row), cwd)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


# Records are stored as lists of field values in declaration order: compact and quick to rebuild. A location
# in the entry's own file is stored as [line, col]: the path is the same in each of them, and writing it out
# hundreds of times a file made the cache a fifth larger and slower to read. Paths are stored absolute
# (`lucli.records.locations`) and shown from the reader's working folder, so no cache depends on it.

def _result(r: FileResult, cwd: str) -> list[Any]:
    shown = _shown(r)
    w = _LocWriter(shown, cwd)
    return [
        w.path(shown),
        [[o.id, o.name, o.kind, o.url, list(o.aliases), w.loc(o.loc), o.extra, o.role] for o in r.organisations],
        [[p.id, p.label, p.description, list(p.aliases), list(p.related), w.loc(p.loc), p.extra, w.locs(p.locs)]
         for p in r.principles],
        [_source(s, w) for s in r.sources],
        [[w.path(d.path), d.line, d.col, d.severity, d.code, d.message, d.hint] for d in r.diagnostics],
        r.latest_date,
    ]


def _shown(r: FileResult) -> str:
    """The path the file's records give as their location."""
    locs = [s.loc for s in r.sources] + [o.loc for o in r.organisations] + [p.loc for p in r.principles]
    return locs[0].path if locs else ""


class _LocWriter:
    def __init__(self, shown: str, cwd: str) -> None:
        self.shown = shown
        self.cwd = cwd

    def path(self, shown: str) -> str:
        return stored_path(shown, self.cwd) if shown else shown

    def loc(self, loc: Loc) -> list[Any]:
        return [loc.line, loc.col] if loc.path == self.shown else [self.path(loc.path), loc.line, loc.col]

    def locs(self, locs: dict[str, Loc]) -> dict[str, list[Any]]:
        return {k: self.loc(v) for k, v in locs.items()}


def _source(s: Source, w: _LocWriter) -> list[Any]:
    coverage = [[c.outlet, c.title, c.author, c.date, c.url, c.text, c.note] for c in s.reported_in]
    findings = [[f.id, f.kind, f.statement, [[r.id, r.stance, w.loc(r.loc)] for r in f.principles], f.quote,
                 f.locator, list(f.basis), list(f.actors), w.loc(f.loc), f.extra, _said_by(f.said_by, w), f.outlet,
                 [[r.ref, r.relation, r.about, w.loc(r.loc)] for r in f.responds_to]] for f in s.findings]
    return [s.id, s.title, list(s.publishers), s.published, s.kind, findings, list(s.authors), s.url, s.summary,
            coverage, s.text, w.path(s.path), w.loc(s.loc), s.extra, w.locs(s.locs),
            [[a.file, a.sha256, a.origin, a.origin_sha256, a.extracted_by, a.pages, a.added] for a in s.texts]]


def _said_by(said_by: SaidBy | None, w: _LocWriter) -> Any:
    if isinstance(said_by, Speaker):
        return [said_by.name, said_by.role, said_by.organisation, w.loc(said_by.loc)]
    return said_by


def _said_by_from(value: Any, at: Callable[[list[Any]], Loc]) -> SaidBy | None:
    if isinstance(value, list):
        name, role, organisation, lo = value
        return Speaker(name, role, organisation, at(lo))
    return _in(value) if isinstance(value, str) else None


def result_row(result: FileResult) -> list[Any]:
    """A file's records, their locations shown from the working folder, as plain JSON-able data (the form the
    cache stores; `result_from_row` reverses it)."""
    return _result(result, os.getcwd())


def result_from_row(row: list[Any]) -> FileResult:
    """Rebuild a file's records from `result_row`'s data, their locations shown from the working folder; raise
    ValueError, TypeError… when it is not such data."""
    return _result_from(row, os.getcwd())


def sources_from_rows(rows: Iterable[list[Any]]) -> list[Source]:
    """The sources of files' rows (`result_row`'s data), their locations shown from the working folder: what
    `result_from_row(row).sources` gives for each row, without the rest of a file's result (a digest's page on a
    principle reads thousands of sources, each from its own file); raise as it does on data that is not a row."""
    cwd = os.getcwd()
    sources: list[Source] = []
    for row in rows:
        stored, _orgs, _principles, found, _diagnostics, latest = row
        if not (isinstance(stored, str) and isinstance(latest, (str, type(None)))):
            raise TypeError("bad cache entry")
        shown = _shown_path(stored, cwd)
        at = _loc_reader(stored, cwd, shown)
        sources += [_source_from(s, at, cwd, (stored, shown)) for s in found]
    return sources


def _named_entry(value: list[Any], cwd: str) -> tuple[str, Entry]:
    name, size, mtime_ns, sha, day, row = value
    if not (isinstance(name, str) and isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha, str)
            and isinstance(day, str)):
        raise TypeError("bad cache entry")
    return name, Entry(size, mtime_ns, sha, _result_from(row, cwd), day)


def _result_from(row: list[Any], cwd: str) -> FileResult:
    stored, orgs, principles, sources, diagnostics, latest = row
    if not (isinstance(stored, str) and isinstance(latest, (str, type(None)))):
        raise TypeError("bad cache entry")
    shown = _shown_path(stored, cwd)
    at = _loc_reader(stored, cwd, shown)
    return FileResult(
        organisations=[Organisation(i, n, k, u, tuple(a), at(lo), e, ro) for i, n, k, u, a, lo, e, ro in orgs],
        principles=[Principle(i, lab, d, tuple(a), tuple(r), at(lo), e, {k: at(v) for k, v in ls.items()})
                    for i, lab, d, a, r, lo, e, ls in principles],
        sources=[_source_from(s, at, cwd, (stored, shown)) for s in sources],
        diagnostics=[Diagnostic(_shown_path(p, cwd), *d) for p, *d in diagnostics],
        latest_date=latest,
    )


def _in(text: str) -> str:
    return sys.intern(text) if type(text) is str else text


def _shown_path(stored: str, cwd: str) -> str:
    return shown_path(stored, cwd) if stored else stored


def _loc_reader(stored: str, cwd: str, shown: str | None = None) -> Callable[[list[Any]], Loc]:
    shown = _shown_path(stored, cwd) if shown is None else shown

    def at(lo: list[Any]) -> Loc:
        return Loc(shown, *lo) if len(lo) == 2 else Loc(_shown_path(lo[0], cwd), *lo[1:])
    return at


def _source_from(s: list[Any], at: Callable[[list[Any]], Loc], cwd: str, known: tuple[str, str] = ("", "")) -> Source:
    """A source from its stored data; `known` is a stored path already shown (its file's: a source's own path is
    nearly always the one its locations are in)."""
    sid, title, pubs, published, kind, findings, authors, url, summary, coverage, text, path, lo, extra, locs, texts = s
    return Source(
        id=sid, title=title, publishers=tuple(pubs), published=published, kind=kind,
        # Kinds, principle ids and stances repeat in every finding: one string each, not one per use. (Lists made
        # into tuples, not generators: a digest's principle page rebuilds thousands of sources.)
        findings=tuple([Finding(fid, sid, _in(fk), st,
                                tuple([PrincipleRef(_in(r), _in(sn), at(rl)) for r, sn, rl in refs]), q, loc,
                                tuple(map(_in, b)), tuple(map(_in, a)), at(fl), fe, _said_by_from(sb, at), ou,
                                tuple([Response(rr, _in(rn), ab, at(rl)) for rr, rn, ab, rl in rs]))
                        for fid, fk, st, refs, q, loc, b, a, fl, fe, sb, ou, rs in findings]),
        authors=tuple(authors), url=url, summary=summary, reported_in=tuple(Coverage(*c) for c in coverage),
        text=text, texts=tuple(ArchivedText(*a) for a in texts),
        path=known[1] if path == known[0] else _shown_path(path, cwd), loc=at(lo), extra=extra,
        locs={k: at(v) for k, v in locs.items()})
