"""Saying how many: '1 source', '3 sources'. One place for every message, table and template that counts."""

from __future__ import annotations


def plural(number: int, singular: str, plural: str | None = None) -> str:
    """'1 source', '3 sources'; `plural` where adding an 's' is wrong ('2 analyses')."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
