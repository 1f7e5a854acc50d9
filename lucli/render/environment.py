"""The one Jinja environment factory, and rendering that reports errors as `template-path:line: message`.

Every template a repository brings runs in lucli's sandbox (`lucli.render.sandbox`:
Jinja's immutable sandbox with a time limit and size caps), and so does every
built-in template that includes, imports or extends one of them, because an
evidence repository's templates/ folder overrides built-in templates by name.
lucli's own templates, when none of theirs is overridden, run in the same
environment without the sandbox's checks (`lucli.render.trusted`).
Values are escaped for the kind of template (`lucli.render.escaping`: HTML or
markdown); lucli's own filters are in `lucli.render.template_filters`.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Mapping
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from lucli.errors import RenderError, UsageError
from lucli.render.compiled_code import PROCESS_CODE
from lucli.render.escaping import HTML_SUFFIXES, finalize, md_escape
from lucli.render.sandbox import MAX_RANGE, TIME_LIMIT, RenderTimeout, Sandbox, guard_filters, make_sandbox
from lucli.render.sandbox_caps import MAX_OUTPUT, MAX_SIZE
from lucli.render.template_files import PathLoader, RepoLoader, Templates, may_override, template_dirs
from lucli.render.template_filters import lucli_filters
from lucli.render.template_refs import referenced_templates
from lucli.render.trusted import Trusted, make_trusted

_BATCH = 32
"""Pieces of output taken from a template between two checks of the deadline and the output's size."""

__all__ = ["HTML_SUFFIXES", "MAX_RANGE", "MAX_SIZE", "TIME_LIMIT", "RenderTimeout", "Renderer", "Templates",
           "lucli_filters", "md_escape", "template_dirs"]


class Renderer:
    """Renders templates by name, turning every template failure into a located `RenderError`."""

    def __init__(self, templates: Templates, *, extra_filters: Mapping[str, Callable[..., Any]] | None = None,
                 time_limit: float = TIME_LIMIT, trusted: tuple[type, ...] = ()) -> None:
        self.templates = templates
        self.files = PathLoader()
        self.builtin = jinja2.FileSystemLoader(str(templates.builtin))
        loaders: list[jinja2.BaseLoader] = [self.files]
        if templates.user is not None:
            loaders.append(RepoLoader(templates.user, self._display))
        loaders.append(self.builtin)
        env = make_sandbox(time_limit, trusted, loader=jinja2.ChoiceLoader(loaders),
                           undefined=jinja2.StrictUndefined,
                           autoescape=jinja2.select_autoescape(
                               enabled_extensions=("html", "htm", "xml", "md", "html.j2", "md.j2"),
                               default_for_string=True, default=True),
                           finalize=finalize, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        # What the repository calls itself (lucli.yaml `title`, `subject`); the command sets the real values.
        env.globals["site"] = {"title": "Evidence digest", "subject": None}
        filters = {**lucli_filters(), **(extra_filters or {})}
        env.filters.update(filters)
        # lucli's own templates, when no repository file takes part in a render, run without the sandbox.
        self.trusted = make_trusted(env, self.builtin, filters)
        guard_filters(env)
        env.bytecode_cache = self.trusted.bytecode_cache = PROCESS_CODE  # compiled once a process, not once a run
        self.env = env
        self._referenced: dict[str, tuple[str, list[str] | None]] = {}
        self._own: dict[str, bool] = {}

    def choose(self, wanted: str, default: str, suffixes: tuple[str, ...] = (".md.j2", ".j2")) -> str:
        """Turn `--template NAME|PATH` into a template name; a path is registered as a user template."""
        path = Path(wanted).expanduser()
        if ("/" in wanted or "\\" in wanted or path.suffix) and path.is_file():
            self.files.files[wanted] = path
            return wanted
        for name in (wanted, *(wanted + s for s in suffixes)):
            if self.exists(name):
                return name
        where = "the repository's templates/ folder and the built-in templates" if self.templates.user \
            else "the built-in templates"
        raise UsageError(f"--template: no template called '{wanted}' in {where}, and no such file",
                         f"give a path to a file, or a name such as '{default}'")

    def exists(self, name: str) -> bool:
        """Tell whether a template of this name can be loaded (compiled in the environment that renders it)."""
        try:
            self.environment(name).get_template(name)
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateSyntaxError:
            return True  # it exists; rendering will report the error with its place
        return True

    def overridden(self, name: str) -> bool:
        """Tell whether the repository brings its own copy of this built-in template or of any template it
        imports or includes (or whether that cannot be told: a name worked out as it renders)."""
        return self.builtin_sources(name) is None

    def builtin_sources(self, name: str) -> dict[str, str] | None:
        """The source of this built-in template and of every template it imports or includes, by name; None
        when the repository brings its own copy of one, or when a name is worked out as it renders."""
        found: dict[str, str] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            if self.templates.user is not None and os.path.lexists(
                    self.templates.user.joinpath(*PurePosixPath(current).parts)):
                return None
            if current not in self._referenced:  # read once a run, not parsed: its render parses it
                source, _filename, _uptodate = self.builtin.get_source(self.env, current)
                self._referenced[current] = (source, referenced_templates(source))
            found[current], referenced = self._referenced[current]
            if referenced is None:
                return None
            todo.extend(referenced)
        return found

    def environment(self, name: str) -> Sandbox | Trusted:
        """The environment that renders this template: the trusted one (`lucli.render.trusted`) when it and
        every template it imports or includes are lucli's own, unchanged; the sandbox for anything else."""
        own = self._own.get(name)
        if own is None:
            try:
                found = self.builtin_sources(name)
            except jinja2.TemplateError:  # not a built-in template, or one that does not parse
                found = None
            own = self._own[name] = found is not None and not any(n in self.files.files for n in found)
        return self.trusted if own else self.env

    def source(self, name: str) -> str:
        """Return a file from the template folders as it is, unrendered (style sheets, scripts).

        A repository may bring its own style sheets and images; script comes only from lucli's templates.
        """
        loader = self.env.loader if may_override(name) else self.builtin
        try:
            text, _filename, _uptodate = loader.get_source(self.env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"{name}: template not found in {self._where()}") from exc
        return text

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render one template; raise `RenderError` as `template-path:line: message` on any failure."""
        env = self.environment(name)
        env.deadline = time.monotonic() + env.time_limit
        try:
            template = env.get_template(name)
            pieces: list[str] = []
            size = 0
            stream = template.generate(**context)
            # Taken a batch at a time: a digest is millions of pieces, and the checks cost more
            # than the pieces. The cap is overshot by one batch at most (each value is capped by MAX_SIZE).
            while batch := list(islice(stream, _BATCH)):
                env.tick()
                size += sum(map(len, batch))
                if size > MAX_OUTPUT:
                    raise SecurityError(f"the output would be longer than {MAX_OUTPUT:,} characters")
                pieces += batch
            return "".join(pieces)
        except jinja2.TemplateSyntaxError as exc:
            where = self._display(exc.filename or exc.name or name)
            raise RenderError(f"{where}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise RenderError(self._locate(exc, name, f"template '{exc.name}' not found in {self._where()}")) \
                from None
        except MemoryError:
            raise RenderError(f"{self._display(name)}:1: the template needed more memory than there is") from None
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
                RecursionError) as exc:
            raise RenderError(self._locate(exc, name, _describe(exc))) from None
        finally:
            env.deadline = None

    def _where(self) -> str:
        if self.templates.user is not None:
            return f"{self._display(str(self.templates.user))}/ or the built-in templates"
        return "the built-in templates"

    def _locate(self, exc: BaseException, name: str, message: str) -> str:
        """Find the template line an error came from: Jinja rewrites tracebacks to point into templates."""
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if not frame.filename.endswith(".py") and not frame.filename.startswith("<frozen"):
                return f"{self._display(frame.filename)}:{frame.lineno}: {message}"
        try:
            filename = self.environment(name).get_template(name).filename or name
        except jinja2.TemplateError:
            filename = name
        return f"{self._display(filename)}:1: {message}"

    @staticmethod
    def _display(filename: str) -> str:
        from lucli.records.locations import display_path

        return display_path(Path(filename)) if Path(filename).is_absolute() else filename


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}; docs/reports.md lists every variable a template can use"
    if isinstance(exc, SecurityError):
        return f"blocked by the sandbox: {exc}"
    if isinstance(exc, RecursionError):
        return "the template calls itself too deeply"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc.message or exc)
    return f"{type(exc).__name__}: {exc}"
