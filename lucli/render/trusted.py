"""The environment lucli's own templates run in when no repository template takes part: Jinja without the sandbox.

The sandbox (`lucli.render.sandbox`) guards against template code, and a repository's templates/ folder may
override any built-in template by name, partials too. A built-in template that no repository file overrides,
and that imports or includes none that is overridden (`Renderer.builtin_sources`), runs only lucli's own code,
so it needs no guard: it renders here, from lucli's template folder alone, with the same options, the same
escaping and finalize hook, the same filters and globals, and the same time limit and output caps as the
sandbox gives it. The text is the same; a digest spends a quarter of its time in the sandbox's checks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import jinja2

from lucli.render.escaping import OutputCodeGenerator, finalize_escaped, finalize_html, finalize_md
from lucli.render.sandbox import CLOCK_EVERY, DROPPED_FILTERS, RenderTimeout
from lucli.render.sandbox_caps import check_size


class Trusted(jinja2.Environment):
    """Jinja's own environment, with the sandbox's escaping, deadline and `~` size cap (not its checks)."""

    code_generator_class = OutputCodeGenerator
    finalize_escaped = staticmethod(finalize_escaped)
    escape_by_name = True
    """lucli's own templates are each rendered, imported and extended only by templates of their own kind (HTML
    or markdown), so a value's escaping is chosen when the template is compiled (`OutputCodeGenerator`)."""
    finalize_html = staticmethod(finalize_html)
    finalize_md = staticmethod(finalize_md)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline: float | None = None
        self.time_limit = 0.0
        self._ticks = 0

    def tick(self) -> None:
        """Stop the render when it has run past its deadline (the renderer ticks once per batch of output)."""
        self._ticks += 1
        if not self._ticks & CLOCK_EVERY and self.deadline is not None and time.monotonic() > self.deadline:
            raise RenderTimeout(f"rendering took longer than the limit of {self.time_limit:g} seconds")

    def checked_join(self, join: Callable[[Any], str], pieces: tuple[Any, ...]) -> str:
        """`~`: Jinja's join of the pieces, refused when the text has grown past the cap (as in the sandbox)."""
        text = join(pieces)
        check_size(len(text))
        return text


def make_trusted(sandbox: jinja2.Environment, loader: jinja2.BaseLoader,
                 filters: Mapping[str, Callable[..., Any]]) -> Trusted:
    """An environment like `sandbox` (its options and globals, shared so that later changes reach both) that
    loads from `loader` (lucli's own templates) and has `filters` unwrapped by the sandbox's deadline checks."""
    env = Trusted(loader=loader, undefined=sandbox.undefined, autoescape=sandbox.autoescape,
                  finalize=sandbox.finalize, keep_trailing_newline=sandbox.keep_trailing_newline,
                  trim_blocks=sandbox.trim_blocks, lstrip_blocks=sandbox.lstrip_blocks)
    env.time_limit = getattr(sandbox, "time_limit", 0.0)
    env.globals = sandbox.globals  # the same dict: `site`, set by the command after this, reaches both
    env.filters.update(filters)
    for name in DROPPED_FILTERS:
        env.filters.pop(name, None)
    return env
