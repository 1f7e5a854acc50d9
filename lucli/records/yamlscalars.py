"""Turn YAML scalar events into Python values the way YAML 1.1's safe loader would.

Timestamps stay strings: lucli checks dates itself and reports 2022-02-30 as a
located error instead of letting a date constructor raise.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

STD_TAG = "tag:yaml.org,2002:"
_STD = STD_TAG

_RESOLVERS = _Loader.yaml_implicit_resolvers
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
          "yes": True, "Yes": True, "YES": True, "no": False, "No": False, "NO": False,
          "on": True, "On": True, "ON": True, "off": False, "Off": False, "OFF": False}
_INT_CHARS = re.compile(r"[-+]?[0-9_]+$")


def resolve_scalar(event: Any) -> Any:
    """Turn a scalar into str, int, float, bool or None as YAML 1.1 would.

    Timestamps stay strings: lucli checks dates itself and reports 2022-02-30 as
    a located error instead of letting the date constructor raise.
    """
    value = event.value
    tag = event.tag
    if tag in (None, "!") and not event.implicit[0]:
        return value  # quoted or block scalar: always a string
    if tag is None:
        tag = _implicit_tag(value)
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool":
        return _BOOLS.get(value, value)
    if tag == _STD + "int":
        return _to_int(value)
    if tag == _STD + "float":
        return _to_float(value)
    return value


def _implicit_tag(value: str) -> str:
    if value == "":
        return _STD + "null"
    for tag, regexp in _RESOLVERS.get(value[0], ()):
        if regexp.match(value):
            return str(tag)
    return _STD + "str"


MAX_DIGITS = 64
"""Longest number, in characters, read as a number; a longer one stays text (no record needs it, and
Python refuses to convert or print integers of thousands of digits)."""


def _to_int(value: str) -> Any:
    text = value.replace("_", "")
    if len(text) > MAX_DIGITS:
        return value
    if _INT_CHARS.match(text):
        return int(text, 10)
    try:
        return int(yaml.safe_load(value))
    except (ValueError, TypeError, OverflowError, yaml.YAMLError):
        return value


def _to_float(value: str) -> Any:
    text = value.replace("_", "").lower()
    if len(text) > MAX_DIGITS:
        return value
    if text in (".inf", "+.inf"):
        return float("inf")
    if text == "-.inf":
        return float("-inf")
    if text == ".nan":
        return float("nan")
    try:
        return float(text)
    except ValueError:
        return value
