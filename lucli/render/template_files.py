"""Where templates and assets come from, and the stricter rules for those a repository brings.

A repository's `templates/` folder comes with its pull requests. Its files are
read through `lucli.records.files` (no link out of the folder, only plain files,
at most `MAX_TEMPLATE_BYTES`), must be UTF-8 (a located error otherwise), and
may override templates, style sheets and images but never a script: script
ships only from lucli's own templates. `--templates builtin` (or
`LUCLI_TEMPLATES=builtin`), which CI uses on pull requests, ignores the
repository's folder altogether.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from lucli.errors import RenderError, UsageError
from lucli.records.files import Refusal, read_inside, read_regular

MAX_TEMPLATE_BYTES = 1024 * 1024
"""Largest template or asset read (1 MiB)."""
TEMPLATES_ENV = "LUCLI_TEMPLATES"
"""Environment variable holding the template policy (as `--templates`)."""
POLICIES = ("repo", "builtin")
REPO_ASSET_SUFFIXES = (".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
"""Assets a repository may override: style sheets and raster images. Not SVG (it can hold script when
opened on its own) and never script."""


@dataclass(frozen=True)
class Templates:
    """Where templates come from: the repository's folder first, then the built-in ones."""

    builtin: Path
    user: Path | None = None
    """An evidence repository's templates/ folder (None when it is the built-in folder, missing, or
    ignored under `--templates builtin`)."""


def template_policy(env: Mapping[str, str] | None = None) -> str:
    """`repo` (the repository's templates override lucli's) or `builtin` (lucli's own only)."""
    value = (os.environ if env is None else env).get(TEMPLATES_ENV) or "repo"
    if value not in POLICIES:
        raise UsageError(f"{TEMPLATES_ENV}: '{value}' is not one of: {', '.join(POLICIES)}")
    return value


def template_dirs(project_templates: Path | None, policy: str | None = None) -> Templates:
    """Locate the built-in templates and, if it is a different folder and the policy allows, the repository's."""
    from lucli.records.project import bundled_dir

    builtin = bundled_dir("templates")
    if (policy or template_policy()) == "builtin":
        return Templates(builtin)
    user = project_templates if project_templates and project_templates.is_dir() else None
    if user is not None and user.resolve() == builtin.resolve():
        user = None  # a source checkout's own templates/ are the built-in ones
    return Templates(builtin, user)


def repo_file(folder: Path, name: str) -> Path | None:
    """A file of a repository's template folder, when it is there and lies inside it (links resolved)."""
    path = folder.joinpath(*PurePosixPath(name).parts)
    if not os.path.lexists(path):
        return None
    from lucli.records.files import real_inside

    return None if isinstance(real_inside(path, folder, "the templates/ folder"), Refusal) else path


def decoded(raw: bytes | Refusal, shown: str) -> str:
    """The text of a template or asset, or a located `RenderError`."""
    if isinstance(raw, Refusal):
        raise RenderError(f"{shown}:1: {raw.message}", raw.hint or None)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RenderError(f"{shown}:{line}:{col}: not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                          "save the file as UTF-8") from None


class RepoLoader(jinja2.BaseLoader):
    """A repository's templates/ folder, read without following links out of it."""

    def __init__(self, folder: Path, shown: Callable[[str], str]) -> None:
        self.folder = folder
        self.shown = shown

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = jinja2.loaders.split_template_path(template)  # refuses '..'
        path = self.folder.joinpath(*parts)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        text = decoded(read_inside(path, self.folder, MAX_TEMPLATE_BYTES, "the templates/ folder"),
                       self.shown(str(path)))
        return text, str(path), lambda: True


class PathLoader(jinja2.BaseLoader):
    """Templates named by path on the command line (`--template PATH`): the user chose them."""

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.files.get(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        raw = read_regular(Path(os.path.realpath(path)), MAX_TEMPLATE_BYTES)
        return decoded(raw, str(path)), str(path), lambda: True


def may_override(name: str) -> bool:
    """Tell whether a repository may bring its own copy of this asset (style sheets and images only)."""
    return name.lower().endswith(REPO_ASSET_SUFFIXES)
