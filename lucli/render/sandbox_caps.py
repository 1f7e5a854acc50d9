"""Caps on the operations that can build one huge value in a single step of a template.

A time limit checked between steps cannot stop one step that runs for
minutes (`((9**999)**999)**999`) or asks for gigabytes (`"%*d" % (300000000, 1)`,
a string doubled with `~` forty times). So each such operation is checked
before it runs, from the sizes of its operands: integer powers and products,
repetition, `+` and `~` on text and lists, `%` and `str.format` fields,
padding methods, `replace` and `join`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jinja2.exceptions import SecurityError

MAX_SIZE = 1_000_000
"""Longest string or list that `*` may build by repetition."""
MAX_BUILT = 64 * 1024 * 1024
"""Longest string or list that joining, replacing or adding may build (record text may itself be megabytes)."""
MAX_OUTPUT = 256 * 1024 * 1024
"""Longest text one template may write (a digest's index of 100k findings is tens of MB)."""
MAX_INT_BITS = 100_000
"""Largest integer, in bits (about 30,000 digits), that `*` or `**` may make."""
MAX_WIDTH = 10_000
"""Widest field, precision or padding a format or a padding method may ask for."""
_NUMBER = re.compile(r"\d+")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([a-zA-Z%])")


def _refuse(message: str) -> None:
    raise SecurityError(message)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `*`, `**`, `+` or `%` when the result would be too large to build."""
    if operator == "*":
        _check_repeat(left, right)
        _check_repeat(right, left)
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            _refuse(f"multiplying these numbers would make one of more than {MAX_INT_BITS:,} bits")
    elif operator == "**" and _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
        if right > 1000 or left.bit_length() * right > MAX_INT_BITS:
            _refuse(f"the exponent {right} is too large for a template")
    elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        check_size(len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        check_percent(left)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, (str, list, tuple)) and _is_int(times) and len(sequence) * times > MAX_SIZE:
        _refuse(f"repeating a value {times} times would build more than {MAX_SIZE:,} items")


def check_size(size: int) -> None:
    """Refuse to build a value longer than `MAX_BUILT`."""
    if size > MAX_BUILT:
        _refuse(f"the value would be longer than {MAX_BUILT:,} characters or items")


def check_percent(text: str) -> None:
    """Refuse a `%` format whose fields take their width from a value (`*`) or are too wide in total."""
    total = len(text)
    for match in _PERCENT.finditer(text):
        width, precision = match.group(1), match.group(2)
        if "*" in (width, precision):
            _refuse("a format may not take its width or precision from a value (`*`) in a template")
        for number in (width, precision):
            if number and (len(number) > 5 or int(number) > MAX_WIDTH):
                _refuse(f"format widths over {MAX_WIDTH:,} are not allowed in templates")
            total += int(number) if number else 0
    check_size(total)


def check_spec(spec: str) -> int:
    """Refuse a `str.format` field specification wider or more precise than `MAX_WIDTH`; return its width."""
    widest = 0
    for number in _NUMBER.findall(spec):
        if len(number) > 5 or int(number) > MAX_WIDTH:
            _refuse(f"format widths over {MAX_WIDTH:,} are not allowed in templates")
        widest = max(widest, int(number))
    return widest


_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def check_method(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a text method that would pad, replace or join beyond the caps."""
    owner = getattr(function, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(function, "__name__", "")
    values = (*args, *kwargs.values())
    if name in _PADDING and any(_is_int(v) and v > MAX_WIDTH for v in values):
        _refuse(f"'{name}' refuses numbers over {MAX_WIDTH:,} in templates")
    elif name == "expandtabs" and owner.count("\t") * max((v for v in values if _is_int(v)), default=8) > MAX_BUILT:
        check_size(MAX_BUILT + 1)
    elif name == "replace" and len(args) >= 2:
        check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    elif name == "join" and args:
        check_join(owner, args[0])


def check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    """Refuse a replacement whose result would be too long."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        times = text.count(old) if old else len(text) + 1
        if _is_int(count) and count >= 0:
            times = min(times, count)
        check_size(len(text) + times * (len(new) - len(old)))


def check_join(separator: Any, items: Any) -> None:
    """Refuse a join whose result would be too long (only sized collections are measured)."""
    if isinstance(items, (list, tuple)):
        check_size(sum(len(i) if isinstance(i, str) else 20 for i in items)
                   + len(str(separator)) * max(len(items) - 1, 0))


def check_pieces(pieces: Iterable[str]) -> None:
    """Refuse text joined with `~` that has grown too long."""
    check_size(sum(len(p) for p in pieces))
