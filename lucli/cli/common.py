"""Shared pieces of the command layer: options, consoles, exits and output."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from lucli.errors import EXIT_USAGE, LucliError
from lucli.records.plurals import plural

F = TypeVar("F", bound=Callable[..., Any])

RootOption = Annotated[Path | None, typer.Option(
    "--root", help="Evidence repository to use (default: LUCLI_ROOT, else the nearest folder upwards "
                   "with lucli.yaml or evidence/, else the bundled corpus).", show_default=False, metavar="PATH")]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Replace the -o file even though lucli did not write it.")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Read every file afresh, ignoring and not updating the cache (kept outside the repository).")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of standard output.", show_default=False,
    metavar="FILE")]


def stderr_console() -> Any:
    """A rich console on stderr that honours NO_COLOR and plain pipes."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(message: str) -> None:
    """Print a diagnostic line to stderr, never to stdout; control characters in it are shown as escapes."""
    from lucli.records.safetext import shown_lines

    sys.stderr.write(shown_lines(message.rstrip("\n")) + "\n")


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print an error to stderr and return the Exit to raise."""
    say(f"error: {message}")
    return typer.Exit(code)


def on_interrupt(signum: int, frame: Any) -> None:
    """Ctrl-C during a run: say so once, ignore any further Ctrl-C while cleaning up, and stop the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr.write("interrupted\n")
    raise KeyboardInterrupt


def interrupted(exc: BaseException | None) -> bool:
    """Whether Ctrl-C is behind `exc`. Python 3.11 wraps an exception raised while a class is made (in a field's
    `__set_name__`, as a dataclass's module is first imported) in a RuntimeError, the KeyboardInterrupt its cause."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__
    return False


def handles_errors(func: F) -> F:
    """Turn `LucliError` into a message on stderr and its exit code: users never see a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            while _AFTER_OUTPUT:
                _AFTER_OUTPUT.pop(0)()
            return result
        except LucliError as exc:
            from lucli.records.safetext import shown

            # Message and hint each on one line: a line break in a file name or record cannot forge another.
            say(f"error: {shown(exc.message)}" + (f"\nhint: {shown(exc.hint)}" if exc.hint else ""))
            raise typer.Exit(exc.exit_code) from exc
        except BrokenPipeError:
            # `lucli compare | head` closes the pipe early; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except (KeyboardInterrupt, RuntimeError) as exc:
            if not interrupted(exc):  # a RuntimeError with no Ctrl-C behind it (`interrupted`)
                raise
            if signal.getsignal(signal.SIGINT) not in (on_interrupt, signal.SIG_IGN):
                say("interrupted")  # on_interrupt has said it already when it is in charge
            raise typer.Exit(130) from None
        finally:
            _AFTER_OUTPUT.clear()

    return wrapper  # type: ignore[return-value]


_AFTER_OUTPUT: list[Callable[[], object]] = []
"""Work a command leaves until its output is written (and only if it succeeds), such as writing the index."""


def after_output(action: Callable[[], object]) -> None:
    """Do `action` once the command has written its output, so the answer is not kept waiting for it."""
    _AFTER_OUTPUT.append(action)


def emit(text: str | bytes | Iterable[str], output: Path | None) -> None:
    """Write text (or pieces of it, as they come) to stdout, or text, pieces or bytes atomically to a file."""
    if output is None:
        assert not isinstance(text, bytes), "bytes go to a file"
        sys.stdout.writelines([text] if isinstance(text, str) else text)
        sys.stdout.flush()
        return
    from lucli.atomic import write_atomic
    from lucli.cli.outputs import MARK, MARKERS
    from lucli.render.output_folder import refuse_links

    if output.suffix.lower() in (".md", ".markdown") and not isinstance(text, bytes):
        # Markdown can carry lucli's marker, so that a later -o knows this file is lucli's to replace.
        text = text if isinstance(text, str) else "".join(text)
        if not any(m.decode() in text for m in MARKERS):
            text += ("" if text.endswith("\n") else "\n") + "\n" + MARK
    refuse_links(output.parent, [Path.cwd()])
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise LucliError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    say(f"wrote {output}")


def choose(value: str, allowed: tuple[str, ...], option: str) -> str:
    """Check an option value against a fixed list, suggesting the nearest."""
    if value in allowed:
        return value
    from lucli.records.hints import did_you_mean

    hint = did_you_mean(value, allowed)
    raise typer.BadParameter(f"'{value}' is not one of: {', '.join(allowed)}" + (f"; {hint}" if hint else ""),
                             param_hint=option)


PrincipleFilter = Annotated[list[str] | None, typer.Option(
    "--principle", "-p", help="Only findings on this principle (id, label or alias; repeatable).",
    show_default=False, metavar="PRINCIPLE")]
OrganisationFilter = Annotated[list[str] | None, typer.Option(
    "--organisation", "--org", help="Only sources by this organisation (id, name or alias; repeatable).",
    show_default=False, metavar="ORGANISATION")]
KindFilter = Annotated[list[str] | None, typer.Option(
    "--kind", "-k", help="Only findings of this kind: finding, recommendation, critique, target (repeatable).",
    show_default=False, metavar="KIND")]
SinceFilter = Annotated[str | None, typer.Option(
    "--since", help="Only sources published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    show_default=False, metavar="DATE")]
UntilFilter = Annotated[str | None, typer.Option(
    "--until", help="Only sources published on or before this date.", show_default=False, metavar="DATE")]
BasisFilter = Annotated[list[str] | None, typer.Option(
    "--basis", help="Only findings resting on this kind of evidence, e.g. case-study (repeatable).",
    show_default=False, metavar="BASIS")]


def load(root: Path | None, no_cache: bool = False, project: Any = None) -> tuple[Any, Any]:
    """Find and load the evidence, printing notes about the run (such as a rebuilt cache) to stderr."""
    from lucli.records.load import load_project
    from lucli.records.project import find_project

    project = project or find_project(root)
    tell_where(project)
    with _progress_bar() as progress:
        loaded = load_project(project, use_cache=not no_cache, progress=progress)
    for note in loaded.notes:
        say(f"warning: {note}")
    return project, loaded


def tell_where(project: Any) -> None:
    """Say on stderr how the repository was found when that may surprise: --root moved up, or the bundled corpus."""
    if project.note:
        say(f"note: {project.note}")
    if project.bundled and _stderr_is_terminal() and "bundled" not in _TOLD:
        _TOLD.add("bundled")
        say("note: no evidence repository here (no lucli.yaml or evidence/ in this folder or above), so this is "
            "the bundled corpus; `lucli init` starts one of your own")


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


_TOLD: set[str] = set()
"""Notes already said in this process (a command may load the evidence twice, e.g. diff)."""


PROGRESS_MINIMUM = 1000
"""Files to parse before a cold load is worth a progress bar (about two seconds on two cores)."""


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """Yield a progress callback that draws a bar on stderr, only on a terminal and only for long loads."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=stderr_console(), transient=True) as bar:
        task: list[Any] = []

        def update(done: int, total: int) -> None:
            if total < PROGRESS_MINIMUM:
                return
            if not task:
                task.append(bar.add_task("Reading evidence", total=total))
            bar.update(task[0], completed=done)

        yield update


def open_project_corpus(root: Path | None, no_cache: bool = False, project: Any = None,
                        keep_index: bool = False, index_first: bool = False) -> tuple[Any, Any]:
    """Find, load and index the evidence; stop with exit 1 if it has errors.

    With `keep_index`, the SQLite index of the records (`lucli.records.index`) is written afresh once the
    command has written its output (`after_output`), or before this returns with `index_first` (for a
    command that then reads the index rather than the records).
    """
    from lucli.errors import DataError
    from lucli.records.corpus import Corpus
    from lucli.records.heap import collector_paused, settle

    project, loaded = load(root, no_cache, project)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        for problem in errors[:20]:
            say(problem.format())
        more = " (first 20 shown)" if len(errors) > 20 else ""
        them = "it" if len(errors) == 1 else "them"
        raise DataError(f"the evidence has {plural(len(errors), 'error')}{more}; fix {them} first",
                        "`lucli validate` lists every problem")
    with collector_paused():
        corpus = Corpus.build(loaded.evidence, project.rules)
    # The bundled corpus is never indexed (`write_index` refuses it): working out what the index would keep cost
    # the README's first `lucli compare` a third of its time.
    keep_index = keep_index and not no_cache and not project.bundled
    if keep_index and index_first:
        _write_index(project, loaded, corpus)
    elif keep_index:
        # Not writing it only costs speed next time: nothing to report.
        after_output(lambda: _write_index(project, loaded, corpus))
    settle()
    return project, corpus


def _write_index(project: Any, loaded: Any, corpus: Any) -> None:
    """Write the SQLite index afresh, then the facts a briefing states about the whole evidence, worked out from
    it (`lucli.render.indexed_facts`): from its counts rather than every record, which held more memory."""
    from lucli.records.index import UNREADABLE, Index, connect
    from lucli.records.index_write import write_index
    from lucli.records.reindex import keep_facts
    from lucli.render.indexed_facts import facts_from_index

    if not write_index(project, loaded, corpus, kept_whole(project, corpus)):
        return
    db = connect(project, write=True)  # to keep the exchanges the facts are worked out from too
    if db is None:
        return
    try:
        keep_facts(project, facts_from_index(Index(db, project.rules)), 0)
    except UNREADABLE:
        pass  # the first briefing works them out
    finally:
        db.close()


def build_filters(corpus: Any, principle: list[str] | None = None, organisation: list[str] | None = None,
                  kind: list[str] | None = None, since: str | None = None, until: str | None = None,
                  basis: list[str] | None = None) -> Any:
    """Turn filter options into `Filters`, resolving names and checking values."""
    import datetime as dt

    from lucli.analysis.filters import Filters
    from lucli.analysis.resolve import resolve_all
    from lucli.records.check import date_problem
    from lucli.records.model import BASES, FINDING_KINDS

    for value, option in ((since, "--since"), (until, "--until")):
        if value and (problem := date_problem(value, dt.date.max)):
            raise typer.BadParameter(problem[1], param_hint=option)
    for value in kind or ():
        choose(value, FINDING_KINDS, "--kind")
    for value in basis or ():
        choose(value, BASES, "--basis")
    return Filters(
        principles=resolve_all(corpus, principle or [], ("principle",)),
        organisations=resolve_all(corpus, organisation or [], ("organisation",)),
        kinds=tuple(kind or ()), since=since, until=until, bases=tuple(basis or ()))


def filtered(corpus: Any, filters: Any) -> Any:
    """Index the evidence again with filters applied (the same corpus when there are none)."""
    from lucli.records.corpus import Corpus

    return corpus if filters.is_empty() else Corpus.build(filters.apply(corpus.evidence), corpus.rules)


def current_index(project: Any, state: Any = None) -> Any:
    """The repository's SQLite index when it is current, or once it is brought up to date a file at a time
    after an edit (`refreshed_index`); None when the records must be read. `state`: `evidence_state`, if known."""
    import datetime as dt

    from lucli.records.index import open_index

    return open_index(project, dt.date.today(), state=state) or refreshed_index(project, state)


def refreshed_index(project: Any, state: Any = None) -> Any:
    """The index brought up to date a file at a time (`lucli.records.reindex`), with what the views keep per
    source (`kept`); None when the records must be read. `state`: `evidence_state`, if known."""
    import datetime as dt

    from lucli.records.reindex import refresh_index

    return refresh_index(project, dt.date.today(), kept(project), state)


def kept(project: Any) -> Any:
    """What the views keep of each source in the index (`lucli.records.index_write.Kept`): the counts of the
    matrix, the list's measures, search's texts and the words a briefing's names come from. Without search's
    compared forms, which need its scorer: a search makes those of the few sources an update wrote."""
    from lucli.analysis.search_texts import source_texts
    from lucli.analysis.tallies import tally_rows
    from lucli.records.index_write import Kept
    from lucli.render.formats.listing_views import finding_measures
    from lucli.render.wording import source_words

    return Kept(tallies=lambda source: tally_rows(source, project.rules), measures=finding_measures,
                texts=source_texts, words=source_words)


def kept_whole(project: Any, corpus: Any) -> Any:
    """`kept`, with the compared forms and what organisations.yaml and principles.yaml give: for a whole write."""
    import dataclasses

    from lucli.analysis.search import compared_form
    from lucli.analysis.search_texts import head_texts
    from lucli.render.wording import principle_words

    return dataclasses.replace(kept(project), compare=compared_form, head_texts=head_texts(corpus),
                               head_words=principle_words(corpus))


def from_index(project: Any, filtered: bool, answer: Callable[[Any], Any], state: Any = None) -> tuple[Any, bool]:
    """(the view answered from the SQLite index, or None; whether a load should write the index afresh).

    Filters are left to the records: the index answers about the whole evidence. `state`: `evidence_state`,
    when the run has it already (for its remembered view's key)."""
    from lucli.records.index import UNREADABLE

    index = current_index(project, state)
    if index is None:
        return None, True
    try:
        return (None if filtered else answer(index)), False
    except UNREADABLE:  # damaged after all: the records answer, and the index is written afresh
        return None, True
    finally:
        index.close()
