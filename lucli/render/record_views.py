"""Views that wrap a record and answer for its fields as well as their own (`lucli.render.context`'s views of
organisations, findings, sources and principles)."""

from __future__ import annotations

from typing import Any


class RecordView:
    """Answers for every field of the record it wraps."""

    record: Any

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "record":
            raise AttributeError(name)
        value = getattr(self.record, name)
        # Records are frozen, so the answer never changes: keep it, and the next lookup never gets here.
        self.__dict__[name] = value
        return value


class FromRecord:
    """A view's attribute that its record answers: read from the record the first time, then kept in the view's
    own dictionary, which answers every later read (this is not a data descriptor, so the entry there wins)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, view: Any, owner: type | None = None) -> Any:
        if view is None:
            return self
        value = getattr(view.record, self.name)
        view.__dict__[self.name] = value  # records are frozen, so the answer never changes
        return value


def read_through(view: type[RecordView], record: type) -> None:
    """Give `view` an attribute for each public one of `record` that it does not have itself (`FromRecord`).
    `__getattr__` answered these before, but only after a lookup that failed, raising and catching an
    AttributeError (a first read took about five times as long): at 100k findings a digest reads millions of
    record fields through views, most of them once a view."""
    own = set(view.__dataclass_fields__)  # type: ignore[attr-defined]
    for name in dir(record):
        if not name.startswith("_") and name not in own and not hasattr(view, name):
            setattr(view, name, FromRecord(name))
