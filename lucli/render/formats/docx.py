"""A markdown briefing as a Word document, through pandoc.

Pandoc comes with the `pypandoc-binary` wheel (the `office` extra), so nothing
is downloaded and no system pandoc is needed. Styles come from a reference
document: `templates/reference.docx` in the evidence repository when there is
one, else lucli's own. Pandoc runs with `--sandbox`, so a template cannot make
it read files or fetch images from the network.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from lucli.errors import LucliError, UsageError

REFERENCE_DOC = "reference.docx"
"""The file in templates/ whose styles (fonts, headings, tables) the Word output takes."""
EXTRA = "office"
_INPUT = "commonmark_x-smart"
"""CommonMark with pandoc's tables; typographic quotes are in the text already, so no 'smart' rewriting."""


def _pypandoc() -> object:
    try:
        import pypandoc
    except ImportError:
        raise UsageError(f"Word output needs the optional '{EXTRA}' extra, which is not installed",
                         f"pip install 'lucli[{EXTRA}]' (it brings pandoc as a wheel), or write -o brief.html "
                         "and save it from a browser") from None
    return pypandoc


def reference_doc(template_folders: tuple[Path | None, ...]) -> Path | None:
    """The reference document to style the output with: the first folder's that has one."""
    from lucli.render.template_files import repo_file

    for folder in template_folders:
        found = repo_file(folder, REFERENCE_DOC) if folder is not None else None  # never a link out of it
        if found is not None and found.is_file():
            return found
    return None


def render_docx(markdown: str, reference: Path | None) -> bytes:
    """Convert a markdown briefing into the bytes of a .docx file."""
    pypandoc = _pypandoc()
    args = ["--sandbox"]
    if reference is not None:
        args.append(f"--reference-doc={reference}")
    with tempfile.TemporaryDirectory(prefix="lucli-docx-") as folder:
        target = Path(folder) / "brief.docx"
        try:
            pypandoc.convert_text(markdown, "docx", format=_INPUT,  # type: ignore[attr-defined]
                                  outputfile=str(target), extra_args=args)
        except (RuntimeError, OSError) as exc:
            where = f" with the reference document {reference}" if reference is not None else ""
            raise LucliError(f"pandoc could not write the Word file{where}: {str(exc).strip()}",
                             f"check that {REFERENCE_DOC} is a Word file, or remove it to use lucli's own"
                             if reference is not None else None) from exc
        return target.read_bytes()
