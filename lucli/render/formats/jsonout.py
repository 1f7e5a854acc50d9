"""JSON output: the document's payload with its format version, byte-for-byte reproducible."""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring  # in C where it can be: the form json.dumps uses with ensure_ascii=False
from typing import Any

from lucli.render.formats.document import FORMAT_VERSION, Document, Rows

BATCH = 200
"""Items of a streamed list written as one piece."""


def render(doc: Document) -> str:
    """Render the payload as indented UTF-8 JSON, `format_version` first.

    Keys keep the fixed order the views build them in (documented in
    docs/compare.md); nothing time-dependent is added, so the same evidence
    always gives the same bytes.
    """
    return "".join(render_pieces(doc))


def render_pieces(doc: Document) -> Iterator[str]:
    """`render`'s text a piece at a time: a list given as `Rows` among the payload's own keys is written a few
    items at a time, so that it is never held whole; every other value is written as `dumps` writes it."""
    value = {"format_version": FORMAT_VERSION, **doc.data}
    if not any(isinstance(item, Rows) for item in value.values()):
        yield dumps(value) + "\n"
        return
    out: list[str] = ["{"]
    for number, (key, item) in enumerate(value.items()):
        out.append(("\n  " if number == 0 else ",\n  ") + f"{encode_basestring(key)}: ")
        if isinstance(item, Rows):
            yield from _streamed(item, out)
        else:
            out.append(_nested(item, "\n  "))
    out.append("\n}\n")
    yield "".join(out)


def _streamed(rows: Rows, out: list[str]) -> Iterator[str]:
    """A list two spaces in, its items written as they come (`out` holds what is not yet given back)."""
    count = 0
    for count, item in enumerate(rows, 1):
        out.append("[\n    " if count == 1 else ",\n    ")
        out.append(_nested(item, "\n    "))
        if count % BATCH == 0:
            yield "".join(out)
            out.clear()
    out.append("\n  ]" if count else "[]")


def _nested(value: Any, newline: str) -> str:
    """`value` as `dumps` writes it at the depth `newline` indents to (what json.dumps nests is the same text,
    indented further)."""
    pieces: list[str] = []
    try:
        _encode(value, pieces, newline)
    except (_Unknown, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline)
    return "".join(pieces)


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, with the strings encoded in C.

    The standard library has no C encoder for indented JSON: it walks the value in Python through nested
    generators, which was most of `lucli list findings -f json` at 10k findings. This walk builds a list
    of pieces instead; a value it does not know (a key that is not text, a type JSON has no form for, a
    cycle) is left to `json.dumps`, which gives what it always gave, or raises as it always did.
    """
    pieces: list[str] = []
    try:
        _encode(value, pieces, "\n")
    except (_Unknown, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(pieces)


class _Unknown(Exception):
    """Raised for anything `json.dumps` must judge itself."""


def _encode(value: Any, out: list[str], newline: str) -> None:
    # The order of the tests is json's own: bool before int (True is an int), str subclasses as text.
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple, Rows)):
        _sequence(value, out, newline)
    elif isinstance(value, dict):
        _mapping(value, out, newline)
    else:
        raise _Unknown


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _sequence(items: list[Any] | tuple[Any, ...] | Rows, out: list[str], newline: str) -> None:
    if not items:
        out.append("[]")
        return
    inner = newline + "  "
    out.append("[")
    for number, item in enumerate(items):
        out.append(inner if number == 0 else "," + inner)
        _encode(item, out, inner)
    out.append(newline + "]")


def _mapping(mapping: dict[Any, Any], out: list[str], newline: str) -> None:
    if not mapping:
        out.append("{}")
        return
    inner = newline + "  "
    out.append("{")
    for number, (key, item) in enumerate(mapping.items()):
        if not isinstance(key, str):
            raise _Unknown
        out.append(f"{inner if number == 0 else ',' + inner}{encode_basestring(key)}: ")
        _encode(item, out, inner)
    out.append(newline + "}")
