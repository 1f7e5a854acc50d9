"""Independent voices, roles and the two axes of a verdict, table by table, on hand-made corpora."""

from __future__ import annotations

import pytest

from lucli.analysis.strength import rate
from lucli.analysis.verdicts import verdict
from lucli.analysis.voices import exchanges, voices
from lucli.records.rules import Rules
from tests.compare.builders import corpus_of, finding, org, source

SUPPORT = ("devolution", "supports")
OPPOSE = ("devolution", "opposes")
GOVERNMENT = org("gov", "HM Government", aliases=("HMG",), kind="government")


@pytest.mark.parametrize(("publishers", "expected"), [
    # co-publishers are one voice; the grouping is transitive; a lone publisher is its own voice
    ([("alpha", "beta")], ["Alpha + Beta"]),
    ([("alpha", "beta"), ("gamma",)], ["Alpha + Beta", "Gamma"]),
    ([("alpha", "beta"), ("beta", "gamma")], ["Alpha + Beta + Gamma"]),
    ([("alpha",), ("alpha", "beta"), ("delta",)], ["Alpha + Beta", "Delta"]),
    ([("beta", "alpha")], ["Alpha + Beta"]),  # named in organisations.yaml order
])
def test_organisations_that_publish_together_are_one_voice(publishers, expected) -> None:
    sources = [source(f"s{n}", p, "2022", finding("f", SUPPORT)) for n, p in enumerate(publishers)]

    assert [v.name for v in voices(corpus_of(*sources)).all] == expected


@pytest.mark.parametrize(("organisation", "role"), [
    (org("alpha"), "evidence"),
    (org("alpha", kind="government"), "subject"),
    (org("alpha", kind="government", role="evidence"), "evidence"),  # organisations.yaml overrides the default
    (org("alpha", kind="think-tank", role="subject"), "subject"),
])
def test_a_voice_has_a_role_from_its_organisations(organisation, role) -> None:
    corpus = corpus_of(source("s", ("alpha",), "2022", finding("f", SUPPORT)), orgs=(organisation,))

    assert voices(corpus).all[0].role == role


def _corpus(*stances: str, subject: str | None = None, co_published: bool = False, challenge: str | None = None):
    """One source per voice with one finding on devolution; optionally the Government, a joint report, a challenge."""
    names = ("alpha", "beta", "gamma", "delta")
    sources = [source(f"{n}-2022", (n,), "2022", finding("f", ("devolution", s)))
               for n, s in zip(names, stances, strict=False)]
    if co_published:  # beta also signs alpha's report: alpha and beta become one voice
        sources[0] = source("alpha-2022", ("alpha", "beta"), "2022", finding("f", ("devolution", stances[0])))
    if subject:
        sources.append(source("gov-2022", ("gov",), "2022", finding("mission", ("devolution", subject))))
    if challenge:
        sources.append(source("delta-2023", ("delta",), "2023",
                              finding("reply", ("local-data", "supports"), responds_to=((challenge, "challenges"),))))
    return corpus_of(*sources, orgs=("alpha", "beta", "gamma", "delta", GOVERNMENT))


@pytest.mark.parametrize(("case", "corpus", "agreement", "speaking"), [
    ("three voices agree", _corpus("supports", "supports", "supports"), "consensus", 3),
    ("co-publishers are one voice, not two", _corpus("supports", "supports", "supports", co_published=True),
     "some agreement", 2),
    ("a subject that agrees is not a voice", _corpus("supports", "supports", subject="supports"), "some agreement", 2),
    ("a subject alone leaves a gap", _corpus(subject="supports"), "gap", 0),
    ("two voices", _corpus("supports", "supports"), "some agreement", 2),
    ("one voice", _corpus("supports"), "single voice", 1),
    ("one voice opposes", _corpus("supports", "supports", "opposes"), "contested", 3),
    ("a subject that opposes contests nothing", _corpus("supports", "supports", "supports", subject="opposes"),
     "consensus", 3),
    ("a challenged principle", _corpus("supports", "supports", "supports", challenge="alpha-2022#f"),
     "contested", 3),
    ("a challenge of the subject is not a dispute among the evidence",
     _corpus("supports", "supports", "supports", subject="supports", challenge="gov-2022#mission"), "consensus", 3),
])
def test_agreement_counts_independent_evidence_voices(case, corpus, agreement, speaking) -> None:
    found = verdict(corpus, "devolution")

    assert (found.agreement, len(found.speakers)) == (agreement, speaking), case
    assert "gov" not in [p.voice.id for p in found.positions]


def test_the_subject_is_shown_apart_and_its_challengers_named() -> None:
    found = verdict(_corpus("supports", subject="supports", challenge="gov-2022#mission"), "devolution")

    assert [(p.voice.name, p.stance) for p in found.subject] == [("HMG", "supports")]
    assert [e.voice.name for e in found.subject_challenged] == ["Delta"]
    assert found.contested_by == ()


def test_a_challenge_names_who_dissents_in_the_headline() -> None:
    found = verdict(_corpus("supports", "supports", challenge="alpha-2022#f"), "devolution")

    assert found.headline == "Contested (2 independent voices, 1 dissenting), advocacy only ○○○"


@pytest.mark.parametrize(("bases", "level", "text"), [
    ([(), (), ()], "advocacy only", "advocacy only ○○○"),
    ([("case-study",), (), ()], "limited", "limited evidence ●○○"),
    ([("case-study",), ("quantitative",), ("opinion",)], "moderate", "moderate evidence ●●○"),
    ([("case-study",), ("quantitative",), ("literature-review",)], "strong", "strong evidence ●●●"),
    ([], "none", "no evidence —"),
])
def test_strength_counts_sources_with_empirical_findings(bases, level, text) -> None:
    sources = [source(f"{n}-2022", (n,), "2022", finding("f", SUPPORT, basis=b))
               for n, b in zip(("alpha", "beta", "gamma"), bases, strict=False)]
    sources.append(source("delta-2022", ("delta",), "2022", finding("x", ("local-data", "supports"))))

    found = verdict(corpus_of(*sources), "devolution")

    assert (found.strength.level, found.strength.text) == (level, text)


def test_the_rubric_and_thresholds_come_from_the_rules() -> None:
    sources = [source(f"{n}-2022", (n,), "2022", finding("f", SUPPORT, basis=("case-study",)))
               for n in ("alpha", "beta")]
    strict = Rules(consensus=2, empirical=("quantitative",))

    default = verdict(corpus_of(*sources), "devolution")
    maryland = verdict(corpus_of(*sources, rules=strict), "devolution")

    assert default.headline == "Some agreement (2 independent voices), moderate evidence ●●○"
    assert maryland.headline == "Consensus (2 independent voices), advocacy only ○○○"
    assert rate([], strict).level == "none"


def test_a_response_to_a_whole_source_bears_on_the_principles_both_address() -> None:
    corpus = corpus_of(
        source("alpha-2022", ("alpha",), "2022", finding("a", SUPPORT), finding("b", ("local-data", "supports"))),
        source("beta-2023", ("beta",), "2023",
               finding("reply", ("local-data", "qualifies"), ("clear-roles", "supports"),
                       responds_to=(("alpha-2022", "rebuts"),))))

    (found,) = exchanges(corpus)

    assert (found.voice.name, found.relation, found.target_voice.name, found.principles) == \
        ("Beta", "rebuts", "Alpha", ("local-data",))
    assert verdict(corpus, "local-data").agreement == "contested"
    assert verdict(corpus, "devolution").agreement == "single voice"


@pytest.mark.parametrize(("settings", "message"), [
    ("verdicts: {consensus: 1}\n", "'consensus' must be 2 or more: one voice is never a consensus"),
    ("verdicts: {quorum: 3}\n", "'verdicts' takes: consensus (a whole number, 2 or more)"),
    ("strength: {strong: 2, moderate: 2}\n", "'strength' thresholds must rise: limited < moderate < strong"),
    ("strength: {empirical: [survey]}\n", "'empirical' takes a list of bases: case-study"),
])
def test_bad_verdict_settings_are_usage_errors(settings, message, make_repo, runner) -> None:
    from lucli.cli import app

    root = make_repo()
    (root / "lucli.yaml").write_text(settings, encoding="utf-8")

    result = runner.invoke(app, ["compare", "--root", str(root)])

    assert result.exit_code == 2
    assert message in result.stderr


def test_a_team_can_set_its_own_threshold_and_rubric_in_lucli_yaml(make_repo, runner) -> None:
    import json

    from lucli.cli import app

    two = {f"{o}-2022": f"""\
        id: {o}-2022
        title: A report
        publishers: [{o}]
        published: 2022
        kind: report
        findings:
          - id: f
            kind: finding
            statement: Devolve.
            basis: [case-study]
            principles: [{{id: devolution}}]
        """ for o in ("alpha", "beta")}
    root = make_repo(sources=two)
    (root / "lucli.yaml").write_text("verdicts: {consensus: 2}\nstrength: {empirical: [quantitative]}\n",
                                     encoding="utf-8")

    data = json.loads(runner.invoke(app, ["compare", "devolution", "-f", "json", "--root", str(root)]).stdout)

    assert data["verdict"]["headline"] == "Consensus (2 independent voices), advocacy only ○○○"
