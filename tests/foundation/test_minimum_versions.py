"""CI runs the suite a second time with the lowest versions pyproject.toml declares; this keeps the two in step."""

from __future__ import annotations

import re
import tomllib

from packaging.version import Version

from tests.conftest import REPO


def _declared() -> dict[str, Version]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9][0-9A-Za-z.]*)", requirement.split(";")[0].strip())
        assert match, f"{requirement!r}: every runtime and test dependency needs a plain >= floor"
        floors[match[1].lower()] = Version(match[2])
    return floors


def _pinned() -> dict[str, Version]:
    pins = {}
    for line in (REPO / "constraints" / "minimum.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = Version(version.strip())
    return pins


def test_the_minimum_constraints_pin_exactly_the_declared_floors():
    assert _pinned() == _declared()


def test_ci_runs_the_suite_with_the_minimum_constraints_after_the_readme_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    newest = script.index("&& .venv/bin/pytest")
    minimum = script.index("-c constraints/minimum.txt -e '.[test]'")
    assert newest < minimum < script.index(".venv-minimum/bin/pytest")
