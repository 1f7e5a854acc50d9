"""A data-only cache of checked records, so a warm run reads no YAML.

Each evidence file's `FileResult` is stored as plain JSON keyed by the file's
path, size and modification time, with a content hash as a second chance: a
touched but unchanged file is re-hashed, not re-parsed. The cache is JSON, never
pickle, so reading it cannot run code; anything unexpected in it (corrupt,
truncated, another version) is discarded and rebuilt. It is replaced
atomically, so two lucli processes never leave a torn file behind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lucli import __version__
from lucli.diagnostics import Diagnostic
from lucli.model import Coverage, Finding, Loc, Organisation, Principle, PrincipleRef, Source
from lucli.records import FileResult

CACHE_FORMAT = 1


@dataclass
class Entry:
    """One file's cached result and the facts that say whether it is still fresh."""

    size: int
    mtime_ns: int
    sha256: str
    result: FileResult


@dataclass
class Cache:
    """Cached results by file path, plus what happened when the cache was read."""

    entries: dict[str, Entry] = field(default_factory=dict)
    warning: str | None = None
    """Set when an unusable cache was found and discarded."""


def digest(raw: bytes) -> str:
    """Hash file contents."""
    return hashlib.sha256(raw).hexdigest()


def read_cache(path: Path, stamp: str) -> Cache:
    """Read the cache file, discarding it with a warning when it is corrupt or from another version."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Cache()
    except OSError as exc:
        return Cache(warning=f"{path}: cannot read the cache ({exc.strerror}); rebuilding it")
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return Cache(warning=f"{path}: cache is from another version of lucli; rebuilding it")
        if data.get("stamp") != stamp:
            return Cache()  # settings or the date changed: start afresh quietly
        entries = {name: _entry(value) for name, value in data["files"].items()}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Cache(warning=f"{path}: cache is corrupt; rebuilding it")
    return Cache(entries)


def cache_text(entries: dict[str, Entry], stamp: str) -> str:
    """Serialise cache entries as JSON text."""
    files = {name: [e.size, e.mtime_ns, e.sha256, _result(e.result)] for name, e in sorted(entries.items())}
    return json.dumps({"format": CACHE_FORMAT, "lucli": __version__, "stamp": stamp, "files": files},
                      ensure_ascii=False, separators=(",", ":"))


# Records are stored as lists of field values in declaration order: compact and quick to rebuild.

def _loc(loc: Loc) -> list[Any]:
    return [loc.path, loc.line, loc.col]


def _locs(locs: dict[str, Loc]) -> dict[str, list[Any]]:
    return {k: _loc(v) for k, v in locs.items()}


def _result(r: FileResult) -> list[Any]:
    return [
        [[o.id, o.name, o.kind, o.url, list(o.aliases), _loc(o.loc), o.extra] for o in r.organisations],
        [[p.id, p.label, p.description, list(p.aliases), list(p.related), _loc(p.loc), p.extra, _locs(p.locs)]
         for p in r.principles],
        [_source(s) for s in r.sources],
        [[d.path, d.line, d.col, d.severity, d.code, d.message, d.hint] for d in r.diagnostics],
    ]


def _source(s: Source) -> list[Any]:
    coverage = [[c.outlet, c.title, c.author, c.date, c.url, c.text, c.note] for c in s.reported_in]
    findings = [[f.id, f.kind, f.statement, [[r.id, r.stance, _loc(r.loc)] for r in f.principles], f.quote,
                 f.locator, list(f.basis), list(f.actors), _loc(f.loc), f.extra] for f in s.findings]
    return [s.id, s.title, list(s.publishers), s.published, s.kind, findings, list(s.authors), s.url, s.summary,
            coverage, s.text, s.path, _loc(s.loc), s.extra, _locs(s.locs)]


def _entry(value: list[Any]) -> Entry:
    size, mtime_ns, sha, (orgs, principles, sources, diagnostics) = value
    result = FileResult(
        organisations=[Organisation(i, n, k, u, tuple(a), Loc(*lo), e) for i, n, k, u, a, lo, e in orgs],
        principles=[Principle(i, lab, d, tuple(a), tuple(r), Loc(*lo), e, {k: Loc(*v) for k, v in ls.items()})
                    for i, lab, d, a, r, lo, e, ls in principles],
        sources=[_source_from(s) for s in sources],
        diagnostics=[Diagnostic(*d) for d in diagnostics],
    )
    if not (isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha, str)):
        raise TypeError("bad cache entry")
    return Entry(size, mtime_ns, sha, result)


def _source_from(s: list[Any]) -> Source:
    sid, title, pubs, published, kind, findings, authors, url, summary, coverage, text, path, lo, extra, locs = s
    return Source(
        id=sid, title=title, publishers=tuple(pubs), published=published, kind=kind,
        findings=tuple(Finding(fid, sid, fk, st, tuple(PrincipleRef(r, sn, Loc(*rl)) for r, sn, rl in refs), q, loc,
                               tuple(b), tuple(a), Loc(*fl), fe)
                       for fid, fk, st, refs, q, loc, b, a, fl, fe in findings),
        authors=tuple(authors), url=url, summary=summary, reported_in=tuple(Coverage(*c) for c in coverage),
        text=text, path=path, loc=Loc(*lo), extra=extra, locs={k: Loc(*v) for k, v in locs.items()})
