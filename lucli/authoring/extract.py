"""Turn a report's PDF, web page or text file into plain text for archiving, keeping its pages.

PDF text comes from pdfminer.six (the optional `pdf` extra), which writes a form
feed after each page, so page numbers survive into the archive. Web pages go
through the standard library's HTML parser, leaving out scripts, styles,
navigation and the page head. Text and Markdown files are taken as they are
(a form feed in them separates pages too).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from lucli import __version__
from lucli.errors import DataError, UsageError

KINDS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}
MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Largest file `texts add` reads."""
PDF_EXTRA_HINT = "install the pdf extra: pip install 'lucli[pdf]'"


@dataclass(frozen=True)
class Extracted:
    """The plain text of a file and how it was made."""

    text: str
    """The text, pages separated by form feeds, ending with a newline."""
    pages: int | None
    """How many pages it has, when it has pages."""
    tool: str
    """What extracted it, with its version."""
    origin_sha256: str = ""
    """SHA-256 of the file it was extracted from."""


def extract(path: Path, shown: str) -> Extracted:
    """Extract the text of a .pdf, .html/.htm, .txt or .md file."""
    if re.match(r"https?:/", shown):  # a path made of an address ('https://…' loses a slash as a path)
        raise UsageError(f"{shown.replace(':/', '://', 1)}: lucli archives files and downloads nothing",
                         "save the page from the browser (Save Page As…) or download the PDF, then give that file")
    if path.is_dir():
        raise UsageError(f"{shown}: is a folder, not a file", "give the report's .pdf, .html, .htm, .txt or .md file")
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        what = f"a '{path.suffix}' file" if path.suffix else "a file with no extension"
        raise UsageError(f"{shown}: cannot archive {what}", "give a .pdf, .html, .htm, .txt or .md file")
    raw = _read(path, shown)
    if kind == "pdf":
        extracted = _pdf(raw, shown)
    elif kind == "html":
        extracted = _finish(html_text(_decode(raw)), f"lucli {__version__} (html.parser)", shown,
                            empty="the page holds no text outside its scripts, styles and navigation")
    else:
        extracted = _finish(_decode(raw), f"lucli {__version__} (text)", shown, empty="the file is empty")
    return replace(extracted, origin_sha256=hashlib.sha256(raw).hexdigest())


def _read(path: Path, shown: str) -> bytes:
    try:
        if not path.is_file():
            raise UsageError(f"{shown}: no such file", "check the path")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise DataError(f"{shown}: file is {size:,} bytes, over the limit of {MAX_INPUT_BYTES:,}")
        with path.open("rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise DataError(f"{shown}: cannot read the file: {exc.strerror or exc}") from exc


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _pdf(raw: bytes, shown: str) -> Extracted:
    try:
        from importlib.metadata import version

        import pdfminer.high_level  # noqa: F401 - only to learn whether the extra is installed
    except ImportError as exc:
        raise UsageError(f"{shown}: reading PDF files needs pdfminer.six, which is not installed",
                         PDF_EXTRA_HINT) from exc
    try:
        text = pdf_text(raw)
    # pdfminer raises many kinds of error on a broken or hostile file (PDFSyntaxError, PSEOF, KeyError, …);
    # any of them means the same to the user, and becomes one message with the file's name.
    except Exception as exc:  # noqa: BLE001
        raise DataError(f"{shown}: cannot read the PDF: {type(exc).__name__}: {exc}",
                        "check it opens in a PDF reader; an encrypted PDF must be saved without a password") from exc
    pages = text.count("\f") if text.endswith("\f") else text.count("\f") + 1
    return _finish(text.removesuffix("\f"), f"pdfminer.six {version('pdfminer.six')}", shown, pages)


def pdf_text(raw: bytes, workers: int | None = None) -> str:
    """Extract a PDF's text, a form feed after each page; long PDFs in page ranges on several processes."""
    from concurrent.futures import ProcessPoolExecutor
    from io import BytesIO
    from itertools import repeat

    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    if workers is None:
        # pdfminer spends its time laying out each page; pages are independent, so ranges of them run in
        # parallel (each worker parses the file's structure again, which is cheap beside the layout).
        count = sum(1 for _ in PDFPage.get_pages(BytesIO(raw)))
        workers = min(os.cpu_count() or 1, 4, count // 10)
    if workers < 2:
        return str(extract_text(BytesIO(raw)))
    count = sum(1 for _ in PDFPage.get_pages(BytesIO(raw)))
    bounds = [count * i // workers for i in range(workers + 1)]
    with ProcessPoolExecutor(workers) as pool:
        return "".join(pool.map(_page_range_text, repeat(raw), bounds[:-1], bounds[1:]))


def _page_range_text(raw: bytes, first: int, last: int) -> str:
    from io import BytesIO

    from pdfminer.high_level import extract_text

    return str(extract_text(BytesIO(raw), page_numbers=range(first, last)))


def _finish(text: str, tool: str, shown: str, pages: int | None = None,
            empty: str = "a scanned PDF holds pictures of pages: run it through OCR first") -> Extracted:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    if not text.strip("\f \n\t"):
        raise DataError(f"{shown}: no text could be extracted", empty)
    if pages is None and "\f" in text:
        pages = text.count("\f") + 1
    return Extracted(text.rstrip(" \n") + "\n", pages, tool)


# Not `form`: some sites wrap the whole page in one.
_SKIPPED = frozenset({"script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "button", "select",
                      "object"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4",
                     "h5", "h6", "li", "ul", "ol", "table", "tr", "blockquote", "figure", "figcaption", "dd", "dt",
                     "pre", "hr"})


class _Text(HTMLParser):
    """Collects the readable text of a page, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED or ("role", "navigation") in attrs:
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            # An element left open inside a skipped one ends with it.
            del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag):]
        elif tag in _BLOCKS and not self.skipping:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """Return the readable text of an HTML page: no scripts, styles or navigation; paragraphs kept apart."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", "".join(parser.parts)))
    return "\n\n".join(p for p in paragraphs if p) + "\n"
