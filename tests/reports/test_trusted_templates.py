"""lucli's own templates run without the sandbox when no repository template takes part; anything a repository
brings, and every built-in template that includes, imports or extends it, still runs in the sandbox.

The text is the same either way: a repository holding identical copies of every built-in template (all of them
sandboxed) gets the same digest, file for file, as one holding none (all of them trusted).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from lucli.render.brief import TEMPLATES, VIEW_TYPES
from lucli.render.digest import HTML_TEMPLATES, PAGE_TEMPLATES, render_digest
from lucli.render.environment import Renderer, template_dirs
from lucli.render.sandbox import Sandbox
from lucli.render.trusted import Trusted
from tests.reports.conftest import DATE
from tests.reports.test_rendering_shortcuts import _override, _view

TODAY = dt.date.fromisoformat(DATE)
DIGEST_TEMPLATES = (*PAGE_TEMPLATES, *TEMPLATES.values(), *HTML_TEMPLATES.values())


def _renderer(repo: Path) -> Renderer:
    return Renderer(template_dirs(repo / "templates"), trusted=VIEW_TYPES)


def _compiled(env: Sandbox | Trusted) -> set[str]:
    """The names of the templates an environment has compiled (Jinja keys its cache by loader and name)."""
    return {name for _loader, name in env.cache.keys()} if env.cache is not None else set()


def test_lucli_s_own_templates_render_a_digest_without_the_sandbox(repo):
    renderer = _renderer(repo)
    files = render_digest(_view(repo), renderer, TODAY, workers=1, limits=None).files
    assert len(files) > 20
    assert all(isinstance(renderer.environment(name), Trusted) for name in DIGEST_TEMPLATES)
    assert _compiled(renderer.trusted) >= set(DIGEST_TEMPLATES)
    assert _compiled(renderer.env) == set()  # the sandbox compiled nothing, so it rendered nothing


def test_a_template_that_imports_an_overridden_one_runs_in_the_sandbox(repo):
    _override(repo, "digest/macros.html.j2", "{% macro x() %}{% endmacro %}\n")
    renderer = _renderer(repo)
    for name in HTML_TEMPLATES.values():  # each page imports the macros
        assert isinstance(renderer.environment(name), Sandbox)
    assert isinstance(renderer.environment("digest/macros.html.j2"), Sandbox)
    assert isinstance(renderer.environment("digest/index.md.j2"), Trusted)  # imports nothing overridden


def test_a_page_that_extends_an_overridden_base_runs_in_the_sandbox(repo):
    _override(repo, "digest/base.html.j2", "{% block content %}{% endblock %}\n")
    assert isinstance(_renderer(repo).environment("digest/source.html.j2"), Sandbox)


def test_an_overriding_template_cannot_reach_python_internals(lucli, repo, tmp_path, monkeypatch):
    monkeypatch.chdir(repo)
    # lucli's own pages extend the repository's base: the pages, and the base, run sandboxed.
    _override(repo, "digest/base.html.j2", "{{ ''.__class__.__mro__ }}\n")
    result = lucli("digest", "-o", str(tmp_path / "site"), "--date", DATE)
    assert result.exit_code == 1
    assert result.output == ("error: templates/digest/base.html.j2:1: blocked by the sandbox: access to attribute "
                             "'__class__' of 'str' object is unsafe.\n")


def test_a_template_named_on_the_command_line_runs_in_the_sandbox(repo, tmp_path):
    path = tmp_path / "mine.md.j2"
    path.write_text("{{ ''.__class__ }}\n", encoding="utf-8")
    renderer = _renderer(repo)
    assert isinstance(renderer.environment(renderer.choose(str(path), "brief")), Sandbox)


def test_every_built_in_template_gives_the_same_text_in_the_sandbox(repo):
    trusted = render_digest(_view(repo), _renderer(repo), TODAY, workers=1, limits=None).files
    shutil.copytree(template_dirs(None).builtin, repo / "templates", dirs_exist_ok=True)  # identical copies
    renderer = _renderer(repo)
    sandboxed = render_digest(_view(repo), renderer, TODAY, workers=1, limits=None).files
    assert all(isinstance(renderer.environment(name), Sandbox) for name in DIGEST_TEMPLATES)
    assert _compiled(renderer.trusted) == set()
    assert sorted(sandboxed) == sorted(trusted)
    assert [path for path in trusted if sandboxed[path] != trusted[path]] == []
