"""A view reads its record's fields through attributes made for them (`lucli.render.record_views.read_through`), not
through `__getattr__` after a failed lookup: the templates see the same values, and nothing a view says of its
own is hidden by its record's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lucli.cli.common import open_project_corpus
from lucli.render import context
from lucli.render.context import WRAPPED, CorpusView
from lucli.render.record_views import FromRecord, RecordView
from lucli.render.view_builder import build_corpus_view

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled() -> CorpusView:
    _project, corpus = open_project_corpus(ROOT, no_cache=True)
    return build_corpus_view(corpus, dt.date(2026, 1, 15))


def _public(record: object) -> list[str]:
    return [name for name in dir(type(record)) if not name.startswith("_")]


def test_every_view_of_a_record_reads_through() -> None:
    views = {cls for cls in vars(context).values() if isinstance(cls, type) and issubclass(cls, RecordView)}
    assert views - {RecordView} == {view for view, _record in WRAPPED}


def test_a_view_answers_each_public_name_of_its_record_as_the_record_does(bundled, monkeypatch) -> None:
    # Were __getattr__ still reached for them, it would fail here.
    monkeypatch.setattr(RecordView, "__getattr__", lambda self, name: pytest.fail(f"__getattr__({name!r})"))
    checked = 0
    for views in (bundled.organisations, bundled.sources, bundled.findings, bundled.principles):
        for view in views[:5]:
            own = set(type(view).__dataclass_fields__) | {n for n in vars(type(view)) if not isinstance(
                vars(type(view))[n], FromRecord)}
            for name in _public(view.record):
                if name in own:
                    continue
                mine, theirs = getattr(view, name), getattr(view.record, name)
                assert mine == theirs or (callable(theirs) and mine.__func__ is theirs.__func__), name
                checked += 1
    assert checked > 100


def test_what_a_view_says_itself_wins_over_its_record() -> None:
    # A source view's findings are views and its publishers its organisations; its record's are records and ids.
    assert "findings" in context.SourceView.__dataclass_fields__
    assert not isinstance(vars(context.SourceView).get("findings"), FromRecord)
    assert isinstance(vars(context.SourceView)["title"], FromRecord)


def test_a_view_still_refuses_what_its_record_does_not_have(bundled) -> None:
    view = bundled.findings[0]
    with pytest.raises(AttributeError):
        view.no_such_field  # noqa: B018
    with pytest.raises(AttributeError):
        view._private  # noqa: B018
