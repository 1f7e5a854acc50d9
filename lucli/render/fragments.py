"""Rendered once, reused: a template fragment cache for pieces that repeat on page after page.

A digest lists the same source in the references of hundreds of pages; the
entry's text depends only on the source (and on constants of the run, such
as the generated date). A template marks such a piece with a call block:

    {{ r.n }}. {{ name.all(s.organisations) }}{% call memo(s, root) %} ({{ s.date_text }}) …{% endcall %}

The body is rendered the first time its key (the block itself plus the
values given to `memo`) is seen and reused after that, for the rest of the
run. The body must depend only on those values and the run's constants: no
`name` (it counts first mentions, page by page), no `ref` or `cite` (page by
page numbering). A key that cannot be hashed (a list) simply renders the body.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup

_PLAIN = (str, int, bool, float, type(None))
"""Values that name the same thing on every page (a view is a key by identity: `lucli.render.context`)."""


class Memo:
    """The `memo` template global: a cache of rendered call-block bodies, for one digest or briefing run.

    With `lasting` (a dict kept by the caller) and `held` (the ids of views that live as long as it), a key made
    only of held views and plain values is remembered in `lasting`, beyond this memo: an indexed digest makes each
    page's own views afresh, but every page shares the outline's (`lucli.render.indexed_digest`).
    """

    def __init__(self, lasting: dict[tuple[Hashable, ...], Any] | None = None,
                 held: frozenset[int] = frozenset()) -> None:
        self._fragments: dict[tuple[Hashable, ...], Any] = {}  # private: templates see only the call
        self._lasting = lasting
        self._held = held

    def __call__(self, *key: Any, caller: Callable[[], Markup] | None = None) -> Any:
        """Render the call block's body once per key; give back the text rendered the first time."""
        if caller is None:
            raise TypeError("memo() is a call block: {% call memo(key) %}…{% endcall %}")
        try:  # the block's compiled code tells two blocks with the same key values apart
            full = (caller._func.__code__, *key)  # type: ignore[attr-defined]
        except AttributeError:  # not a Jinja call block: nothing to reuse
            return caller()
        fragments = self._kept_for(key)
        try:
            return fragments[full]
        except KeyError:
            text = fragments[full] = caller()
            return text
        except TypeError:  # an unhashable key: nothing to reuse
            return caller()

    def made(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        """`make()` once per `key`, kept as a call block's body is (a page written without the template engine,
        `lucli.render.direct`, names each piece in the key's first item)."""
        fragments = self._kept_for(key)
        try:
            return fragments[key]  # type: ignore[no-any-return]
        except KeyError:
            text = fragments[key] = make()
            return text

    def _kept_for(self, key: tuple[Any, ...]) -> dict[tuple[Hashable, ...], Any]:
        """Where a piece with this key is kept: beyond this memo when the key names only lasting views and plain
        values, else for this memo alone."""
        if self._lasting is not None and all(type(k) in _PLAIN or id(k) in self._held for k in key):
            return self._lasting
        return self._fragments
