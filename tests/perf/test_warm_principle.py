"""A warm question about one principle makes only what its answer prints, and a briefing parses each template once.

Instrumented, not timed: the tests record which parts of a view are made, whether the cycle collector
runs while a warm principle's view is built and printed, and how often Jinja parses a template.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
from pathlib import Path

import pytest

from lucli.cli import app
from lucli.records.cachedir import cache_folder
from lucli.records.index import open_index
from lucli.records.project import find_project
from lucli.render.compiled_code import PROCESS_CODE
from lucli.render.environment import Renderer
from lucli.render.formats import compare_views
from lucli.render.indexed_views import indexed_compare
from lucli.render.template_files import template_dirs
from lucli.render.template_refs import referenced_templates
from tests.conftest import REPO

FORMATS = ("table", "md", "json", "csv", "mermaid")


def _forget_views(root: Path) -> None:
    folder = cache_folder(root)
    assert folder is not None
    shutil.rmtree(folder / "views", ignore_errors=True)


def _compare(runner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["compare", *args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_warm_compare_of_a_principle_prints_the_same_in_every_format(runner, responding, fmt) -> None:
    whole = _compare(runner, responding, "devolution", "-f", fmt, "--no-cache")  # every record, the whole view
    _compare(runner, responding)  # writes the index
    _forget_views(responding)
    assert _compare(runner, responding, "devolution", "-f", fmt) == whole


def test_a_principle_from_the_index_makes_only_the_part_its_format_reads(responding, runner, synth) -> None:
    _compare(runner, responding)
    index = open_index(find_project(responding), dt.date.today())
    assert index is not None
    try:
        # A principle with an exchange, so that its argument map is not empty either.
        wholes = [found for pid, *_rest in synth.PRINCIPLES if (found := indexed_compare(index, pid)) is not None]
        whole = next(found for found in wholes if found.chart)
        principle = whole.data["principle"]["id"]
        assert whole.blocks and whole.data and whole.records
        parts = {fmt: indexed_compare(index, principle, fmt) for fmt in FORMATS}
    finally:
        index.close()
    for fmt in ("table", "md"):
        assert (parts[fmt].blocks, parts[fmt].data, parts[fmt].records, parts[fmt].chart) == \
            (whole.blocks, {}, None, "")
    assert (parts["json"].blocks, parts["json"].data, parts["json"].records) == ((), whole.data, None)
    assert (parts["csv"].blocks, parts["csv"].data, parts["csv"].records) == ((), {}, whole.records)
    assert (parts["mermaid"].blocks, parts["mermaid"].data, parts["mermaid"].chart) == ((), {}, whole.chart)


def test_a_warm_compare_of_a_principle_as_a_table_makes_no_json(runner, synthetic, monkeypatch) -> None:
    first = _compare(runner, synthetic, "devolution")
    _forget_views(synthetic)

    def refuse(*args, **kwargs):
        raise AssertionError("a table prints no JSON: its data must not be made")
    monkeypatch.setattr(compare_views, "_position_json", refuse)
    monkeypatch.setattr(compare_views, "finding_fields", refuse)
    assert _compare(runner, synthetic, "devolution") == first


@pytest.mark.parametrize("command", [["compare", "devolution"],
                                     ["brief", "devolution", "--stdout", "--date", "2026-01-01"]])
def test_the_collector_is_paused_while_a_warm_principle_is_answered(runner, synthetic, monkeypatch,
                                                                    command) -> None:
    from lucli.cli import common

    _compare(runner, synthetic)
    _forget_views(synthetic)
    seen: list[bool] = []
    real = common.current_index

    def noting(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)
    monkeypatch.setattr(common, "current_index", noting)
    was = gc.isenabled()
    result = runner.invoke(app, [*command, "--root", str(synthetic)])
    assert result.exit_code == 0, result.stderr
    assert seen == [False]
    assert gc.isenabled() == was  # and as it was afterwards


def _builtin_templates() -> list[tuple[str, str]]:
    builtin = REPO / "templates"
    return [(path.relative_to(builtin).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted(builtin.rglob("*.j2"))]


def test_every_built_in_template_refers_to_the_templates_jinja_finds_in_it() -> None:
    from jinja2 import meta

    renderer = Renderer(template_dirs(None))
    found = _builtin_templates()
    assert len(found) > 10
    for name, source in found:
        jinja = list(meta.find_referenced_templates(renderer.env.parse(source)))
        expected = None if None in jinja else sorted(jinja)
        got = referenced_templates(source)
        assert (None if got is None else sorted(got)) == expected, name
    assert any(referenced_templates(source) for _name, source in found)  # imports and extends among them


@pytest.mark.parametrize(("source", "names"), [
    ('{% extends "base.html.j2" %}{% block body %}{% endblock %}', ["base.html.j2"]),
    ("{%- import 'partials/brief.md.j2' as b with context -%}", ["partials/brief.md.j2"]),
    ('{% from "m.j2" import a, b as c with context %}{% include "x.j2" ignore missing %}', ["m.j2", "x.j2"]),
    ('{%include"a.j2"%}', ["a.j2"]),
    ('{# {% include "old.j2" %} #}', ["old.j2"]),  # a tag in a comment only adds a name
    ('{% include name %}', None),  # worked out as it renders: cannot be told
    ('{% include "a" ~ suffix %}', None),
    ('{% extends "a" if wide else "b" %}', None),
    ('{% include ["a", "b"] %}', None),
    ('{% include "a" ', None),
    ("no tags at all {{ include }}", []),
])
def test_the_templates_a_template_refers_to_are_read_from_its_text(source: str, names: list[str] | None) -> None:
    assert referenced_templates(source) == names


def _counting_parses(monkeypatch) -> list[str | None]:
    from jinja2 import parser

    parsed: list[str | None] = []
    real = parser.Parser.parse

    def counting(self):
        parsed.append(self.name)
        return real(self)
    monkeypatch.setattr(parser.Parser, "parse", counting)
    return parsed


def _compiled_nothing_yet(monkeypatch) -> None:
    """This process as a fresh one: no template's code held from an earlier render (`PROCESS_CODE`)."""
    monkeypatch.setattr(PROCESS_CODE, "code", {})


def _brief_in_process(runner, root: Path, monkeypatch) -> str:
    from lucli.render import guarded

    monkeypatch.setattr(guarded, "guarded", lambda job, *args, **kwargs: job())  # the render's parses, counted here
    result = runner.invoke(app, ["brief", "devolution", "--stdout", "--date", "2026-01-01", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_key_of_a_briefing_reads_its_templates_without_parsing_them(monkeypatch) -> None:
    parsed = _counting_parses(monkeypatch)
    renderer = Renderer(template_dirs(None))
    assert set(renderer.builtin_sources("brief-principle.md.j2") or ()) == {"brief-principle.md.j2",
                                                                            "partials/brief.md.j2"}
    assert parsed == []


def test_a_briefing_loads_the_templates_a_helper_compiled_while_the_view_was_built(runner, synthetic,
                                                                                    monkeypatch) -> None:
    first = _brief_in_process(runner, synthetic, monkeypatch)
    _forget_views(synthetic)
    _compiled_nothing_yet(monkeypatch)  # as a fresh process: the first brief's code would be loaded, not the helper's
    parsed = _counting_parses(monkeypatch)
    assert _brief_in_process(runner, synthetic, monkeypatch) == first
    assert parsed == []  # compiled in the helper, once; not here, and not again for the key


def test_a_helper_that_hands_nothing_over_leaves_the_render_to_compile_each_template_once(
        runner, synthetic, monkeypatch) -> None:
    from lucli.render import compiled_ahead

    first = _brief_in_process(runner, synthetic, monkeypatch)
    _forget_views(synthetic)
    monkeypatch.setattr(compiled_ahead, "_compile_and_send", lambda env, names, writer: os._exit(1))
    _compiled_nothing_yet(monkeypatch)
    parsed = _counting_parses(monkeypatch)
    assert _brief_in_process(runner, synthetic, monkeypatch) == first
    assert sorted(parsed) == ["brief-principle.md.j2", "partials/brief.md.j2"]


def test_a_helper_whose_code_is_never_asked_for_is_ended() -> None:
    from lucli.render.compiled_ahead import compiled_ahead

    renderer = Renderer(template_dirs(None))
    held = dict(PROCESS_CODE.code)
    with compiled_ahead(renderer.env, ["brief-principle.md.j2"]) as ahead:
        pid = ahead.pid
        assert pid is not None
    assert ahead.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no longer this process's child
    assert PROCESS_CODE.code == held  # nothing handed over


def test_what_a_kept_pause_made_moves_to_the_oldest_generation_and_nothing_stays_frozen() -> None:
    from lucli.records.heap import collector_paused

    was = gc.isenabled()
    with collector_paused(keep=True):
        assert not gc.isenabled()
        made = [[number] for number in range(1000)]  # containers: the collector tracks them
    assert gc.isenabled() == was
    assert gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(made) in oldest and all(id(item) in oldest for item in made)
    assert not any(o is made for o in gc.get_objects(generation=0))


def test_a_corpus_is_settled_in_the_oldest_generation_without_a_collection(bundled_copy) -> None:
    """Settling walked every object the process held (a full collection): a third of the test suite's CPU, and
    about half a second at 100k findings. Now the records are moved to the oldest generation, as a kept pause
    moves them, and no collection runs."""
    from lucli.cli.common import open_project_corpus

    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        _project, corpus = open_project_corpus(bundled_copy, no_cache=True)
    finally:
        gc.callbacks.remove(seen)
    assert 2 not in collections
    assert gc.get_freeze_count() == 0
    record = next(iter(corpus.findings.values()))
    assert any(o is record.principles for o in gc.get_objects(generation=2))


def test_a_warm_briefing_imports_no_fuzzy_matcher(runner, synthetic) -> None:
    import subprocess
    import sys

    _compare(runner, synthetic)  # writes the index
    _forget_views(synthetic)
    command = ["brief", "devolution", "--stdout", "--date", "2026-01-01", "--root", str(synthetic)]
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "lucli", *command],
                         capture_output=True, text=True, timeout=120, check=True)
    modules = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    assert "lucli.records.index" in modules  # answered from the index
    assert "rapidfuzz" not in modules  # only a suggestion ("did you mean …?") needs it
