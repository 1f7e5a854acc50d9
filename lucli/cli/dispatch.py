"""Typer's dispatch, paid only for the options a user gives.

typer 0.29 checks every parameter's value with a pydantic `TypeAdapter` when a command runs, parameters left
at their defaults included. For `lucli compare` with no options that is thirteen adapters and the import of
pydantic, 0.15–0.2 s of a 0.35 s run (profiled: `typer/_coercion.py:build_runtime_param` and
`typer/_adapters.py`). A value that is the parameter's own default (None, or the default lucli wrote) needs no
checking, so for it the coercion is skipped and the rest of typer's processing (the missing-value check, the
callback) runs as typer runs it. A path the user typed (`--root`, `-o`) is made a `Path` here and handed to
typer's own path checks, plain text (`-f md`) is kept as it is, and words given to a parameter that takes
several (`compare devolution`, `--principle a --principle b`) are made a list, which is all pydantic's adapter
would do with any of them: building the adapters, and importing pydantic for them, was 0.07 s of a 0.2 s
`lucli compare --root PATH`, and 0.09 s of `lucli compare devolution`. Any other value the user typed (a
number with bounds, a choice, a flag) is checked by typer as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _is_default(parameter: Any, value: Any) -> bool:
    default = parameter.default
    return value is None or (not callable(default) and type(value) is type(default) and value == default)


def _plain_kind(parameter: Any, value: Any) -> type | None:
    """`str` or `Path` when `value` is one piece of typed text for a parameter of that type with no parser,
    choices or conversion of its own: pydantic's check of it is then the value itself, or `Path(value)`; `list`
    when it is pieces of typed text for a `list[str]` parameter that takes several (`compare devolution`,
    `--principle a --principle b`): its check is then `list(value)`."""
    descriptor: Any = getattr(parameter, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    several = parameter.nargs == -1 or parameter.multiple
    if several and annotation == list[str] and isinstance(value, (tuple, list)) and value and all(
            type(piece) is str for piece in value):
        annotation = list
    elif not (isinstance(value, str) and annotation in (str, Path) and parameter.nargs == 1 and not several):
        return None
    info = descriptor.parameter_info
    plain = (descriptor.file_annotation is None and info.path_type is None and info.parser is None
             and getattr(info, "click_type", None) is None and not descriptor.is_choice)
    return annotation if plain else None


def _path_check() -> Any:
    """typer's own checks of a path value, or None in a typer that has no such function."""
    try:
        from typer._param_types import coerce_cli_path
    except ImportError:  # pragma: no cover - another typer: its adapters check paths
        return None
    return coerce_cli_path


def check_only_given_values() -> bool:
    """Make typer skip its coercion of values left at their defaults; False when this typer has no such step."""
    try:
        from typer import _click
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another typer: it keeps its own dispatch
        return False
    coerce_cli_path = _path_check()
    typed = _TyperParameter.process_value
    if getattr(typed, "lucli", False):
        return True

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        plain = _plain_kind(self, value)
        if plain is Path and coerce_cli_path is not None:
            value = coerce_cli_path(Path(value), self.type_descriptor.parameter_info, path_type=Path, param=self,
                                    ctx=ctx)
        elif plain is list:
            value = list(value)
        elif plain is not str and not _is_default(self, value):
            return typed(self, ctx, value)
        if self.required and self.value_is_missing(value):
            raise _click.exceptions.MissingParameter(ctx=ctx, param=self)
        return self.callback(ctx, self, value) if self.callback is not None else value

    process_value.lucli = True  # type: ignore[attr-defined]
    _TyperParameter.process_value = process_value  # type: ignore[method-assign]
    return True
