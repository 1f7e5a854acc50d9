"""The records and views set their fields straight through their slots (`lucli.records.frozen.quick_init`):
every class so made must build exactly what the dataclass's own `__init__` builds, and stay frozen."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import lucli
from lucli.records.corpus import Corpus
from lucli.records.frozen import quick_init
from lucli.records.load import load_project
from lucli.records.model import Finding, Loc, PrincipleRef, Source
from lucli.records.project import find_project

ROOT = Path(__file__).resolve().parents[2]


def _quick_classes() -> list[type]:
    found: dict[str, type] = {}
    for module in pkgutil.walk_packages(lucli.__path__, "lucli."):
        if module.name.endswith("__main__"):
            continue  # running it would start the command line
        for value in vars(importlib.import_module(module.name)).values():
            if inspect.isclass(value) and "__dataclass_init__" in vars(value):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


QUICK = _quick_classes()
PLAIN = [cls for cls in QUICK if not hasattr(cls, "__post_init__")]


def _marks(cls: type) -> dict[str, object]:
    """A distinct object for every field the caller gives, so each can be traced to where it lands."""
    return {f.name: object() for f in dataclasses.fields(cls) if f.init}


def _state(instance: object) -> dict[str, Any]:
    return {f.name: getattr(instance, f.name, "<unset>") for f in dataclasses.fields(instance)}  # type: ignore[arg-type]


def _by_original(cls: type, *args: Any, **kwargs: Any) -> object:
    instance = object.__new__(cls)
    cls.__dataclass_init__(instance, *args, **kwargs)  # type: ignore[attr-defined]
    return instance


def test_the_records_and_views_use_it() -> None:
    names = {cls.__name__ for cls in QUICK}
    assert {"Finding", "Source", "Loc", "PrincipleRef", "Corpus", "FindingView", "SourceView", "PrincipleView",
            "Strength", "Attribution"} <= names


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__name__)
def test_it_takes_the_same_parameters_with_the_same_defaults(cls: type) -> None:
    quick = inspect.signature(cls.__init__)  # type: ignore[misc]
    original = inspect.signature(cls.__dataclass_init__)  # type: ignore[attr-defined]
    assert [(p.name, p.kind, p.default) for p in quick.parameters.values()] == \
        [(p.name, p.kind, p.default) for p in original.parameters.values()]


@pytest.mark.parametrize("cls", PLAIN, ids=lambda cls: cls.__name__)
def test_each_field_given_lands_where_the_dataclass_puts_it(cls: type) -> None:
    marks = _marks(cls)
    assert _state(cls(**marks)) == _state(_by_original(cls, **marks))
    assert _state(cls(*marks.values())) == _state(_by_original(cls, *marks.values()))


@pytest.mark.parametrize("cls", PLAIN, ids=lambda cls: cls.__name__)
def test_fields_left_out_take_the_same_defaults(cls: type) -> None:
    required = {f.name: object() for f in dataclasses.fields(cls)
                if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    assert _state(cls(**required)) == _state(_by_original(cls, **required))


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__name__)
def test_the_class_stays_frozen(cls: type) -> None:
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    if cls in PLAIN:
        instance = cls(**_marks(cls))
        name = dataclasses.fields(cls)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(instance, name, "changed")


def test_a_default_factory_gives_each_record_its_own_value() -> None:
    first = Source("a", "A", ("o",), "2024", "report")
    second = Source("b", "B", ("o",), "2024", "report")
    assert first.extra == {} and first.extra is not second.extra
    assert first.locs is not second.locs


def test_records_compare_and_hash_as_before() -> None:
    ref = PrincipleRef("devolution", "opposes", Loc("a.yaml", 3, 5))
    assert ref == _by_original(PrincipleRef, "devolution", "opposes", Loc("a.yaml", 3, 5))
    assert hash(ref) == hash(PrincipleRef("devolution", "opposes", Loc("a.yaml", 3, 5)))
    finding = Finding("f", "s", "finding", "Said.", (ref,))
    assert finding.quote is None and finding.basis == () and finding.loc == Loc("")


def test_a_corpus_built_either_way_answers_the_same() -> None:
    evidence = load_project(find_project(ROOT)).evidence
    quick = Corpus(evidence)
    original = _by_original(Corpus, evidence)
    assert isinstance(original, Corpus)
    assert list(quick.findings) == list(original.findings)
    assert quick.by_principle == original.by_principle
    assert quick.sources_by_organisation == original.sources_by_organisation
    for principle in quick.principles:
        for organisation in quick.organisations:
            assert quick.findings_of(organisation, principle) == original.findings_of(organisation, principle)


def test_it_refuses_what_it_cannot_copy_faithfully() -> None:
    @dataclass
    class Open:
        a: int

    @dataclass(frozen=True, kw_only=True)
    class Keywords:
        a: int

    @dataclass(frozen=True)
    class WithInitVar:
        a: dataclasses.InitVar[int]

    class NotADataclass:
        pass

    for cls in (Open, Keywords, WithInitVar, NotADataclass):
        with pytest.raises(TypeError, match="quick_init"):
            quick_init(cls)


def test_fields_not_asked_for_get_their_defaults_and_post_init_runs() -> None:
    @quick_init
    @dataclass(frozen=True, slots=True)
    class Made:
        a: int
        b: list[int] = field(default_factory=list)
        c: int = field(default=7, init=False)
        d: list[int] = field(default_factory=lambda: [1], init=False)

    @quick_init
    @dataclass(frozen=True)
    class Later:
        a: int
        doubled: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "doubled", self.a * 2)

    made = Made(1)
    assert (made.a, made.b, made.c, made.d) == (1, [], 7, [1])
    assert Made(2, [3]).b == [3]
    assert Later(4).doubled == 8
