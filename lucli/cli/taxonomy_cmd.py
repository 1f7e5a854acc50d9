"""`lucli add organisation` and `lucli add principle`: append to organisations.yaml or principles.yaml.

Like `add source`, missing options are asked for on a terminal and are a usage error elsewhere; the
new text is checked by `lucli.authoring.taxonomy.new_entry` before anything is written.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lucli.cli import add_cmd
from lucli.cli.add_cmd import _ask, _opt, _required, _slug_id, _text, _write, ask_organisation
from lucli.cli.common import RootOption, choose, handles_errors, say
from lucli.cli.writable import open_writable

Many = list[str] | None


@handles_errors
def add_organisation(
    id: Annotated[str | None, _opt("--id", "Organisation id, a slug (default: from the name).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name as the organisation writes it.",
                                             show_default=False, metavar="TEXT")] = None,
    kind: Annotated[str | None, _opt("--kind", "think-tank, professional-body, university, association, "
                                               "government, parliament, media or other.")] = None,
    url: Annotated[str | None, _opt("--url", "Its web address (http or https).")] = None,
    alias: Annotated[Many, typer.Option("--alias", help="Another name or abbreviation it goes by (repeatable).",
                                        show_default=False, metavar="TEXT")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file instead of writing it.")] = False,
    root: RootOption = None,
) -> None:
    """Add an organisation to evidence/organisations.yaml, leaving the rest of the file exactly as it was.

    The new entry is checked before it is written; if it is not valid, nothing is written.
    Missing options are asked for when run on a terminal; otherwise they are a usage error (exit 2).
    """
    from lucli.authoring.new_source import slugify
    from lucli.authoring.taxonomy import OrganisationDraft
    from lucli.authoring.userinput import check_url
    from lucli.records.model import ORGANISATION_KINDS

    project, loaded, _corpus = open_writable(root)
    if add_cmd._interactive() and not (name and kind):
        draft = ask_organisation(project, loaded, name, dry_run=dry_run)
    else:
        _required([o for o, v in (("--name", name), ("--kind", kind)) if not v])
        assert name is not None and kind is not None
        name = _text("--name")(name)
        draft = OrganisationDraft(_slug_id(id) if id else slugify(name, max_words=4), name,
                                  choose(kind, ORGANISATION_KINDS, "--kind"), check_url(url) if url else None,
                                  tuple(dict.fromkeys(" ".join(a.split()) for a in alias or ())))
        _write(project, loaded, draft, dry_run, False)
    if not dry_run:
        say(f"next: lucli add source --publisher {draft.id}")


def _related(corpus: Any, values: list[str]) -> tuple[str, ...]:
    from lucli.analysis.resolve import resolve_all

    return tuple(dict.fromkeys(resolve_all(corpus, values, ("principle",)))) if values else ()


@handles_errors
def add_principle(
    id: Annotated[str | None, _opt("--id", "Principle id, a slug (default: from the label).")] = None,
    label: Annotated[str | None, typer.Option("--label", help="Short name, e.g. 'Community wealth building'.",
                                              show_default=False, metavar="TEXT")] = None,
    description: Annotated[str | None, typer.Option(
        "--description", help="One sentence saying what the principle asks for.", show_default=False,
        metavar="TEXT")] = None,
    alias: Annotated[Many, typer.Option("--alias", help="Words sources use for it, for matching and suggestions "
                                                        "(repeatable).", show_default=False, metavar="TEXT")] = None,
    related: Annotated[Many, typer.Option("--related", help="A related principle: id, label or alias (repeatable).",
                                          show_default=False, metavar="PRINCIPLE")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file instead of writing it.")] = False,
    root: RootOption = None,
) -> None:
    """Add a principle to evidence/principles.yaml, leaving the rest of the file exactly as it was.

    The new entry is checked before it is written; if it is not valid, nothing is written.
    Missing options are asked for when run on a terminal; otherwise they are a usage error (exit 2).
    """
    from lucli.authoring.new_source import slugify
    from lucli.authoring.taxonomy import PrincipleDraft

    project, loaded, corpus = open_writable(root)
    wizard = add_cmd._interactive() and not (label and description)
    if not wizard:
        _required([o for o, v in (("--label", label), ("--description", description)) if not v])
    label = _text("--label")(label) if label else _ask("Label", _text("label"))
    description = _text("--description")(description) if description else _ask(
        "Description (one sentence)", _text("description"))
    aliases = tuple(dict.fromkeys(" ".join(a.split()) for a in alias or ()))
    if wizard and not aliases:
        typed = _ask("Words sources use for it (comma-separated, blank if none)", str, optional=True)
        aliases = tuple(a.strip() for a in (typed or "").split(",") if a.strip())
    links = _related(corpus, related or [])
    if wizard and not links:
        links = _ask("Related principles (ids, comma-separated, blank if none)",
                     lambda t: _related(corpus, [p.strip() for p in t.split(",") if p.strip()]), optional=True) or ()
    ident = _slug_id(id) if id else (_ask("Id", _slug_id, default=slugify(label, max_words=4)) if wizard
                                     else slugify(label, max_words=4))
    draft = PrincipleDraft(ident, label, description, aliases, links)
    _write(project, loaded, draft, dry_run, wizard)
    if not dry_run:
        say(f"next: lucli add finding SOURCE --principle {draft.id} …")
