"""Property-based fuzzing of the whole pipeline: load → validate → index → compare → render.

Generated corpora, valid and subtly invalid, must never crash any command.
The default profile runs a few dozen corpora; `HYPOTHESIS_PROFILE=fuzz` runs 1,000
(see the README's Reliability section).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SLUG = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
               max_size=60) | st.sampled_from(["<script>alert(1)</script>", "{{ 7*7 }}", "{% for x in y %}",
                                               "‘quoted’ – dash", "\u202eRTL", "🙂 emoji", "a: b", "- item", "#"])
DATE = st.sampled_from(["2020", "2021-06", "2022-02-02", "2022-02-30", "2099-01-01", "20xx", 2021])
STANCE = st.sampled_from(["supports", "opposes", "qualifies", "favours"])
KIND = st.sampled_from(["finding", "recommendation", "critique", "target", "opinion"])


@st.composite
def corpora(draw: st.DrawFn) -> dict[str, object]:
    organisations = draw(st.lists(SLUG, min_size=1, max_size=4, unique=True))
    principles = draw(st.lists(SLUG, min_size=1, max_size=5, unique=True))
    sources = {}
    for index in range(draw(st.integers(0, 4))):
        stem = f"source-{index}"
        findings = []
        for number in range(draw(st.integers(0, 4))):
            refs = [{"id": draw(st.sampled_from(principles) | SLUG), "stance": draw(STANCE)}
                    for _ in range(draw(st.integers(0, 3)))]
            finding = {"id": f"f{number}", "kind": draw(KIND), "statement": draw(TEXT), "principles": refs}
            if draw(st.booleans()):
                finding["quote"] = draw(TEXT)
            findings.append(finding)
        source = {"id": stem, "title": draw(TEXT), "publishers": draw(st.lists(st.sampled_from(organisations) | SLUG,
                                                                                min_size=0, max_size=2)),
                  "published": draw(DATE), "kind": draw(st.sampled_from(["report", "inquiry", "memo"])),
                  "findings": findings}
        sources[stem] = _mutate(draw, source)
    return {
        "organisations": [{"id": o, "name": draw(TEXT), "kind": draw(st.sampled_from(["think-tank", "club"]))}
                          for o in organisations],
        "principles": [{"id": p, "label": draw(TEXT), "description": draw(TEXT)} for p in principles],
        "sources": sources,
    }


def _mutate(draw: st.DrawFn, source: dict[str, object]) -> dict[str, object]:
    """Sometimes break a source in a small way a person might."""
    choice = draw(st.integers(0, 6))
    if choice == 1:
        source.pop(draw(st.sampled_from(sorted(source))))
    elif choice == 2:
        source[draw(st.sampled_from(sorted(source)))] = draw(st.sampled_from([None, 7, [], {}, "x", [1, 2]]))
    elif choice == 3:
        source["unexpected"] = draw(TEXT)
    return source


def _write(root: Path, corpus: dict[str, object]) -> None:
    evidence = root / "evidence"
    (evidence / "sources").mkdir(parents=True)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    (evidence / "organisations.yaml").write_text(dump(corpus["organisations"]), encoding="utf-8")
    (evidence / "principles.yaml").write_text(dump(corpus["principles"]), encoding="utf-8")
    for stem, source in corpus["sources"].items():  # type: ignore[attr-defined]
        (evidence / "sources" / f"{stem}.yaml").write_text(dump(source), encoding="utf-8")


def registered() -> set[str]:
    from lucli.cli import app

    return {info.name or info.callback.__name__ for info in app.registered_commands}


COMMANDS = [["validate"], ["compare"], ["compare", "--format", "json"], ["list", "findings", "--format", "csv"],
            ["search", "script"], ["brief", "{principle}", "-o", "{out}/brief.md"], ["digest", "-o", "{out}/site"],
            ["export", "--format", "bibtex"]]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(corpora())
def test_generated_corpora_never_crash_any_command(corpus: dict[str, object]) -> None:
    from typer.testing import CliRunner

    from lucli.cli import app

    runner = CliRunner()
    available = registered()
    principle = corpus["principles"][0]["id"]  # type: ignore[index]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        _write(root, corpus)
        for argv in COMMANDS:
            if argv[0] not in available:
                continue
            args = [a.format(principle=principle, out=folder) for a in argv]
            result = runner.invoke(app, [*args, "--root", str(root)])
            shown = " ".join(args)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                f"`lucli {shown}` raised {result.exception!r}")
            assert result.exit_code in (0, 1, 2), shown
            assert "Traceback" not in result.stderr
            for line in result.stderr.splitlines():
                if re.match(r"^\S+\.yaml:", line):
                    assert re.match(r"^\S+:\d+:\d+: (error|warning)\[[a-z-]+\]: ", line), line
