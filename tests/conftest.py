"""Shared fixtures: the repository's paths, a CLI runner, tiny evidence repos and golden files."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"

ORGANISATIONS = """\
- id: alpha
  name: Alpha Institute
  kind: think-tank
  aliases: [AI]
- id: beta
  name: Beta Association
  kind: association
"""

PRINCIPLES = """\
- id: devolution
  label: Devolution
  description: Move powers and budgets from central to local government.
  aliases: [devolve power]
- id: single-pot-funding
  label: Single-pot funding
  description: One flexible budget per place instead of ring-fenced funds.
  aliases: [single pot]
  related: [devolution]
"""

# A citation style of title and year only: a style that is plainly not the default.
TITLE_YEAR_STYLE = """\
<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Title and year</title><id>title-year</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      <text variable="title" font-style="italic"/>
      <date variable="issued" prefix=" [" suffix="]"><date-part name="year"/></date>
    </layout>
  </bibliography>
</style>
"""


SOURCE = """\
id: alpha-2022-report
title: A report
publishers: [alpha]
published: 2022-03
kind: report
findings:
  - id: devolve
    kind: recommendation
    statement: Central government should devolve more power to places.
    principles:
      - id: devolution
        stance: supports
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from current output.")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Tests must not pick up a developer's own settings, nor share a cache with one another or with them.
    monkeypatch.delenv("LUCLI_ROOT", raising=False)
    # `lucli --trusted-config` and `--templates` set these in the process: set them first, so they are restored.
    for name in ("LUCLI_TRUSTED_CONFIG", "LUCLI_TEMPLATES"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("LUCLI_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def runner() -> CliRunner:
    """A typer CLI runner (stdout and stderr kept apart)."""
    return CliRunner()


RepoMaker = Callable[..., Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> RepoMaker:
    """Write a small evidence repository and return its root.

    Pass `sources={"stem": yaml_text}`, `organisations=` or `principles=` to replace the defaults;
    `None` leaves a file out.
    """

    def make(sources: dict[str, str] | None = None, organisations: str | None = ORGANISATIONS,
             principles: str | None = PRINCIPLES, root: Path | None = None) -> Path:
        root = root or tmp_path / "repo"
        evidence = root / "evidence"
        (evidence / "sources").mkdir(parents=True, exist_ok=True)
        if organisations is not None:
            (evidence / "organisations.yaml").write_text(textwrap.dedent(organisations), encoding="utf-8")
        if principles is not None:
            (evidence / "principles.yaml").write_text(textwrap.dedent(principles), encoding="utf-8")
        for stem, text in (sources if sources is not None else {"alpha-2022-report": SOURCE}).items():
            (evidence / "sources" / f"{stem}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name> byte for byte; `--update-golden` rewrites it."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden") or not path.exists():
            if not request.config.getoption("--update-golden") and os.environ.get("CI"):
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden and commit it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; if the change is intended, run pytest --update-golden"

    return check


# Hypothesis profiles: the default keeps CI quick; `HYPOTHESIS_PROFILE=fuzz pytest tests/adversarial`
# runs the 1,000-example pipeline fuzz described in the README.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("default", max_examples=30)
_hypothesis_settings.register_profile("fuzz", max_examples=1000)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# typer builds the click command from the app's functions again on every `CliRunner.invoke` (tens of
# milliseconds, thousands of times a run). A run of `lucli` builds it once, so the tests build it once per app
# (and per setting of typer's own variables, which it reads as it builds: shell completion's).
import typer.testing as _typer_testing  # noqa: E402

_BUILT: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[object, object]] = {}


def _command_built_once(app: object) -> object:
    key = (id(app), tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("_TYPER"))))
    built = _BUILT.get(key)
    if built is None or built[0] is not app:
        built = _BUILT[key] = (app, _typer_get_command(app))
    return built[1]


_typer_get_command = _typer_testing._get_command
_typer_testing._get_command = _command_built_once  # type: ignore[assignment]
