"""CSV output: one header row, then one row per record (RFC 4180 quoting, LF line ends).

A cell that a spreadsheet would read as a formula is neutralised (`lucli.records.safetext.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice

from lucli.errors import UsageError
from lucli.records.safetext import spreadsheet_cell
from lucli.render.formats.document import Document

BATCH = 1000
"""Rows written as one piece."""


def render(doc: Document) -> str:
    """Render the document's flat records as CSV."""
    return "".join(render_pieces(doc))


def render_pieces(doc: Document) -> Iterator[str]:
    """`render`'s text a few rows at a time, so that a long list (`Rows`) is never held whole."""
    if doc.records is None:
        raise UsageError("this view has no CSV form", "use --format table, md or json")
    buffer = io.StringIO()
    # LF line ends keep files diff-friendly in git; spreadsheet programs read them fine.
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(doc.records.header)
    rows = iter(doc.records.rows)
    while True:
        batch = list(islice(rows, BATCH))
        writer.writerows([spreadsheet_cell(cell) for cell in row] for row in batch)
        yield buffer.getvalue()
        if len(batch) < BATCH:
            return
        buffer.seek(0)
        buffer.truncate()
