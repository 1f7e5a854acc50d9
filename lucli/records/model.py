"""The evidence records: organisations, principles, sources and their findings.

Records are frozen so that the index and renderers can share them freely.
Optional text fields are `None` when the file leaves them out: lucli never
fills in a date, author, page or URL that the analyst did not write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from lucli.records.frozen import quick_init

Stance = Literal["supports", "opposes", "qualifies"]
STANCES: tuple[str, ...] = ("supports", "opposes", "qualifies")
FINDING_KINDS: tuple[str, ...] = ("finding", "recommendation", "critique", "target")
SOURCE_KINDS: tuple[str, ...] = ("report", "essay-collection", "inquiry", "white-paper", "press-release",
                                  "article", "other")
CSL_TYPES = {"report": "report", "inquiry": "report", "white-paper": "report", "essay-collection": "book",
             "press-release": "article", "article": "article-newspaper", "other": "document"}
"""The Citation Style Language type of each source kind (for export and reference lists)."""
ORGANISATION_KINDS: tuple[str, ...] = ("think-tank", "professional-body", "university", "association", "government",
                                       "parliament", "media", "other")
BASES: tuple[str, ...] = ("case-study", "international-comparison", "expert-panel", "roundtable", "quantitative",
                          "literature-review", "opinion")
ROLES: tuple[str, ...] = ("evidence", "subject")
"""`evidence`: a voice in the synthesis; `subject`: the body whose policy is under review (format v1.1)."""
RELATIONS: tuple[str, ...] = ("challenges", "rebuts", "endorses", "extends")
"""How a finding responds to another record (format v1.1)."""
DISSENT: tuple[str, ...] = ("challenges", "rebuts")
"""The relations that disagree with what they respond to."""
ABOUT: tuple[str, ...] = ("aims", "design", "timing", "evidence")
"""What a response is about (optional)."""
SAID_BY_WORDS: tuple[str, ...] = ("report", "coverage")
"""`said_by` as a word: the source's own text, or the reporting outlet's paraphrase."""


@quick_init
@dataclass(frozen=True, slots=True)
class Loc:
    """Where a record starts in its file."""

    path: str
    line: int = 1
    col: int = 1


@quick_init
@dataclass(frozen=True, slots=True)
class Organisation:
    """A publisher: think tank, professional body, university, association or government."""

    id: str
    """Slug, unique in organisations.yaml."""
    name: str
    """Full name, e.g. 'Institute for Government'."""
    kind: str
    """One of ORGANISATION_KINDS."""
    url: str | None = None
    """Home page, http(s) only."""
    aliases: tuple[str, ...] = ()
    """Other names a user may type ('IfG')."""
    loc: Loc = Loc("")
    """Where the record starts."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    """Fields not in format v1, kept for templates."""
    role: str | None = None
    """evidence | subject as written, or None when left out (see `effective_role`)."""

    @property
    def effective_role(self) -> str:
        """The role that counts: as written, else `subject` for a government, else `evidence`."""
        return self.role or ("subject" if self.kind == "government" else "evidence")


@quick_init
@dataclass(frozen=True, slots=True)
class Principle:
    """A policy principle that findings are cross-referenced by."""

    id: str
    """Slug, unique in principles.yaml."""
    label: str
    """Short name in sentence case, e.g. 'Single-pot funding'."""
    description: str
    """One-sentence definition."""
    aliases: tuple[str, ...] = ()
    """Other phrases for the principle, used for fuzzy matching."""
    related: tuple[str, ...] = ()
    """Ids of related principles."""
    loc: Loc = Loc("")
    """Where the record starts."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    """Fields not in format v1, kept for templates."""
    locs: dict[str, Loc] = field(default_factory=dict, compare=False, repr=False)
    """Where each related id is written ('related.0')."""


@quick_init
@dataclass(frozen=True, slots=True)
class PrincipleRef:
    """How one finding bears on one principle."""

    id: str
    """Principle id."""
    stance: str = "supports"
    """supports | opposes | qualifies."""
    loc: Loc = Loc("")
    """Where the reference is written."""


@quick_init
@dataclass(frozen=True, slots=True)
class Coverage:
    """Press coverage or another place where the analyst read about a source."""

    outlet: str | None = None
    """Publication, e.g. 'LocalGov'."""
    title: str | None = None
    """Headline."""
    author: str | None = None
    """Journalist, when named."""
    date: str | None = None
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    url: str | None = None
    """Address of the coverage, http(s) only."""
    text: str | None = None
    """Archived copy, relative to evidence/, for quote checks."""
    note: str | None = None
    """Free text, e.g. when the outlet is not named (extension to v1)."""


@quick_init
@dataclass(frozen=True, slots=True)
class Speaker:
    """A person (or an organisation) whose words a quote is, rather than the report's own text."""

    name: str | None = None
    """The person's name, e.g. 'Rob Whiteman'."""
    role: str | None = None
    """Their role, e.g. 'chief executive'."""
    organisation: str | None = None
    """Id of the organisation they speak for."""
    loc: Loc = Loc("")
    """Where `said_by` is written."""


SaidBy = str | Speaker
"""`report`, `coverage`, or a `Speaker`."""


@quick_init
@dataclass(frozen=True, slots=True)
class Response:
    """One record a finding responds to: it challenges, rebuts, endorses or extends it."""

    ref: str
    """`source-id` or `source-id#finding-id`."""
    relation: str
    """One of RELATIONS."""
    about: str | None = None
    """aims | design | timing | evidence, when given."""
    loc: Loc = Loc("")
    """Where the ref is written."""

    @property
    def source_id(self) -> str:
        """The source responded to."""
        return self.ref.split("#", 1)[0]

    @property
    def finding_id(self) -> str | None:
        """The finding responded to, or None when the response is to the whole source."""
        return self.ref.split("#", 1)[1] if "#" in self.ref else None

    @property
    def target(self) -> str:
        """The global id (`source-id/finding-id`) or source id responded to."""
        return f"{self.source_id}/{self.finding_id}" if self.finding_id else self.source_id

    @property
    def dissents(self) -> bool:
        """True for challenges and rebuttals."""
        return self.relation in DISSENT


@quick_init
@dataclass(frozen=True, slots=True)
class ArchivedText:
    """An archived text of the source itself, as `lucli texts add` recorded it (format 1.1)."""

    file: str
    """The text, relative to evidence/ (e.g. texts/ifg-2022-missions.txt)."""
    sha256: str | None = None
    """SHA-256 of the text as written; a text that no longer matches is never trusted."""
    origin: str | None = None
    """The `from:` field: name of the file the text was extracted from (e.g. report.pdf)."""
    origin_sha256: str | None = None
    """SHA-256 of that file (`from_sha256:`)."""
    extracted_by: str | None = None
    """Tool and version that extracted it (e.g. 'pdfminer.six 20260107')."""
    pages: int | None = None
    """How many pages the text has (form feeds separate them)."""
    added: str | None = None
    """ISO date the text was added."""


@quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One finding, recommendation, critique or target reported by a source."""

    id: str
    """Slug, unique within its source."""
    source_id: str
    """Id of the source that reports it."""
    kind: str
    """finding | recommendation | critique | target."""
    statement: str
    """The analyst's paraphrase."""
    principles: tuple[PrincipleRef, ...]
    """Principles it bears on, with stance."""
    quote: str | None = None
    """Verbatim words from the source or its coverage."""
    locator: str | None = None
    """Page, section or paragraph."""
    basis: tuple[str, ...] = ()
    """Kinds of evidence it rests on."""
    actors: tuple[str, ...] = ()
    """Who is asked to act or is assessed."""
    loc: Loc = Loc("")
    """Where the record starts."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    """Fields not in format v1, kept for templates."""
    said_by: SaidBy | None = None
    """Whose words the quote is: 'report', 'coverage' or a Speaker (format v1.1); None when not said."""
    outlet: str | None = None
    """With `said_by: coverage`, which of the source's `reported_in` outlets paraphrased it."""
    responds_to: tuple[Response, ...] = ()
    """Records this finding challenges, rebuts, endorses or extends (format v1.1)."""

    @property
    def global_id(self) -> str:
        """`source-id/finding-id`, unique in the repository."""
        return f"{self.source_id}/{self.id}"

    def stance_on(self, principle_id: str) -> str | None:
        """Return this finding's stance on a principle, or None if it does not address it."""
        for ref in self.principles:
            if ref.id == principle_id:
                return ref.stance
        return None


@quick_init
@dataclass(frozen=True, slots=True)
class Source:
    """One report, essay collection, inquiry or white paper."""

    id: str
    """Slug, equal to the file stem."""
    title: str
    """Title as published."""
    publishers: tuple[str, ...]
    """Organisation ids, at least one."""
    published: str
    """ISO date: YYYY-MM-DD, YYYY-MM or YYYY."""
    kind: str
    """One of SOURCE_KINDS."""
    findings: tuple[Finding, ...] = ()
    """What the source finds and recommends."""
    authors: tuple[str, ...] = ()
    """Named authors, when known."""
    url: str | None = None
    """Address of the source, http(s) only."""
    summary: str | None = None
    """The analyst's summary."""
    reported_in: tuple[Coverage, ...] = ()
    """Where the analyst read about it."""
    text: str | None = None
    """Archived copy, relative to evidence/, for quote checks."""
    texts: tuple[ArchivedText, ...] = ()
    """Archived texts of the source with their provenance, as `lucli texts add` wrote them."""
    path: str = ""
    """File the source was read from."""
    loc: Loc = Loc("")
    """Where the record starts."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    """Fields not in format v1, kept for templates."""
    locs: dict[str, Loc] = field(default_factory=dict, compare=False, repr=False)
    """Where cross-file references are written ('publishers.0', 'text', 'reported_in.1.text')."""

    @property
    def year(self) -> int:
        """Year of publication."""
        return int(self.published[:4])


@quick_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """Every record of one evidence repository, as loaded."""

    organisations: tuple[Organisation, ...] = ()
    principles: tuple[Principle, ...] = ()
    sources: tuple[Source, ...] = ()
