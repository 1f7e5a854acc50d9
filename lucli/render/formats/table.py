"""Terminal output: the document laid out with rich at a given width.

Plain text when colour is off (no ANSI codes at all, trailing spaces trimmed,
so the output is stable for golden files and pipes); bold headings and
highlighted search matches when it is on. Tables are drawn by rich only where
it adds something, colour on a terminal, and only up to `RICH_ROWS` rows;
otherwise `plaintable` lays them out the same way a row at a time, which is
what lets `lucli list findings` print 100k findings in seconds.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from lucli.records.safetext import shown_lines
from lucli.render.formats.document import Block, Bullets, Cell, Document, Heading, Marked, Paragraph, Table
from lucli.render.formats.plaintable import table_lines

MIN_WIDTH = 40
GUTTER = 2
WRAPPED_MINIMUM = 15
"""Narrowest a wrapping column (a principle label, a statement) may become before headers are shortened."""
HIGHLIGHT = "bold yellow"
RULES = {1: "═", 2: "─"}
RICH_ROWS = 200
"""Longest table rich draws (in colour, on a terminal); longer ones are laid out a row at a time."""


def _text(cell: Cell, color: bool) -> Any:
    from rich.text import Text

    if isinstance(cell, Marked):
        safe = shown_lines(cell.text)
        text = Text(safe)
        if color and safe == cell.text:  # escaping moves the marked places; then nothing is marked
            for start, end in cell.spans:
                text.stylize(HIGHLIGHT, start, end)
        return text
    return Text(shown_lines(cell))


def _natural(table: Table, index: int, header: str) -> int:
    """Width a column needs: its widest line, and for a wrapping column no more than the minimum."""
    from rich.cells import cell_len

    column = table.columns[index]
    texts = [cell.text if isinstance(cell, Marked) else cell for cell in (row[index] for row in table.rows)]
    lines = [header] + [line for text in texts for line in text.split("\n")]
    widest = max(len(line) if line.isascii() else cell_len(line) for line in lines)
    return min(widest, WRAPPED_MINIMUM) if column.wrap else widest


def _headers(table: Table, width: int) -> tuple[list[str], str | None]:
    """Pick the headers: the full ones if the table fits, else the short ones and a key to them."""
    full = [c.header for c in table.columns]
    shortened = [c.short or c.header for c in table.columns]
    if shortened == full:  # nothing shorter to choose: no need to measure every row
        return full, None
    need = sum(_natural(table, i, h) for i, h in enumerate(full)) + GUTTER * (len(full) - 1)
    if need <= width:
        return full, None
    key = ", ".join(f"{c.short} = {c.header}" for c in table.columns if c.short)
    return shortened, f"Columns: {key}."


def _table(table: Table, color: bool, width: int) -> list[Any]:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    headers, key = _headers(table, width)
    # No outer frame and a two-space gutter: the most data in the fewest columns.
    grid = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                     show_lines=table.spaced, header_style="bold" if color else "")
    for column, header in zip(table.columns, headers, strict=True):
        grid.add_column(header, justify=column.align, no_wrap=not column.wrap,  # type: ignore[arg-type]
                        max_width=column.max_width, overflow="fold")
    for row in table.rows:
        grid.add_row(*(_text(cell, color) for cell in row))
    return [grid, Text(""), Text(key)] if key else [grid]


def _bullets(bullets: Bullets) -> Any:
    from rich.table import Table as RichTable
    from rich.text import Text

    # A two-column grid gives each item a hanging indent when it wraps.
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in bullets.items:
        grid.add_row("•", Text(shown_lines(item)))
    return grid


def _heading(heading: Heading, color: bool, width: int) -> Any:
    from rich.cells import cell_len
    from rich.text import Text

    rule = RULES.get(heading.level, "─") * min(cell_len(heading.text), width)
    return Text(f"{heading.text}\n{rule}", style="bold" if color else "")


def _renderables(block: Block, color: bool, width: int) -> list[Any]:
    from rich.text import Text

    if isinstance(block, Heading):
        return [_heading(block, color, width)]
    if isinstance(block, Paragraph):
        return [Text(shown_lines(block.text))]
    if isinstance(block, Bullets):
        return [_bullets(block)]
    return _table(block, color, width)


def render(doc: Document, *, width: int = 100, color: bool = False) -> str:
    """Render a document for a terminal `width` columns wide."""
    return "".join(render_lines(doc, width=width, color=color))


def render_lines(doc: Document, *, width: int = 100, color: bool = False) -> Iterator[str]:
    """Render a document for a terminal `width` columns wide, a piece at a time (each ends a line)."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=max(width, MIN_WIDTH), force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, markup=False, emoji=False,
                      legacy_windows=False, force_jupyter=False, force_interactive=False)
    for number, block in enumerate(doc.blocks):
        if number:
            yield "\n"
        if isinstance(block, Table) and (not color or len(block.rows) > RICH_ROWS):
            headers, key = _headers(block, console.width)
            for line in table_lines(block, headers, console.width):
                yield line + "\n"
            renderables: list[Any] = [Text(""), Text(key)] if key else []
        else:
            renderables = _renderables(block, color, console.width)
        for renderable in renderables:
            console.print(renderable)
        yield _taken(buffer, color)


def _taken(buffer: io.StringIO, color: bool) -> str:
    """What the console wrote since last time (trailing spaces trimmed when colour is off)."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text if color else "\n".join(line.rstrip() for line in text.split("\n"))
