"""Find the evidence repository to work on, and read its settings.

The root is found the way git finds a repository: `--root`, else
`LUCLI_ROOT`, else the nearest folder upwards holding `lucli.yaml` or
`evidence/`, else the corpus bundled inside the installed package.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from lucli.errors import UsageError
from lucli.records.diagnostics import Diagnostic
from lucli.records.files import Refusal, read_inside, read_regular
from lucli.records.locations import display_path
from lucli.records.rules import Rules, rules_from
from lucli.records.yamlparse import CEILINGS, Limits, decode, parse

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the `lucli` package, two folders up from records/
SETTINGS_FILE = "lucli.yaml"


STALE_AFTER = 3
"""Years after which a source is flagged as old, unless lucli.yaml says otherwise (`stale_after`)."""


@dataclass(frozen=True)
class Display:
    """How reports present the repository."""

    title: str = "Evidence digest"
    """Name of the digest, in its header and page titles."""
    subject: str | None = None
    """What the principles are about ('levelling-up policy'), for the digest's opening line."""
    stale_after: int = STALE_AFTER
    """Years after which a source is flagged as old."""


@dataclass(frozen=True)
class Project:
    """An evidence repository and where its parts live."""

    root: Path
    evidence: Path
    templates: Path
    reports: Path
    bundled: bool = False
    """True when no repository was found and the packaged corpus is used."""
    limits: Limits = field(default_factory=Limits)
    display: Display = field(default_factory=lambda: Display())
    """What reports call the repository and when they call a source old (`title`, `subject`, `stale_after`)."""
    rules: Rules = field(default_factory=Rules)
    """Verdict thresholds and the strength rubric (`verdicts:` and `strength:` in lucli.yaml)."""
    note: str | None = None
    """Something about how the repository was found that the user should hear (e.g. --root moved up a level)."""

    @property
    def sources(self) -> Path:
        """Folder holding one YAML file per source."""
        return self.evidence / "sources"


def bundled_dir(name: str) -> Path:
    """Locate a folder shipped with lucli (`evidence` or `templates`).

    A wheel carries them inside the package as `_bundled/<name>`; a source
    checkout or editable install uses the repository's top-level folder, so
    there is one copy of each in the repository.
    """
    inside = PACKAGE_DIR / "_bundled" / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


def find_project(explicit: str | os.PathLike[str] | None = None, *, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None, trusted: str | os.PathLike[str] | None = None) -> Project:
    """Resolve the evidence repository, raising `UsageError` for a root that does not exist.

    `trusted` (else `LUCLI_TRUSTED_CONFIG`) names a settings file to use instead of the repository's own
    `lucli.yaml`, which a pull request controls (CI takes it from the base branch).
    """
    env = os.environ if env is None else env
    trusted = trusted if trusted is not None else env.get(TRUSTED_ENV) or None
    settings = _trusted_settings(Path(trusted)) if trusted is not None else None
    given = explicit if explicit is not None else env.get("LUCLI_ROOT") or None
    if given is not None:
        root = Path(given).expanduser()
        origin = "--root" if explicit is not None else "LUCLI_ROOT"
        if not root.is_dir():
            raise UsageError(f"{origin}: no such folder: {root}", "give the folder that holds evidence/ or lucli.yaml")
        root = root.resolve()
        if _is_evidence_folder(root):
            return replace(_project_at(root.parent, settings),
                           note=f"{origin} {given} is the evidence folder itself; using the repository that holds "
                                f"it, {root.parent}")
        return _project_at(root, settings)
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / "evidence").is_dir():
            return _project_at(folder, settings)
    evidence = bundled_dir("evidence")
    # The bundled corpus keeps its settings beside it (copied into the wheel), for its title and subject.
    return Project(root=evidence.parent, evidence=evidence, templates=evidence.parent / "templates",
                   reports=start / "reports", bundled=True,
                   display=_display(_read_settings(evidence.parent / SETTINGS_FILE, evidence.parent)))


def _is_evidence_folder(folder: Path) -> bool:
    """Whether `folder` is an evidence/ folder (records in it) rather than the repository around one."""
    if (folder / SETTINGS_FILE).is_file() or (folder / "evidence").is_dir():
        return False
    return (folder / "organisations.yaml").is_file() or (folder / "principles.yaml").is_file() \
        or (folder / "sources").is_dir()


TRUSTED_ENV = "LUCLI_TRUSTED_CONFIG"
"""Environment variable naming a trusted settings file (as `--trusted-config`)."""


@dataclass(frozen=True)
class _Settings:
    values: dict[str, Any]
    path: Path
    doc: Any = None


def _trusted_settings(path: Path) -> _Settings:
    raw = read_regular(path.expanduser(), CEILINGS.max_bytes)
    if isinstance(raw, Refusal):
        raise UsageError(f"--trusted-config: {path}: {raw.message}", "give the settings file to trust, "
                         "e.g. lucli.yaml as it is on the base branch")
    return _parse_settings(raw, path)


def _project_at(root: Path, trusted: _Settings | None) -> Project:
    settings = trusted if trusted is not None else _read_settings(root / SETTINGS_FILE, root)
    folders = {name: root / str(settings.values.get(name, name)) for name in ("evidence", "templates", "reports")}
    for name, folder in folders.items():
        if not _inside(folder, root):
            if name not in settings.values:  # the default folder name: a link, not a setting, leads out
                raise UsageError(f"{folder}: is a link to a place outside the repository; lucli neither reads nor "
                                 f"writes through it", "replace the link with a folder")
            raise UsageError(f"{_at(settings, (name,), value=True)}: '{name}' points outside the repository: "
                             f"{folder}", "use a folder inside the repository")
    rules, problem = rules_from(settings.values)
    if problem:
        raise UsageError(f"{display_path(settings.path)}: {problem}",
                         "docs/verdicts.md lists the settings and defaults")
    return Project(root=root, evidence=folders["evidence"], templates=folders["templates"],
                   reports=folders["reports"], limits=_limits(settings), rules=rules, display=_display(settings))


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _at(settings: _Settings, key: tuple[Any, ...], value: bool = False) -> str:
    """`path:line:col` of a setting: its key, or (`value`) the value that is wrong."""
    doc = settings.doc
    mark = (doc.value_mark(key) if value else doc.mark(key)) if doc is not None else (1, 1)
    return f"{display_path(settings.path)}:{mark[0]}:{mark[1]}"


def _refused(problem: Diagnostic) -> UsageError:
    """A problem with the settings file, said as a usage error ("error: path:line:col: …"), not as the diagnostic
    it was found as ("… error[code]: …")."""
    return UsageError(f"{problem.location}: {problem.message}", problem.hint)


def _read_settings(path: Path, root: Path) -> _Settings:
    if not os.path.lexists(path):
        return _Settings({}, path)
    raw = read_inside(path, root, CEILINGS.max_bytes, "the repository")
    if isinstance(raw, Refusal):
        raise UsageError(f"{display_path(path)}:1:1: {raw.message}", raw.hint or None)
    return _parse_settings(raw, path)


def _parse_settings(raw: bytes, path: Path) -> _Settings:
    text, problem = decode(raw, display_path(path))
    if problem:
        raise _refused(problem)
    assert text is not None
    doc, problems = parse(text, display_path(path))
    if problems:
        raise _refused(problems[0])
    if doc is None:
        raise UsageError(f"{display_path(path)}:1:1: cannot read settings")
    if doc.data is None:
        return _Settings({}, path, doc)
    if not isinstance(doc.data, dict):
        raise UsageError(f"{path}:1:1: settings must be a mapping (evidence:, templates:, reports:)")
    known = {"evidence", "templates", "reports", "limits", "verdicts", "strength", *_DISPLAY}
    settings = _Settings(dict(doc.data), path, doc)
    for key, value in doc.data.items():
        if key not in known:
            raise UsageError(f"{_at(settings, (key,))}: unknown setting '{key}'",
                             "known settings: " + ", ".join(sorted(known)))
        if key in _DISPLAY and not _DISPLAY[key][0](value):
            raise UsageError(f"{_at(settings, (key,), value=True)}: '{key}' must be {_DISPLAY[key][1]}")
        if key in ("evidence", "templates", "reports") and (not isinstance(value, str)
                                                           or not _FOLDER_NAME.match(value)):
            raise UsageError(f"{_at(settings, (key,), value=True)}: '{key}' must be a folder name",
                             "a relative path such as 'evidence', without control characters")
    return settings


_FOLDER_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,255}$")
_DISPLAY: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (lambda v: isinstance(v, str) and bool(v.strip()), "a line of text"),
    "subject": (lambda v: isinstance(v, str) and bool(v.strip()), "a line of text, e.g. 'levelling-up policy'"),
    "stale_after": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 100,
                    "a whole number of years from 1 to 100, e.g. 3"),
}
"""The presentation settings: how to check each, and what to say when it is wrong."""


def _display(settings: _Settings) -> Display:
    values = settings.values
    return Display(title=" ".join(str(values.get("title", Display.title)).split()),
                   subject=" ".join(values["subject"].split()) if values.get("subject") else None,
                   stale_after=int(values.get("stale_after", STALE_AFTER)))


def _limits(settings: _Settings) -> Limits:
    value = settings.values.get("limits")
    if value is None:
        return Limits()
    names = [f.name for f in fields(Limits)]
    if not isinstance(value, dict) or not set(value) <= set(names):
        raise UsageError(f"{_at(settings, ('limits',))}: 'limits' takes: " + ", ".join(sorted(names)))
    for name, number in value.items():
        ceiling = getattr(CEILINGS, name)
        at = _at(settings, ("limits", name), value=True)
        if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
            raise UsageError(f"{at}: limits.{name} must be a positive whole number", f"at most {ceiling:,}")
        if number > ceiling:
            raise UsageError(f"{at}: limits.{name} is {number:,}, over lucli's ceiling of {ceiling:,}",
                             "lucli.yaml may lower a limit, or raise it up to the ceiling, never past it")
    return Limits(**value)


def evidence_files(project: Project) -> list[tuple[str, Path]]:
    """List the files of a repository with their kind, in a stable order."""
    files = [("organisations", project.evidence / "organisations.yaml"),
             ("principles", project.evidence / "principles.yaml")]
    sources = project.sources
    if sources.is_dir():
        files += [("source", sources / name) for name in source_names(sources)]
    return files


def source_names(sources: Path) -> list[str]:
    """The names of the source files in the sources folder, sorted.

    Sorted by name, not by Path: the same order (one folder), without Path's slow comparisons.
    """
    return sorted(e.name for e in os.scandir(sources) if os.path.splitext(e.name)[1] in (".yaml", ".yml"))


EvidenceState = list[tuple[str, int, int]]
"""(path, size, modification time) of each evidence file; size and time -1 for a file that is missing."""


def evidence_state(project: Project) -> EvidenceState | None:
    """(path, size, modification time) of every evidence file (the files `load` reads); None if one is a link
    or anything else than a plain file, or the folder cannot be listed. The remembered views
    (`lucli.render.viewcache`), the index's check (`lucli.records.index_files`) and its update
    (`lucli.records.reindex`) all start from it, so a run stats each file once.

    Plain `os` calls rather than pathlib: at 10k files pathlib alone took a fifth of a second.
    """
    evidence = str(project.evidence)
    sources = os.path.join(evidence, "sources")
    paths = [os.path.join(evidence, "organisations.yaml"), os.path.join(evidence, "principles.yaml")]
    state = []
    try:
        if os.path.isdir(sources):
            paths += [os.path.join(sources, name) for name in source_names(Path(sources))]
        for path in paths:
            try:
                info = os.lstat(path)  # one call a file: at 100k findings a second one was 10,000 more
            except FileNotFoundError:
                state.append((path, -1, -1))
                continue
            # A link's target could change without the link's times changing; a folder or a device named
            # like a source is for the whole load to report.
            if not stat.S_ISREG(info.st_mode):
                return None
            state.append((path, info.st_size, info.st_mtime_ns))
    except (OSError, ValueError):
        return None
    return state
