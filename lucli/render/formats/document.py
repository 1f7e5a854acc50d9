"""A format-neutral document: what every view produces and every renderer reads.

A view (the stance matrix, one principle, a list…) is built once as a
`Document`: blocks of headings, paragraphs, bullets and tables for people
(rendered by `table` and `markdown`), a JSON payload (`data`, keys in their
documented order) and flat `records` for CSV. Renderers never reach back into
the corpus, so each output format is a small pure function of this value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 2
"""Version of the JSON and CSV shapes documented in docs/compare.md."""
READS = {"table": "blocks", "md": "blocks", "json": "data", "csv": "records", "mermaid": "chart"}
"""The part of a `Document` each output format reads."""


def wanted(fmt: str | None) -> str:
    """The part of a `Document` an output format reads (`READS`), or "all" when no format is given: a view
    that is remembered for any format later must be made whole."""
    return READS.get(fmt or "", "all")


@dataclass(frozen=True)
class Marked:
    """Text with stretches to highlight (search matches); shown plainly where highlighting is off."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    """(start, end) offsets into `text`."""


Cell = str | Marked
"""A table cell; a newline starts a new line within the cell."""


@dataclass(frozen=True)
class Column:
    """How one table column is laid out."""

    header: str
    align: str = "left"
    """left | right | center."""
    wrap: bool = True
    """False for glyphs, numbers and ids, which must never break."""
    max_width: int | None = None
    """Widest the column may grow in a terminal table."""
    short: str | None = None
    """A shorter header for a terminal too narrow for `header` (the renderer then prints a key)."""


class Rows:
    """Rows made afresh each time they are read, so that a long table or list is never held whole.

    Renderers read it as they read a tuple of rows: its length, and its rows in order, perhaps more than
    once (a plain table measures its columns, then lays them out). `lucli list findings` answered from the
    record index (`lucli.render.indexed_list`) makes its rows a source at a time.
    """

    __slots__ = ("_count", "_make")

    def __init__(self, count: int, make: Callable[[], Iterable[Any]]) -> None:
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return iter(self._make())


@dataclass(frozen=True)
class Table:
    """Rows of data under a header row."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...] | Rows
    spaced: bool = False
    """Leave a blank line between rows (for cells of several lines)."""
    extents: tuple[tuple[int, int], ...] | None = None
    """Each column's longest word and longest line over the rows (headers aside), in terminal cells, when
    measured ahead (`lucli.render.formats.plaintable.column_extents`): a plain table then reads its rows once."""


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is the document title."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (wrapped by the renderer)."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Records:
    """Flat rows for CSV: one header row, then one row per record."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] | Rows = ()


@dataclass(frozen=True)
class Document:
    """One view of the evidence, ready for any output format."""

    blocks: tuple[Block, ...]
    """For people: the table and markdown formats."""
    data: dict[str, Any] = field(default_factory=dict)
    """For programs: the JSON payload, keys in their documented order (no format_version; the renderer adds it).
    A list among its own keys may be `Rows`: it is written an item at a time."""
    records: Records | None = None
    """For spreadsheets: the CSV rows; None when the view has no flat form."""
    chart: str = ""
    """For `--format mermaid`: the argument map of the exchanges in view ('' when there are none)."""
