"""Suggestions for misspelt ids, keys and values ("did you mean …?").

rapidfuzz is imported when a suggestion is wanted: the index's name lookups (`name_key`) import this module on
every warm command, which needs no suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def nearest(word: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = 60) -> list[str]:
    """Return up to `limit` choices closest to `word`, best first."""
    pool = sorted(set(choices))
    if not pool or not word:
        return []
    from rapidfuzz import fuzz, process, utils

    found = process.extract(word, pool, scorer=fuzz.WRatio, processor=utils.default_process,
                            limit=limit, score_cutoff=cutoff)
    return [choice for choice, _score, _index in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return "did you mean 'x'?" for the nearest choice, or None when nothing is close."""
    best = nearest(word, choices, limit=1, cutoff=70)
    return f"did you mean '{best[0]}'?" if best else None


def name_key(text: str) -> str:
    """A name as names are matched: lower case, runs of anything but letters and digits as one space."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
