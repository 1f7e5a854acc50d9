"""Write a synthetic evidence repository of any size that `lucli validate` accepts.

The benchmark needs corpora of 1k, 10k and 100k findings that look like the
real thing to the loader: one source per file with about ten findings each,
statements of 20-60 words in folded blocks, quotes of 8-25 words, titles of
5-12 words, a taxonomy of 30 principles and 50 organisations, one or two
publishers per source, dates between 2015 and 2025 and a mix of stances
(opposes included). A small share of statements are near-copies of earlier
ones, so `lucli dedupe` has real work to do.

Its voices look like a real evidence base's: eight pairs of organisations
publish some sources together (each pair one voice), the other organisations
publish alone, and one organisation is the government whose policy is under
review (the subject). With `responses`, that share of findings respond to
another organisation's source or finding, half of them to the government's
(about a third of the bundled corpus's findings respond to another record).

Everything is drawn from one seeded random generator: the same size and seed
always give byte-identical files.

    python bench/synth.py 10000 /tmp/corpus-10k
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from dataclasses import dataclass
from pathlib import Path

PRINCIPLES = [
    ("place-based-policy", "Place-based policy", ["place-based", "tailored to local need"]),
    ("devolution", "Devolution", ["devolve power", "devolution deals", "local control"]),
    ("long-term-funding", "Long-term funding", ["sustained funding", "multi-year settlements"]),
    ("single-pot-funding", "Single-pot funding", ["single pot", "single budget", "consolidated funding"]),
    ("end-competitive-bidding", "End competitive bidding", ["competitive bidding", "bidding pots"]),
    ("accountability-and-metrics", "Accountability and metrics", ["accountability", "metrics"]),
    ("local-data", "Local data", ["sub-national data", "granular data"]),
    ("clear-objectives", "Clear objectives", ["define success", "coherent strategy"]),
    ("central-coordination", "Central coordination", ["central leadership", "cross-departmental plans"]),
    ("institutional-capacity", "Institutional capacity", ["capacity", "capability development"]),
    ("community-voice", "Community voice", ["lived experience", "community governance"]),
    ("social-infrastructure", "Social infrastructure", ["community infrastructure", "community facilities"]),
    ("skills-and-education", "Skills and education", ["skills", "workforce development"]),
    ("independent-scrutiny", "Independent scrutiny", ["independent body", "watchdog"]),
    ("public-support", "Public support", ["buy-in", "public expectations"]),
    ("targeting-need", "Targeting need", ["greatest need", "left behind"]),
    ("civil-society-partnership", "Civil society partnership", ["voluntary sector", "civil society"]),
    ("outcome-focus", "Outcome focus", ["outcomes", "results for citizens"]),
    ("fiscal-devolution", "Fiscal devolution", ["local taxation", "retained growth"]),
    ("representative-leadership", "Representative leadership", ["diverse leaders", "future leaders"]),
    ("joined-up-public-services", "Joined-up public services", ["place budgets", "prevention"]),
    ("realistic-ambition", "Realistic ambition", ["level of ambition", "unrealistic timetable"]),
    ("policy-stability", "Policy stability", ["policy churn", "no quick fix"]),
    ("cross-cutting-policy", "Cross-cutting policy", ["holistic approach", "cross-cutting"]),
    ("clear-roles", "Clear roles", ["who decides what", "division of responsibilities"]),
    ("avoid-levelling-down", "Avoid levelling down", ["levelling down", "growth everywhere"]),
    ("transport-connectivity", "Transport connectivity", ["local transport", "bus services"]),
    ("housing-supply", "Housing supply", ["affordable housing", "housebuilding"]),
    ("health-inequalities", "Health inequalities", ["healthy life expectancy", "public health"]),
    ("private-investment", "Private investment", ["inward investment", "business investment"]),
]

ORG_KINDS = ("think-tank", "professional-body", "university", "association", "government", "parliament",
             "media", "other")
ORG_STEMS = ("Centre for", "Institute for", "Foundation for", "Commission on", "Network for", "Observatory of")
ORG_TOPICS = ("Regional Growth", "Local Government", "Place", "Public Finance", "Cities", "Towns", "Communities",
              "Fiscal Studies", "Social Policy", "Economic Renewal", "Devolution", "Civic Life", "Productivity",
              "Northern Futures", "Rural Policy", "Urban Renewal", "Inclusive Growth")

PARTNERSHIPS = 8
"""Pairs of organisations (the first sixteen, two by two) that publish some of their sources together, as real joint
reports do. Only within a pair: co-publishers are grouped into one voice transitively, and random pairs over
10,000 sources chained all fifty organisations into one voice, which left the benchmark no independent voice."""
JOINT_SHARE = 0.25
"""Share of a partner's sources published with its partner."""
SUBJECT = 49
"""The organisation whose policy is under review (kind government); no other organisation is a government."""
RELATIONS = ("challenges", "challenges", "rebuts", "endorses", "extends")
ABOUT = ("aims", "design", "timing", "evidence")
KEPT_TARGETS = 2000
"""Earlier sources a response may answer (the most recent ones written), so memory stays bounded."""

SOURCE_KINDS = ("report", "report", "report", "essay-collection", "inquiry", "white-paper", "press-release",
                "article")
FINDING_KINDS = ("finding", "recommendation", "critique", "target")
STANCES = ("supports",) * 6 + ("qualifies",) * 3 + ("opposes",) * 2
BASES = ("case-study", "international-comparison", "expert-panel", "roundtable", "quantitative",
         "literature-review", "opinion")
ACTORS = ("central-government", "local-government", "combined-authorities", "treasury", "dluhc", "businesses",
          "civil-society", "mayors", "parliament")
FIRST_NAMES = ("Amira", "Ben", "Charlotte", "David", "Eleanor", "Farah", "George", "Hannah", "Imran", "Joanna",
               "Kwame", "Laura", "Mohammed", "Niamh", "Owen", "Priya", "Rhys", "Sarah", "Tom", "Yasmin")
SURNAMES = ("Ahmed", "Baker", "Campbell", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jones",
            "Khan", "Lewis", "Morgan", "Nolan", "Owusu", "Patel", "Roberts", "Smith", "Taylor", "Walsh")

# Plain policy vocabulary: no YAML-significant characters, so every generated text is safe in a folded block.
WORDS = """
local authorities councils combined authority mayors central government Whitehall Treasury departments funding
settlement budget grant allocation places regions towns cities communities residents economy growth productivity
investment infrastructure transport housing skills education employment wages health wellbeing inequality
disparities outcomes evidence evaluation monitoring accountability metrics targets missions strategy objectives
delivery capacity capability officers staff partnerships businesses employers universities colleges voluntary
sector charities civil society trust confidence engagement consultation powers responsibilities decisions
devolution deals frameworks programmes schemes funds pots bidding competition rounds timetable years decade
long term short term flexibility ring fenced consolidated single pot local needs priorities plans progress
reporting data statistics indicators baseline analysis review assessment barriers risks costs value money
should must could would needs requires lacks shows suggests finds argues warns recommends calls for expects
the a an of to in on for with by from across between within without more less greater stronger weaker new
existing current recent previous national regional local public private social economic political fiscal
""".split()


# Real prose has a long tail of rare words (places, programmes, names): 30,000 made-up place-like words
# drawn with Zipf weights (the r-th most common about 1/r as frequent), so that rare words are rare and
# `lucli dedupe` can block on them as it would on real statements.
_SYLLABLES = ("bar ton ley mor ham ford wick den stow bury lan cas wor ing ash brid chel dun ell far gate holm "
              "kirk low mere nor pen ridge sand thorn wal yar").split()
TAIL = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", *_SYLLABLES)})[:30_000]
random.Random(0).shuffle(TAIL)
_TAIL_WEIGHTS = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(TAIL))))
TAIL_SHARE = 0.25
"""Share of the words in a text drawn from the tail."""


@dataclass(frozen=True)
class Stats:
    """What `generate` wrote."""

    sources: int
    findings: int
    organisations: int
    principles: int
    bytes: int


def generate(root: Path, findings: int, seed: int = 1, responses: float = 0.0) -> Stats:
    """Write `root`/evidence/ with exactly `findings` findings in about findings/10 source files, `responses` of
    them responding to another organisation's record."""
    rng = random.Random(seed)
    evidence = root / "evidence"
    (evidence / "sources").mkdir(parents=True, exist_ok=True)
    organisations = _organisations(rng)
    written = _write(evidence / "organisations.yaml", _organisations_yaml(organisations))
    written += _write(evidence / "principles.yaml", _principles_yaml(rng))
    statements: list[str] = []
    targets = _Targets([], [])
    counts = _finding_counts(rng, findings)
    for number, count in enumerate(counts):
        stem, text = _source(rng, number, count, [o[0] for o in organisations], statements, targets, responses)
        written += _write(evidence / "sources" / f"{stem}.yaml", text)
    return Stats(len(counts), findings, len(organisations), len(PRINCIPLES), written)


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _finding_counts(rng: random.Random, total: int) -> list[int]:
    """About ten findings per source (6-14), summing exactly to `total`."""
    files = max(1, round(total / 10))
    counts = [total // files + (1 if i < total % files else 0) for i in range(files)]
    for i in range(0, files - 1, 2):  # move findings between neighbours: same total, varied sizes
        shift = rng.randint(0, min(4, counts[i + 1] - 1))
        counts[i] += shift
        counts[i + 1] -= shift
    return counts


def _organisations(rng: random.Random) -> list[tuple[str, str, str, str]]:
    result = []
    for i in range(50):
        name = f"{ORG_STEMS[i % len(ORG_STEMS)]} {ORG_TOPICS[i % len(ORG_TOPICS)]} {_roman(i // 17 + 1)}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        slug = f"{acronym.lower()}-{i + 1}"
        kind = ORG_KINDS[rng.randrange(len(ORG_KINDS) - 1)]
        result.append((slug, name, "government" if i == SUBJECT else kind if kind != "government" else "other",
                       acronym))
    return result


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV")[n - 1]


def _organisations_yaml(organisations: list[tuple[str, str, str, str]]) -> str:
    lines = []
    for slug, name, kind, acronym in organisations:
        lines += [f"- id: {slug}", f"  name: {name}", f"  kind: {kind}",
                  f"  url: https://www.example.org/{slug}", f"  aliases: [{acronym}]"]
    return "\n".join(lines) + "\n"


def _principles_yaml(rng: random.Random) -> str:
    ids = [p[0] for p in PRINCIPLES]
    lines = []
    for pid, label, aliases in PRINCIPLES:
        related = rng.sample([i for i in ids if i != pid], 2)
        lines += [f"- id: {pid}", f"  label: {label}",
                  f"  description: {_sentence(rng, 12, 24)}",
                  f"  aliases: [{', '.join(aliases)}]", f"  related: [{', '.join(related)}]"]
    return "\n".join(lines) + "\n"


def _words(rng: random.Random, low: int, high: int) -> list[str]:
    count = rng.randint(low, high)
    words = [rng.choice(WORDS) for _ in range(count)]
    rare = sum(rng.random() < TAIL_SHARE for _ in range(count))
    places = rng.sample(range(count), rare)
    for word, where in zip(rng.choices(TAIL, cum_weights=_TAIL_WEIGHTS, k=rare), places, strict=True):
        words[where] = word.capitalize() if rng.random() < 0.5 else word
    return words


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = _words(rng, low, high)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _folded(text: str, indent: str) -> list[str]:
    """Wrap text at about 80 columns as the body of a folded block scalar."""
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + len(word) + 1 > 80:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [indent + line]


def _date(rng: random.Random) -> str:
    year, month = rng.randint(2015, 2025), rng.randint(1, 12)
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else f"{year}-{month:02d}"


@dataclass(frozen=True)
class _Targets:
    """Earlier sources a finding may respond to: (id, publishers, finding ids), the subject's apart."""

    others: list[tuple[str, tuple[str, ...], list[str]]]
    subject: list[tuple[str, tuple[str, ...], list[str]]]

    def keep(self, stem: str, publishers: list[str], finding_ids: list[str], subject: str) -> None:
        kept = self.subject if subject in publishers else self.others
        kept.append((stem, tuple(publishers), finding_ids))
        if len(kept) > KEPT_TARGETS:
            kept.pop(0)

    def response(self, rng: random.Random, publishers: list[str]) -> list[str]:
        """A `responds_to` entry of another organisation's source or finding, or none."""
        kept = self.subject if self.subject and rng.random() < 0.5 else self.others
        if not kept:
            return []
        stem, by, finding_ids = rng.choice(kept)
        if set(by) & set(publishers):
            return []
        ref = stem if rng.random() < 0.3 else f"{stem}#{rng.choice(finding_ids)}"
        return ["    responds_to:",
                f"      - {{ref: {ref}, relation: {rng.choice(RELATIONS)}, about: {rng.choice(ABOUT)}}}"]


def _publishers(rng: random.Random, organisations: list[str]) -> list[str]:
    """One organisation, or (JOINT_SHARE of a partner's sources) it and its partner."""
    first = rng.randrange(len(organisations))
    if first < 2 * PARTNERSHIPS and rng.random() < JOINT_SHARE:
        return [organisations[first], organisations[first ^ 1]]
    return [organisations[first]]


def _source(rng: random.Random, number: int, count: int, organisations: list[str],
            statements: list[str], targets: _Targets, responses: float) -> tuple[str, str]:
    publishers = _publishers(rng, organisations)
    published = _date(rng)
    title_words = _words(rng, 5, 12)
    stem = f"{publishers[0]}-{published[:4]}-{title_words[0].lower()}-{number:06d}"
    lines = [f"id: {stem}", f'title: "{" ".join(title_words).capitalize()}"',
             f"publishers: [{', '.join(publishers)}]"]
    if rng.random() < 0.8:
        lines.append(f"authors: [{', '.join(_author(rng) for _ in range(rng.randint(1, 3)))}]")
    lines += [f"published: {published}", f"kind: {rng.choice(SOURCE_KINDS)}",
              f"url: https://www.example.org/reports/{stem}", "summary: >"]
    lines += _folded(_sentence(rng, 40, 80), "  ")
    if rng.random() < 0.2:
        lines += ["reported_in:", "  - outlet: Local Government Chronicle",
                  f'    title: "{_sentence(rng, 6, 12)[:-1]}"', f"    date: {published[:7]}"]
    lines.append("findings:")
    finding_ids = []
    for index in range(count):
        finding = _finding(rng, index, statements)
        finding_ids.append(finding[0].split(": ", 1)[1])
        if responses and rng.random() < responses:
            finding += targets.response(rng, publishers)
        lines += finding
    targets.keep(stem, publishers, finding_ids, organisations[SUBJECT])
    return stem, "\n".join(lines) + "\n"


def _author(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _finding(rng: random.Random, index: int, statements: list[str]) -> list[str]:
    statement = _statement(rng, statements)
    words = statement.lower().split()
    lines = [f"  - id: {words[0].strip('.')}-{words[1].strip('.')}-{index + 1}".replace("--", "-"),
             f"    kind: {rng.choice(FINDING_KINDS)}", "    statement: >"]
    lines += _folded(statement, "      ")
    if rng.random() < 0.6:
        lines.append(f'    quote: "{" ".join(_words(rng, 8, 25))}"')
    if rng.random() < 0.5:
        lines.append(f'    locator: "p. {rng.randint(1, 120)}"')
    lines.append("    principles:")
    for pid in rng.sample([p[0] for p in PRINCIPLES], rng.choice((1, 1, 2, 2, 3))):
        lines.append(f"      - {{id: {pid}, stance: {rng.choice(STANCES)}}}")
    if rng.random() < 0.5:
        lines.append(f"    basis: [{', '.join(rng.sample(BASES, rng.randint(1, 2)))}]")
    if rng.random() < 0.5:
        lines.append(f"    actors: [{', '.join(rng.sample(ACTORS, rng.randint(1, 2)))}]")
    return lines


def _statement(rng: random.Random, statements: list[str]) -> str:
    """A fresh statement of 20-60 words, or (2%) a near-copy of an earlier one for dedupe to find."""
    if statements and rng.random() < 0.02:
        words = rng.choice(statements).split()
        words[rng.randrange(1, len(words))] = rng.choice(WORDS)
        return " ".join(words)
    words = _words(rng, 20, 60)
    if rng.random() < 0.05:  # a phrase a user might search for
        words[rng.randrange(len(words))] = "single pot funding"
    text = words[0].capitalize() + " " + " ".join(words[1:]) + "."
    if len(statements) < 5000:
        statements.append(text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line: python bench/synth.py FINDINGS FOLDER [--seed N]."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("findings", type=int, help="how many findings to write")
    parser.add_argument("folder", type=Path, help="repository root to create (evidence/ goes inside)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--responses", type=float, default=0.0,
                        help="share of findings that respond to another organisation's record (default 0)")
    args = parser.parse_args(argv)
    stats = generate(args.folder, args.findings, args.seed, args.responses)
    print(f"wrote {stats.sources} sources, {stats.findings} findings, {stats.bytes:,} bytes to {args.folder}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
