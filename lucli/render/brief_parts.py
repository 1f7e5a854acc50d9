"""The data-only pieces a briefing is built of: groups of positions, links and differences between
them, comparisons with other organisations, and references. `lucli.render.brief` fills them in.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lucli.render.context import (
    FindingView,
    OrganisationView,
    PositionView,
    PrincipleView,
    SourceView,
)
from lucli.render.strength_view import Strength
from lucli.render.view_builder import strength_of


@dataclass(frozen=True, eq=False)
class Group:
    """Organisations that speak through the same findings on a topic (the co-publishers of a source)."""

    organisations: tuple[OrganisationView, ...]
    stance: str
    symbol: str
    findings: tuple[FindingView, ...]
    anchor: str
    """Id of its first organisation, for links."""

    @property
    def plural(self) -> bool:
        """True when two or more organisations speak together."""
        return len(self.organisations) > 1

    @property
    def claims(self) -> tuple[FindingView, ...]:
        """Its findings, critiques and targets (everything but recommendations)."""
        return tuple(f for f in self.findings if f.kind != "recommendation")

    @property
    def recommendations(self) -> tuple[FindingView, ...]:
        """Its recommendations."""
        return tuple(f for f in self.findings if f.kind == "recommendation")

    @property
    def strength(self) -> Strength:
        """Strength of its evidence on the topic."""
        return strength_of(self.findings)


@dataclass(frozen=True, eq=False)
class Side:
    """The groups that take one stance on a related principle."""

    stance: str
    groups: tuple[Group, ...]
    findings: tuple[FindingView, ...]

    @cached_property
    def by_group(self) -> tuple[tuple[Group, tuple[FindingView, ...]], ...]:
        """(group, those of its findings that are on this side) for each of `groups`."""
        ids = {f.global_id for f in self.findings}
        return tuple((g, tuple(f for f in g.findings if f.global_id in ids)) for g in self.groups)


@dataclass(frozen=True, eq=False)
class Link:
    """A related principle that findings on the topic also address: common ground or a point of dispute."""

    principle: PrincipleView
    sides: tuple[Side, ...]
    """One side per stance taken on the related principle; agreement when there is one side."""

    @property
    def agreed(self) -> bool:
        """True when every group takes the same stance on it."""
        return len(self.sides) == 1


@dataclass(frozen=True, eq=False)
class Difference:
    """A group that qualifies, opposes or is mixed while others support."""

    group: Group
    findings: tuple[FindingView, ...]
    """Its findings that do not simply support."""
    on: tuple[PrincipleView, ...]
    """Other principles those findings raise: what the difference is about."""
    against: tuple[Group, ...]
    """Groups that take a different stance."""

    @cached_property
    def against_organisations(self) -> tuple[OrganisationView, ...]:
        """The organisations of `against`, group after group."""
        return tuple(o for g in self.against for o in g.organisations)


NAMED = 8
"""Most other organisations a page names (and cites) for one stance on a principle; the rest are counted, and
the principle's own page lists them all. Uncapped, a source page named and cited every organisation in the
corpus on every principle it touches, so pages grew with the evidence base and the digest faster than it."""


WHOLE_BELOW = 7
"""A briefing on fewer findings than this gives each one whole, with its quote: two printed pages have room."""
NAMED_AGREEING = 2
"""Most organisations a briefing names (and cites) as agreeing with a stance on one principle."""
NAMED_AGREED_ON = 3
"""Most principles a source's or organisation's briefing names others agreeing on; the rest are counted."""


@dataclass(frozen=True, eq=False)
class StanceGroup:
    """Other organisations that take one stance on a principle, with the key source behind each position."""

    stance: str
    positions: tuple[PositionView, ...]
    organisations: tuple[OrganisationView, ...]
    """The first `NAMED` of them."""
    key_sources: tuple[SourceView | None, ...]
    """The key source of each of `organisations`."""
    unnamed: int = 0
    """How many more take the stance than are named."""

    @property
    def plural(self) -> bool:
        """True when two or more organisations take the stance."""
        return len(self.positions) > 1


@dataclass(frozen=True, eq=False)
class Comparison:
    """How one organisation's or source's stance on a principle compares with the other organisations'."""

    principle: PrincipleView
    stance: str
    symbol: str
    findings: tuple[FindingView, ...]
    same: tuple[PositionView, ...]
    """Other organisations that take the same stance."""
    different: tuple[PositionView, ...]
    """Other organisations that speak and take another stance."""
    own: PositionView | None = None
    """The organisation's own position on the principle (organisation briefings; none for a source)."""

    # Ready-made lists, so that a page names and cites fifty organisations without a filter per item.

    @cached_property
    def agreeing(self) -> tuple[OrganisationView, ...]:
        """The first `NAMED_AGREEING` organisations of `same`: a briefing names a few who agree and counts
        the rest."""
        return tuple(p.organisation for p in self.same[:NAMED_AGREEING])

    @cached_property
    def agreeing_sources(self) -> tuple[SourceView | None, ...]:
        """The key source of each of `agreeing`."""
        return tuple(p.key_source for p in self.same[:NAMED_AGREEING])

    @property
    def agreeing_unnamed(self) -> int:
        """How many of `same` are not in `agreeing`."""
        return max(0, len(self.same) - NAMED_AGREEING)

    @cached_property
    def different_by_stance(self) -> tuple[StanceGroup, ...]:
        """`different` grouped by stance, in the order of `different|groupby("stance")`."""
        grouped: dict[str, list[PositionView]] = {}
        for p in self.different:  # what a stable sort by stance, then grouping, gives: each group in list order
            grouped.setdefault(p.stance.lower(), []).append(p)
        return tuple(StanceGroup(ps[0].stance, tuple(ps), tuple(p.organisation for p in ps[:NAMED]),
                                 tuple(p.key_source for p in ps[:NAMED]), max(0, len(ps) - NAMED))
                     for _stance, ps in sorted(grouped.items()))

    def cited_different(self) -> tuple[PositionView, ...]:
        """The positions with another stance whose key sources a page cites, in the order it names them."""
        return tuple(p for g in self.different_by_stance for p in g.positions[:NAMED])


@dataclass(frozen=True, eq=False)
class Reference:
    """A numbered entry of a briefing's source list."""

    n: int
    source: SourceView
