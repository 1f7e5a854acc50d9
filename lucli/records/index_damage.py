"""What reading a damaged or foreign index (`lucli.records.index`) raises, and only that.

The index is a cache in a folder outside the repository: its file may be truncated, not a database at all, of
another schema, or hold values that are not as lucli wrote them. Each reader of it then gives up, and the run
answers from the records. A mistake in lucli's own code is not damage: it must not be hidden by a quiet reload,
so the readers turn into `DamagedIndex` only what decoding a stored value of the wrong shape raises, where they
decode it (`reading`), and SQLite's own errors about the file.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


class DamagedIndex(Exception):
    """A value in the index is not as lucli wrote it (or a row it wrote is missing)."""


UNREADABLE = (sqlite3.DatabaseError, DamagedIndex)
"""What reading a damaged or foreign index can raise: the reader then answers from the records."""

_MISSHAPEN = (ValueError, TypeError, KeyError, IndexError, AttributeError)
"""What using a stored value of the wrong shape raises: JSON that does not parse (`json.JSONDecodeError` is a
ValueError), a list too short, a row missing from a lookup, text where a number or a list was written."""


def reading(read: F) -> F:
    """Make a reader of the index (a function or a generator) raise `DamagedIndex` where a value it decodes is
    not of the shape lucli wrote; what it raises otherwise passes through."""
    if inspect.isgeneratorfunction(read):
        @functools.wraps(read)
        def each(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with _misshapen(read):
                yield from read(*args, **kwargs)
        return cast(F, each)

    @functools.wraps(read)
    def once(*args: Any, **kwargs: Any) -> Any:
        with _misshapen(read):
            return read(*args, **kwargs)
    return cast(F, once)


@contextlib.contextmanager
def _misshapen(read: Callable[..., Any]) -> Iterator[None]:
    try:
        yield
    except _MISSHAPEN as exc:
        raise DamagedIndex(f"{read.__qualname__}: a value in the index is not as lucli wrote it ({exc!r})") from exc
