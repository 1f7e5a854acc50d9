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


class Memo:
    """The `memo` template global: a cache of rendered call-block bodies, for one digest or briefing run."""

    def __init__(self) -> None:
        self._fragments: dict[tuple[Hashable, ...], Any] = {}  # private: templates see only the call

    def __call__(self, *key: Any, caller: Callable[[], Markup] | None = None) -> Any:
        """Render the call block's body once per key; give back the text rendered the first time."""
        if caller is None:
            raise TypeError("memo() is a call block: {% call memo(key) %}…{% endcall %}")
        try:  # the block's compiled code tells two blocks with the same key values apart
            full = (caller._func.__code__, *key)  # type: ignore[attr-defined]
        except AttributeError:  # not a Jinja call block: nothing to reuse
            return caller()
        try:
            return self._fragments[full]
        except KeyError:
            text = self._fragments[full] = caller()
            return text
        except TypeError:  # an unhashable key: nothing to reuse
            return caller()
