"""What the evidence asks of whom: recommendations grouped by the actor they are addressed to.

A council officer briefing a cabinet member wants "what are councils asked to
do" in one place. Each recommendation is listed once, under the first actor it
names (the one it is addressed to); the others it names are shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lucli.render.context import FindingView

ACTORS = {
    "local-government": ("councils", "are"),
    "combined-authorities": ("combined authorities", "are"),
    "central-government": ("central government", "is"),
    "whitehall-departments": ("Whitehall departments", "are"),
    "communities": ("communities", "are"),
    "civil-society": ("civil society", "is"),
    "local-enterprise-partnerships": ("local enterprise partnerships", "are"),
}
"""Known actor slugs in the words a reader uses, with the verb that agrees with them; councils come first."""


@dataclass(frozen=True, eq=False)
class Asked:
    """Recommendations addressed to one actor."""

    actor: str
    """Slug as recorded ('local-government'), or '' for recommendations that name no actor."""
    label: str
    """'councils', 'central government', or the slug in words."""
    verb: str
    """'are' or 'is', to agree with `label`."""
    recommendations: tuple[FindingView, ...]
    also: tuple[tuple[str, ...], ...]
    """For each recommendation, the other actors it names, in words."""


def actor_words(slug: str) -> tuple[str, str]:
    """An actor slug in words, with the verb that agrees with it."""
    if slug in ACTORS:
        return ACTORS[slug]
    words = slug.replace("-", " ")
    return words, "is" if not words.endswith("s") else "are"


def asked(recommendations: Iterable[FindingView]) -> tuple[Asked, ...]:
    """Group recommendations by the first actor each names: councils first, then the order of ACTORS, then others."""
    grouped: dict[str, list[FindingView]] = {}
    for f in recommendations:
        grouped.setdefault(f.actors[0] if f.actors else "", []).append(f)
    order = {slug: i for i, slug in enumerate(ACTORS)}
    keys = sorted(grouped, key=lambda k: (k == "", order.get(k, len(order)), k))
    found = []
    for key in keys:
        label, verb = actor_words(key) if key else ("others", "are")
        items = tuple(grouped[key])
        also = tuple(tuple(actor_words(a)[0] for a in f.actors[1:]) for f in items)
        found.append(Asked(key, label, verb, items, also))
    return tuple(found)
