"""Whatever text lands in a source file, lucli answers with diagnostics or records, never an exception."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lucli.records.load import load_file
from lucli.records.yamlparse import Limits, decode

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"#&*!|>%@ \n\t0123456789.,?")), max_size=200)
RECORDISH = st.builds(
    lambda title, date, kind, extra: f"id: x\ntitle: {title}\npublishers: [alpha]\npublished: {date}\n"
                                     f"kind: {kind}\n{extra}",
    st.text(max_size=30), st.text(max_size=12), st.text(max_size=10), YAMLISH)


def _check(text: str) -> None:
    result = load_file("source", text, "x.yaml", "x", Limits(), dt.date(2026, 1, 1))
    assert result.sources or result.diagnostics
    for problem in result.diagnostics:
        assert problem.format().startswith("x.yaml:")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_records_or_diagnostics(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_punctuation_soup_gives_records_or_diagnostics(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(RECORDISH)
def test_nearly_valid_records_give_records_or_diagnostics(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_give_a_located_error(raw: bytes) -> None:
    text, problem = decode(raw, "x.yaml")
    assert (text is None) != (problem is None)
    if text is not None:
        _check(text)
