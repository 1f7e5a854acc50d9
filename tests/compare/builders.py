"""Small hand-made corpora for the compare tests: records built in code, and one YAML repository.

`corpus_of` builds a `Corpus` straight from model records, so a test states
exactly the evidence it reasons about. `REPO_SOURCES` is a tiny evidence
repository (for `make_repo`) in which every verdict and every position occurs.
"""

from __future__ import annotations

import dataclasses

from lucli.records.corpus import Corpus
from lucli.records.model import Evidence, Finding, Organisation, Principle, PrincipleRef, Response, Source
from lucli.records.rules import Rules
from tests.conftest import PRINCIPLES as BASE_PRINCIPLES

PRINCIPLE_IDS = ("devolution", "single-pot-funding", "long-term-funding", "local-data", "clear-roles")


def org(oid: str, name: str | None = None, aliases: tuple[str, ...] = (), kind: str = "think-tank",
        role: str | None = None) -> Organisation:
    """An organisation (a think tank unless said otherwise)."""
    return Organisation(oid, name or oid.capitalize(), kind, aliases=aliases, role=role)


def principle(pid: str) -> Principle:
    """A principle labelled after its id."""
    return Principle(pid, pid.replace("-", " ").capitalize(), f"About {pid}.")


def finding(fid: str, *stances: tuple[str, str], kind: str = "finding", basis: tuple[str, ...] = (),
            responds_to: tuple[tuple[str, str], ...] = ()) -> Finding:
    """A finding bearing on principles: finding('x', ('devolution', 'supports')); responds_to: ((ref, relation),)."""
    return Finding(fid, "", kind, f"Statement {fid}.", tuple(PrincipleRef(p, s) for p, s in stances), basis=basis,
                   responds_to=tuple(Response(ref, relation) for ref, relation in responds_to))


def source(sid: str, publishers: tuple[str, ...], published: str, *findings: Finding) -> Source:
    """A source; its findings are re-homed so their source id is right."""
    homed = tuple(dataclasses.replace(f, source_id=sid) for f in findings)
    return Source(sid, f"Title of {sid}", publishers, published, "report", homed)


def corpus_of(*sources: Source, orgs: tuple[str | Organisation, ...] = ("alpha", "beta", "gamma", "delta"),
              principles: tuple[str, ...] = PRINCIPLE_IDS, rules: Rules | None = None) -> Corpus:
    """Index sources with the given organisations (ids, or records for another kind or role) and principles."""
    records = tuple(o if isinstance(o, Organisation) else org(o) for o in orgs)
    return Corpus.build(Evidence(records, tuple(principle(p) for p in principles), sources), rules)


ORGANISATIONS = """\
- id: alpha
  name: Alpha Institute
  kind: think-tank
  aliases: [AI]
- id: beta
  name: Beta Association
  kind: association
- id: gamma
  name: Gamma University Centre for Places
  kind: university
  aliases: [Gamma, GUCP]
- id: delta
  name: Delta Trust
  kind: think-tank
- id: epsilon
  name: Epsilon Council
  kind: other
"""

PRINCIPLES = BASE_PRINCIPLES + """\
- id: long-term-funding
  label: Long-term funding
  description: Commit money to places over many years.
- id: local-data
  label: Local data
  description: Collect data at local authority level.
- id: clear-roles
  label: Clear roles
  description: Say who decides what.
"""

# Every verdict occurs: devolution is some agreement (alpha qualifies, beta and gamma support),
# single-pot funding is contested (delta opposes), long-term funding is a single voice (delta),
# local data is a gap, clear roles is a consensus (beta, gamma, delta support).
# Every position occurs: alpha is mixed on single-pot funding, silent on clear roles.
REPO_SOURCES = {
    "alpha-2021-old": """\
        id: alpha-2021-old
        title: Powers for places
        publishers: [alpha]
        published: 2021-06
        kind: report
        findings:
          - id: devolve
            kind: recommendation
            statement: Central government should devolve more power to places.
            basis: [case-study]
            principles:
              - {id: devolution, stance: supports}
          - id: pots-help
            kind: finding
            statement: Pooled budgets helped the pilot areas.
            principles:
              - {id: single-pot-funding, stance: supports}
        """,
    "alpha-2023-new": """\
        id: alpha-2023-new
        title: Devolution, with care
        publishers: [alpha]
        published: 2023-05-02
        kind: report
        findings:
          - id: timetable-caveat
            kind: critique
            statement: Devolution deals need more time than the timetable allows.
            quote: "the timetable is unrealistic"
            locator: p. 7
            basis: [expert-panel]
            principles:
              - {id: devolution, stance: qualifies}
          - id: pots-hurt
            kind: critique
            statement: Merging budgets hid cuts from scrutiny.
            principles:
              - {id: single-pot-funding, stance: opposes}
        """,
    "beta-gamma-2022": """\
        id: beta-gamma-2022
        title: A joint report on funding
        publishers: [beta, gamma]
        published: 2022-02
        kind: report
        findings:
          - id: pot
            kind: recommendation
            statement: Give each place one budget and let it decide.
            quote: "one place, one budget"
            locator: section 3
            basis: [quantitative]
            principles:
              - {id: single-pot-funding, stance: supports}
              - {id: devolution, stance: supports}
          - id: roles
            kind: recommendation
            statement: Publish who decides what.
            principles:
              - {id: clear-roles, stance: supports}
        """,
    "delta-2022": """\
        id: delta-2022
        title: Against the single pot
        publishers: [delta]
        published: 2022
        kind: article
        findings:
          - id: against
            kind: finding
            statement: Single pots weaken ring-fenced services.
            basis: [opinion]
            principles:
              - {id: single-pot-funding, stance: opposes}
          - id: long
            kind: target
            statement: Settle funding for ten years.
            principles:
              - {id: long-term-funding, stance: supports}
          - id: roles-too
            kind: recommendation
            statement: Write down the division of responsibilities.
            principles:
              - {id: clear-roles, stance: supports}
        """,
}
