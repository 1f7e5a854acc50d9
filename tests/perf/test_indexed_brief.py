"""A warm `lucli brief PRINCIPLE` answers from the SQLite index: the same briefing, from the rows it reads.

The briefing of a principle, rendered with lucli's own templates, reads the principle, the findings on it and
their sources, and a few facts about related principles and the whole evidence (`lucli.render.indexed_brief`).
These tests hold the briefing built from that part to the one built from every record, principle by
principle, and count the rows a warm run decodes (instrumented, not timed).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lucli.cli import app, common
from lucli.cli.report_cmd import report_renderer as _renderer
from lucli.records import index as index_module
from lucli.records.cachedir import cache_folder
from lucli.records.corpus import Corpus
from lucli.records.index import INDEX_FILE, open_index
from lucli.records.project import find_project
from lucli.render.brief import SHORT_FROM, render_brief
from lucli.render.indexed_brief import indexed_brief_view
from lucli.render.view_builder import build_corpus_view
from tests.perf.test_record_index import _forget_views, _indexed, _no_loading, indexed_and_open

DAYS = (dt.date(2026, 1, 15), dt.date(2021, 6, 1))
"""Generated dates: one on which some of the bundled sources are old and some not, one on which none is."""


@pytest.fixture
def thin(synth, tmp_path: Path) -> Path:
    """Fifty organisations and 60 findings on 30 principles: most principles have fewer than four findings, so
    their briefings say where the silent voices stand on the related principles."""
    synth.generate(tmp_path / "thin", 60)
    return tmp_path / "thin"


@pytest.fixture
def crowded(synth, tmp_path: Path) -> Path:
    """2,500 findings: every principle has more than SHORT_FROM findings, so a default briefing cites only
    the sources it names."""
    synth.generate(tmp_path / "crowded", 2_500)
    return tmp_path / "crowded"


def _same_briefs(root: Path, days: tuple[dt.date, ...] = DAYS[:1], details: tuple[str, ...] = ("brief", "full"),
                 appendices: tuple[bool, ...] = (False,)) -> dict[str, int]:
    """Render every principle's briefing from the index and from every record; return findings per principle."""
    with indexed_and_open(root) as (corpus, project, index):
        renderer = _renderer(project)
        for today in days:
            whole = build_corpus_view(corpus, today, project.display.stale_after)
            for principle in corpus.principles.values():
                for text in (principle.id, principle.label):
                    found = indexed_brief_view(index, text, today, project.display.stale_after)
                    assert found is not None and found[:2] == ("principle", principle.id), text
                for detail in details:
                    for appendix in appendices:
                        expected = render_brief(whole, renderer, "principle", principle.id, today, detail=detail,
                                                appendix=appendix).text
                        got = render_brief(found[2], renderer, "principle", principle.id, today, detail=detail,
                                           appendix=appendix).text
                        assert got == expected, (principle.id, today, detail, appendix)
    return {pid: len(found) for pid, found in corpus.by_principle.items()}


def test_every_principle_briefed_from_the_index_reads_as_from_every_record(bundled_copy, responding, thin) -> None:
    counts = _same_briefs(bundled_copy, DAYS, appendices=(False, True))
    assert min(counts.values()) < 4  # thin principles: the silent voices' stances nearby are stated
    assert _same_briefs(thin)
    assert _same_briefs(responding)


def test_crowded_principles_briefed_from_the_index_cite_the_same_sources(crowded) -> None:
    counts = _same_briefs(crowded, details=("brief",))
    assert min(counts.values()) >= SHORT_FROM


def test_an_organisation_or_a_source_is_not_a_principles_briefing(bundled_copy) -> None:
    corpus = _indexed(bundled_copy)
    index = open_index(find_project(bundled_copy), dt.date.today())
    assert index is not None
    organisation = next(iter(corpus.organisations))
    source = next(iter(corpus.sources))
    # Organisations and sources: `lucli.render.indexed_profile` (tests/perf/test_indexed_profile.py); an id
    # prefix is resolved by the records.
    for text in (organisation, source, "devol"):
        assert indexed_brief_view(index, text, DAYS[0], 3) is None
    index.close()


def _brief(runner, root: Path, *args: str) -> str:
    result = runner.invoke(app, ["brief", *args, "--stdout", "--date", "2026-01-15", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_a_warm_brief_of_a_principle_reads_only_the_sources_on_it(runner, synthetic, monkeypatch,
                                                                   count_decoded) -> None:
    first = _brief(runner, synthetic, "devolution")  # no index yet: from the records, and the index written
    assert (cache_folder(synthetic) / INDEX_FILE).is_file()
    _forget_views(synthetic)
    corpus = _indexed(synthetic)
    on_it = sorted(s.id for s in corpus.sources.values() if any(f.stance_on("devolution") for f in s.findings))
    assert len(on_it) < len(corpus.sources)

    decoded = count_decoded()
    _no_loading(monkeypatch)
    assert _brief(runner, synthetic, "devolution") == first
    assert sorted(decoded) == on_it


@pytest.fixture
def one_thin(synth, tmp_path: Path) -> Path:
    """2,000 findings, and one more principle that two of them address."""
    root = tmp_path / "one-thin"
    synth.generate(root, 2_000)
    with (root / "evidence" / "principles.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- id: zz-thin\n  label: Thin principle\n  description: Addressed twice.\n"
                     "  related: [devolution]\n")
    for path in sorted((root / "evidence" / "sources").glob("*.yaml"))[::97][:2]:
        text = path.read_text(encoding="utf-8")
        coded = "    principles:\n      - {id: zz-thin, stance: supports}\n"
        path.write_text(text.replace("    principles:\n", coded, 1), encoding="utf-8")
    return root


def test_a_warm_brief_of_a_thin_principle_reads_the_key_sources_it_cites_nearby(runner, one_thin, monkeypatch,
                                                                                count_decoded) -> None:
    from lucli.render.brief import principle_brief

    expected = _brief(runner, one_thin, "zz-thin")
    _forget_views(one_thin)
    corpus = _indexed(one_thin)
    assert len(corpus.by_principle["zz-thin"]) == 2
    whole = build_corpus_view(corpus, DAYS[0])
    nearby = {v.key_source.id for _r, _stance, voices in principle_brief(whole, "zz-thin")["silent_near"]["lines"]
              for v in voices}
    on_it = {f.source_id for f in corpus.by_principle["zz-thin"]}
    decoded = count_decoded()
    _no_loading(monkeypatch)

    assert _brief(runner, one_thin, "zz-thin") == expected
    assert "Nearby, " in expected
    assert sorted(decoded) == sorted(on_it | nearby)  # each once
    assert len(decoded) < len(corpus.sources) / 2


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_printed_formats_are_the_same_from_the_index(runner, bundled_copy, monkeypatch, fmt) -> None:
    first = _brief(runner, bundled_copy, "Devolution", "--format", fmt)  # writes the index
    _forget_views(bundled_copy)
    monkeypatch.setattr(common, "open_project_corpus", lambda *a, **k: pytest.fail("the index must answer"))
    assert _brief(runner, bundled_copy, "Devolution", "--format", fmt) == first


def test_a_word_briefing_from_the_index_holds_the_same_text(runner, bundled_copy, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    written = []
    for name in ("records.docx", "index.docx"):  # the first run has no index yet; it writes one
        if name == "index.docx":
            _forget_views(bundled_copy)
        out = tmp_path / name
        result = runner.invoke(app, ["brief", "devolution", "-o", str(out), "--date", "2026-01-15",
                                     "--root", str(bundled_copy)])
        assert result.exit_code == 0, result.stderr
        written.append([p.text for p in docx.Document(str(out)).paragraphs])
    assert written[0] == written[1]
    assert open_index(find_project(bundled_copy), dt.date.today()) is not None


def test_a_damaged_or_stale_index_leaves_the_briefing_to_the_records(runner, bundled_copy) -> None:
    first = _brief(runner, bundled_copy, "devolution")
    path = cache_folder(bundled_copy) / INDEX_FILE
    for damage in (b"not a database", path.read_bytes()[:4096], b""):
        _forget_views(bundled_copy)
        path.write_bytes(damage)
        assert _brief(runner, bundled_copy, "devolution") == first
        assert open_index(find_project(bundled_copy), dt.date.today()) is not None  # written afresh
    source = bundled_copy / "evidence" / "sources" / "lga-2023-levelling-up-locally-inquiry.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('title: "', 'title: "Revised ', 1), encoding="utf-8")
    changed = _brief(runner, bundled_copy, "devolution")
    assert "Revised " in changed and changed != first  # the stale index was not used


def test_an_index_without_the_briefings_facts_is_not_used(runner, bundled_copy) -> None:
    import sqlite3

    first = _brief(runner, bundled_copy, "devolution")
    path = cache_folder(bundled_copy) / INDEX_FILE
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM facts")
    db.close()
    _forget_views(bundled_copy)
    assert _brief(runner, bundled_copy, "devolution") == first
    index = open_index(find_project(bundled_copy), dt.date.today())
    assert index is not None and index.facts(["brief:dates"])  # written afresh
    index.close()


def test_a_repositorys_own_brief_templates_read_the_whole_view(runner, bundled_copy, monkeypatch) -> None:
    _brief(runner, bundled_copy, "devolution")  # the index is written
    partial = bundled_copy / "templates" / "partials" / "brief.md.j2"
    partial.parent.mkdir(parents=True)
    builtin = Path(__file__).resolve().parents[2] / "templates" / "partials" / "brief.md.j2"
    shutil.copyfile(builtin, partial)
    with partial.open("a", encoding="utf-8") as handle:
        handle.write("{% macro about() %}Sources in all: {{ corpus.sources|length }}.{% endmacro %}\n")
    loads = []
    real = common.open_project_corpus
    monkeypatch.setattr(common, "open_project_corpus", lambda *a, **k: loads.append(1) or real(*a, **k))

    assert _brief(runner, bundled_copy, "devolution").rstrip().endswith("Sources in all: 6.")
    assert loads == [1]


def test_the_same_briefing_asked_again_is_remembered_and_reads_nothing(runner, bundled_copy, monkeypatch) -> None:
    first = _brief(runner, bundled_copy, "devolution")
    other_day = runner.invoke(app, ["brief", "devolution", "--stdout", "--date", "2026-01-16", "--root",
                                    str(bundled_copy)]).stdout
    monkeypatch.setattr(index_module, "open_index", lambda *a, **k: pytest.fail("a remembered briefing"))
    _no_loading(monkeypatch)

    assert _brief(runner, bundled_copy, "devolution") == first
    again = runner.invoke(app, ["brief", "devolution", "--stdout", "--date", "2026-01-16", "--root",
                                str(bundled_copy)])
    assert again.stdout == other_day != first


def test_a_remembered_briefing_is_not_used_once_the_citation_style_changes(runner, bundled_copy) -> None:
    style = bundled_copy / "templates" / "csl" / "mine.csl"
    style.parent.mkdir(parents=True)
    builtin = Path(__file__).resolve().parents[2] / "templates" / "csl" / "harvard-cite-them-right.csl"
    style.write_bytes(builtin.read_bytes())
    first = _brief(runner, bundled_copy, "devolution", "--csl", "mine")
    term = b'<text term="available at" suffix=": " text-case="capitalize-first"/>'
    style.write_bytes(builtin.read_bytes().replace(term, b'<text value="Online at" suffix=": "/>'))
    changed = _brief(runner, bundled_copy, "devolution", "--csl", "mine")
    assert "Online at:" in changed and "Online at:" not in first


def test_a_brief_after_compare_updated_the_index_a_file_at_a_time_reads_no_records(runner, bundled_copy,
                                                                                  monkeypatch) -> None:
    import os

    before = _brief(runner, bundled_copy, "devolution")  # from the records; the index is written with its facts
    source = bundled_copy / "evidence" / "sources" / "demos-lipsit-2020-achieving-levelling-up.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("{id: devolution, stance: supports}", "{id: devolution, stance: opposes}", 1),
                      encoding="utf-8")
    os.utime(source, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert runner.invoke(app, ["compare", "--root", str(bundled_copy)]).exit_code == 0  # updates the index
    index = open_index(find_project(bundled_copy), dt.date.today())
    assert index is not None and index.facts(["brief:dates"]) == {}  # the briefing's facts went with the edit
    index.close()
    _forget_views(bundled_copy)

    with monkeypatch.context() as patched:
        _no_loading(patched)  # the facts are worked out from the index (`lucli.render.indexed_facts`)
        after = _brief(runner, bundled_copy, "devolution")
    project, loaded = common.load(bundled_copy)
    whole = build_corpus_view(Corpus.build(loaded.evidence, project.rules), DAYS[0], project.display.stale_after)
    assert after == render_brief(whole, _renderer(project), "principle", "devolution", DAYS[0]).text
    assert after != before


_TEXTS = st.lists(st.text(alphabet=st.sampled_from(list("aAbBzZ. ,:!?\n'-’1")), max_size=40), max_size=8)


@given(statements=_TEXTS, summaries=_TEXTS)
@settings(max_examples=200, deadline=None)
def test_proper_nouns_text_by_text_are_those_of_the_texts_searched_together(statements, summaries) -> None:
    """The names are worked out text by text (every word of 100k findings at once held 350 MB), as they were from
    all the texts joined one per line."""
    from types import SimpleNamespace

    from lucli.render.wording import _WORD_IN_SENTENCE, proper_nouns

    corpus = SimpleNamespace(findings={str(i): SimpleNamespace(statement=t) for i, t in enumerate(statements)},
                             sources={str(i): SimpleNamespace(summary=t or None) for i, t in enumerate(summaries)},
                             principles={})
    joined = "\n".join(" ".join(t.split()) for t in [*statements, *summaries])
    words = set(_WORD_IN_SENTENCE.findall(joined))
    capital = {w.lower() for w in words if w[0].isupper()}
    assert proper_nouns(corpus) == capital - {w.lower() for w in words if not w[0].isupper()}
