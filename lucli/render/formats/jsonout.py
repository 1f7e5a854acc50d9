"""JSON output: the document's payload with its format version, byte-for-byte reproducible."""

from __future__ import annotations

import json

from lucli.render.formats.document import FORMAT_VERSION, Document


def render(doc: Document) -> str:
    """Render the payload as indented UTF-8 JSON, `format_version` first.

    Keys keep the fixed order the views build them in (documented in
    docs/compare.md); nothing time-dependent is added, so the same evidence
    always gives the same bytes.
    """
    return json.dumps({"format_version": FORMAT_VERSION, **doc.data}, indent=2, ensure_ascii=False) + "\n"
