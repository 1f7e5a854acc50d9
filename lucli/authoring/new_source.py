"""Write a new source file's text, and the pieces every new text is made of: ids and one-line YAML values.

A new source file is laid out as the bundled corpus lays its files out, and is
parsed again and checked with lucli's own loader before anyone writes it: a
record that would not validate is refused and nothing is written. Appending a
finding to an existing file is in `lucli.authoring.append`; checking what a person typed
is in `lucli.authoring.userinput`.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lucli.errors import DataError, UsageError
from lucli.records.crossref import check_references
from lucli.records.diagnostics import Diagnostic, sort_diagnostics
from lucli.records.load import load_file
from lucli.records.locations import display_path
from lucli.records.model import Evidence
from lucli.records.project import Project
from lucli.records.schema import is_slug

MODELINE = "# yaml-language-server: $schema=../../schema/source.schema.json"
"""First line of every source file, as in the bundled corpus: editors then check the file as it is typed."""

_WIDTH = 80
# Words left out of ids made from titles and statements: they make ids longer without telling them apart.
_ID_STOP = frozenset("a an and are as at be been by can could did do does for from has have how in is it its of on "
                     "or should that the their there they this to was were what which who will with would".split())


@dataclass(frozen=True)
class SourceDraft:
    """The fields of a new source file, already checked one by one."""

    id: str
    title: str
    publishers: tuple[str, ...]
    published: str
    kind: str
    authors: tuple[str, ...] = ()
    url: str | None = None
    summary: str | None = None
    text: str | None = None
    """Archived copy, relative to evidence/."""


@dataclass(frozen=True)
class NewText:
    """A file's complete new text, checked and ready to write."""

    path: Path
    text: str
    warnings: tuple[Diagnostic, ...] = field(default=())
    """Warnings the loader found (unknown keys and the like); they do not stop the write."""


# --- ids -------------------------------------------------------------------------------------------------

def slugify(text: str, *, max_words: int = 8, max_len: int = 64, drop_stop_words: bool = False) -> str:
    """Make an id from free text: lower-case words joined by hyphens, cut at a word boundary."""
    # Punctuation (dashes, apostrophes) separates words before accents are dropped, so 'cut—inequality' stays two.
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(re.sub(r"[^\w]+", " ", text)).lower()) if w != "s"]
    if drop_stop_words:
        words = [w for w in words if w not in _ID_STOP] or words
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_len]
    return slug


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def default_source_id(first: str, published: str | None, title: str) -> str:
    """Make a source id the way the corpus does: first publisher (or author) + year + first title words."""
    head = "-".join(p for p in (slugify(first, max_words=3), (published or "")[:4]) if p)
    words = slugify(title, max_words=5, max_len=max(64 - len(head) - 1, 8), drop_stop_words=True)
    return "-".join(p for p in (head, words) if p)[:64].strip("-") or "source"


def unique_id(base: str, taken: set[str]) -> str:
    """Return `base`, or `base-2`, `base-3`… whichever is not taken, kept within 64 characters."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


# --- YAML text for single values -------------------------------------------------------------------------

def double_quoted(value: str) -> str:
    """Write a string as a one-line YAML double-quoted scalar, escaping only what YAML requires."""
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or code in (0x2028, 0x2029, 0xFEFF) \
                or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def scalar(value: str) -> str:
    """Write a string as a one-line YAML scalar: plain when that reads back as the same text, else quoted."""
    dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=1_000_000, default_flow_style=False)
    line = dumped[len("k: "):]
    if line.endswith("\n") and "\n" not in line[:-1] and not line.startswith(("'", '"')):
        return line[:-1]
    return double_quoted(value)


def _round_trips(snippet: str, key: str, value: str) -> bool:
    try:
        loaded = yaml.safe_load(snippet)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and isinstance(loaded.get(key), str) and loaded[key].rstrip("\n") == value


def text_field(key: str, value: str, indent: int) -> list[str]:
    """Write `key: value` for prose: a folded block (`>`) wrapped to 80 columns when it reads back exactly."""
    pad = " " * indent
    if "\n" not in value and "  " not in value and "\t" not in value and value == value.strip() and value:
        body = textwrap.wrap(value, width=max(_WIDTH - indent - 2, 30), break_long_words=False,
                             break_on_hyphens=False)
        lines = [f"{key}: >"] + [f"  {line}" for line in body]
        if _round_trips("\n".join(lines) + "\n", key, value):
            return [pad + line for line in lines]
    return [f"{pad}{key}: {double_quoted(value)}"]


def flow_list(values: tuple[str, ...]) -> str:
    """Write strings as a one-line YAML flow list, `[a, b]`."""
    # Inside [ ] a comma or bracket ends a plain value, so such values are quoted.
    return "[" + ", ".join(double_quoted(v) if re.search(r"[,\[\]{}]", v) else scalar(v) for v in values) + "]"


# --- new source files ------------------------------------------------------------------------------------

def source_text(draft: SourceDraft) -> str:
    """Write a new source file's text in the bundled corpus's layout, with an empty findings list."""
    lines = [MODELINE, f"id: {draft.id}", f"title: {double_quoted(draft.title)}",
             f"publishers: {flow_list(draft.publishers)}"]
    if draft.authors:
        lines += ["authors:"] + [f"  - {scalar(a)}" for a in draft.authors]
    # Quoted so that YAML reads 2022 and 2022-02 as text, as the corpus writes partial dates.
    lines += [f"published: {double_quoted(draft.published)}", f"kind: {draft.kind}"]
    if draft.url:
        lines.append(f"url: {scalar(draft.url)}")
    if draft.summary:
        lines += text_field("summary", draft.summary, 0)
    if draft.text:
        lines.append(f"text: {scalar(draft.text)}")
    lines.append("findings: []")
    return "\n".join(lines) + "\n"


def check_source_text(project: Project, evidence: Evidence, path: Path, text: str,
                      today: dt.date | None = None) -> list[Diagnostic]:
    """Check a source file's would-be text with lucli's loader, including references to the other files."""
    shown = display_path(path)
    result = load_file("source", text, shown, path.stem, project.limits, today or dt.date.today())
    others = tuple(s for s in evidence.sources if s.id != path.stem)
    merged = Evidence(evidence.organisations, evidence.principles, others + tuple(result.sources))
    references = [d for d in check_references(merged, project.evidence) if d.path == shown]
    return sort_diagnostics(result.diagnostics + references)


def accept(project: Project, evidence: Evidence, path: Path, text: str) -> NewText:
    """Return the checked text, or raise `DataError` listing the errors (nothing is written)."""
    problems = check_source_text(project, evidence, path, text)
    errors = [d for d in problems if d.severity == "error"]
    if errors:
        listed = "\n".join("  " + d.format() for d in errors)
        raise DataError(f"{display_path(path)} would not be valid, so nothing was written:\n{listed}",
                        "fix the values above and run the command again")
    return NewText(path, text, tuple(problems))


def source_path(project: Project, source_id: str) -> Path:
    """Return where a source file lives, refusing ids that are not slugs (they could escape the folder)."""
    if not is_slug(source_id):
        hint = slugify(source_id)
        raise UsageError(f"'{source_id}' is not a valid id: use lower-case letters, digits and single hyphens, "
                         f"at most 64 characters", f"try '{hint}'" if hint else None)
    return project.sources / f"{source_id}.yaml"


def new_source(project: Project, evidence: Evidence, draft: SourceDraft) -> NewText:
    """Write and check the text of a new source file; refuse an id whose file already exists."""
    path = source_path(project, draft.id)
    if path.exists():
        raise UsageError(f"{display_path(path)} already exists; lucli never writes over a source file",
                         "choose another --id, or add findings to it with `lucli add finding`")
    return accept(project, evidence, path, source_text(draft))
