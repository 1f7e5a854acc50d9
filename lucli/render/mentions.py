"""How a page names organisations: the full name with its acronym the first time, the short name after
(the `name` template global)."""

from __future__ import annotations

from typing import Any, Protocol

from lucli.render.wording import join_words


class Named(Protocol):
    """What naming reads of an organisation (`lucli.render.context.OrganisationView`)."""

    @property
    def id(self) -> str: ...
    @property
    def short(self) -> str: ...
    @property
    def label(self) -> str: ...


class Mentions:
    """Names organisations: the full name with its acronym the first time, the short name after."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, organisation: Named) -> str:
        """Name one organisation."""
        if organisation.id in self.seen:
            return organisation.short
        self.seen.add(organisation.id)
        return organisation.label

    def all(self, organisations: Any, unnamed: int = 0) -> str:
        """Name several organisations: 'A, B and C', or 'A, B and 3 other organisations' with `unnamed`."""
        seen = self.seen
        names = []
        for o in organisations:  # what self(o) does, inline: pages name thousands of organisations
            if o.id in seen:
                names.append(o.short)
            else:
                seen.add(o.id)
                names.append(o.label)
        if unnamed:
            names.append(f"{unnamed} other organisation{'s' if unnamed > 1 else ''}")
        return join_words(names)

    def full(self, organisation: Named) -> str:
        """Give the full name (for tables and headings that stand alone) and count it as spelt out."""
        self.seen.add(organisation.id)
        return organisation.label
