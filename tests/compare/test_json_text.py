"""`--format json` writes exactly what `json.dumps(…, indent=2, ensure_ascii=False)` writes, only faster.

The standard library encodes indented JSON in Python; `jsonout.dumps` encodes the strings in C and was
written for `lucli list findings -f json` on large corpora. These tests hold it to the standard library's
bytes on any JSON value, and on what it must hand back to it.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lucli.render.formats.jsonout import dumps

_LEAVES = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text())
_VALUES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_any_json_value_is_written_byte_for_byte_as_json_dumps_writes_it(value) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_empty_containers_special_numbers_and_non_ascii_text_match() -> None:
    value = {"": [], "a": {}, "b": [math.nan, math.inf, -math.inf, -0.0, 10**30], "c": "Montréal “q” \u2028 \x00",
             "d": ({"e": None},)}

    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_keys_that_are_not_text_are_left_to_json_dumps() -> None:
    value = {"a": {1: "one", None: "none", 2.5: "half", False: "no"}}

    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_json_cannot_write_fails_as_json_dumps_fails() -> None:
    with pytest.raises(TypeError):
        dumps({"when": object()})
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(cycle)
