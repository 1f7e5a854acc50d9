"""Compare who says what about which principle.

The analysis behind `lucli compare` and `lucli show`: the stance matrix (every
principle against every organisation, with the gaps), one principle's positions,
one organisation's or source's positions across the taxonomy, and two or more
organisations or sources side by side. Positions and verdicts are defined in
`lucli.analysis.verdicts`; this module only selects and arranges them, so every view
uses the same definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from lucli.analysis.resolve import Target, resolve
from lucli.analysis.verdicts import Gaps, Verdict, combine, gaps, position, verdicts
from lucli.analysis.voices import Exchange, Voice, exchanges, voices
from lucli.analysis.voices import short_name as short_name
from lucli.errors import UsageError
from lucli.records.corpus import Corpus
from lucli.records.model import Finding

TARGET_KINDS = ("organisation", "source")


@dataclass(frozen=True)
class Matrix:
    """Every principle against every organisation that published evidence."""

    voices: tuple[Voice, ...]
    """Columns: the evidence voices, then the subject voices, each in organisations.yaml order."""
    rows: tuple[Verdict, ...]
    """One verdict per principle, most evidence voices speaking first."""
    gaps: Gaps
    """Unaddressed and single-voice principles, and notable silences."""


def stance_matrix(corpus: Corpus, principles: tuple[str, ...] = ()) -> Matrix:
    """Build the stance matrix, keeping only `principles` when any are given."""
    def kept(pid: str) -> bool:
        return not principles or pid in principles

    all_verdicts = verdicts(corpus)
    found = gaps(corpus, all_verdicts)
    narrowed = Gaps(tuple(p for p in found.unaddressed if kept(p)),
                    tuple(p for p in found.single_voice if kept(p)),
                    tuple(s for s in found.silences if kept(s[1])))
    rows = tuple(v for v in all_verdicts if kept(v.principle))
    return Matrix(voices(corpus).all, rows, narrowed)


@dataclass(frozen=True)
class Stand:
    """Where one organisation or source stands on one principle."""

    target: Target
    """The organisation or source."""
    principle: str
    """Principle id."""
    stance: str
    """supports | opposes | qualifies | mixed | silent (as in `lucli.analysis.verdicts`)."""
    findings: tuple[Finding, ...]
    """The findings behind it, latest report first."""

    @property
    def speaks(self) -> bool:
        """True unless the target is silent on the principle."""
        return self.stance != "silent"


def stand(corpus: Corpus, target: Target, principle: str) -> Stand:
    """Work out where an organisation or source stands on a principle."""
    if target.kind == "organisation":
        found = position(corpus, target.id, principle)
        return Stand(target, principle, found.stance, found.findings)
    # A source's position uses the same rule as an organisation's, over its own findings only.
    # A source dropped by the filters has no findings, so it is silent, never neutral.
    source = corpus.sources.get(target.id)
    findings = tuple(f for f in (source.findings if source else ()) if f.stance_on(principle))
    stances = [s for f in findings if (s := f.stance_on(principle))]
    return Stand(target, principle, combine(stances), findings)


@dataclass(frozen=True)
class Profile:
    """One organisation's or source's positions across the taxonomy."""

    target: Target
    stands: tuple[Stand, ...]
    """Principles it addresses, in taxonomy order."""
    silent: tuple[str, ...]
    """Ids of principles it does not address, in taxonomy order."""


def profile(corpus: Corpus, target: Target, principles: tuple[str, ...] = ()) -> Profile:
    """Work out where a target stands on every principle (or on `principles` only)."""
    ids = [p for p in corpus.principles if not principles or p in principles]
    found = [stand(corpus, target, p) for p in ids]
    return Profile(target, tuple(s for s in found if s.speaks), tuple(s.principle for s in found if not s.speaks))


@dataclass(frozen=True)
class Shared:
    """A principle that two or more of the compared targets address."""

    principle: str
    agreement: str
    """`agree` when every target that speaks holds the same position, else `differ`."""
    stands: tuple[Stand, ...]
    """One per target, in the order given (silent ones included)."""

    @property
    def opposition(self) -> bool:
        """True when one of them opposes or is mixed (not merely a caveat against plain support)."""
        return any(s.stance in ("opposes", "mixed") for s in self.stands)


@dataclass(frozen=True)
class Only:
    """The principles that only one of the compared targets addresses."""

    target: Target
    stands: tuple[Stand, ...]
    """In taxonomy order."""


@dataclass(frozen=True)
class Comparison:
    """Two or more organisations or sources side by side."""

    targets: tuple[Target, ...]
    shared: tuple[Shared, ...]
    """Principles at least two targets address, in taxonomy order."""
    only: tuple[Only, ...]
    """One entry per target, in the order given."""
    exchanges: tuple[Exchange, ...] = ()
    """Responses from one of the targets to another (challenges, rebuttals, endorsements, extensions)."""

    @property
    def differ(self) -> tuple[Shared, ...]:
        """Shared principles on which the targets differ."""
        return tuple(s for s in self.shared if s.agreement == "differ")

    @property
    def agree(self) -> tuple[Shared, ...]:
        """Shared principles on which the targets agree."""
        return tuple(s for s in self.shared if s.agreement == "agree")


def compare_targets(corpus: Corpus, targets: tuple[Target, ...], principles: tuple[str, ...] = ()) -> Comparison:
    """Compare organisations or sources principle by principle."""
    shared: list[Shared] = []
    only: dict[str, list[Stand]] = {t.id: [] for t in targets}
    for pid in corpus.principles:
        if principles and pid not in principles:
            continue
        stands = tuple(stand(corpus, t, pid) for t in targets)
        speaking = [s for s in stands if s.speaks]
        if len(speaking) == 1:
            only[speaking[0].target.id].append(speaking[0])
        elif speaking:
            same = len({s.stance for s in speaking}) == 1
            shared.append(Shared(pid, "agree" if same else "differ", stands))
    return Comparison(targets, tuple(shared), tuple(Only(t, tuple(only[t.id])) for t in targets),
                      exchanges_between(corpus, targets))


def _covers(corpus: Corpus, target: Target, source_id: str) -> bool:
    if target.kind == "source":
        return target.id == source_id
    source = corpus.sources.get(source_id)
    return source is not None and target.id in source.publishers


def exchanges_between(corpus: Corpus, targets: tuple[Target, ...]) -> tuple[Exchange, ...]:
    """Responses that one target's findings make to another target's records."""
    found = []
    for e in exchanges(corpus):
        speakers = {t.id for t in targets if _covers(corpus, t, e.finding.source_id)}
        answered = {t.id for t in targets if _covers(corpus, t, e.target_source.id)}
        if speakers and answered and speakers != answered:
            found.append(e)
    return tuple(found)


def _exact_id(corpus: Corpus, text: str, kinds: tuple[str, ...]) -> Target | None:
    """The one record whose id is exactly `text`, if there is exactly one."""
    found = []
    if "principle" in kinds and (p := corpus.principles.get(text)):
        found.append(Target("principle", p.id, p.label))
    if "organisation" in kinds and (o := corpus.organisations.get(text)):
        found.append(Target("organisation", o.id, o.name))
    if "source" in kinds and (s := corpus.sources.get(text)):
        found.append(Target("source", s.id, s.title))
    if "finding" in kinds and (f := corpus.findings.get(text)):
        found.append(Target("finding", f.global_id, f.statement))
    return found[0] if len(found) == 1 else None


def resolve_target(corpus: Corpus, text: str, kinds: tuple[str, ...]) -> Target:
    """Resolve a name typed by the user; an exact id always wins, since ids are how users settle ambiguity."""
    return _exact_id(corpus, text, kinds) or resolve(corpus, text, kinds)


def resolve_targets(corpus: Corpus, texts: list[str]) -> tuple[Target, ...]:
    """Resolve what the user typed after `lucli compare`.

    One name may be a principle, an organisation or a source; two or more must
    be organisations or sources, each named once.
    """
    if len(texts) == 1:
        return (resolve_target(corpus, texts[0], ("principle", *TARGET_KINDS)),)
    found: list[Target] = []
    for text in texts:
        try:
            found.append(resolve_target(corpus, text, TARGET_KINDS))
        except UsageError as exc:
            _explain_principle_among_targets(corpus, text)
            if exc.hint and exc.hint.startswith("did you mean"):
                raise
            raise UsageError(exc.message, "`lucli list organisations` and `lucli list sources` show what there is"
                             ) from exc
        if found[-1] in found[:-1]:
            raise UsageError(f"'{text}' names {found[-1].kind} '{found[-1].id}' a second time",
                             "name each organisation or source once")
    return tuple(found)


def _explain_principle_among_targets(corpus: Corpus, text: str) -> None:
    # A principle among several targets is a common slip; say so rather than "no such organisation".
    try:
        named = resolve_target(corpus, text, ("principle",))
    except UsageError:
        return
    raise UsageError(f"'{text}' is a principle; compare takes one principle, or two or more "
                     "organisations or sources",
                     f"`lucli compare {named.id}` shows every organisation's position on it")
