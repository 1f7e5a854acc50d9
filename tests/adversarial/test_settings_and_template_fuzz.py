"""Property-based fuzzing of what else a pull request brings: `lucli.yaml` and templates.

Any `lucli.yaml` (settings, limits of any type and size, any bytes) ends in a run or a located usage
error; any template built from Jinja's pieces, including the ones that blow values up, renders or ends
in a located `RenderError`, within the time limit. Runs in the default profile (30 examples each);
`HYPOTHESIS_PROFILE=fuzz` runs 1,000.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lucli.cli import app
from lucli.errors import RenderError
from lucli.render.environment import Renderer, Templates, template_dirs
from tests.conftest import ORGANISATIONS, PRINCIPLES, SOURCE

NUMBER = st.integers(-2, 10**20) | st.sampled_from(["1e20", "9" * 5000, "!!int .inf", "0x" + "f" * 4000, "~",
                                                   "yes", "[1]", "{a: 1}", '"a\\0b"'])
LIMIT = st.sampled_from(["max_bytes", "max_line", "max_depth", "max_aliases", "max_nodes", "max_other"])
FOLDER = st.sampled_from(["evidence", "../elsewhere", "/etc", '"a\\0b"', "templates", "reports", "''", "[x]"])


@st.composite
def settings_files(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    lines = []
    for key in draw(st.lists(st.sampled_from(["evidence", "templates", "reports", "other"]), max_size=3,
                             unique=True)):
        lines.append(f"{key}: {draw(FOLDER)}")
    limits = draw(st.lists(LIMIT, max_size=4, unique=True))
    if limits:
        lines.append("limits:")
        lines += [f"  {name}: {draw(NUMBER)}" for name in limits]
    return ("\n".join(lines) + "\n").encode()


def _repo(folder: Path) -> Path:
    root = folder / "repo"
    (root / "evidence" / "sources").mkdir(parents=True)
    (root / "evidence" / "organisations.yaml").write_text(ORGANISATIONS)
    (root / "evidence" / "principles.yaml").write_text(PRINCIPLES)
    (root / "evidence" / "sources" / "alpha-2022-report.yaml").write_text(SOURCE)
    return root


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(settings_files())
def test_any_lucli_yaml_runs_or_is_a_located_usage_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = _repo(Path(folder))
        (root / "lucli.yaml").write_bytes(raw)

        result = CliRunner().invoke(app, ["validate", "--root", str(root)])

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: ") and "lucli.yaml" in result.stderr


PIECES = st.sampled_from([
    "{{ 9 ** 999 ** 999 }}", "{{ 'x' * 10**7 }}", "{{ '%*d' % (10**9, 1) }}", "{{ '{:{}}'.format(1, 10**8) }}",
    "{{ 'ab'.replace('a', 'a' * 10**6) }}", "{{ range(10**9)|list }}", "{{ ''.__class__ }}", "{{ x.y }}",
    "{% for i in range(3) %}{{ i }}{% endfor %}", "{{ [1, 2]|join(',') }}", "{{ 'a' ~ 'b' }}", "{{ 2 ** 10 }}",
    "{{ 'x'.center(10**9) }}", "{{ lipsum() }}", "{% include 'nope.j2' %}", "{% raw %}{{{% endraw %}", "{{",
    "{% set ns = namespace(v='x') %}{% for i in range(40) %}{% set ns.v = ns.v ~ ns.v %}{% endfor %}",
    "plain text <script>", "{{ ' ' * 1000 }}", "{{ '{0.__class__}'.format(1) }}",
])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=4))
def test_any_template_renders_or_is_a_located_error(pieces: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        user = Path(folder) / "user"
        user.mkdir()
        (user / "t.md.j2").write_text("\n".join(pieces), encoding="utf-8")
        renderer = Renderer(Templates(template_dirs(None).builtin, user), time_limit=5)
        try:
            renderer.render("t.md.j2", {})
        except RenderError as exc:
            assert exc.message.startswith(str(user / "t.md.j2") + ":") or exc.message.startswith("nope.j2"), \
                exc.message
