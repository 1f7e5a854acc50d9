"""`lucli init`: lay out a new evidence repository that validates and checks itself in CI.

The files come from the built-in templates/scaffold/ folder (copied with a few marks replaced, not
rendered: the workflow holds GitHub's own `${{ }}` expressions); the taxonomy and organisations are the
bundled corpus's, so findings can be tagged from the first day; the JSON Schemas are generated from the
record format, so they always match this version of lucli. No example records are written: nothing
made up can count in a verdict. An existing file is never overwritten.
"""

from __future__ import annotations

import json
import shlex
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
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    "templates/README.md": "templates-README.md",
}
"""Where each scaffold file goes, and its name in templates/scaffold/."""
TAXONOMY = ("evidence/organisations.yaml", "evidence/principles.yaml")
"""Copied from the bundled corpus, or (with `empty`) from templates/scaffold/ as empty lists."""
KEEP = "evidence/sources/.gitkeep"
"""git keeps no empty folders, and CI's checkout needs evidence/sources/ before the first source exists."""
SCHEMAS = {"schema/source.schema.json": "source", "schema/organisations.schema.json": "organisations",
           "schema/principles.schema.json": "principles"}
VERSION_MARK = "__LUCLI_VERSION__"
INSTALL_MARK = "__LUCLI_INSTALL__"
SPEC_MARK = "__LUCLI_INSTALL_SPEC__"


@dataclass
class Scaffolded:
    """What `init` did."""

    root: Path
    created: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """Files that already existed and were left alone."""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LucliError(f"{path}: cannot read the scaffold file: {exc.strerror or exc}", "reinstall lucli") from exc


def install_step(requirement: str) -> str:
    """The workflow's install command as one YAML scalar (JSON's quoting is valid YAML)."""
    return json.dumps(f"python -m pip install {shlex.quote(requirement)}", ensure_ascii=False)


def _contents(empty: bool, requirement: str) -> dict[str, str]:
    from lucli.records.project import bundled_dir
    from lucli.records.schema import json_schema

    folder = bundled_dir("templates") / "scaffold"
    marks = {INSTALL_MARK: install_step(requirement), SPEC_MARK: requirement, VERSION_MARK: __version__}
    texts = {}
    for target, name in FILES.items():
        text = _read(folder / name)
        for mark, value in marks.items():
            text = text.replace(mark, value)
        texts[target] = text
    for target in TAXONOMY:
        name = Path(target).name
        if empty:
            texts[target] = _read(folder / name)
        else:
            modeline = f"# yaml-language-server: $schema=../schema/{Path(name).stem}.schema.json\n"
            texts[target] = modeline + _read(bundled_dir("evidence") / name).removeprefix(modeline)
    texts[KEEP] = ""
    for target, kind in SCHEMAS.items():
        texts[target] = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(texts.items()))


def scaffold(root: Path, requirement: str, *, empty: bool = False) -> Scaffolded:
    """Create the files of a new evidence repository under `root`, skipping any that exist.

    `requirement` is how the CI workflow installs lucli; `empty` leaves out the bundled taxonomy and
    organisations.
    """
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder", "give a folder for the new evidence repository")
    done = Scaffolded(root)
    for relative, text in _contents(empty, requirement).items():
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
