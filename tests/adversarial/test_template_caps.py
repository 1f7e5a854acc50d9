"""No single step of a repository's template can run for minutes or ask for gigabytes (issue 16, item 4):
each reproduction ends in a located `blocked by the sandbox` error, at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from lucli.errors import RenderError
from lucli.render.environment import Renderer, Templates, template_dirs

DOUBLING = ("{% set ns = namespace(v=START) %}{% for i in range(60) %}{% set ns.v = ns.v OP ns.v %}{% endfor %}"
            "{{ ns.v }}")


def _render(tmp_path: Path, text: str) -> str:
    (tmp_path / "user").mkdir(exist_ok=True)
    (tmp_path / "user" / "t.md.j2").write_text(text, encoding="utf-8")
    return Renderer(Templates(template_dirs(None).builtin, tmp_path / "user"), time_limit=20).render("t.md.j2", {})


@pytest.mark.parametrize(("body", "message"), [
    ("{{ ((9**999)**999)**999 }}", "the exponent 999 is too large for a template"),
    ('{{ "{0:{1}}".format(1, 99999999) }}', "format widths over 10,000 are not allowed"),
    ('{{ "{:>99999999}".format(1) }}', "format widths over 10,000 are not allowed"),
    ('{{ "%*d" % (300000000, 1) }}', "may not take its width or precision from a value"),
    ('{{ "%*d"|format(300000000, 1) }}', "may not take its width or precision from a value"),
    (DOUBLING.replace("START", "'x'").replace("OP", "~"), "the value would be longer than 67,108,864"),
    (DOUBLING.replace("START", "'x'").replace("OP", "+"), "the value would be longer than 67,108,864"),
    (DOUBLING.replace("START", "['x']").replace("OP", "+"), "the value would be longer than 67,108,864"),
    (DOUBLING.replace("START", "9").replace("OP", "*"), "multiplying these numbers would make one of more than"),
    ("{% set s = 'x' * 1000000 %}{{ s|replace('x', s) }}", "the value would be longer than 67,108,864"),
    ("{% set s = 'x' * 1000000 %}{{ s.replace('x', s) }}", "the value would be longer than 67,108,864"),
    ("{% set s = 'x' * 900000 %}{{ s.join([s] * 100) }}", "the value would be longer than 67,108,864"),
    ("{% set s = 'x' * 900000 %}{{ ([s] * 100)|join(s) }}", "the value would be longer than 67,108,864"),
    ("{{ 'x'.center(10**9) }}", "'center' refuses numbers over 10,000"),
    ("{{ 'x'.zfill(10**9) }}", "'zfill' refuses numbers over 10,000"),
    ("{{ [1]|batch(10**9, 'x')|list|length }}", "the 'batch' filter refuses numbers over 10,000"),
    ("{% for i in range(100000) %}{% for j in range(1000) %}{{ 'x' * 1000000 }}{% endfor %}{% endfor %}",
     "the output would be longer than 268,435,456 characters"),
])
def test_a_step_that_would_blow_up_is_refused_before_it_runs(tmp_path, body, message):
    with pytest.raises(RenderError) as caught:
        _render(tmp_path, body)

    assert caught.value.message.startswith(f"{tmp_path / 'user' / 't.md.j2'}:1: blocked by the sandbox: ")
    assert message in caught.value.message


@pytest.mark.parametrize(("body", "expected"), [
    ("{{ 2 ** 64 }}", "18446744073709551616"),
    # (markdown escaping turns runs of spaces into one)
    ('{{ "{:>8}|{:.3f}".format("a", 1.5) }}', " a\\|1.500"),
    ("{{ '%5d|%-4s|' % (42, 'ab') }}", " 42\\|ab \\|"),
    ("{{ ['a', 'b']|join(', ') }} {{ 'abc'|replace('b', 'x') }} {{ 'a' ~ 'b' }} {{ [1] + [2] }}",
     "a, b axc ab \\[1, 2\\]"),
])
def test_ordinary_uses_still_work(tmp_path, body, expected):
    assert _render(tmp_path, body) == expected
