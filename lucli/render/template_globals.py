"""The variables every template gets, beside the view of the evidence it renders (`lucli.render.context`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lucli import __version__
from lucli.analysis.strength import scale as strength_scale
from lucli.render.context import CorpusView
from lucli.render.fragments import Memo
from lucli.render.mentions import Mentions
from lucli.render.wording import STANCE_SYMBOLS, STANCE_WORDS, date_text


def base_context(view: CorpusView, today: dt.date, memo: Memo | None = None,
                 bibliography: Any = None) -> dict[str, Any]:
    """The variables every template gets; `memo` is shared by the pages of one run (a fresh one if not given).

    `bibliography` formats reference entries (`lucli.render.cite.Bibliography`; Harvard unless given).
    """
    if bibliography is None:
        from lucli.render.cite import default_bibliography

        bibliography = default_bibliography()
    return {
        "bibliography": bibliography,
        "generated": today.isoformat(),
        "generated_text": date_text(today.isoformat()),
        "lucli_version": __version__,
        "corpus": view,
        "stances": tuple({"stance": s, "symbol": STANCE_SYMBOLS[s], "word": STANCE_WORDS[s]} for s in STANCE_SYMBOLS),
        "scale": tuple({"level": n, "symbol": s, "description": d} for n, s, d in strength_scale(view.rules)),
        "consensus_minimum": view.rules.consensus,
        "empirical_bases": view.rules.empirical,
        "stale_years": view.stale_after,
        "name": Mentions(),
        "memo": memo if memo is not None else Memo(),
    }
