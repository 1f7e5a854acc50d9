"""How reports word things: dates in words, lists of names, organisations' short names, statements as clauses.

Pure functions of strings and records, shared by the template context and
lucli's template filters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from lucli.analysis.verdicts import STANCE_SYMBOLS as STANCE_SYMBOLS
from lucli.records.corpus import Corpus
from lucli.records.model import Finding, Organisation, Source

STANCE_WORDS = {"supports": "supports", "opposes": "opposes", "qualifies": "qualifies", "mixed": "mixed",
                "silent": "no position found"}
STALE_YEARS = 3
"""Sources published more than this many years before the generated date are flagged."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_VERBS = {"recommendation": ("recommends", "recommend"), "target": ("states", "state")}


def acronym(organisation: Organisation) -> str:
    """The short name used after first mention: a short alias with capitals ('IfG'), else the name."""
    if len(organisation.name) <= 20:
        return organisation.name
    for alias in organisation.aliases:
        if " " not in alias and len(alias) <= 12 and sum(c.isupper() for c in alias) >= 2:
            return alias
    return organisation.name


def label(organisation: Organisation) -> str:
    """The name at first mention: 'Institute for Government (IfG)', or the name alone."""
    short = acronym(organisation)
    if short == organisation.name or organisation.name.startswith(short):
        return organisation.name
    return f"{organisation.name} ({short})"


def date_text(value: str | None) -> str:
    """Write an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) the way a reader says it: '18 November 2020'."""
    if not value:
        return "date not known"
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def _latest_day(value: str) -> dt.date:
    """The last day a partial date can mean, so a source is called old only when it surely is."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(parts[0], parts[1], parts[2])


def is_stale(published: str, today: dt.date, years: int = STALE_YEARS) -> bool:
    """Tell whether a source is more than `years` years old on `today`."""
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return _latest_day(published) < cutoff


def and_list(items: Any) -> str:
    """Join words as 'A', 'A and B' or 'A, B and C'."""
    return join_words([str(i) for i in items])


def join_words(words: list[str]) -> str:
    """`and_list` for a list that holds strings already."""
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


_WORD_IN_SENTENCE = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Za-z][\w'’-]*)", re.MULTILINE)
"""A word that does not start a text or a sentence (each text is made one line first)."""


def _inside_sentences(texts: Iterable[str]) -> set[str]:
    """Every word of `texts` that does not start a text or a sentence, as written (each text made one line first,
    and read text by text: every word of 100k findings at once held 350 MB)."""
    words: set[str] = set()
    for text in texts:
        words.update(_WORD_IN_SENTENCE.findall(" ".join(text.split())))
    return words


def proper_nouns(corpus: Corpus) -> set[str]:
    """Words the evidence only ever writes with a capital inside sentences: names, not sentence starts."""
    texts = [f.statement for f in corpus.findings.values()]
    texts += [s.summary or "" for s in corpus.sources.values()]
    texts += [p.description for p in corpus.principles.values()]
    words = _inside_sentences(texts)
    capital = {w.lower() for w in words if w[0].isupper()}
    return capital - {w.lower() for w in words if not w[0].isupper()}


@functools.lru_cache(maxsize=1024)
def label_in_sentence(label: str, description: str = "", aliases: tuple[str, ...] = ()) -> str:
    """A principle's label as it reads inside a sentence ('no voice opposes devolution'): its first letter in lower
    case, unless its first word is a name. A name is an acronym ('UK funds'), or a word the principle's own
    description or aliases only ever write with a capital inside a sentence ('Whitehall coordination', described as
    'departments across Whitehall …'), as `proper_nouns` tells names in the evidence."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first[1].isupper():
        return label
    words = _inside_sentences((description, *aliases))
    if first in words and first.lower() not in words:
        return label
    return label[:1].lower() + label[1:]


CAPITAL, LOWER, STARTS = 1, 2, 4
"""A word's marks (`word_marks`): written with a capital inside a sentence, without one, first in a statement."""


def word_marks(texts: Iterable[str], statements: Iterable[str] = ()) -> dict[str, int]:
    """Each word of `texts` inside a sentence, lower-cased, marked `CAPITAL` or `LOWER` as `proper_nouns` sees it
    (or both), and the first word of each statement marked `STARTS`. Kept a source at a time in the index
    (`lucli.records.index_write.Words`): the words of all of them marked `STARTS` and `CAPITAL`, never `LOWER`,
    are the names `lucli.render.indexed_brief.brief_facts` lists."""
    words = _inside_sentences(texts)
    # As `proper_nouns` does it: sets of the words as written, then lower-cased (a dict update a word was slower).
    capital = {w.lower() for w in words if w[0].isupper()}
    lower = {w.lower() for w in words if not w[0].isupper()}
    marks = dict.fromkeys(capital - lower, CAPITAL)
    marks.update(dict.fromkeys(lower - capital, LOWER))
    marks.update(dict.fromkeys(capital & lower, CAPITAL | LOWER))
    for statement in statements:
        first = " ".join(statement.split()).rstrip(".").split(" ", 1)[0].lower()
        marks[first] = marks.get(first, 0) | STARTS
    return marks


def source_words(source: Source) -> dict[str, int]:
    """`word_marks` of one source: its findings' statements and its summary."""
    statements = [f.statement for f in source.findings]
    return word_marks([*statements, source.summary or ""], statements)


def principle_words(corpus: Corpus) -> dict[str, int]:
    """`word_marks` of the principles' descriptions."""
    return word_marks(p.description for p in corpus.principles.values())


def lead_of(statement: str, proper: AbstractSet[str]) -> str:
    """Make a statement fit after 'X argues that': one line, no final stop, lower-case start unless a name."""
    text = " ".join(statement.split()).rstrip(".")
    first = text.split(" ", 1)[0]
    if not first or any(c.isupper() for c in first[1:]) or first.lower() in proper:
        return text
    return text[0].lower() + text[1:]


def verbs(finding: Finding, evidence: str) -> tuple[str, str]:
    """The reporting verb for one organisation and for several: 'finds'/'find', 'argues'/'argue'…"""
    # Reporting verbs keep evidence apart from opinion: only empirical findings are "found".
    if finding.kind in _VERBS:
        return _VERBS[finding.kind]
    return ("finds", "find") if evidence == "empirical" else ("argues", "argue")


def quote_label(finding: Finding, source: Any, corpus: Corpus) -> str:
    """Say whose words a quote is: 'in the report's words', 'Rob Whiteman, CIPFA's chief executive, said',
    'as LocalGov summarised it', or 'quoted' when the record does not say."""
    from lucli.analysis.provenance import attribution

    found = attribution(finding, source)
    if found.kind == "report":
        return "in the report's words"
    if found.kind == "coverage":
        return f"as {found.outlet} summarised it" if found.outlet else "as the press coverage summarised it"
    if found.kind == "person" and found.speaker is not None:
        return _person_said(found.speaker, corpus)
    return "quoted"


def _person_said(speaker: Any, corpus: Corpus) -> str:
    organisation = corpus.organisations.get(speaker.organisation or "")
    owner = acronym(organisation) if organisation else None
    if speaker.name:
        role = f"{owner}'s {speaker.role}" if owner and speaker.role else speaker.role or owner
        return f"{speaker.name}, {role}, said" if role else f"{speaker.name} said"
    if owner and speaker.role:
        return f"{owner}'s {speaker.role} said"
    return f"{owner or speaker.role} said"


def words(texts: Any) -> str:
    """The distinct words of some texts, lower-cased, once each in the order first met, joined by spaces.

    What a word filter needs to search: a word found in the texts is found here, and the map's filter text
    of a principle grows with its vocabulary, not with its findings (joined whole, it made the index page
    66 MB at 100k findings)."""
    texts = [texts] if isinstance(texts, str) else texts
    # One text of them all, lower-cased and split once: the same words in the same order (a space between two
    # texts splits as a line break does), at half the cost of a text at a time.
    return " ".join(dict.fromkeys(" ".join([str(text) for text in texts if text]).lower().split()))
