"""Typer's dispatch, paid only for the options a user gives.

typer 0.29 checks every parameter's value with a pydantic `TypeAdapter` when a command runs, parameters
left at their defaults included. For `lucli compare` with no options that is thirteen adapters and the
import of pydantic, 0.15–0.2 s of a 0.35 s run (profiled: `typer/_coercion.py:build_runtime_param` and
`typer/_adapters.py`). A value that is the parameter's own default (None, or the default lucli wrote)
needs no checking, so for it the coercion is skipped and the rest of typer's processing (the
missing-value check, the callback) runs as typer runs it. A value the user typed is checked by typer as
before, bounds and all.
"""

from __future__ import annotations

from typing import Any


def _is_default(parameter: Any, value: Any) -> bool:
    default = parameter.default
    return value is None or (not callable(default) and type(value) is type(default) and value == default)


def check_only_given_values() -> bool:
    """Make typer skip its coercion of values left at their defaults; False when this typer has no such step."""
    try:
        from typer import _click
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another typer: it keeps its own dispatch
        return False
    typed = _TyperParameter.process_value
    if getattr(typed, "lucli", False):
        return True

    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        if not _is_default(self, value):
            return typed(self, ctx, value)
        if self.required and self.value_is_missing(value):
            raise _click.exceptions.MissingParameter(ctx=ctx, param=self)
        return self.callback(ctx, self, value) if self.callback is not None else value

    process_value.lucli = True  # type: ignore[attr-defined]
    _TyperParameter.process_value = process_value  # type: ignore[method-assign]
    return True
