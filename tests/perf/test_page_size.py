"""A page of the digest does not grow with the number of unrelated sources.

A source page compares its stances with the other organisations'. It names and cites at most
`NAMED` of them for each stance and counts the rest (the principle's own page lists every one), so the
page stays the same size whether ten or ten thousand other sources speak on the same principles, and
the digest grows in step with the evidence. Measured on the benchmark's synthetic corpora of 1k and 10k
findings: bytes per finding of the first source pages, which before the cap were 2.9 times as many at
10k as at 1k.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from lucli.cli.common import open_project_corpus
from lucli.render.brief import VIEW_TYPES, render_brief
from lucli.render.brief_parts import NAMED
from lucli.render.environment import Renderer, template_dirs
from lucli.render.view_builder import build_corpus_view

TODAY = dt.date(2026, 1, 15)


def _bytes_per_finding(root: Path, pages: int = 30) -> tuple[float, int]:
    """Mean bytes per finding of the first source briefings, and the most organisations named on one line."""
    _project, corpus = open_project_corpus(root, no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    sizes, cited = [], 0
    for source in view.sources[:pages]:
        text = render_brief(view, renderer, "source", source.id, TODAY, None).text
        sizes.append(len(text.encode("utf-8")) / len(source.findings))
        cited = max(cited, *(line.count("][") + 1 for line in text.splitlines() if line.startswith("- **")))
    return sum(sizes) / len(sizes), cited


@pytest.fixture(scope="module")
def corpora(synth, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("synthetic")
    synth.generate(base / "1k", 1_000)
    synth.generate(base / "10k", 10_000)
    return base


def test_a_source_page_is_as_large_at_10k_findings_as_at_1k(corpora: Path) -> None:
    small, _ = _bytes_per_finding(corpora / "1k")
    large, cited = _bytes_per_finding(corpora / "10k")

    assert large / small < 1.1
    assert cited <= 1 + 4 * NAMED  # its own, then each of four stances names and cites at most NAMED


def _sources_listed_and_cited(text: str) -> tuple[set[int], set[int]]:
    body, sources = text.split("\n## Sources\n", 1)
    listed = {int(line.split(".", 1)[0]) for line in sources.splitlines() if line[:1].isdigit()}
    cited = {int(n) for n in re.findall(r"\[(\d+)(?:, [^\]]*)?\]", body)}
    return listed, cited


def test_a_brief_on_a_crowded_principle_lists_only_the_sources_it_cites(corpora: Path) -> None:
    """A default brief cites two findings a voice and three sources a clause, and its source list holds exactly
    those, however many sources speak: it held every source with a finding on the principle, and at 100k
    findings (over 4,000 sources) the brief ran past its time limit formatting them. In full, every source."""
    _project, corpus = open_project_corpus(corpora / "10k", no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    with_findings = len({f.source_id for f in view.principles_by_id["devolution"].findings})

    short = render_brief(view, renderer, "principle", "devolution", TODAY, None).text
    full = render_brief(view, renderer, "principle", "devolution", TODAY, None, detail="full").text

    listed, cited = _sources_listed_and_cited(short)
    assert listed == cited == set(range(1, len(listed) + 1))
    assert " more" in short  # a clause with more sources than it names counts the rest
    assert len(listed) <= 10 * len(view.organisations)  # bounded by the voices, not by the findings
    listed, cited = _sources_listed_and_cited(full)
    assert listed == cited and len(listed) >= with_findings


def test_a_default_brief_on_a_source_names_a_few_who_differ_and_lists_only_what_it_cites(corpora: Path) -> None:
    """At 10k findings some forty organisations take another stance on each principle a source addresses.
    A default briefing names three of them a stance on five principles and counts the rest, so it stays near
    its reading budget; the full briefing names eight a stance on every principle. Either way the source
    list holds exactly what the page cites, numbered in reading order."""
    from lucli.render.brief_profile import PROFILE_CAPS

    _project, corpus = open_project_corpus(corpora / "10k", no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    source = view.sources[0]

    short = render_brief(view, renderer, "source", source.id, TODAY, None).text
    full = render_brief(view, renderer, "source", source.id, TODAY, None, detail="full").text

    for text in (short, full):
        listed, cited = _sources_listed_and_cited(text)
        assert listed == cited == set(range(1, len(listed) + 1))
    compared = short.split("## How it compares\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in compared.splitlines() if line.startswith("- **")]
    assert len(lines) == PROFILE_CAPS["differences"]
    assert re.search(r"- It differs from others on \d+ more principles, set out in the full briefing\.", compared)
    assert re.search(r"and \d+ other organisations (are mixed on|support|oppose|qualify their support for) it",
                     compared)
    assert all(line.count("][") + 1 <= 4 * PROFILE_CAPS["named"] for line in lines)
    assert len(_sources_listed_and_cited(short)[0]) < len(_sources_listed_and_cited(full)[0]) / 2


def test_a_default_brief_on_a_prolific_organisation_sums_up_its_newest_sources_and_cites_the_rest(
        corpora: Path) -> None:
    """An organisation with twenty reports gets a summary of five bullets or so, not one a report: its newest
    few one a line, the rest cited together; the full briefing gives every one a line."""
    from lucli.render.brief_profile import PROFILE_CAPS

    _project, corpus = open_project_corpus(corpora / "10k", no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    organisation = max(view.organisations, key=lambda o: len(o.source_ids))
    count = len(organisation.source_ids)
    assert count > PROFILE_CAPS["sources"] + 5

    short = render_brief(view, renderer, "organisation", organisation.id, TODAY, None).text
    full = render_brief(view, renderer, "organisation", organisation.id, TODAY, None, detail="full").text

    def summary(text: str) -> list[str]:
        return text.split("## Summary\n", 1)[1].split("\n## ", 1)[0].strip().splitlines()

    titled = [line for line in summary(short) if line.startswith("- **")]
    assert len(titled) == PROFILE_CAPS["sources"]
    rest = [line for line in summary(short) if line.startswith("- It published ")]
    assert rest == [rest[0]] and f"{count - PROFILE_CAPS['sources']} earlier sources" in rest[0]
    assert rest[0].count("][") + 1 == count - PROFILE_CAPS["sources"]
    assert len([line for line in summary(full) if line.startswith("- **")]) == count
    for text in (short, full):
        listed, cited = _sources_listed_and_cited(text)
        assert listed == cited == set(range(1, len(listed) + 1))


def test_the_digest_page_on_a_crowded_principle_gives_each_voice_its_strongest_findings_and_links_the_rest(
        corpora: Path) -> None:
    """At 100k findings a principle's HTML page gave every finding of every organisation: 9 MB. On a crowded
    principle it gives each voice's eight strongest findings whole, counts the rest with a link to the
    organisation's page (which gives every one), cites the first three sources of each clause, and lists
    exactly the sources it cites."""
    from lucli.render.brief import NAMED_SOURCES, PAGE_FINDINGS, brief_context, principle_brief

    _project, corpus = open_project_corpus(corpora / "10k", no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    brief = principle_brief(view, "devolution")
    context = brief_context(view, "principle", "devolution", TODAY, {**brief, **brief["linked"]}, every_source=True)
    context.update(root="../", page="principle")
    page = renderer.render("digest/principle.html.j2", context)

    sections = re.findall(r'<section class="org" .*?</section>', page, re.S)
    crowded = [g for g in brief["groups"] if len(g.findings) > PAGE_FINDINGS]
    assert crowded and len(sections) == len(brief["groups"])
    for group, section in zip(brief["groups"], sections, strict=True):
        given = section.count('<li class="finding">')
        assert given == min(len(group.findings), PAGE_FINDINGS)
        if given < len(group.findings):
            more = len(group.findings) - given
            assert f'{more} more finding{"s" if more > 1 else ""} on devolution: ' in section
            assert f'href="../organisations/{group.organisations[0].id}.html"' in section
    body, _, refs = page.partition('<ol class="references">')
    listed = {int(n) for n in re.findall(r'<li id="ref-(\d+)"', refs)}
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', body)}
    assert listed == cited == set(range(1, len(listed) + 1))
    # Bounded by the voices and clauses, not by the findings: at 100k findings the same number of sources.
    clauses = (len(brief["differences"]) + len(brief["agreements"]) + sum(len(c.sides) for c in brief["conflicts"])
               + len(brief["principle"].subject))
    assert len(listed) <= PAGE_FINDINGS * len(brief["groups"]) + NAMED_SOURCES * clauses
    assert len(listed) < len({f.source_id for f in view.principles_by_id["devolution"].findings})


def test_the_digest_page_on_a_prolific_organisation_gives_its_newest_sources_whole_and_lists_the_rest(
        corpora: Path) -> None:
    """At 100k findings an organisation's HTML page gave all 2,000 of its findings (3 MB). It gives the
    newest ten sources with every finding whole and lists the rest, each linked to its own page and cited."""
    from lucli.render.brief import brief_context, organisation_brief
    from lucli.render.brief_profile import PAGE_SOURCES

    _project, corpus = open_project_corpus(corpora / "10k", no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    organisation = max(view.organisations, key=lambda o: len(o.source_ids))
    brief = organisation_brief(view, organisation.id)
    assert len(brief["sources"]) > PAGE_SOURCES
    context = brief_context(view, "organisation", organisation.id, TODAY, {**brief, **brief["linked"]},
                            every_source=True)
    context.update(root="../", page="organisation")
    page = renderer.render("digest/organisation.html.j2", context)

    given = [s for s in brief["sources"] if f'<h3><a href="../sources/{s.id}.html">' in page]
    assert given == list(brief["sources"][:PAGE_SOURCES])
    assert page.count('<li class="finding">') == sum(len(s.findings) for s in given)
    earlier = len(brief["sources"]) - PAGE_SOURCES
    assert f"<h3>{earlier} earlier sources</h3>" in page
    assert all(f'<li><a href="../sources/{s.id}.html">' in page for s in brief["sources"][PAGE_SOURCES:])
    body, _, refs = page.partition('<ol class="references">')
    listed = {int(n) for n in re.findall(r'<li id="ref-(\d+)"', refs)}
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', body)}
    assert listed == cited == set(range(1, len(listed) + 1))


def test_a_default_brief_on_a_principle_with_forty_voices_sums_them_up_and_the_full_brief_gives_each(
        corpora: Path) -> None:
    """With 41 voices a default principle briefing ran to 18,000 words: a summary line, a question and a
    difference for each voice, and two findings of every one. It now gives the findings of the eight voices with
    the most empirical findings, one summary line a stance, and five of each list, counting the rest; the full
    briefing gives every one. Either way the source list holds exactly what the page cites."""
    from lucli.render.brief import CAPS, SAID, principle_brief

    _project, corpus = open_project_corpus(corpora / "10k", no_cache=True)
    view = build_corpus_view(corpus, TODAY)
    renderer = Renderer(template_dirs(None), trusted=VIEW_TYPES)
    brief = principle_brief(view, "devolution")
    speaking = [g for g in brief["groups"] if g.claims]
    assert len(speaking) > SAID and len(brief["differences"]) > CAPS["voices"]

    short = render_brief(view, renderer, "principle", "devolution", TODAY, None).text
    full = render_brief(view, renderer, "principle", "devolution", TODAY, None, detail="full").text

    def section(text: str, heading: str) -> str:
        return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]

    said = section(short, "What each voice says")
    assert said.count("\n### ") == SAID + 1 and "\n### Others\n" in said
    assert f"{len(brief['unsaid'])} other organisations speak on devolution" in said
    assert section(full, "What each voice says").count("\n### ") == len(speaking)
    summary = [line for line in section(short, "Summary").splitlines() if line.startswith("- ")]
    assert len(summary) <= 6
    differ = [line for line in section(short, "Where they differ").splitlines() if line.startswith("- **")]
    assert len(differ) == CAPS["voices"]
    assert f"- {len(brief['differences']) - CAPS['voices']} others differ too" in short
    questions = [line for line in section(short, "Points to consider").splitlines() if line.startswith("- ")]
    assert len(questions) <= CAPS["voices"] + 3
    assert len(short.split()) < len(full.split()) / 3
    for text in (short, full):
        listed, cited = _sources_listed_and_cited(text)
        assert listed == cited == set(range(1, len(listed) + 1))
