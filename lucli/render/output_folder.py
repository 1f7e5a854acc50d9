"""Which files a digest may write, replace and remove in its output folder: only its own, never through a link.

A repository may commit `site` or `reports/digest` as a link to a folder
elsewhere, and a user may point `-o` at a folder of their own notes. So:
no folder on the way to the output folder (from the repository root, or the
working folder) and no folder inside it may be a link; the digest keeps a
manifest, `MANIFEST`, of the files it wrote there, and removes only files
the manifest names; and a folder that holds anything else is written into
only with `--force` (even then nothing else is removed).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lucli.errors import UsageError
from lucli.records.files import Refusal, read_regular

MANIFEST = ".lucli-digest.json"
"""The list of files a digest wrote, kept in its output folder."""
_MANIFEST_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Plan:
    """What writing a digest into a folder will do."""

    folder: Path
    written_before: frozenset[str]
    """Files an earlier digest wrote there (from its manifest)."""
    foreign: tuple[str, ...]
    """Files in the folder that no digest wrote (shown with --force refused)."""

    def stale(self, new: Iterable[str]) -> list[Path]:
        """Files an earlier digest wrote that this one does not: the only files ever removed."""
        keep = set(new)
        return [self.folder.joinpath(*PurePosixPath(name).parts) for name in sorted(self.written_before - keep)]


def links_on_the_way(path: Path, bases: Iterable[Path]) -> Path | None:
    """The first existing folder that is a link between the nearest of `bases` holding `path` and `path` itself."""
    path = Path(os.path.abspath(path))
    holding = [Path(os.path.abspath(b)) for b in bases if path.is_relative_to(os.path.abspath(b))]
    base = holding[0] if holding else path.parent
    current = base
    for part in path.relative_to(base).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def refuse_links(path: Path, bases: Iterable[Path], option: str = "--output") -> None:
    """Raise a usage error when a folder on the way to `path` is a link: lucli never writes through one."""
    link = links_on_the_way(path, bases)
    if link is not None:
        raise UsageError(f"{option}: {link} is a link (to {os.readlink(link)}); lucli never writes through a link",
                         "give a real folder, e.g. remove the link and let lucli make the folder")


def plan(folder: Path) -> Plan:
    """Read the folder's manifest and list what is in it; raise `UsageError` for a link inside it."""
    written = _manifest(folder)
    foreign = []
    for top, dirs, files in os.walk(folder):
        for name in dirs:
            if os.path.islink(os.path.join(top, name)):
                raise UsageError(f"--output: {os.path.join(top, name)} is a link; lucli never writes through a link",
                                 "remove the link")
        for name in files:
            relative = Path(os.path.relpath(os.path.join(top, name), folder)).as_posix()
            if relative != MANIFEST and relative not in written:
                foreign.append(relative)
    return Plan(folder, frozenset(written), tuple(sorted(foreign)))


def _manifest(folder: Path) -> set[str]:
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return set()
    raw = read_regular(path, _MANIFEST_BYTES)
    try:
        if isinstance(raw, Refusal):
            raise ValueError(raw.message)
        names = json.loads(raw.decode("utf-8"))["files"]
        if not all(isinstance(n, str) and _plain_relative(n) for n in names):
            raise ValueError("a name leaves the folder")
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"--output: {path}: not a manifest lucli can read ({exc})",
                         "delete the folder's old digest and the manifest, then build again") from None
    return set(names)


def _plain_relative(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and not any(p in ("", ".", "..") for p in parts)


def manifest_text(files: Iterable[str]) -> str:
    """The manifest naming `files`, as written into the output folder."""
    return json.dumps({"written-by": "lucli digest", "files": sorted(set(files))}, indent=1) + "\n"
