"""The `add` commands: `add source` writes a new source file, `add finding` appends a finding to one.

Each command parses its options (asking for missing ones only on a terminal),
calls one core function (`lucli.authoring.new_source.new_source`, `lucli.authoring.append.new_finding`),
and writes the result. Files are written atomically, and only after lucli's
loader has accepted their new text.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from lucli.cli.common import RootOption, choose, emit, handles_errors, say
from lucli.cli.conventions import LucliCommand, LucliGroup
from lucli.cli.writable import open_writable
from lucli.errors import UsageError

add_app = typer.Typer(help="Add a source, a finding, an organisation or a principle, checked before it is written.",
                      no_args_is_help=True, cls=LucliGroup)

Many = list[str] | None


METAVARS = {"--id": "ID", "--title": "TEXT", "--publisher": "ORGANISATION", "--published": "DATE", "--kind": "KIND",
            "--url": "URL", "--author": "NAME", "--summary": "TEXT", "--text": "PATH", "--statement": "TEXT",
            "--quote": "TEXT", "--locator": "TEXT", "--principle": "ID[:STANCE]", "--basis": "BASIS",
            "--actor": "NAME"}
"""What each option's value is, as the help shows it."""


def _opt(*names: str, help: str | None = None) -> Any:
    """A typer option with no default shown; the last positional argument is the help text unless `help` is given."""
    if help is None:
        *names_list, help = names
        names = tuple(names_list)
    return typer.Option(*names, help=help, show_default=False, metavar=METAVARS.get(names[0]))


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(label: str, check: Callable[[str], Any], *, optional: bool = False, default: str | None = None) -> Any:
    """Prompt until `check` accepts the answer; a blank answer to an optional question gives None."""
    while True:
        answer = typer.prompt(label, default=default if default is not None else ("" if optional else None),
                              show_default=default is not None)
        if optional and not answer.strip():
            return None
        try:
            return check(answer.strip())
        except (UsageError, typer.BadParameter) as exc:
            say(f"  {exc.format() if isinstance(exc, UsageError) else exc.message}")


def _given(value: Any) -> bool:
    """Whether an option was given at all: `--title ""` was, and is then refused as empty rather than missing."""
    return value is not None and value != []


def _required(missing: list[str]) -> None:
    if missing:
        raise UsageError(f"missing {', '.join(missing)}",
                         "give every required option, or run the command on a terminal to be asked for them")


def _pick(text: str, options: dict[str, list[str]], what: str) -> str:
    from lucli.authoring.userinput import fuzzy_pick

    found, nearest = fuzzy_pick(text, options)
    if found is None:
        hint = f"did you mean {' or '.join(repr(n) for n in nearest)}?" if nearest else f"known: {', '.join(options)}"
        raise UsageError(f"no {what} called '{text}'", hint)
    if found != text:
        say(f"  taken as {found}")
    return found


def _known_publishers(project: Any, loaded: Any, corpus: Any, values: list[str], wizard: bool) -> tuple[str, ...]:
    """Resolve publishers to organisation ids; one that matches nothing is offered for adding on a terminal."""
    from lucli.authoring.userinput import fuzzy_pick

    options = {o.id: [o.id, o.name, *o.aliases] for o in corpus.organisations.values()}
    ids = []
    for value in (v.strip() for v in values if v.strip()):
        found, nearest = fuzzy_pick(value, options)
        if found is not None:
            if found != value:
                say(f"  taken as {found}")
            ids.append(found)
            continue
        if nearest or not wizard:
            raise unknown_publisher(value, nearest)
        if not typer.confirm(f"No organisation called '{value}'. Add it to organisations.yaml now?", default=True):
            raise unknown_publisher(value, nearest)
        ids.append(ask_organisation(project, loaded, value).id)
    if not ids:
        raise UsageError("give at least one publisher")
    return tuple(dict.fromkeys(ids))


def _text(option: str) -> Callable[[str], str]:
    from lucli.authoring.userinput import clean_text

    return lambda text: clean_text(text, option)


@add_app.command("source", cls=LucliCommand)
@handles_errors
def add_source(
    id: Annotated[str | None, _opt("--id", "Source id, a slug (default: first publisher, year and title words).")]
    = None,
    title: Annotated[str | None, _opt("--title", "Title as published.")] = None,
    publisher: Annotated[Many, _opt("--publisher", "Organisation id, name or alias (repeatable).")] = None,
    published: Annotated[str | None, _opt("--published", "Date: YYYY-MM-DD, YYYY-MM or YYYY; leave out what is "
                                                         "not known.")] = None,
    kind: Annotated[str | None, _opt("--kind", "report, essay-collection, inquiry, white-paper, press-release, "
                                               "article or other.")] = None,
    url: Annotated[str | None, _opt("--url", "Address of the source (http or https).")] = None,
    author: Annotated[Many, _opt("--author", "A named author (repeatable).")] = None,
    summary: Annotated[str | None, _opt("--summary", "Your summary, in your own words.")] = None,
    text: Annotated[str | None, _opt("--text", "Archived copy of the source for `lucli verify`, relative to "
                                               "evidence/, e.g. texts/name.txt.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the file instead of writing it.")] = False,
    root: RootOption = None,
) -> None:
    """Write a new source file, evidence/sources/<id>.yaml, checked before it is written.

    Missing options are asked for when run on a terminal; otherwise they are a usage error (exit 2).
    An existing file is never written over.
    """
    from lucli.authoring.new_source import SourceDraft, default_source_id, new_source
    from lucli.authoring.userinput import check_date, check_url
    from lucli.records.model import SOURCE_KINDS

    project, loaded, corpus = open_writable(root)
    wizard = _interactive() and not all((title, publisher, published, kind))
    if not wizard:
        _required([o for o, v in (("--title", title), ("--publisher", publisher), ("--published", published),
                                  ("--kind", kind)) if not _given(v)])
    kinds = {k: [k] for k in SOURCE_KINDS}
    title = _text("--title")(title) if title is not None else _ask("Title", _text("title"))
    if publisher:
        publishers = _known_publishers(project, loaded, corpus, publisher, _interactive())
    else:
        if len(corpus.organisations) <= 30:
            say("Known organisations: " + ", ".join(corpus.organisations))
        publishers = _ask("Publishers (ids or names, comma-separated)",
                          lambda t: _known_publishers(project, loaded, corpus, t.split(","), True))
    if set(publishers) - set(corpus.organisations):
        project, loaded, corpus = open_writable(root)  # read the organisations just added
    published = check_date(published, "--published") if published is not None else _ask(
        "Published (YYYY-MM-DD, YYYY-MM or YYYY)", lambda t: check_date(t, "published"))
    if kind is not None:
        kind = choose(kind, SOURCE_KINDS, "--kind")
    else:
        kind = _ask(f"Kind ({', '.join(SOURCE_KINDS)})", lambda t: _pick(t, kinds, "kind"))
    url = check_url(url) if url else (_ask("URL (blank if none)", check_url, optional=True) if wizard else None)
    authors = tuple(" ".join(a.split()) for a in author or ())
    if wizard and not authors:
        typed = _ask("Authors (comma-separated, blank if none are named)", str, optional=True)
        authors = tuple(a.strip() for a in (typed or "").split(",") if a.strip())
    if wizard and not summary:
        summary = _ask("Summary in your own words (blank to skip)", str, optional=True)
    if wizard and not text:
        text = _ask("Archived copy of the text, relative to evidence/ (blank if none)",
                    lambda t: _archive(project, t), optional=True)
    suggested = default_source_id(publishers[0], published, title)
    source_id = id or (_ask("Id", lambda t: _new_id(project, t), default=suggested) if wizard else suggested)
    draft = SourceDraft(source_id, title, publishers, published, kind, authors, url,
                        " ".join(summary.split()) if summary else None, text)
    new = new_source(project, loaded.evidence, draft)
    _finish(new, dry_run, wizard, overwrite=False)
    if not dry_run:
        say(f"next: lucli add finding {source_id} --statement \"…\" --kind finding --principle ID")


def _archive(project: Any, text: str) -> str:
    if not (project.evidence / text).is_file():
        raise UsageError(f"no file {text} in {project.evidence.name}/", "save the text under evidence/texts/ first")
    return text


def _new_id(project: Any, text: str) -> str:
    from lucli.authoring.new_source import source_path

    if source_path(project, text).exists():
        raise UsageError(f"a source called '{text}' already exists", "choose another id")
    return text


def _added(before: str, after: str) -> str:
    """The lines `after` adds to `before`, for a preview."""
    import difflib

    diff = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), n=0)
    return "".join(line[1:] for line in diff if line.startswith("+") and not line.startswith("+++"))


def _finish(new: Any, dry_run: bool, confirm: bool, *, overwrite: bool, prefix: str = "",
            original: str | None = None) -> None:
    """Print warnings, then print or write the checked text."""
    from lucli.atomic import write_atomic
    from lucli.errors import DataError
    from lucli.records.locations import display_path

    for warning in new.warnings:
        say(warning.format())
    shown = display_path(new.path)
    if dry_run:
        emit(new.text, None)
        say(f"{shown}: valid; not written (--dry-run)")
        return
    if confirm:
        sys.stderr.write(new.text if original is None else _added(original, new.text))
        if not typer.confirm(f"Write {shown}?", default=True):
            say("nothing written")
            raise typer.Exit(1)
    if original is not None and new.path.read_bytes().decode("utf-8-sig", errors="replace") != original:
        raise DataError(f"{shown} changed while lucli was editing it; nothing was written", "run the command again")
    try:
        write_atomic(new.path, prefix + new.text, overwrite=overwrite)
    except FileExistsError as exc:
        raise UsageError(f"{shown} already exists; lucli never writes over a source file") from exc
    except OSError as exc:
        raise DataError(f"{shown}: cannot write: {exc.strerror or exc}") from exc
    say(f"wrote {shown}")


def _ask_principles(corpus: Any, statement: str, quote: str | None) -> tuple[tuple[str, str], ...]:
    from lucli.analysis.suggest import Suggester
    from lucli.authoring.userinput import principle_refs

    ranked = Suggester(list(corpus.principles.values())).suggest(statement, quote, limit=5)
    for number, s in enumerate(ranked, start=1):
        say(f"  {number}. {s.principle} ({s.label}), score {s.score}: {s.evidence()}")

    def check(text: str) -> tuple[tuple[str, str], ...]:
        values = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            head, _, stance = part.partition(":")
            if head.isdigit() and 1 <= int(head) <= len(ranked):
                head = ranked[int(head) - 1].principle
            values.append(f"{head}:{stance}" if stance else head)
        return principle_refs(values, corpus)

    refs: tuple[tuple[str, str], ...] = _ask(
        "Principles (numbers above, ids or labels, comma-separated; add :opposes or :qualifies)", check)
    return refs


@add_app.command("finding", cls=LucliCommand)
@handles_errors
def add_finding(
    source: Annotated[str, typer.Argument(help="The source: its id, its file, or its title.", show_default=False,
                                          metavar="SOURCE")],
    id: Annotated[str | None, _opt("--id", "Finding id, a slug (default: from the statement).")] = None,
    kind: Annotated[str | None, _opt("--kind", "finding, recommendation, critique or target.")] = None,
    statement: Annotated[str | None, _opt("--statement", "The claim in your own words.")] = None,
    quote: Annotated[str | None, _opt("--quote", "Words copied exactly from the source.")] = None,
    locator: Annotated[str | None, _opt("--locator", "Page, section or paragraph, e.g. 'p. 4'.")] = None,
    principle: Annotated[Many, _opt("--principle", "-p", help="ID[:stance]; stance supports (default), opposes "
                                    "or qualifies; ids, labels and aliases work (repeatable).")] = None,
    basis: Annotated[Many, _opt("--basis", "case-study, international-comparison, expert-panel, roundtable, "
                                           "quantitative, literature-review or opinion (repeatable).")] = None,
    actor: Annotated[Many, _opt("--actor", "Who is asked to act or is assessed, a slug such as central-government "
                                           "(repeatable).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file instead of writing it.")] = False,
    root: RootOption = None,
) -> None:
    """Append a finding to a source file, leaving the rest of the file exactly as it was.

    The new text is checked, principles included, before it is written; if it is not valid, nothing is written.
    Missing options are asked for when run on a terminal (with suggested principles).
    """
    from lucli.authoring.append import FindingDraft, finding_id, new_finding, read_source, taken_finding_ids
    from lucli.authoring.userinput import locate_source, principle_refs
    from lucli.records.locations import display_path
    from lucli.records.model import BASES, FINDING_KINDS
    from lucli.records.schema import is_slug

    project, loaded, corpus = open_writable(root)
    path = locate_source(project, corpus, source)
    text, bom = read_source(path, project)
    taken = taken_finding_ids(text, display_path(path))
    wizard = _interactive() and not all((kind, statement, principle))
    if not wizard:
        _required([o for o, v in (("--statement", statement), ("--kind", kind), ("--principle", principle))
                   if not _given(v)])
    statement = _text("--statement")(statement) if statement is not None else _ask("Statement (your own words)",
                                                                        _text("statement"))
    kinds = {k: [k] for k in FINDING_KINDS}
    kind = choose(kind, FINDING_KINDS, "--kind") if kind is not None else _ask(f"Kind ({', '.join(FINDING_KINDS)})",
                                                                   lambda t: _pick(t, kinds, "kind"))
    if wizard and not quote:
        quote = _ask("Quote, copied exactly (blank if none)", str, optional=True)
    if wizard and not locator and quote:
        locator = _ask("Locator, e.g. p. 4 (blank if none)", str, optional=True)
    refs = principle_refs(principle, corpus) if principle else _ask_principles(corpus, statement, quote)
    for value in basis or ():
        choose(value, BASES, "--basis")
    for value in actor or ():
        if not is_slug(value):
            raise UsageError(f"--actor: '{value}' is not a slug", "e.g. central-government, combined-authorities")
    if id and (not is_slug(id) or id in taken):
        raise UsageError(f"--id: '{id}' " + ("is already used in this source" if id in taken else "is not a slug"))
    draft = FindingDraft(id or finding_id(statement, taken), kind, statement, refs,
                         " ".join(quote.split()) if quote and quote.strip() else None,
                         locator.strip() if locator and locator.strip() else None,
                         tuple(dict.fromkeys(basis or ())), tuple(dict.fromkeys(actor or ())))
    new = new_finding(project, loaded.evidence, path, text, draft)
    _finish(new, dry_run, wizard, overwrite=True, prefix=bom, original=text)
    if not dry_run:
        say(f"added finding {draft.id}" + ("; check its quote with `lucli verify`" if draft.quote else ""))


# --- organisations, for `add source --publisher` and `add organisation` ------------------------------------

def _slug_id(text: str) -> str:
    from lucli.authoring.new_source import slugify
    from lucli.records.schema import is_slug

    if not is_slug(text):
        hint = slugify(text)
        raise UsageError(f"'{text}' is not a valid id: use lower-case letters, digits and single hyphens",
                         f"try '{hint}'" if hint else None)
    return text


def _write(project: Any, loaded: Any, draft: Any, dry_run: bool, wizard: bool) -> Any:
    """Check and write the new entry; return it."""
    from lucli.authoring.append import read_source
    from lucli.authoring.taxonomy import new_entry, taxonomy_path

    kind = "organisations" if type(draft).__name__ == "OrganisationDraft" else "principles"
    text, bom = read_source(taxonomy_path(project, kind), project)
    new = new_entry(project, loaded.evidence, draft, text)
    _finish(new, dry_run, wizard, overwrite=True, prefix=bom, original=text)
    return new


def ask_organisation(project: Any, loaded: Any, name: str | None = None, *, dry_run: bool = False) -> Any:
    """Ask for a new organisation's fields on a terminal, write it, and return its draft."""
    from lucli.authoring.new_source import slugify
    from lucli.authoring.taxonomy import OrganisationDraft
    from lucli.authoring.userinput import check_url
    from lucli.records.model import ORGANISATION_KINDS

    name = _ask("Name", _text("name"), default=name)
    kind = _ask(f"Kind ({', '.join(ORGANISATION_KINDS)})", lambda t: _pick(t, {k: [k] for k in ORGANISATION_KINDS},
                                                                          "kind"))
    url = _ask("Web address (blank if none)", check_url, optional=True)
    typed = _ask("Other names or abbreviations (comma-separated, blank if none)", str, optional=True)
    aliases = tuple(a.strip() for a in (typed or "").split(",") if a.strip())
    ident = _ask("Id", _slug_id, default=slugify(name, max_words=4) or None)
    draft = OrganisationDraft(ident, name, kind, url, aliases)
    _write(project, loaded, draft, dry_run, True)
    return draft


def unknown_publisher(value: str, nearest: list[str] | None = None) -> UsageError:
    """The error for a publisher that is not in organisations.yaml, with the command that adds it."""
    from lucli.authoring.new_source import slugify
    from lucli.records.model import ORGANISATION_KINDS

    command = (f"lucli add organisation --id {slugify(value, max_words=4) or 'ID'} --name {shlex.quote(value)} "
               f"--kind KIND")
    typo = f"did you mean {' or '.join(repr(n) for n in nearest)}? " if nearest else ""
    return UsageError(f"no organisation called '{value}'",
                      f"{typo}if it is a new publisher, add it first: {command} "
                      f"(KIND: {', '.join(ORGANISATION_KINDS)})")
