"""The one Jinja environment factory, and rendering that reports errors as `template-path:line: message`.

Every template runs in Jinja's immutable sandbox, built-in ones included: an
evidence repository's templates/ folder overrides built-in templates *by
name*, partials too, so any render may run a user's code. On top of the
sandbox, a render has a time limit (checked on every call, attribute lookup,
filter, `range` step and piece of output), and operators and filters that can
blow up one value (`*`, `**`, `%`, `center`, `indent`, `format`) are capped.

Markdown needs escaping as much as HTML does: a statement holding `<script>`
must not become raw HTML in a brief. So autoescaping is on for every template
(`select_autoescape`), and for templates that are not HTML a `finalize` hook
turns each plain value into markdown-escaped text first; filters that build
markdown return `Markup`, which both escapes leave alone.
"""

from __future__ import annotations

import functools
import re
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from lucli.errors import RenderError, UsageError

TIME_LIMIT = 30.0
"""Seconds one template may take to render."""
MAX_RANGE = 100_000
"""Most items `range()` may yield in a template."""
MAX_SIZE = 1_000_000
"""Longest string or list that `*`, `**` or `%` may build, and widest padding a filter may add."""
HTML_SUFFIXES = (".html", ".htm", ".xml", ".html.j2", ".htm.j2", ".xml.j2")
# Jinja's defaults minus `random` (output must be reproducible) and `lipsum` (made-up text).
_DROPPED_FILTERS = ("random",)
_DROPPED_GLOBALS = ("lipsum",)
_WIDE_FORMAT = re.compile(r"\d{6,}")


class RenderTimeout(jinja2.TemplateRuntimeError):
    """A template ran past the time limit."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox plus a deadline and size caps."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline: float | None = None
        self.time_limit = TIME_LIMIT
        self.trusted: frozenset[type] = frozenset()
        self._ticks = 0

    def tick(self) -> None:
        """Stop the render when it has run too long (the clock is read on every 64th call, for speed)."""
        self._ticks += 1
        if self._ticks & 63 == 0 and self.deadline is not None and time.monotonic() > self.deadline:
            raise RenderTimeout(f"rendering took longer than the limit of {self.time_limit:g} seconds")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # lucli's own frozen views and records hold data only: any public name is safe, and checking
        # them the long way (for Python internals and mutating methods) dominated render time.
        if type(obj) in self.trusted:
            return not attr.startswith("_")
        return super().is_safe_attribute(obj, attr, value)  # type: ignore[no-any-return]

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError(f"the exponent {right} is too large for a template")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)  # "{:>999999}".format(...) would pad without limit
        return wrapped


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and len(sequence) * times > MAX_SIZE:
        raise SecurityError(f"repeating a value {times} times would build more than {MAX_SIZE:,} items")


def _check_format(text: str) -> None:
    if _WIDE_FORMAT.search(text):
        raise SecurityError("format widths over 99,999 are not allowed in templates")


def _range(env: _Sandbox) -> Callable[..., Iterator[int]]:
    def safe_range(*args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise SecurityError(f"range() may yield at most {MAX_RANGE:,} items")
        for i, number in enumerate(numbers):
            if i % 1000 == 0:
                env.tick()
            yield number

    return safe_range


_PADDING_FILTERS = ("center", "indent", "slice")
"""Filters whose number argument multiplies the size of their output."""


def _timed(env: _Sandbox, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter or test so that it checks the deadline, and caps what could blow up one value."""

    @functools.wraps(func)  # keeps Jinja's pass_context/pass_eval_context marks
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        env.tick()
        if name in _PADDING_FILTERS and any(isinstance(a, int) and abs(a) > 10_000
                                            for a in (*args[1:], *kwargs.values())):
            raise SecurityError(f"the '{name}' filter refuses numbers over 10,000")
        if name == "format" and args and isinstance(args[0], str):
            _check_format(args[0])
        return func(*args, **kwargs)

    return wrapper


@dataclass
class _Files(jinja2.BaseLoader):
    """Templates named by path on the command line (`--template PATH`)."""

    files: dict[str, Path] = field(default_factory=dict)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.files.get(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RenderError(f"{path}: cannot read the template: {exc}") from exc
        return text, str(path), lambda: True


@functools.lru_cache(maxsize=256)
def _is_html(name: str | None) -> bool:
    return bool(name) and str(name).lower().endswith(HTML_SUFFIXES)


_PLAIN = re.compile(r"^(?:[^\W_]|[ ,;:'’“”()/.?!%+—–-])*$")
"""Text that needs no markdown escaping (the common case, checked first for speed)."""


def md_escape(value: Any) -> str:
    """Escape text for CommonMark so that it shows as written: no emphasis, links, tables or raw HTML.

    Line breaks and runs of white space become one space, so a value never breaks a list item or a table
    row; a line break at either end (folded YAML ends with one) is dropped.
    """
    text = str(value)
    if _PLAIN.match(text) and not text[:1].isdigit() and not text.startswith(("-", "+")):
        return text
    text = re.sub(r"\s+", " ", re.sub(r"^\s*\n|\n\s*$", "", text))
    text = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)  # keep '&amp;' from being read as an entity
    # Block markers only matter at the start of a line, followed by a space: '# ', '- ', '1. '.
    return re.sub(r"^(#+|[+=-]+|\d+[.)])(?=\s|$)", r"\\\1", text)


@jinja2.pass_context
def _finalize(context: Any, value: Any) -> Any:
    # HTML templates are escaped by autoescape; every other template gets markdown escaping.
    if isinstance(value, Markup) or _is_html(context.name):
        return value
    return Markup(md_escape(value))


@dataclass(frozen=True)
class Templates:
    """Where templates come from: the repository's folder first, then the built-in ones."""

    builtin: Path
    user: Path | None = None
    """An evidence repository's templates/ folder (None when it is the built-in folder or missing)."""


def template_dirs(project_templates: Path | None) -> Templates:
    """Locate the built-in templates and, if it is a different folder, the repository's own."""
    from lucli.project import bundled_dir

    builtin = bundled_dir("templates")
    user = project_templates if project_templates and project_templates.is_dir() else None
    if user is not None and user.resolve() == builtin.resolve():
        user = None  # a source checkout's own templates/ are the built-in ones
    return Templates(builtin, user)


class Renderer:
    """Renders templates by name, turning every template failure into a located `RenderError`."""

    def __init__(self, templates: Templates, *, extra_filters: Mapping[str, Callable[..., Any]] | None = None,
                 time_limit: float = TIME_LIMIT, trusted: tuple[type, ...] = ()) -> None:
        self.templates = templates
        self.files = _Files()
        loaders: list[jinja2.BaseLoader] = [self.files]
        if templates.user is not None:
            loaders.append(jinja2.FileSystemLoader(str(templates.user)))
        loaders.append(jinja2.FileSystemLoader(str(templates.builtin)))
        env = _Sandbox(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                       autoescape=jinja2.select_autoescape(
                           enabled_extensions=("html", "htm", "xml", "md", "html.j2", "md.j2"),
                           default_for_string=True, default=True),
                       finalize=_finalize, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        env.time_limit = time_limit
        env.trusted = frozenset(trusted)
        for name in _DROPPED_FILTERS:
            env.filters.pop(name, None)
        for name in _DROPPED_GLOBALS:
            env.globals.pop(name, None)
        env.globals["range"] = _range(env)
        env.filters.update(lucli_filters())
        env.filters.update(extra_filters or {})
        env.filters = {n: _timed(env, n, f) for n, f in env.filters.items()}
        env.tests = {n: _timed(env, n, t) for n, t in env.tests.items()}  # type: ignore[arg-type]
        self.env = env

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
        """Tell whether a template of this name can be loaded."""
        try:
            self.env.get_template(name)
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateSyntaxError:
            return True  # it exists; rendering will report the error with its place
        return True

    def source(self, name: str) -> str:
        """Return a file from the template folders as it is, unrendered (stylesheets, scripts)."""
        try:
            text, _filename, _uptodate = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound as exc:
            raise RenderError(f"{name}: template not found in {self._where()}") from exc
        return text

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render one template; raise `RenderError` as `template-path:line: message` on any failure."""
        env = self.env
        env.deadline = time.monotonic() + env.time_limit
        try:
            template = env.get_template(name)
            pieces = []
            for piece in template.generate(**context):
                env.tick()
                pieces.append(piece)
            return "".join(pieces)
        except jinja2.TemplateSyntaxError as exc:
            where = self._display(exc.filename or exc.name or name)
            raise RenderError(f"{where}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise RenderError(self._locate(exc, name, f"template '{exc.name}' not found in {self._where()}")) \
                from None
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
            filename = self.env.get_template(name).filename or name
        except jinja2.TemplateError:
            filename = name
        return f"{self._display(filename)}:1: {message}"

    @staticmethod
    def _display(filename: str) -> str:
        from lucli.load import display_path

        return display_path(Path(filename)) if Path(filename).is_absolute() else filename


# --- filters, registered by hand ------------------------------------------------------------

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def _escape_for(context: Any, text: Any) -> Markup:
    """Escape user text for the kind of template being rendered."""
    if isinstance(text, Markup):
        return text
    return escape(text) if _is_html(context.name) else Markup(md_escape(text))


def _source_ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if getattr(value, "source_id", None) is not None:  # a finding
        return [value.source_id]
    if getattr(value, "publishers", None) is not None:  # a source
        return [value.id]
    return [sid for item in value if item is not None for sid in _source_ids(item)]


@jinja2.pass_context
def cite(context: Any, value: Any, locator: str | None = None) -> Markup:
    """Cite sources by their number in `ref`: '[3]', '[3, p. 4]' (one finding) or '[1][3]' (several)."""
    numbers = context.get("ref") or {}
    ids = list(dict.fromkeys(_source_ids(value)))
    missing = [sid for sid in ids if sid not in numbers]
    if missing:
        raise jinja2.UndefinedError(f"source '{missing[0]}' is not in this page's references (ref)")
    if locator is None:
        locator = getattr(value, "locator", None)
    suffix = f", {_escape_for(context, locator)}" if locator and len(ids) == 1 else ""
    cited = sorted(numbers[sid] for sid in ids)
    if _is_html(context.name):
        return Markup("".join(f'<a class="cite" href="#ref-{n}">[{n}{suffix}]</a>' for n in cited))
    return Markup("".join(f"[{n}{suffix}]" for n in cited))


@jinja2.pass_context
def autolink(context: Any, url: str | None, text: str | None = None) -> Markup:
    """Link to a web address: '<https://…>' in markdown, an <a> element in HTML; unsafe addresses stay text."""
    if not url:
        return Markup("")
    if _is_html(context.name):
        if not _SAFE_URL.match(url):
            return escape(url)
        return Markup('<a href="{0}">{1}</a>').format(url, text or url)
    if text:
        label = _escape_for(context, text)
        return Markup(f"[{label}]({url})") if _SAFE_URL.match(url) and "(" not in url and ")" not in url \
            else label
    return Markup(f"<{url}>") if _SAFE_URL.match(url) else _escape_for(context, url)


def lcfirst(text: str) -> str:
    """Lower-case the first letter unless the word is an acronym ('UK')."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upfirst(text: str) -> str:
    """Upper-case the first letter."""
    text = str(text)
    return text[:1].upper() + text[1:]


def count(number: int, singular: str, plural: str | None = None) -> str:
    """Say how many: '1 source', '3 sources', '2 organisations'."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def lucli_filters() -> dict[str, Callable[..., Any]]:
    """lucli's own filters, each listed here by hand."""
    from lucli.context import STANCE_SYMBOLS, and_list, date_text

    return {
        "cite": cite, "autolink": autolink, "lcfirst": lcfirst, "upfirst": upfirst, "count": count,
        "and_list": and_list, "date_text": date_text, "symbol": lambda stance: STANCE_SYMBOLS.get(stance, "?"),
        "md": lambda text: Markup(md_escape(text)),
    }


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
