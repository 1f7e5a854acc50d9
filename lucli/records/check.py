"""Check parsed YAML against the record shapes and report every problem with its place.

`check_mapping` walks one mapping against a `Shape`, collecting diagnostics for
missing fields, wrong types, bad enum values, slugs, dates, URLs and unknown
keys. It returns the values that passed, so later stages can still index what
is usable even when some of a file is wrong.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from lucli.records.diagnostics import Diagnostic, error, warning
from lucli.records.hints import did_you_mean
from lucli.records.plurals import plural
from lucli.records.schema import DATE_PATTERN, SHA256_PATTERN, SLUG_PATTERN, URL_PATTERN, Field, Shape
from lucli.records.yamlparse import Document, Path

_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_URL = re.compile(URL_PATTERN)

_TYPE_NAMES = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
               dict: "a mapping", type(None): "nothing (null)"}


def describe(value: Any) -> str:
    """Name a YAML value's type the way a user thinks of it."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


@dataclass
class Checker:
    """Checks the values of one document, collecting diagnostics."""

    doc: Document
    today: dt.date = field(default_factory=dt.date.today)
    problems: list[Diagnostic] = field(default_factory=list)
    latest: dt.date | None = None
    """The latest date the document gives (its earliest reading: 2024 is 2024-01-01). Only the future-date
    check depends on the day, so the checks give the same answer on any day on or after this one."""

    def error(self, path: Path, code: str, message: str, hint: str | None = None, *, at_value: bool = True) -> None:
        """Record an error at the value (or key) found at `path`."""
        mark = self.doc.value_mark(path) if at_value else self.doc.mark(path)
        self.problems.append(error(self.doc.path, mark.line, mark.col, code, message, hint))

    def warn(self, path: Path, code: str, message: str, hint: str | None = None) -> None:
        """Record a warning at the key found at `path`."""
        mark = self.doc.mark(path)
        self.problems.append(warning(self.doc.path, mark.line, mark.col, code, message, hint))

    def check_mapping(self, value: Any, shape: Shape, path: Path) -> dict[str, Any] | None:
        """Check a mapping against a shape; return its valid values, or None if it is not a mapping."""
        if not isinstance(value, dict):
            self.error(path, "wrong-type", f"expected a {shape.name} (a mapping of keys to values), "
                                           f"found {describe(value)}")
            return None
        clean: dict[str, Any] = {"__path__": path}
        fields = shape.by_name
        for key, item in value.items():
            spec = fields.get(key)
            if spec is None:
                hint = did_you_mean(key, [f.name for f in shape.fields])
                self.warn(path + (key,), "unknown-key", f"unknown key '{key}' in {shape.name}", hint)
                clean.setdefault("__extra__", {})[key] = item
                continue
            if item is None and not spec.required:
                continue  # an optional field left empty is as if absent
            checked = _CHECKS[spec.type](self, item, spec, path + (key,))
            if checked is not None:
                clean[key] = checked
        for spec in shape.required:
            if spec.name not in value:
                self.error(path, "missing-field", f"{shape.name} has no '{spec.name}'",
                           f"add `{spec.name}:` ({spec.description[0].lower()}{spec.description[1:].rstrip('.')})",
                           at_value=False)
        if shape.one_of_required and not any(name in value for name in shape.one_of_required):
            names = ", ".join(shape.one_of_required)
            self.error(path, "missing-field", f"{shape.name} needs at least one of: {names}", at_value=False)
        return clean

    def check_value(self, value: Any, spec: Field, path: Path) -> Any:
        """Check one value; return it cleaned, or None when it is unusable."""
        if value is None and not spec.required:
            return None
        return _CHECKS[spec.type](self, value, spec, path)

    def _check_string(self, value: Any, spec: Field, path: Path) -> str | None:
        if not isinstance(value, str):
            hint = "put the value in quotes" if isinstance(value, (int, float, bool)) else None
            self.error(path, "wrong-type", f"'{spec.name}' must be text, found {describe(value)}", hint)
            return None
        stripped = value.strip()
        if not stripped:
            self.error(path, "empty-value", f"'{spec.name}' is empty")
            return None
        return stripped if "\n" not in stripped else value.rstrip("\n")

    def _check_slug(self, value: Any, spec: Field, path: Path) -> str | None:
        text = self._check_string(value, spec, path)
        if text is None:
            return None
        if len(text) > 64 or not _SLUG.match(text):
            suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]
            hint = f"try '{suggestion}'" if suggestion and suggestion != text else None
            self.error(path, "bad-id", f"'{text}' is not a valid id: use lower-case letters, digits and "
                                       f"single hyphens, at most 64 characters", hint)
            return None
        return text

    def _check_enum(self, value: Any, spec: Field, path: Path) -> str | None:
        text = self._check_string(value, spec, path)
        if text is None:
            return None
        if text not in spec.enum:
            hint = did_you_mean(text, spec.enum) or "expected one of: " + ", ".join(spec.enum)
            self.error(path, "bad-value", f"'{text}' is not a valid {spec.name}", hint)
            return None
        return text

    def _check_date(self, value: Any, spec: Field, path: Path) -> str | None:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        text = self._check_string(text, spec, path)
        if text is None:
            return None
        problem = date_problem(text, self.today)
        when = earliest_date(text)
        if when is not None and (self.latest is None or when > self.latest):
            self.latest = when
        if problem:
            code, message, hint = problem
            self.error(path, code, f"'{spec.name}' {message}", hint)
            return None
        return text

    def _check_url(self, value: Any, spec: Field, path: Path) -> str | None:
        text = self._check_string(value, spec, path)
        if text is None:
            return None
        if not _URL.match(text):
            hint = "only http:// and https:// addresses are allowed"
            if "://" not in text and "." in text.split("/")[0]:
                hint = f"did you mean 'https://{text}'?"
            self.error(path, "bad-url", f"'{text}' is not an http(s) URL", hint)
            return None
        return text

    def _check_path(self, value: Any, spec: Field, path: Path) -> str | None:
        text = self._check_string(value, spec, path)
        if text is None:
            return None
        pure = PurePosixPath(text.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", text):
            self.error(path, "bad-path", f"'{text}' must be a path inside evidence/ "
                                         f"(relative, with no '..')", "e.g. texts/report-name.txt")
            return None
        return str(pure)

    def _check_count(self, value: Any, spec: Field, path: Path) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(path, "wrong-type", f"'{spec.name}' must be a whole number of at least 1, found "
                                           f"{describe(value)}")
            return None
        return value

    def _check_sha256(self, value: Any, spec: Field, path: Path) -> str | None:
        text = self._check_string(value, spec, path)
        if text is not None and not re.fullmatch(SHA256_PATTERN, text):
            self.error(path, "bad-hash", f"'{spec.name}' must be 64 hexadecimal digits (a SHA-256)",
                       "`lucli texts add` writes it; do not edit it by hand")
            return None
        return text

    def _check_list(self, value: Any, spec: Field, path: Path) -> list[Any] | None:
        assert spec.items is not None
        if isinstance(value, (str, int)) and spec.items.type in ("slug", "string", "enum"):
            hint = f"write it as a list: `{spec.name}: [{value}]`"
            self.error(path, "wrong-type", f"'{spec.name}' must be a list, found {describe(value)}", hint)
            return None
        if not isinstance(value, list):
            self.error(path, "wrong-type", f"'{spec.name}' must be a list, found {describe(value)}")
            return None
        if len(value) < spec.min_items:
            least = spec.min_items
            self.error(path, "empty-list", f"'{spec.name}' needs at least {plural(least, 'item')}",
                       f"list {'one' if least == 1 else least} under `{spec.name}:`", at_value=False)
        items = []
        for index, item in enumerate(value):
            item_spec = spec.items
            if item_spec.type == "object":
                assert item_spec.shape is not None
                checked = self.check_mapping(item, item_spec.shape, path + (index,))
            else:
                checked = self.check_value(item, spec.each, path + (index,))
            if checked is not None:
                items.append(checked)
        return items

    def _check_object(self, value: Any, spec: Field, path: Path) -> dict[str, Any] | None:
        assert spec.shape is not None
        return self.check_mapping(value, spec.shape, path)

    def _check_ref(self, value: Any, spec: Field, path: Path) -> str | None:
        text = self._check_string(value, spec, path)
        if text is None:
            return None
        source, _, finding = text.partition("#")
        if not _SLUG.match(source) or ("#" in text and not _SLUG.match(finding)):
            self.error(path, "bad-ref", f"'{text}' is not a reference: write SOURCE-ID or SOURCE-ID#FINDING-ID",
                       "e.g. ifg-2022-levelling-up-missions#four-clear-eight-to-rethink")
            return None
        return text

    def _check_said_by(self, value: Any, spec: Field, path: Path) -> str | dict[str, Any] | None:
        if isinstance(value, dict):
            assert spec.shape is not None
            return self.check_mapping(value, spec.shape, path)
        if not isinstance(value, str):
            self.error(path, "wrong-type", f"'{spec.name}' must be report, coverage or a mapping "
                                           f"{{name, role, organisation}}, found {describe(value)}")
            return None
        word = value.strip()
        if word not in spec.enum:
            hint = did_you_mean(word, spec.enum) or ("for a person write {name: …, role: …, organisation: …}; "
                                                      "otherwise one of: " + ", ".join(spec.enum))
            self.error(path, "bad-value", f"'{word}' is not a valid {spec.name}", hint)
            return None
        return word


_CHECKS: dict[str, Callable[[Checker, Any, Field, Path], Any]] = {
    kind: getattr(Checker, "_check_" + kind.replace("-", "_"))
    for kind in ("string", "slug", "enum", "date", "url", "path", "count", "sha256", "list", "object", "ref",
                 "said-by")}
"""Each field type's check, looked up once rather than by name for every value."""


def earliest_date(text: str) -> dt.date | None:
    """The first day an ISO date string (YYYY, YYYY-MM or YYYY-MM-DD) can mean; None when it is not one."""
    if not _DATE.match(text):
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        return dt.date(*(parts + [1, 1])[:3])
    except ValueError:
        return None


def date_problem(text: str, today: dt.date) -> tuple[str, str, str] | None:
    """Say what is wrong with an ISO date string, or return None when it is fine."""
    if not _DATE.match(text):
        return ("bad-date", f"'{text}' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY",
                "leave out the day or month when it is not known")
    parts = [int(p) for p in text.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    if not 1 <= month <= 12:
        return ("bad-date", f"'{text}' has no month {month:02d}", "months run from 01 to 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return ("bad-date", f"'{text}' is not a real date: {calendar.month_name[month]} {year} has {last} days",
                "check the day against the source")
    if year < 1800:
        return ("bad-date", f"'{text}' is implausibly early", "check the year")
    earliest = dt.date(year, month, day)
    if earliest > today:
        return ("future-date", f"'{text}' is in the future", "a date is never guessed; leave out what is not known")
    return None
