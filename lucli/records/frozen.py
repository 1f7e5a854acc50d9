"""A quicker `__init__` for lucli's frozen dataclasses.

A frozen dataclass sets each field in `__init__` through `object.__setattr__`,
which looks the name up afresh every time. At 100k findings the records and the
render views built from them are made millions of times, and that lookup was
about a twelfth of a digest's CPU. `quick_init` replaces the generated `__init__`
with one that sets each field straight through its slot (or the instance
dictionary): the same parameters, defaults and `__post_init__`, the class still
frozen. The original is kept as `__dataclass_init__` so tests can compare the two.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, TypeVar

T = TypeVar("T")

_NO_VALUE: Any = getattr(dataclasses, "_HAS_DEFAULT_FACTORY", object())
"""Stands for 'not given' where a field's default comes from a factory: the dataclass's own marker where there is
one, so the signature still shows `<factory>`."""


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen dataclass an `__init__` that sets its fields directly; return the class."""
    namespace: dict[str, Any] = {"_NO_VALUE": _NO_VALUE}
    params: list[str] = []
    body: list[str] = []
    for f in _init_fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
        elif f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
        if f.init:
            params.append(_parameter(f))
            if f.default_factory is not dataclasses.MISSING:
                body.append(f"    if {f.name} is _NO_VALUE: {f.name} = _factory_{f.name}()")
            value = f.name
        elif f.default_factory is not dataclasses.MISSING:
            value = f"_factory_{f.name}()"
        elif f.default is not dataclasses.MISSING:
            value = f"_default_{f.name}"
        else:
            continue  # set later, by __post_init__
        body.append(_assignment(cls, f.name, value, namespace))
    if any(line.startswith("    _d[") for line in body):
        body.insert(0, "    _d = self.__dict__")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)  # built from the class's own field names, which are identifiers
    init = namespace["__init__"]
    original = cls.__init__
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = original.__doc__
    init.__annotations__ = dict(getattr(original, "__annotations__", {}))
    setattr(cls, "__dataclass_init__", original)  # noqa: B010 - neither name is known to the type checker
    setattr(cls, "__init__", init)  # noqa: B010
    return cls


def _init_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    # Only what lucli uses is supported; anything else is refused loudly rather than copied wrongly.
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise TypeError(f"quick_init: {cls.__name__} is not a frozen dataclass")
    # dataclasses.fields() leaves InitVars out, so they are found among every pseudo-field; the marker is private
    # to dataclasses, hence looked up with a fallback rather than named.
    initvar = getattr(dataclasses, "_FIELD_INITVAR", None)
    every = getattr(cls, "__dataclass_fields__", {})
    if any((initvar is not None and getattr(f, "_field_type", None) is initvar) or "InitVar" in str(f.type)
           for f in every.values()):
        raise TypeError(f"quick_init: {cls.__name__} has an InitVar")
    fields = dataclasses.fields(cls)
    if any(f.kw_only for f in fields):
        raise TypeError(f"quick_init: {cls.__name__} has keyword-only fields")
    return fields


def _parameter(f: dataclasses.Field[Any]) -> str:
    if f.default_factory is not dataclasses.MISSING:
        return f"{f.name}=_NO_VALUE"
    if f.default is not dataclasses.MISSING:
        return f"{f.name}=_default_{f.name}"
    return f.name


def _assignment(cls: type, name: str, value: str, namespace: dict[str, Any]) -> str:
    """The line that sets field `name` to `value` on `self`, past the frozen class's `__setattr__`."""
    descriptor = getattr(cls, name, None)
    if isinstance(descriptor, types.MemberDescriptorType):
        namespace[f"_set_{name}"] = descriptor.__set__
        return f"    _set_{name}(self, {value})"
    if not getattr(cls, "__dictoffset__", 0):
        raise TypeError(f"quick_init: {cls.__name__}.{name} has neither a slot nor an instance dictionary")
    return f"    _d[{name!r}] = {value}"
