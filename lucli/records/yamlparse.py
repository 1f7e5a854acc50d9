"""Parse YAML text into plain values plus the position of every key and item.

PyYAML's loaders throw positions away once a document is built, so semantic
errors ("unknown principle in the 14th finding") could not point at a line.
This module walks libyaml's event stream itself (pure-Python parser as a
fallback) and records a `Mark` for each mapping key and list item. Walking
events with an explicit stack also lets it refuse hostile input on the way:
non-standard tags (`!!python/object`), duplicate keys, alias bombs and
nesting deep enough to exhaust a recursive builder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from lucli.records.diagnostics import Diagnostic, error
from lucli.records.textwork import charge
from lucli.records.yamlerrors import reader_diagnostic, syntax_diagnostic, too_deep_at
from lucli.records.yamlscalars import STD_TAG as _STD
from lucli.records.yamlscalars import resolve_scalar

try:  # libyaml is an order of magnitude faster; fall back when it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[Any, ...]
"""Where a value sits in a document: keys and list indexes from the top."""

_ALLOWED_TAGS = {None, "!", *(_STD + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))}


class Mark(NamedTuple):
    """A 1-based line and column."""

    line: int
    col: int


class MarkMap(dict[Path, Any]):
    """Marks by path, stored as plain (line, col) tuples and handed out as `Mark`.

    A document has a mark for every key and item; plain tuples keep parsing fast.
    """

    def __getitem__(self, path: Path) -> Mark:
        return Mark(*super().__getitem__(path))

    def get(self, path: Path, default: Any = None) -> Any:
        found = super().get(path)
        return Mark(*found) if found is not None else default


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile files from exhausting time or memory."""

    max_bytes: int = 4 * 1024 * 1024
    """Largest file read, in bytes."""
    max_line: int = 16_384
    """Longest line accepted, in characters."""
    max_depth: int = 64
    """Deepest nesting of mappings and lists."""
    max_aliases: int = 100
    """Most alias (`*name`) uses in one file."""
    max_nodes: int = 1_000_000
    """Most values one file may expand to."""


CEILINGS = Limits(max_bytes=32 * 1024 * 1024, max_line=1_048_576, max_depth=128, max_aliases=1_000,
                  max_nodes=2_000_000)
"""The highest each limit may be set, by anyone: `lucli.yaml` comes with a pull request, so it may lower
the limits but never raise them past these (each keeps a run within a few hundred MB and well inside
Python's recursion limit)."""


@dataclass
class Document:
    """A parsed YAML file: its data and the marks that locate each part."""

    path: str
    data: Any
    marks: MarkMap = field(default_factory=MarkMap)
    """Start of each value, by path."""
    key_marks: MarkMap = field(default_factory=MarkMap)
    """Start of each mapping key, by the path of its value."""

    def mark(self, path: Path) -> Mark:
        """Find the best mark for a path: the key if known, else the value, else the nearest parent."""
        while True:
            found = self.key_marks.get(path) or self.marks.get(path)
            if found or not path:
                return found or Mark(1, 1)
            path = path[:-1]

    def value_mark(self, path: Path) -> Mark:
        """Find the mark of the value itself (falls back to `mark`)."""
        return self.marks.get(path) or self.mark(path)


class _Refused(Exception):
    """Raised inside the walker to stop at the first unrecoverable problem."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def decode(raw: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    """Decode UTF-8 (with or without BOM), reporting the first bad byte's position."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, error(path, line, col, "encoding", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                           "save the file as UTF-8")


def parse(text: str, path: str, limits: Limits = Limits()) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML text; return the document (or None) and every problem found."""
    charge("yaml", 2 * len(text))  # the long-line check, then libyaml (one pass, in C)
    long_line = _find_long_line(text, limits.max_line)
    if long_line:
        return None, [error(path, long_line, 1, "too-large",
                            f"line {long_line} is longer than {limits.max_line:,} characters",
                            "split long text with a folded block (`>`), or raise limits.max_line in lucli.yaml")]
    walker = _Walker(path, limits)
    try:
        walker.walk(yaml.parse(text, Loader=_Loader))
    except (yaml.YAMLError, RecursionError) as exc:
        # The parser may refuse deep flow nesting itself, reading ahead before it hands us the
        # events that would trip our own limit; judge depth from the text so the answer does not
        # depend on which parser, or which version of its wording, we run on.
        too_deep = too_deep_at(text, limits.max_depth)
        if too_deep is not None:
            return None, walker.problems + [error(path, *too_deep, "too-deep",
                                                  f"nesting deeper than {limits.max_depth} levels",
                                                  "evidence records need only a few levels; check the brackets")]
        if isinstance(exc, yaml.MarkedYAMLError):
            return None, walker.problems + [syntax_diagnostic(exc, path, text)]
        if isinstance(exc, yaml.reader.ReaderError):
            return None, walker.problems + [reader_diagnostic(exc, path, text)]
        return None, walker.problems + [error(path, 1, 1, "yaml-syntax", str(exc).splitlines()[0] or "invalid YAML")]
    except _Refused as stop:
        return None, walker.problems + [stop.diagnostic]
    if walker.documents > 1:
        return None, walker.problems + [error(path, walker.second_doc[0], walker.second_doc[1], "yaml-syntax",
                                              "more than one YAML document in the file",
                                              "remove the second `---` line")]
    doc = Document(path, walker.result, walker.marks, walker.key_marks)
    return doc, walker.problems


def _find_long_line(text: str, limit: int) -> int:
    if len(text) <= limit:
        return 0
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            return number
        start += len(line) + 1
    return 0


def _mark(event: Any) -> tuple[int, int]:
    start = event.start_mark
    return (start.line + 1, start.column + 1)


class _Frame:
    __slots__ = ("container", "path", "pending_key", "anchor", "size")

    def __init__(self, container: Any, path: Path, anchor: str | None) -> None:
        self.container = container
        self.path = path
        self.pending_key: Any = _NO_KEY
        self.anchor = anchor
        self.size = 1
        """Values in this container once aliases are expanded (itself included)."""


_NO_KEY = object()
_SCALAR, _ALIAS, _DOCUMENT_START = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class _Walker:
    """Build plain values from parser events with an explicit stack."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.marks = MarkMap()
        self.key_marks = MarkMap()
        self.problems: list[Diagnostic] = []
        self.result: Any = None
        self.documents = 0
        self.second_doc = (1, 1)
        self.aliases = 0
        self.nodes = 0

    def walk(self, events: Iterable[Any]) -> None:
        """Build the document from parser events.

        The loop runs once per scalar, so the common events are handled inline: at evidence sizes the
        calls cost more than the work (aliases, documents and refusals go through methods).
        """
        stack, marks, limit = self.stack, self.marks, self.limits.max_nodes
        for event in events:
            kind = type(event)
            if kind is _SCALAR:
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    self._check_tag(event)
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                self.nodes += 1
                if self.nodes > limit:
                    self._too_large(mark)
                frame = stack[-1] if stack else None
                if frame is None:
                    value = resolve_scalar(event)
                    marks[()] = mark
                    self.result = value
                elif type(frame.container) is list:
                    value = event.value if event.tag is None and not event.implicit[0] else resolve_scalar(event)
                    frame.size += 1
                    marks[frame.path + (len(frame.container),)] = mark
                    frame.container.append(value)
                elif frame.pending_key is _NO_KEY:
                    value = event.value  # a key is its text: `yes:` is the key 'yes', not True
                    frame.size += 1
                    self._take_key(frame, value, mark)
                else:
                    value = event.value if event.tag is None and not event.implicit[0] else resolve_scalar(event)
                    frame.size += 1
                    key = frame.pending_key
                    marks[frame.path + (key,)] = mark
                    frame.pending_key = _NO_KEY
                    if type(key) is not _Duplicate:
                        frame.container[key] = value
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    self._check_tag(event)
                if len(stack) >= self.limits.max_depth:
                    self._too_deep(event)
                start = event.start_mark
                path = self._child_path((start.line + 1, start.column + 1))
                stack.append(_Frame({} if kind is _MAPPING_START else [], path, event.anchor))
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                frame = stack.pop()
                self._remember(frame.anchor, frame.container, frame.size)
                self._count(frame.size, event, 1)  # its values were counted as they came
                self._attach(frame.container)
            elif kind is _ALIAS:
                self._alias(event)
            elif kind is _DOCUMENT_START:
                self.documents += 1
                if self.documents == 2:
                    self.second_doc = _mark(event)

    def _too_deep(self, event: Any) -> None:
        m = Mark(*_mark(event))
        raise _Refused(error(self.path, m.line, m.col, "too-deep",
                             f"nesting deeper than {self.limits.max_depth} levels",
                             "evidence records need only a few levels; check the indentation"))

    def _check_tag(self, event: Any) -> None:
        if event.tag not in _ALLOWED_TAGS:
            m = Mark(*_mark(event))
            shown = "!!" + event.tag[len(_STD):] if event.tag.startswith(_STD) else event.tag
            raise _Refused(error(self.path, m.line, m.col, "yaml-tag", f"YAML tag '{shown}' is not allowed",
                                 "evidence files hold plain data; remove the tag"))

    def _remember(self, anchor: str | None, value: Any, size: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)

    def _alias(self, event: Any) -> None:
        m = Mark(*_mark(event))
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise _Refused(error(self.path, m.line, m.col, "too-many-aliases",
                                 f"more than {self.limits.max_aliases} YAML aliases",
                                 "write the values out instead of using anchors and aliases"))
        if event.anchor not in self.anchors:
            raise _Refused(error(self.path, m.line, m.col, "yaml-syntax", f"unknown alias '*{event.anchor}'"))
        value, size = self.anchors[event.anchor]
        self._add(value, _mark(event), size)

    def _count(self, size: int, where: Any, new: int | None = None) -> None:
        """Add a finished value's expanded size to its parent, and its `new` values (default: all) to the
        file's count once, refusing alias bombs."""
        if self.stack:
            self.stack[-1].size += size
        self.nodes += size if new is None else new
        if self.nodes > self.limits.max_nodes:
            self._too_large(where if isinstance(where, tuple) else _mark(where))

    def _too_large(self, mark: tuple[int, int]) -> None:
        raise _Refused(error(self.path, mark[0], mark[1], "too-large",
                             f"the file expands to more than {self.limits.max_nodes:,} values",
                             "write the values out instead of using anchors and aliases" if self.aliases
                             else "split the file, or raise limits.max_nodes in lucli.yaml"))

    def _child_path(self, mark: tuple[int, int]) -> Path:
        if not self.stack:
            self.marks[()] = mark
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = frame.path + (len(frame.container),)
            self.marks[path] = mark
            return path
        if frame.pending_key is _NO_KEY:
            self.marks[frame.path + ("<key>",)] = mark  # where a key that is a list or mapping begins
            return frame.path + ("<key>",)
        path = frame.path + (frame.pending_key,)
        self.marks[path] = mark
        return path

    def _add(self, value: Any, mark: tuple[int, int], size: int) -> None:
        """Place a finished scalar or alias value into its parent."""
        self._count(size, mark)
        if not self.stack:
            self.marks[()] = mark
            self.result = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            self.marks[frame.path + (len(frame.container),)] = mark
            frame.container.append(value)
        elif frame.pending_key is _NO_KEY:
            self._take_key(frame, value, mark)
        else:
            self.marks[frame.path + (frame.pending_key,)] = mark
            self._set(frame, value)

    def _attach(self, container: Any) -> None:
        """Place a finished mapping or list into its parent."""
        if not self.stack:
            self.result = container
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(container)
        elif frame.pending_key is _NO_KEY:
            m = self.marks.get(frame.path + ("<key>",), Mark(1, 1))
            raise _Refused(error(self.path, m.line, m.col, "yaml-syntax", "a mapping key must be a plain value"))
        else:
            self._set(frame, container)

    def _take_key(self, frame: _Frame, key: Any, mark: tuple[int, int]) -> None:
        if isinstance(key, (list, dict)):
            raise _Refused(error(self.path, mark[0], mark[1], "yaml-syntax", "a mapping key must be a plain value"))
        key = key if isinstance(key, str) else str(key)
        if key in frame.container:
            first = dict.__getitem__(self.key_marks, frame.path + (key,))
            self.problems.append(error(self.path, mark[0], mark[1], "duplicate-key",
                                       f"key '{key}' appears twice in the same mapping",
                                       f"first at line {first[0]}; remove one (lucli keeps the first)"))
            frame.pending_key = _Duplicate(key)
            return
        frame.pending_key = key
        self.key_marks[frame.path + (key,)] = mark

    def _set(self, frame: _Frame, value: Any) -> None:
        key = frame.pending_key
        frame.pending_key = _NO_KEY
        if not isinstance(key, _Duplicate):
            frame.container[key] = value


class _Duplicate(str):
    """A repeated key whose value is parsed but dropped."""
