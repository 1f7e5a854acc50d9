"""A format-neutral document: what every view produces and every renderer reads.

A view (the stance matrix, one principle, a list…) is built once as a
`Document`: blocks of headings, paragraphs, bullets and tables for people
(rendered by `table` and `markdown`), a JSON payload (`data`, keys in their
documented order) and flat `records` for CSV. Renderers never reach back into
the corpus, so each output format is a small pure function of this value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 2
"""Version of the JSON and CSV shapes documented in docs/compare.md."""


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


@dataclass(frozen=True)
class Table:
    """Rows of data under a header row."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    spaced: bool = False
    """Leave a blank line between rows (for cells of several lines)."""


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
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Document:
    """One view of the evidence, ready for any output format."""

    blocks: tuple[Block, ...]
    """For people: the table and markdown formats."""
    data: dict[str, Any] = field(default_factory=dict)
    """For programs: the JSON payload, keys in their documented order (no format_version; the renderer adds it)."""
    records: Records | None = None
    """For spreadsheets: the CSV rows; None when the view has no flat form."""
    chart: str = ""
    """For `--format mermaid`: the argument map of the exchanges in view ('' when there are none)."""
