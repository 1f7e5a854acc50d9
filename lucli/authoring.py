"""Write new evidence as text: a new source file, or one more finding appended to an existing one.

Existing files are never re-serialised. A new finding is spliced into the
original text at the end of the `findings:` list, so comments, key order and
formatting of everything already there stay byte for byte. Every result is
parsed again and checked with lucli's own loader before anyone writes it: a
splice that would change other data, or a record that would not validate, is
refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lucli.crossref import check_references
from lucli.diagnostics import Diagnostic, sort_diagnostics
from lucli.errors import DataError, RenderError, UsageError
from lucli.load import display_path, load_file
from lucli.model import Evidence
from lucli.project import Project
from lucli.schema import SLUG_PATTERN
from lucli.yamlparse import Document, parse

MODELINE = "# yaml-language-server: $schema=../../schema/source.schema.json"
"""First line of every source file, as in the bundled corpus: editors then check the file as it is typed."""

_SLUG = re.compile(SLUG_PATTERN)
_WIDTH = 80
_MISSING = object()
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
class FindingDraft:
    """The fields of a new finding, with principle ids already resolved."""

    id: str
    kind: str
    statement: str
    principles: tuple[tuple[str, str], ...]
    """(principle id, stance) pairs."""
    quote: str | None = None
    locator: str | None = None
    basis: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewText:
    """A file's complete new text, checked and ready to write."""

    path: Path
    text: str
    warnings: tuple[Diagnostic, ...] = field(default=())
    """Warnings the loader found (unknown keys and the like); they do not stop the write."""


def is_slug(text: str) -> bool:
    """Tell whether text is a valid lucli id."""
    return len(text) <= 64 and bool(_SLUG.match(text))


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


def fuzzy_pick(text: str, options: dict[str, list[str]]) -> tuple[str | None, list[str]]:
    """Pick the option a person meant from what they typed: (id, []) when confident, else (None, nearest ids).

    Exact matches on any name win; otherwise rapidfuzz must score 85 or more and beat every other option by 5.
    """
    from rapidfuzz import fuzz, process, utils

    key = utils.default_process(text)
    for ident, names in options.items():
        if key and key in {utils.default_process(n) for n in names}:
            return ident, []
    # Short names (acronyms) match only exactly: 'ai' is inside far too many words to count as evidence.
    flat = [(k, ident) for ident, names in options.items() for n in names if len(k := utils.default_process(n)) >= 4]
    found = process.extract(key, [n for n, _ in flat], scorer=fuzz.WRatio, processor=None, limit=None)
    best: dict[str, float] = {}
    for _, score, index in found:
        ident = flat[index][1]
        best[ident] = max(best.get(ident, 0.0), score)
    ranked = sorted(best, key=lambda i: -best[i])
    if ranked and best[ranked[0]] >= 85 and (len(ranked) == 1 or best[ranked[0]] - best[ranked[1]] >= 5):
        return ranked[0], []
    return None, [i for i in ranked[:3] if best[i] >= 50]


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


def _flow_list(values: tuple[str, ...]) -> str:
    # Inside [ ] a comma or bracket ends a plain value, so such values are quoted.
    return "[" + ", ".join(double_quoted(v) if re.search(r"[,\[\]{}]", v) else scalar(v) for v in values) + "]"


# --- new source files ------------------------------------------------------------------------------------

def source_text(draft: SourceDraft) -> str:
    """Write a new source file's text in the bundled corpus's layout, with an empty findings list."""
    lines = [MODELINE, f"id: {draft.id}", f"title: {double_quoted(draft.title)}",
             f"publishers: {_flow_list(draft.publishers)}"]
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


# --- appending a finding ---------------------------------------------------------------------------------

def finding_id(statement: str, taken: set[str]) -> str:
    """Make a finding id from the first content words of its statement, unique within the source."""
    base = slugify(statement, max_words=5, max_len=48, drop_stop_words=True) or "finding"
    return unique_id(base, taken)


def finding_lines(draft: FindingDraft, dash: int, indent: int) -> list[str]:
    """Write a finding as block YAML: the dash at column `dash`, keys at column `indent`."""
    pad = " " * indent
    lines = [f"id: {draft.id}", f"kind: {draft.kind}"]
    body = [pad + line for line in lines]
    body += text_field("statement", draft.statement, indent)
    if draft.quote:
        body.append(f"{pad}quote: {double_quoted(draft.quote)}")
    if draft.locator:
        body.append(f"{pad}locator: {double_quoted(draft.locator)}")
    body.append(f"{pad}principles:")
    body += [f"{pad}  - {{id: {pid}, stance: {stance}}}" for pid, stance in draft.principles]
    if draft.basis:
        body.append(f"{pad}basis: {_flow_list(draft.basis)}")
    if draft.actors:
        body.append(f"{pad}actors: {_flow_list(draft.actors)}")
    first = body[0][indent:]
    body[0] = " " * dash + "-" + " " * max(indent - dash - 1, 1) + first
    return body


def expected_item(draft: FindingDraft) -> dict[str, Any]:
    """The plain data the new finding should read back as."""
    item: dict[str, Any] = {"id": draft.id, "kind": draft.kind, "statement": draft.statement}
    if draft.quote:
        item["quote"] = draft.quote
    if draft.locator:
        item["locator"] = draft.locator
    item["principles"] = [{"id": pid, "stance": stance} for pid, stance in draft.principles]
    if draft.basis:
        item["basis"] = list(draft.basis)
    if draft.actors:
        item["actors"] = list(draft.actors)
    return item


def append_finding(text: str, shown: str, draft: FindingDraft) -> str:
    """Return `text` with the finding added at the end of its `findings:` list, all else unchanged."""
    doc = _parse_mapping(text, shown)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    findings = doc.data.get("findings", _MISSING)
    for candidate in _splices(doc, lines, findings, draft, newline):
        new_text = "".join(candidate)
        if _only_added(doc.data, new_text, shown, draft):
            return new_text
    raise RenderError(f"{shown}: cannot add the finding without changing other content of the file",
                      "add it by hand at the end of the findings list")


def _parse_mapping(text: str, shown: str) -> Document:
    doc, problems = parse(text, shown)
    if doc is None:
        listed = "\n".join("  " + d.format() for d in problems)
        raise DataError(f"{shown} cannot be read as YAML, so nothing was written:\n{listed}",
                        "fix it first; `lucli validate` shows every problem")
    if not isinstance(doc.data, dict):
        raise DataError(f"{shown} is not a source file (a mapping that starts with `id:`)")
    return doc


def _splices(doc: Document, lines: list[str], findings: Any, draft: FindingDraft, nl: str) -> list[list[str]]:
    """Candidate new texts (as lines), most natural first."""
    if findings is _MISSING:
        return [lines + ["findings:" + nl] + _item(draft, 2, 4, False, nl)]
    key_line = doc.key_marks[("findings",)].line - 1
    rest = lines[key_line].rstrip("\r\n").split(":", 1)[1] if ":" in lines[key_line] else ""
    value = _strip_comment(rest).strip()
    if findings is None and value in ("", "~", "null"):
        head = lines[key_line] if value == "" else lines[key_line].replace(value, "", 1)
        return [lines[:key_line] + [head] + _item(draft, 2, 4, False, nl) + lines[key_line + 1:]]
    if findings == [] and value == "[]":
        head = lines[key_line].replace(" []", "", 1) if " []" in lines[key_line] else lines[key_line].replace("[]", "")
        return [lines[:key_line] + [head] + _item(draft, 2, 4, False, nl) + lines[key_line + 1:]]
    if not isinstance(findings, list) or value:
        raise UsageError(f"{doc.path}:{key_line + 1}: `findings:` is not written as a block list "
                         f"(one `- id:` per finding)", "rewrite it as a block list, then add findings")
    dash, indent = _item_layout(doc, lines)
    # Follow the file's habit; with one finding there is none yet, so follow the bundled corpus (a blank line).
    blank = len(findings) == 1 or any(not lines[i].strip() for i in range(
        doc.value_mark(("findings", 0)).line, doc.value_mark(("findings", 1)).line - 1))
    end = _region_end(doc, key_line, len(lines))
    last = next((i for i in range(end - 1, key_line, -1) if _is_content(lines[i])), end - 1)
    item = _item(draft, dash, indent, blank, nl)
    return [lines[: at] + item + lines[at:] for at in dict.fromkeys((last + 1, end))]


def _item(draft: FindingDraft, dash: int, indent: int, blank: bool, nl: str) -> list[str]:
    return ([nl] if blank else []) + [line + nl for line in finding_lines(draft, dash, indent)]


def _strip_comment(text: str) -> str:
    return re.sub(r"(^|\s)#.*$", "", text)


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _item_layout(doc: Document, lines: list[str]) -> tuple[int, int]:
    """Column of the dash and of the keys of the existing items (0-based)."""
    mark = doc.value_mark(("findings", 0))
    before = lines[mark.line - 1][: mark.col - 1]
    if before.rstrip().endswith("-"):
        return len(before.rstrip()) - 1, mark.col - 1
    return 2, 4


def _region_end(doc: Document, key_line: int, total: int) -> int:
    """Index of the first line after the findings list: the next top-level key, or the end of the file."""
    later = [m.line - 1 for k, m in ((k, doc.key_marks.get((k,))) for k in doc.data) if m and m.line - 1 > key_line]
    return min(later) if later else total


def _only_added(old: dict[str, Any], new_text: str, shown: str, draft: FindingDraft) -> bool:
    """Check that the new text reads back as the old data plus exactly the new finding."""
    doc, _ = parse(new_text, shown)
    if doc is None or not isinstance(doc.data, dict):
        return False
    new = doc.data
    before = [k for k in old]
    if [k for k in new if k in old] != before or set(new) - set(old) - {"findings"}:
        return False
    if any(new[k] != old[k] for k in old if k != "findings"):
        return False
    items = new.get("findings")
    if not isinstance(items, list) or items[:-1] != (old.get("findings") or []):
        return False
    return bool(_plain(items[-1]) == expected_item(draft))


def _plain(value: Any) -> Any:
    """Strip the trailing newline a folded block leaves, so text compares with what was typed."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.rstrip("\n") if isinstance(value, str) else value


def new_finding(project: Project, evidence: Evidence, path: Path, text: str, draft: FindingDraft) -> NewText:
    """Append a finding to a source file's text and check the result; raise if it would not be valid."""
    shown = display_path(path)
    return accept(project, evidence, path, append_finding(text, shown, draft))


def read_source(path: Path, project: Project) -> tuple[str, str]:
    """Read a source file's text and the byte-order mark it starts with ('' when none), to write it back as found."""
    from lucli.load import read_text

    text, problem = read_text(path, display_path(path), project.limits)
    if problem or text is None:
        raise DataError(problem.format() if problem else f"{display_path(path)}: cannot read the file")
    with path.open("rb") as handle:
        bom = "\ufeff" if handle.read(3) == b"\xef\xbb\xbf" else ""
    return text, bom


def taken_finding_ids(text: str, shown: str) -> set[str]:
    """Ids of the findings a source file's text already holds (read leniently)."""
    doc = _parse_mapping(text, shown)
    items = doc.data.get("findings") or []
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)} \
        if isinstance(items, list) else set()


# --- checking what a person typed --------------------------------------------------------------------------

def clean_text(text: str, option: str) -> str:
    """Collapse runs of whitespace; refuse empty text."""
    if not text.strip():
        raise UsageError(f"{option} is empty")
    return " ".join(text.split())


def check_date(text: str, option: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD that is a real date and not in the future."""
    from lucli.check import date_problem

    problem = date_problem(text.strip(), dt.date.today())
    if problem:
        raise UsageError(f"{option}: {problem[1]}", problem[2])
    return text.strip()


def check_url(text: str) -> str:
    """Accept an http(s) address."""
    from lucli.schema import URL_PATTERN

    if not re.match(URL_PATTERN, text.strip()):
        raise UsageError(f"--url: '{text}' is not an http(s) URL", "never guess an address; leave it out if unknown")
    return text.strip()


def principle_refs(values: list[str], corpus: Any) -> tuple[tuple[str, str], ...]:
    """Resolve `ID[:stance]` values (ids, labels or aliases) to (id, stance) pairs, with did-you-mean on typos."""
    from lucli.hints import did_you_mean
    from lucli.model import STANCES
    from lucli.resolve import resolve

    found: dict[str, str] = {}
    for value in values:
        name, stance = value.strip(), "supports"
        if ":" in value:
            name, stance = (p.strip() for p in value.rsplit(":", 1))
            if stance not in STANCES:
                raise UsageError(f"--principle {value}: '{stance}' is not a stance",
                                 did_you_mean(stance, STANCES) or "use supports, opposes or qualifies")
        ident = resolve(corpus, name, ("principle",)).id
        if ident in found:
            raise UsageError(f"--principle: '{ident}' is given twice")
        found[ident] = stance
    if not found:
        raise UsageError("give at least one principle")
    return tuple(found.items())


def locate_source(project: Project, corpus: Any, text: str) -> Path:
    """Find the file of a source named on the command line: a path to it, its id, or its title."""
    from lucli.atomic import inside
    from lucli.resolve import resolve

    path = Path(text)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        if not inside(path, project.sources):
            raise UsageError(f"{text} is not in {display_path(project.sources)}/",
                             "source files live in evidence/sources/")
        return path
    suffixes = (".yaml", ".yml")
    if not is_slug(text) or not any((project.sources / f"{text}{s}").is_file() for s in suffixes):
        text = resolve(corpus, text, ("source",)).id
    found = next((p for s in suffixes if (p := project.sources / f"{text}{s}").is_file()), None)
    if found is None or not inside(found, project.root):
        raise UsageError(f"cannot edit the file of source '{text}'", "it must be a file inside the repository")
    return found
