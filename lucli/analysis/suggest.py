"""Propose principles for findings, from their statement and quote, with the evidence for each proposal.

A finding is compared with each principle's label, aliases and description in
two ways: shared content words (stop words removed, light stemming, each word
weighted by how few principles use it), and rapidfuzz partial matching of the
label and aliases as phrases. The score (0–100) only ranks; the words that
matched are shown so an analyst can judge each proposal.

Findings are read file by file with `lucli.records.load.load_file`, so files that fail
validation, including findings with no principles yet, can still be tagged.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, utils

from lucli.records.model import STANCES, Finding, Principle

# General English function words, plus a few verbs that carry no topic ("should", "need").
STOP_WORDS = frozenset("""
a about above after again against all almost also although am among an and any are as at be because been before
being below between both but by can cannot could did do does doing done down during each either else enough etc
even ever every few for from further get gets got had has have having he her here hers him his how however i if in
into is it its itself just least less like made make makes many may me might more most much must my neither no nor
not now of off often on once one only onto or other others otherwise our ours out over own per perhaps quite rather
really said same says see seem seems several shall she should since so some such than that the their theirs them
then there these they this those though through thus to too under until up upon us use used using very via was we
well were what whatever when where whether which while who whom whose why will with within without would yet you
your yours need needs needed new way ways whole within across
""".split())

TRUNCATE = 5
"""Stems are cut to this many characters ('devolve', 'devolution' → 'devol'), a standard crude stemmer."""
LABEL_WEIGHT, ALIAS_WEIGHT, DESCRIPTION_WEIGHT = 3.0, 2.0, 1.0
PHRASE_CUTOFF = 90
"""A label or alias counts as a phrase match when rapidfuzz partial_ratio reaches this."""
PHRASE_WEIGHT = 3.0
SCALE = 10.0
"""Raw evidence of this size maps to a score of 63; the score only ranks."""


_SUFFIXES = (("sses", "ss"), ("ies", "y"), ("ied", "y"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"),
             ("ing", ""), ("ed", ""), ("ly", ""), ("s", ""))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a lower-case word to a crude stem: strip a plural or verb ending, then truncate."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: len(word) - len(suffix)] + replacement
            break
    return word[:TRUNCATE]


def words(text: str) -> list[tuple[str, str]]:
    """Return (word, stem) for each content word of a text, in order."""
    found = re.findall(r"[a-z][a-z']*[a-z]|[a-z]", text.lower().replace("’", "'"))
    return [(w, stem(w)) for w in (w.removesuffix("'s") for w in found) if w not in STOP_WORDS and len(w) > 2]


@dataclass(frozen=True)
class Suggestion:
    """One proposed principle for one finding."""

    principle: str
    label: str
    score: int
    """0–100; only meaningful for ranking."""
    matched: tuple[str, ...]
    """Words of the finding that the principle shares with it."""
    phrase: str | None = None
    """A label or alias found (nearly) as a phrase in the finding."""
    chosen: bool = False
    """True when the finding already names this principle."""

    def evidence(self) -> str:
        """The matched words and phrase, for people."""
        shown = list(self.matched) + ([f'"{self.phrase}"'] if self.phrase else [])
        return ", ".join(shown) or "-"


@dataclass(frozen=True)
class Target:
    """A finding to suggest principles for, read leniently from its file."""

    global_id: str
    statement: str
    quote: str | None
    chosen: tuple[str, ...]
    path: str = ""
    line: int = 0
    stances: tuple[str, ...] = ()
    """The stance for each chosen principle."""


@dataclass
class Suggester:
    """Principle profiles built once, then scored against any number of findings."""

    principles: list[Principle]
    use_aliases: bool = True
    profiles: dict[str, dict[str, float]] = field(init=False)
    idf: dict[str, float] = field(init=False)
    phrases: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.profiles, self.phrases = {}, {}
        for p in self.principles:
            profile: dict[str, float] = {}
            parts = [(p.description, DESCRIPTION_WEIGHT), (p.label, LABEL_WEIGHT)]
            parts += [(a, ALIAS_WEIGHT) for a in p.aliases] if self.use_aliases else []
            for text, weight in parts:
                for _, s in words(text):
                    profile[s] = max(profile.get(s, 0.0), weight)
            self.profiles[p.id] = profile
            names = [p.label, *(p.aliases if self.use_aliases else ())]
            self.phrases[p.id] = [utils.default_process(n) for n in names if len(n) >= 5]
        count = len(self.principles) or 1
        df: dict[str, int] = {}
        for profile in self.profiles.values():
            for s in profile:
                df[s] = df.get(s, 0) + 1
        # Words that many principles share tell them apart less.
        self.idf = {s: math.log(1 + count / n) for s, n in df.items()}

    def suggest(self, statement: str, quote: str | None = None, chosen: Iterable[str] = (),
                limit: int = 3) -> list[Suggestion]:
        """Rank the principles for one finding; return the best `limit`."""
        text = statement + (" " + quote if quote else "")
        tokens = words(text)
        stems = {s for _, s in tokens}
        processed = utils.default_process(text)
        chosen_set = set(chosen)
        ranked = []
        for p in self.principles:
            profile = self.profiles[p.id]
            shared = stems & profile.keys()
            raw = sum(profile[s] * self.idf[s] for s in shared)
            phrase = max(((fuzz.partial_ratio(n, processed), n) for n in self.phrases[p.id]), default=(0.0, ""))
            if phrase[0] >= PHRASE_CUTOFF:
                raw += PHRASE_WEIGHT * phrase[0] / 100
            score = round(100 * (1 - math.exp(-raw / SCALE)))
            matched = tuple(dict.fromkeys(w for w, s in tokens if s in shared))
            hit = phrase[1] if phrase[0] >= PHRASE_CUTOFF else None
            ranked.append(Suggestion(p.id, p.label, score, matched, hit, p.id in chosen_set))
        # Ties keep taxonomy order, so output never depends on anything but the files.
        ranked.sort(key=lambda s: -s.score)
        return ranked[:limit]


# --- reading findings leniently ------------------------------------------------------------------------

def targets_from_findings(findings: Iterable[Finding]) -> list[Target]:
    """Turn loaded findings into suggestion targets."""
    return [Target(f.global_id, f.statement, f.quote, tuple(r.id for r in f.principles), f.loc.path, f.loc.line,
                   tuple(r.stance for r in f.principles)) for f in findings]


def targets_from_document(data: Any, source_id: str, path: str, marks: Any = None) -> list[Target]:
    """Read findings from a parsed source file that did not load as a record (e.g. a required field is missing)."""
    items = data.get("findings") if isinstance(data, dict) else None
    found = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("statement"), str):
            continue
        ident = item.get("id") if isinstance(item.get("id"), str) else f"#{index + 1}"
        listed = item.get("principles")
        refs = [r for r in (listed if isinstance(listed, list) else []) if isinstance(r, dict)
                and isinstance(r.get("id"), str)]
        chosen = tuple(r["id"] for r in refs)
        stances = tuple(r["stance"] if r.get("stance") in STANCES else "supports" for r in refs)
        quote = item.get("quote") if isinstance(item.get("quote"), str) else None
        line = marks.value_mark(("findings", index)).line if marks is not None else 0
        found.append(Target(f"{source_id}/{ident}", item["statement"].strip(), quote, chosen, path, line, stances))
    return found


@dataclass(frozen=True)
class Evaluation:
    """How often the analysts' own principles appear among the top suggestions."""

    findings: int
    any_hits: int
    """Findings where at least one chosen principle is in the top k."""
    all_hits: int
    """Findings where every chosen principle is in the top k."""
    k: int
    misses: tuple[str, ...] = ()
    """Global ids of findings with no chosen principle in the top k."""

    def rate(self, hits: int) -> float:
        """Share of findings, 0–1."""
        return hits / self.findings if self.findings else 0.0


def evaluate(suggester: Suggester, targets: list[Target], k: int = 3) -> Evaluation:
    """Measure the top-k hit rate over findings that already name principles."""
    tagged = [t for t in targets if t.chosen]
    any_hits = all_hits = 0
    misses = []
    for t in tagged:
        top = {s.principle for s in suggester.suggest(t.statement, t.quote, limit=k)}
        chosen = set(t.chosen)
        any_hits += bool(top & chosen)
        all_hits += chosen <= top
        if not top & chosen:
            misses.append(t.global_id)
    return Evaluation(len(tagged), any_hits, all_hits, k, tuple(misses))


def read_targets(project: Any, paths: list[Path], today: Any = None) -> tuple[list[Target], list[str]]:
    """Read findings from source files, tolerating validation errors; return them and any unreadable files."""
    targets: list[Target] = []
    unreadable: list[str] = []
    for found, problem in targets_by_file(project, paths, today):
        targets += found
        if problem is not None:
            unreadable.append(problem)
    return targets, unreadable


def targets_by_file(project: Any, paths: Iterable[Path],
                    today: Any = None) -> Iterator[tuple[list[Target], str | None]]:
    """The findings of each source file in turn, tolerating validation errors, with the problem that made a file
    unreadable (None when it was read): one file's findings held at a time, however many there are."""
    import datetime as dt

    from lucli.records.load import load_file, read_text
    from lucli.records.locations import display_path
    from lucli.records.yamlparse import parse

    for path in paths:
        shown = display_path(path)
        text, problem = read_text(path, shown, project.limits)
        if text is None:
            yield [], problem.format() if problem else shown
            continue
        result = load_file("source", text, shown, path.stem, project.limits, today or dt.date.today())
        if result.sources:
            yield targets_from_findings(result.sources[0].findings), None
            continue
        doc, problems = parse(text, shown, project.limits)
        if doc is None:
            yield [], problems[0].format() if problems else shown
            continue
        yield targets_from_document(doc.data, path.stem, shown, doc), None


def load_principles(project: Any) -> list[Principle]:
    """Read the principles file on its own, so suggestions work while source files are broken."""
    import datetime as dt

    from lucli.errors import DataError
    from lucli.records.load import load_file, read_text
    from lucli.records.locations import display_path

    path = project.evidence / "principles.yaml"
    shown = display_path(path)
    if not path.is_file():
        raise DataError(f"{shown} is missing", "every evidence folder needs principles.yaml")
    text, problem = read_text(path, shown, project.limits)
    if text is None:
        raise DataError(problem.format() if problem else f"{shown}: cannot read the file")
    principles = load_file("principles", text, shown, path.stem, project.limits, dt.date.today()).principles
    if not principles:
        raise DataError(f"{shown} holds no usable principles", "`lucli validate` shows what is wrong")
    return principles


# --- output ----------------------------------------------------------------------------------------------

def resolve_targets(project: Any, target: str | None) -> tuple[list[Path], str | None]:
    """Turn the SOURCE|FINDING argument into source files and an optional finding id to keep."""
    from lucli.errors import UsageError
    from lucli.records.hints import did_you_mean
    from lucli.records.project import evidence_files
    from lucli.records.schema import is_slug

    files = [p for kind, p in evidence_files(project) if kind == "source"]
    if target is None:
        return files, None
    path = Path(target)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return [path], None
    source, _, finding = target.partition("/")
    matches = [p for p in files if p.stem == source]
    if not matches or not is_slug(source):
        hint = did_you_mean(source, [p.stem for p in files])
        raise UsageError(f"no source file called '{source}'", hint or "`lucli list sources` shows the ids")
    return matches, (f"{source}/{finding}" if finding else None)


Suggested = tuple[Target, list[Suggestion]]
"""A finding and the principles proposed for it."""


def as_data(results: Iterable[Suggested]) -> list[dict[str, Any]]:
    """Plain data for JSON: each finding with its chosen principles and the suggestions."""
    return [_datum(t, found) for t, found in results]


def _datum(t: Target, found: list[Suggestion]) -> dict[str, Any]:
    return {"finding": t.global_id, "path": t.path, "line": t.line, "chosen": list(t.chosen),
            "suggestions": [{"principle": s.principle, "label": s.label, "score": s.score,
                             "matched": list(s.matched), "phrase": s.phrase, "chosen": s.chosen} for s in found]}


def json_pieces(results: Iterable[Suggested]) -> Iterator[str]:
    """`json.dumps(as_data(results), indent=2)` and a newline, a finding at a time, so that no more than one
    finding's text is held (at 100k findings the whole text is over a gigabyte)."""
    import json

    between = "[\n"
    for t, found in results:
        yield between + "\n".join("  " + line for line in json.dumps(_datum(t, found), indent=2,
                                                                   ensure_ascii=False).split("\n"))
        between = ",\n"
    yield "[]\n" if between == "[\n" else "\n]\n"


def table_pieces(results: Iterable[Suggested]) -> Iterator[str]:
    """One block per finding, a finding at a time: its id, then a line per suggestion with score, principle and
    matched words; the legend last."""
    between, chosen_shown = "", False
    for t, found in results:
        chosen = f"  (chosen: {', '.join(t.chosen)})" if t.chosen else "  (no principles yet)"
        lines = [t.global_id + chosen]
        width = max((len(s.principle) for s in found), default=0)
        for s in found:
            mark = "*" if s.chosen else " "
            chosen_shown = chosen_shown or s.chosen
            lines.append(f"  {s.score:3d} {mark} {s.principle:<{width}}  {s.evidence()}")
        yield between + "\n".join(lines)
        between = "\n\n"
    if between:
        legend = ("* already chosen; " if chosen_shown else "") + "scores rank principles for one finding; " \
            "they are not probabilities"
        yield "\n\n" + legend + "\n"


def yaml_pieces(results: Iterable[Suggested]) -> Iterator[str]:
    """A `principles:` snippet per finding, a finding at a time, indented to paste into the finding; stances are
    for you to check."""
    between = ""
    for t, found in results:
        out = [f"# {t.global_id}" + (f" ({t.path}:{t.line})" if t.path else ""), "    principles:"]
        stances = dict(zip(t.chosen, t.stances, strict=False))
        for s in found:
            note = "already chosen" if s.chosen else "check the stance"
            stance = stances.get(s.principle, "supports")
            out.append(f"      - {{id: {s.principle}, stance: {stance}}}   # score {s.score}; {note}: {s.evidence()}")
        yield between + "\n".join(out) + "\n"
        between = "\n"


def render_table(results: Iterable[Suggested]) -> str:
    """`table_pieces`, whole."""
    return "".join(table_pieces(results))


def render_yaml(results: Iterable[Suggested]) -> str:
    """`yaml_pieces`, whole."""
    return "".join(yaml_pieces(results))


def render_evaluation(with_aliases: Evaluation, without: Evaluation) -> str:
    """Describe the hit rates in words."""
    def line(e: Evaluation, what: str) -> str:
        return (f"{what}: at least one chosen principle in the top {e.k} for {e.any_hits} of {e.findings} findings "
                f"({100 * e.rate(e.any_hits):.1f} %); all of them for {e.all_hits} ({100 * e.rate(e.all_hits):.1f} %)")

    return (line(with_aliases, "labels, aliases and descriptions") + "\n"
            + line(without, "labels and descriptions only (no aliases)") + "\n")
