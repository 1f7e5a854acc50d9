"""`lucli init`: lay out a new evidence repository that validates and checks itself in CI.

The files come from the built-in templates/scaffold/ folder (copied, not
rendered: the workflow holds GitHub's own `${{ }}` expressions) and the JSON
Schemas are generated from the record format, so they always match this
version of lucli. An existing file is never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from lucli import __version__
from lucli.atomic import write_atomic
from lucli.errors import LucliError, UsageError

FILES = {
    "lucli.yaml": "lucli.yaml",
    "README.md": "README.md",
    ".gitignore": "gitignore",
    ".github/workflows/evidence.yml": "evidence.yml",
    "evidence/organisations.yaml": "organisations.yaml",
    "evidence/principles.yaml": "principles.yaml",
    "evidence/sources/example-institute-2024-example-report.yaml": "example-source.yaml",
    "templates/README.md": "templates-README.md",
}
"""Where each scaffold file goes, and its name in templates/scaffold/."""
SCHEMAS = {"schema/source.schema.json": "source", "schema/organisations.schema.json": "organisations",
           "schema/principles.schema.json": "principles"}
VERSION_MARK = "__LUCLI_VERSION__"


@dataclass
class Scaffolded:
    """What `init` did."""

    root: Path
    created: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """Files that already existed and were left alone."""


def _contents() -> dict[str, str]:
    from lucli.records.project import bundled_dir
    from lucli.records.schema import json_schema

    folder = bundled_dir("templates") / "scaffold"
    texts = {}
    for target, name in FILES.items():
        try:
            texts[target] = (folder / name).read_text(encoding="utf-8").replace(VERSION_MARK, __version__)
        except OSError as exc:
            raise LucliError(f"{folder / name}: cannot read the scaffold file: {exc.strerror or exc}",
                             "reinstall lucli") from exc
    for target, kind in SCHEMAS.items():
        texts[target] = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(texts.items()))


def scaffold(root: Path) -> Scaffolded:
    """Create the files of a new evidence repository under `root`, skipping any that exist."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder", "give a folder for the new evidence repository")
    done = Scaffolded(root)
    for relative, text in _contents().items():
        path = root / relative
        if path.exists() or path.is_symlink():
            done.skipped.append(path)
            continue
        try:
            write_atomic(path, text, overwrite=False)
        except FileExistsError:
            done.skipped.append(path)
            continue
        except OSError as exc:
            raise LucliError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        done.created.append(path)
    return done
