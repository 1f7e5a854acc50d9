"""CSV output: one header row, then one row per record (RFC 4180 quoting, LF line ends).

A cell that a spreadsheet would read as a formula is neutralised (`lucli.records.safetext.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io

from lucli.errors import UsageError
from lucli.records.safetext import spreadsheet_cell
from lucli.render.formats.document import Document


def render(doc: Document) -> str:
    """Render the document's flat records as CSV."""
    if doc.records is None:
        raise UsageError("this view has no CSV form", "use --format table, md or json")
    buffer = io.StringIO()
    # LF line ends keep files diff-friendly in git; spreadsheet programs read them fine.
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(doc.records.header)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in doc.records.rows)
    return buffer.getvalue()
