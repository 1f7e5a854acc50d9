"""The sandboxed Jinja environment every template runs in: Jinja's immutable sandbox, a deadline and size caps.

An evidence repository's templates/ folder overrides built-in templates *by
name*, partials too, so any render may run a user's code. On top of Jinja's
immutable sandbox (no `_` attributes, no Python internals, no changing lists
or dicts), a render has a time limit, checked as the template calls
functions, looks up attributes and items, applies filters and tests, steps
through `range()` and produces output; and the operators and filters that can
blow up one value (`*`, `**`, `%`, `center`, `indent`, `slice`, `format`) are
capped.

Speed: a digest makes millions of attribute lookups on lucli's own frozen,
data-only views. For those *trusted* types, and for plain dicts, a lookup
takes a short path that gives exactly the answer of the long one (public
names only; bound `str.format` methods are still wrapped); everything else
goes through Jinja's checks unchanged.
"""

from __future__ import annotations

import functools
import time
import types
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

from lucli.render.escaping import OutputCodeGenerator, finalize_escaped
from lucli.render.sandbox_caps import (
    MAX_WIDTH,
    check_binop,
    check_join,
    check_method,
    check_percent,
    check_replace,
    check_size,
    check_spec,
)

TIME_LIMIT = 30.0
"""Seconds one template may take to render."""
MAX_RANGE = 100_000
"""Most items `range()` may yield in a template."""
DROPPED_FILTERS = ("random",)
"""Jinja filters templates do not get: output must be reproducible."""
DROPPED_GLOBALS = ("lipsum",)
"""Jinja globals templates do not get: no made-up text."""
PADDING_FILTERS = ("center", "indent", "slice", "batch")
"""Filters whose number argument multiplies the size of their output."""
CLOCK_EVERY = 63
"""The clock is read on every 64th check (a mask), because reading it costs more than the check."""
_DICT_NAMES = frozenset(dir(dict))
"""Names a plain dict answers as attributes; any other `d.name` is the item `d["name"]`."""
_JINJA_PLAIN_TYPES = frozenset({LoopContext, TemplateModule})
"""Jinja's own objects that templates read: the sandbox allows every public name of theirs anyway."""
_METHODS = frozenset({types.MethodType, types.BuiltinMethodType})
_FORMATS = ("format", "format_map")
"""Bound methods with these names may be `str.format`, which Jinja wraps: they take Jinja's own path."""
_MACRO_TAKES_EVAL_CONTEXT = getattr(getattr(Macro.__call__, "jinja_pass_arg", None), "name", None) == "eval_context"
"""Jinja's Context.call passes a macro the evaluation context first (checked, in case a Jinja release changes it)."""
_MISSING = object()


def _plain_function(value: Any) -> bool:
    """Tell whether a class attribute is a function that wants no context, environment or evaluation context."""
    return isinstance(value, types.FunctionType) and not hasattr(value, "jinja_pass_arg")


class RenderTimeout(jinja2.TemplateRuntimeError):
    """A template ran past the time limit."""


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox plus a deadline, size caps and a short path for trusted data-only types."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    code_generator_class = OutputCodeGenerator
    finalize_escaped = staticmethod(finalize_escaped)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline: float | None = None
        self.time_limit = TIME_LIMIT
        self.trusted: frozenset[type] = frozenset()
        self.plain_types: frozenset[type] = _JINJA_PLAIN_TYPES
        """Types whose public attributes are all safe to read: the trusted ones and Jinja's own loop and module."""
        self._ticks = 0
        self._plain_instances: frozenset[type] = frozenset()
        self._plain_methods: frozenset[Any] = frozenset()

    def trust(self, types_: tuple[type, ...]) -> None:
        """Mark lucli's frozen, data-only types (without items): any public attribute of theirs is safe to read.

        Their methods, and instances of those that are callable (`name`, `memo`), are never marked unsafe;
        those that take no context are called directly.
        """
        self.trusted = frozenset(types_)
        self.plain_types = self.trusted | _JINJA_PLAIN_TYPES
        self._plain_instances = frozenset(t for t in self.trusted if _plain_function(vars(t).get("__call__")))
        self._plain_methods = frozenset(f for t in self.trusted for klass in t.__mro__[:-1]
                                        for f in vars(klass).values() if _plain_function(f))

    def tick(self) -> None:
        """Stop the render when it has run past its deadline (the clock is read on every 64th tick)."""
        self._ticks += 1
        if not self._ticks & CLOCK_EVERY:
            self._clock()

    def _clock(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise RenderTimeout(f"rendering took longer than the limit of {self.time_limit:g} seconds")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # lucli's own frozen views and records hold data only: any public name is safe.
        if type(obj) in self.trusted:
            return not attr.startswith("_")
        return super().is_safe_attribute(obj, attr, value)

    # getattr, getitem and call run millions of times in a digest: each ticks inline rather than by a call.

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._ticks += 1
        if not self._ticks & CLOCK_EVERY:
            self._clock()
        if type(attribute) is str and attribute[:1] != "_":
            kind = type(obj)
            if kind in self.plain_types:
                value: Any = getattr(obj, attribute, _MISSING)
                if value is not _MISSING and (type(value) not in _METHODS or value.__name__ not in _FORMATS):
                    return value
            elif kind is dict and attribute not in _DICT_NAMES:
                # What Jinja does too: a plain dict has no such attribute, so the name means its item.
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._ticks += 1
        if not self._ticks & CLOCK_EVERY:
            self._clock()
        if type(obj) in self.plain_types and type(argument) is str and argument[:1] != "_":
            # `map(attribute=...)` and friends look attributes up as items; these types have no items.
            value: Any = getattr(obj, argument, _MISSING)
            if value is not _MISSING and (type(value) not in _METHODS or value.__name__ not in _FORMATS):
                return value
            return super().getitem(obj, argument)
        try:
            return obj[argument]  # Jinja's first try too; only a failed lookup needs its checks
        except (TypeError, LookupError):
            return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._ticks += 1
        if not __self._ticks & CLOCK_EVERY:
            __self._clock()
        kind = type(__obj)
        if kind is Macro and _MACRO_TAKES_EVAL_CONTEXT:
            args = (__context.eval_ctx, *args)  # what Jinja's Context.call gives a macro
        elif not (kind in __self._plain_instances or (kind is types.MethodType and __obj.__func__
                                                      in __self._plain_methods)):
            check_method(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)
        # Macros, and lucli's views and their methods, are never marked unsafe and take no context: call
        # them as Jinja's Context.call would, without looking for the marks every time.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.undefined("value was undefined because a callable raised a StopIteration exception")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def checked_join(self, join: Callable[[Any], str], pieces: tuple[Any, ...]) -> str:
        """`~`: Jinja's join of the pieces, refused when the text has grown past the cap."""
        self.tick()
        text = join(pieces)
        check_size(len(text))
        return text

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if type(value) not in _METHODS or value.__name__ not in _FORMATS or not isinstance(value.__self__, str):
            return None
        text = value.__self__
        kind = type(text)
        map_only = value.__name__ == "format_map"
        env = self

        def formatted(*args: Any, **kwargs: Any) -> str:
            # A fresh formatter per call: it counts what this call has built.
            formatter = (_CappedEscapeFormatter(env, escape=text.escape) if isinstance(text, Markup)
                         else _CappedFormatter(env))
            if map_only:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                mapping = args[0]
                args, kwargs = (), mapping
            return kind(formatter.vformat(text, args, kwargs))

        return formatted


class _CappedFormatter(SandboxedFormatter):
    """Jinja's sandboxed `str.format`, refusing fields wider than the cap (`"{0:{1}}".format(1, 99999999)`
    included: the width is checked once filled in) and calls that build too much in all."""

    built = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_spec(format_spec)
        text = super().format_field(value, format_spec)
        self.built += len(text)
        check_size(self.built)
        return text


class _CappedEscapeFormatter(_CappedFormatter, EscapeFormatter):
    pass


def safe_range(env: Sandbox) -> Callable[..., Iterator[int]]:
    """`range()` for templates: at most `MAX_RANGE` items, checking the deadline as it goes."""

    def bounded_range(*args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise SecurityError(f"range() may yield at most {MAX_RANGE:,} items")
        for i, number in enumerate(numbers):
            if i % 1000 == 0:
                env.tick()
            yield number

    return bounded_range


def timed(env: Sandbox, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter or test so that it checks the deadline, and caps what could blow up one value."""
    tick = env.tick
    if name in PADDING_FILTERS:
        @functools.wraps(func)  # keeps Jinja's pass_context/pass_eval_context marks
        def padding(*args: Any, **kwargs: Any) -> Any:
            tick()
            numbers = [a for a in (*args[1:], *kwargs.values()) if isinstance(a, int)]
            if any(abs(a) > MAX_WIDTH for a in numbers):
                raise SecurityError(f"the '{name}' filter refuses numbers over {MAX_WIDTH:,}")
            text = next((a for a in args if isinstance(a, str)), "")
            check_size(len(text) + text.count("\n") * max(numbers, default=0))  # indent pads every line
            return func(*args, **kwargs)

        return padding
    checks = {"format": _format_filter, "replace": _replace_filter, "join": _join_filter}
    if name in checks:
        check = checks[name]

        @functools.wraps(func)
        def capped(*args: Any, **kwargs: Any) -> Any:
            tick()
            args = check(args, kwargs)
            return func(*args, **kwargs)

        return capped

    @functools.wraps(func)
    def plain(*args: Any, **kwargs: Any) -> Any:
        tick()
        return func(*args, **kwargs)

    return plain


def _format_filter(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    if args and isinstance(args[0], str):
        check_percent(args[0])
    return args


def _replace_filter(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # do_replace(eval_ctx, s, old, new, count=None)
    if len(args) >= 4:
        count = args[4] if len(args) > 4 else kwargs.get("count")
        check_replace(str(args[1]), args[2], args[3], count if count is not None else -1)
    return args


def _join_filter(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # do_join(eval_ctx, value, d="", attribute=None): measure the items (made a list once) before joining
    if len(args) >= 2:
        items = args[1] if isinstance(args[1], (list, tuple)) else list(args[1])
        check_join(args[2] if len(args) > 2 else kwargs.get("d", ""), items)
        args = (args[0], items, *args[2:])
    return args


def make_sandbox(time_limit: float, trusted: tuple[type, ...], **options: Any) -> Sandbox:
    """Build the sandbox: Jinja `options`, the caps, and every filter and test wrapped by `timed`.

    Add filters before calling `guard_filters`, which wraps them all.
    """
    env = Sandbox(**options)
    env.time_limit = time_limit
    env.trust(trusted)
    for name in DROPPED_FILTERS:
        env.filters.pop(name, None)
    for name in DROPPED_GLOBALS:
        env.globals.pop(name, None)
    env.globals["range"] = safe_range(env)
    return env


def guard_filters(env: Sandbox) -> None:
    """Wrap every filter and test of `env` so that each checks the deadline and the caps."""
    env.filters = {n: timed(env, n, f) for n, f in env.filters.items()}
    env.tests = {n: timed(env, n, t) for n, t in env.tests.items()}  # type: ignore[arg-type]
