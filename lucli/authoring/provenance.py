"""How this lucli was installed, as a pip requirement a new repository's CI can install it from.

pip records where a package came from in its installation metadata (PEP 610, `direct_url.json`):
nothing for a package from an index, a VCS address and commit, an archive's address, or a local
folder. `lucli init` writes the answer into the CI workflow, so CI installs the same lucli and never
one that someone else may have published under the name.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lucli import __version__


@dataclass(frozen=True)
class InstallSpec:
    """A pip requirement for lucli, and a note when CI may not be able to use it."""

    requirement: str
    """What `pip install` is given, e.g. `lucli==0.2.0` or `lucli @ git+https://…@<commit>`."""
    note: str | None = None
    """Why the requirement may not work in CI, and what to do; None when it will."""


GitOrigin = Callable[[Path], tuple[str, str] | None]
"""Given a folder, its git remote's https address and the commit checked out; None when there is none."""


def git_origin(folder: Path) -> tuple[str, str] | None:
    """The https address of `origin` and the commit checked out in `folder`, if it is such a clone."""
    try:
        url = subprocess.run(["git", "-C", str(folder), "remote", "get-url", "origin"], capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        commit = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (url, commit) if url.startswith("https://") and commit else None


def spec_from_direct_url(record: dict[str, object] | None, version: str = __version__,
                         origin: GitOrigin = git_origin) -> InstallSpec:
    """Turn a PEP 610 record (None: installed from an index) into a requirement CI can install."""
    if record is None:
        return InstallSpec(f"lucli=={version}")
    url = str(record.get("url", ""))
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return InstallSpec(f"lucli @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""))
    if urlparse(url).scheme in ("http", "https"):
        return InstallSpec(f"lucli @ {url}")
    folder = Path(unquote(urlparse(url).path))
    found = origin(folder) if "dir_info" in record else None
    if found is not None:
        address, commit = found
        return InstallSpec(f"lucli @ git+{address}@{commit}")
    return InstallSpec(f"lucli @ {url}", f"lucli was installed from {folder}, which CI cannot reach; run "
                                         "`lucli init --install SPEC` with a requirement it can, e.g. "
                                         "'lucli @ git+https://…'")


def installed_spec() -> InstallSpec:
    """The requirement for the lucli that is running, from its own installation metadata."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("lucli").read_text("direct_url.json")
    except PackageNotFoundError:
        return InstallSpec(f"lucli=={__version__}", "lucli's installation metadata is missing; "
                                                    "run `lucli init --install SPEC` to say how CI installs it")
    try:
        record = json.loads(text) if text else None
    except json.JSONDecodeError:
        record = None
    return spec_from_direct_url(record if isinstance(record, dict) else None)
