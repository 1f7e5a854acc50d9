"""How every lucli command looks and fails: grouped help, metavars in words, examples, one error style.

The typer app and its sub-apps use `LucliGroup`, and every command `LucliCommand`, so these rules hold
for commands that other modules add without each of them repeating the rules.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer.core

from lucli.cli.examples import EXAMPLES
from lucli.errors import EXIT_USAGE

# typer 0.16 drives click itself; later typers carry their own copy as typer._click. Take whichever is in use.
_click: Any = getattr(typer.core, "_click", None) or typer.core.click  # type: ignore[attr-defined]

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Explore", ("compare", "show", "search", "list")),
    ("Report", ("brief", "digest", "diff")),
    ("Author", ("init", "add", "suggest", "verify", "dedupe", "import", "export", "texts")),
    ("Check", ("validate", "schema")),
)
"""The top-level commands in the order an analyst meets them; `lucli --help` lists them so."""


def _first_lower(message: str) -> str:
    """'No such option' → 'no such option', leaving names such as 'KIND' or '--root' alone."""
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message


def _param_name(param: Any) -> str:
    if param.param_type_name == "argument":
        return argument_name(param)
    return str(max(param.opts, key=len))


def _usage_message(exc: Any) -> str:
    """Word a click usage error ourselves, from its kind and fields, so no click version changes it."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        from lucli.records.hints import did_you_mean

        hint = did_you_mean(exc.option_name, sorted(exc.possibilities or ()))
        return f"no option {exc.option_name}" + (f"; {hint}" if hint else "")
    if kind == "BadOptionUsage":
        return f"{exc.option_name}: {_first_lower(exc.message)}"
    if kind == "MissingParameter" and param is not None:
        what = "argument" if param.param_type_name == "argument" else "option"
        return f"missing {what} {_param_name(param)}"
    if kind == "BadParameter" and param is not None:
        return f"{_param_name(param)}: {exc.message}"
    if kind == "BadParameter" and getattr(exc, "param_hint", None):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
        return f"{hint}: {exc.message}"
    return _first_lower(exc.message if hasattr(exc, "message") else str(exc))


def report_usage_error(exc: Any) -> None:
    """Print a click usage error in lucli's own style: `error: …` and a `hint:` line."""
    ctx = getattr(exc, "ctx", None)
    message = _usage_message(exc)
    path = ctx.command_path if ctx is not None else "lucli"
    sys.stderr.write(f"error: {message}\nhint: `{path} --help` shows the options and examples\n")


def argument_name(param: Any) -> str:
    """An argument as help and usage show it: its metavar in words, '…' when it repeats."""
    name = param.metavar or (param.name or "").upper()
    return f"{name}…" if param.nargs == -1 and not name.endswith("…") else name


def _format_examples(path: str, formatter: Any) -> None:
    examples = EXAMPLES.get(path.partition(" ")[2])
    if not examples:
        return
    with formatter.section("Examples"):
        pad = " " * formatter.current_indent
        formatter.write("\n".join(f"{pad}# {what}\n{pad}{command}" for command, what in examples) + "\n")


class LucliCommand(typer.core.TyperCommand):
    """A command whose help shows arguments in words and ends with examples, and whose `-o` follows one set of rules."""

    def invoke(self, ctx: Any) -> Any:
        from lucli.cli.outputs import apply_output_rules
        from lucli.errors import UsageError

        try:
            apply_output_rules(self.name or "", ctx)
        except UsageError as exc:
            sys.stderr.write(f"error: {exc.format()}\n")
            raise typer.Exit(exc.exit_code) from None
        return super().invoke(ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _click.exceptions.UsageError as exc:
            if exc.ctx is None or exc.ctx.command is not self:
                exc.ctx = ctx  # the parser's own errors name no command; the hint should
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                arguments.append((argument_name(param), getattr(param, "help", None) or ""))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _format_examples(ctx.command_path, formatter)


class LucliGroup(typer.core.TyperGroup):
    """The app (and `add`): commands grouped in help, summaries in full, and one error style for everything."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(super().list_commands(ctx))
        if ctx.parent is not None:
            return names
        order = [name for _title, group in GROUPS for name in group if name in names]
        return order + [name for name in names if name not in order]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}
        shown = {n: c for n, c in commands.items() if c is not None and not c.hidden}
        groups = GROUPS if ctx.parent is None else (("Commands", tuple(shown)),)
        grouped = {name for _title, names in groups for name in names}
        for title, names in (*groups, ("Other commands", tuple(n for n in shown if n not in grouped))):
            rows = [(name, shown[name].get_short_help_str(1000)) for name in names if name in shown]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _format_examples(ctx.command_path, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from lucli.records.hints import did_you_mean

            hint = did_you_mean(name, self.list_commands(ctx))
            raise _click.exceptions.UsageError(f"no command '{name}'" + (f"; {hint}" if hint else ""), ctx)
        return super().resolve_command(ctx, args)

    # typer 0.29 adds `windows_expand_args` to this signature; older typers do not have it: it goes in **extra.
    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.exceptions.UsageError as exc:
            report_usage_error(exc)
            sys.exit(EXIT_USAGE)
        except _click.exceptions.ClickException as exc:
            sys.stderr.write(f"error: {_first_lower(exc.format_message())}\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("aborted; nothing was written\n")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
