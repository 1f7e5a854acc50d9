"""Tables laid out as rich lays them out, a row at a time: for long tables and for output that is not a terminal.

rich renders a table cell by cell through its whole renderable machinery:
100k findings took over a minute and a gigabyte. The look is simple, though
(no frame, a rule under the header, two spaces between columns, text wrapped
at word boundaries and long words folded), so this module produces the same
characters directly. Column widths still come from rich, measured once on a
stand-in table: for each column one cell as wide as its longest word and one
as wide as its longest line, which is all rich's width calculation reads of
the cells. Lines are wrapped with rich's own `divide_line`, so the breaks fall
where rich puts them. Rows are produced lazily, so a long table is never held
whole as text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import Any

from lucli.records.safetext import shown_lines
from lucli.render.formats.document import Cell, Marked, Table

RULE = "─"
SEPARATOR = " "
"""The frame's blank vertical line between columns (each column but the last also pads its right by one)."""


def _plain(cell: Cell) -> str:
    return shown_lines(cell.text if isinstance(cell, Marked) else cell)  # no control character reaches a terminal


def _extent(texts: Any) -> tuple[int, int]:
    """(longest word, longest line) of a column's texts, in terminal cells: what rich measures of a cell."""
    texts = list(texts)
    joined = "\n".join(texts)
    if _one_cell_each(joined):  # one cell per character (ASCII, curly quotes, dashes): lengths, measured in C
        return max(map(len, joined.split()), default=0), max(map(len, joined.split("\n")))
    word = line = 0
    for text in texts:
        measure = len if _one_cell_each(text) else _cells
        line = max(line, max(map(measure, text.split("\n"))))
        word = max(word, max(map(measure, text.split()), default=0))
    return word, line


def _one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes one terminal cell (then a piece's width is its length): ASCII, and
    each other character rich measures as one (curly quotes and dashes, which half the quoted findings hold).

    Each such character is measured once a process and remembered (`_ONE_CELL`): looked up character by
    character in every cell, they took 80-110 ms of the 100k `compare devolution`'s table."""
    if text.isascii():
        return True
    others = set(_NOT_ASCII_CHARACTER.findall(text))
    if others <= _ONE_CELL:
        return True
    from rich.cells import get_character_cell_size

    for char in others - _ONE_CELL:
        if get_character_cell_size(char) != 1:
            return False
        _ONE_CELL.add(char)
    return True


_ONE_CELL: set[str] = set()
"""Characters other than ASCII that rich measures as one terminal cell, as met."""
_NOT_ASCII_CHARACTER = re.compile(r"[^\x00-\x7f]")


def column_extents(table: Table) -> tuple[tuple[int, int], ...]:
    """Each column's (longest word, longest line) over the rows, in terminal cells: what `column_widths` reads
    of them. The rows are read once, a batch at a time (they may be made as they are read, never held whole)."""
    return _measured(map(_plain_row, table.rows), len(table.columns))


def _plain_row(row: Any) -> list[str]:
    return [_plain(cell) for cell in row]


def _measured(rows: Iterator[list[str]], count: int) -> tuple[tuple[int, int], ...]:
    found = [(0, 0)] * count
    while batch := list(itertools.islice(rows, 1000)):
        found = [(max(word, w), max(line, li)) for (word, line), (w, li) in zip(
            found, (_extent([row[index] for row in batch]) for index in range(count)), strict=True)]
    return tuple(found)


def _extents(table: Table, headers: list[str], plain: list[list[str]] | None) -> list[tuple[int, int]]:
    """`column_extents` with each column's header, measured ahead where the table says (`plain`: the rows' texts,
    when they are held)."""
    rows = (table.extents if table.extents is not None else
            column_extents(table) if plain is None else _measured(iter(plain), len(table.columns)))
    return [(max(word, w), max(line, li)) for (word, line), (w, li) in zip(
        rows, (_extent([header]) for header in headers), strict=True)]


def column_widths(table: Table, headers: list[str], width: int,
                  plain: list[list[str]] | None = None) -> list[tuple[int, int]]:
    """The width of each column and of its text, as rich would give them in a table `width` cells wide (`plain`:
    the rows' texts, when they are held)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable

    stand_in = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    narrow, wide = [], []
    for column, header, (word, line) in zip(table.columns, headers, _extents(table, headers, plain), strict=True):
        stand_in.add_column(header, justify=column.align, no_wrap=not column.wrap,  # type: ignore[arg-type]
                            max_width=column.max_width, overflow="fold")
        narrow.append("x" * word)
        wide.append(("x " * line)[:line])  # words of one cell: as wide as the longest line, never wider
    stand_in.add_row(*narrow)
    stand_in.add_row(*wide)
    console = Console(width=width, no_color=True, color_system=None, highlight=False, markup=False, emoji=False)
    options = console.options
    outer = stand_in._calculate_column_widths(console, options.update_width(width - stand_in._extra_width))
    return [(w, max(0, w - stand_in._get_padding_width(i))) for i, w in enumerate(outer)]


_WORD = re.compile(r"(\s*\S+)\s*")
"""A word with the spaces before and after it, as `rich._wrap.words` reads them."""


def _breaks(text: str, width: int) -> list[int]:
    """Where rich's `divide_line` breaks a line, worked out quickly for the common case.

    That case is text of one-cell characters (ASCII, and quotes, dashes or £ signs) with no word wider than
    the column, where a cell is a character: the
    arithmetic of `divide_line` without its per-word generator and cell measurements. Anything else
    goes to `divide_line` itself.
    """
    from rich._wrap import divide_line

    if not _one_cell_each(text):
        return divide_line(text, width, fold=True)
    single, line = _patterns(width)
    if single.fullmatch(text):  # words no wider than the column, one space between them: greedy lines, in C
        return [found.start() for found in line.finditer(text)][1:]
    cuts = []
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        length = match.end(1) - start
        if width - offset >= length:
            offset += match.end() - start
        elif length > width:
            return divide_line(text, width, fold=True)
        elif offset and start:
            cuts.append(start)
            offset = match.end() - start
    return cuts


@functools.lru_cache(maxsize=64)
def _patterns(width: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For a column `width` characters wide: text whose words fit it, one space apart within a paragraph and one
    line break between paragraphs, none of them empty; and a line of such text, as many words as fit (rich's
    greedy rule), with the space or line break after it. A line cannot run on past its paragraph's end (`.`
    does not match a line break), so a whole cell is broken into the lines of each paragraph in turn."""
    return (re.compile(f"[^\\s]{{1,{width}}}(?:[ \\n][^\\s]{{1,{width}}})*"),
            re.compile(f"(.{{1,{width}}})(?: |\\n|\\Z)"))


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _cells(text: str) -> int:
    """Width in terminal cells: a cell for each ASCII character, and rich's measure of each run of other
    characters (rich looks every character up, which at 100k findings was a third of a long table)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    runs = _NOT_ASCII.findall(text)
    return len(text) - sum(map(len, runs)) + sum(map(cell_len, runs))


@functools.lru_cache(maxsize=4096)
def _fit_wide(text: str, width: int) -> str:
    from rich.cells import set_cell_size

    return set_cell_size(text, width)


def _fit(text: str, width: int) -> str:
    """Crop or pad text to exactly `width` cells (glyph cells such as '✓ devolution' repeat: kept)."""
    return text[:width].ljust(width) if text.isascii() else _fit_wide(text, width)


def _wrap(text: str, width: int, align: str, wrap: bool) -> list[str]:
    """Break one cell's text into lines of exactly `width` cells, as rich does for a table cell."""
    if width < 1:
        return [""]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if align == "left" and wrap and len(paragraph) > width and _one_cell_each(paragraph):
            single, line = _patterns(width)
            if single.fullmatch(paragraph):  # the common case, the breaks `_breaks` finds, without slicing
                lines += [piece.ljust(width) for piece in line.findall(paragraph)]
                continue
        if wrap and _cells(paragraph) > width:
            cuts = [0, *_breaks(paragraph, width), len(paragraph)]
            pieces = [paragraph[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        else:
            pieces = [paragraph]
        for piece in pieces:
            if align in ("right", "center"):
                piece = piece.rstrip()
                piece = _fit(piece, width) if _cells(piece) > width else piece
                room = width - _cells(piece)
                left = room if align == "right" else room // 2
                lines.append(" " * left + piece + " " * (room - left))
            else:
                lines.append(_fit(piece, width))
    return lines


def _row(cells: list[str], widths: list[tuple[int, int]], aligns: list[str], wraps: list[bool],
         header: bool = False) -> list[str]:
    last = len(cells) - 1
    blocks = [_block(text, outer, inner, a, wr, number == last)
              for number, (text, (outer, inner), a, wr) in enumerate(zip(cells, widths, aligns, wraps, strict=True))]
    height = max(map(len, blocks))
    for block, (outer, _inner) in zip(blocks, widths, strict=True):
        if len(block) < height:
            at = 0 if header else len(block)  # headers sit on the rule, cells hang from the top
            block[at:at] = [" " * outer] * (height - len(block))
    return [SEPARATOR.join(line).rstrip() for line in zip(*blocks, strict=True)]


def _block(text: str, outer: int, inner: int, align: str, wrap: bool, last: bool) -> list[str]:
    """One cell's lines, each `outer` cells wide: its text wrapped to `inner` cells and the column's right padding
    (the last column's lines are left as wide as their text: the line is trimmed at its end anyway)."""
    if align == "left" and wrap and inner >= 1 and text and _one_cell_each(text):
        words, line = _patterns(inner)
        if words.fullmatch(text):  # the common case: lines of whole words, found in C for the whole cell at once
            pieces = line.findall(text)
            return pieces if last else [piece.ljust(outer) for piece in pieces]
    block = _wrap(text, inner, align, wrap)
    if not last and outer > inner:  # the column's right padding (wide characters count two cells)
        padding = " " * (outer - inner)  # every line of a block is `inner` cells wide
        block = [line + padding for line in block]
    return block


def table_lines(table: Table, headers: list[str], width: int) -> Iterator[str]:
    """The table's lines, without line ends or trailing spaces, header first."""
    from rich.cells import set_cell_size

    # Rows held whole (every table but the list of findings, whose rows are made as they are read): each cell's
    # text is made safe once, for both the measuring and the laying out.
    plain = [_plain_row(row) for row in table.rows] if isinstance(table.rows, tuple) else None
    widths = column_widths(table, headers, width, plain)
    aligns = [c.align for c in table.columns]
    wraps = [c.wrap for c in table.columns]
    lines = _lines(map(_plain_row, table.rows) if plain is None else iter(plain), table.spaced, widths, aligns, wraps,
                   headers)
    if sum(outer for outer, _ in widths) + len(SEPARATOR) * (len(widths) - 1) <= width:
        yield from lines  # every line is at most that wide: nothing to crop
        return
    for line in lines:
        if _cells(line) > width:
            line = set_cell_size(line, width).rstrip()  # the console crops what a squeezed table overruns
        yield line


def _lines(rows: Iterator[list[str]], spaced: bool, widths: list[tuple[int, int]], aligns: list[str],
           wraps: list[bool], headers: list[str]) -> Iterator[str]:
    yield from _row(headers, widths, aligns, wraps, header=True)
    yield RULE * (sum(outer for outer, _ in widths) + len(SEPARATOR) * (len(widths) - 1))
    for number, row in enumerate(rows):
        if number and spaced:
            yield ""
        yield from _row(row, widths, aligns, wraps)
