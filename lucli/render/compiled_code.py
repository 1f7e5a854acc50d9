"""Compiled templates held in this process's memory, by what the code depends on, for every renderer it makes.

Jinja compiles a template once for each environment, and each command makes its own: a digest's sixteen
templates took about 0.6 s to compile, run after run. A process that renders more than once (lucli used as a
library, a test suite) compiles each only once here. The code is held in memory only: nothing is written
anywhere or read from a file, and it is loaded only for the exact text it was compiled from (Jinja checks),
by an environment of the same kind, options, filters and tests (the key below), since the same text compiles to
different code in the sandbox and out of it.
"""

from __future__ import annotations

import hashlib
from typing import Any

import jinja2
from jinja2.bccache import Bucket


class HeldCode(jinja2.BytecodeCache):
    """Compiled templates held in memory, by the template's name and file and what its code depends on."""

    def __init__(self, code: dict[str, bytes] | None = None) -> None:
        self.code: dict[str, bytes] = dict(code or {})

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}:{_compiled_by(environment, name)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.code.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)  # Jinja checks its version and the template text's checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _compiled_by(env: jinja2.Environment, name: str) -> str:
    """What the code Jinja compiles a template to depends on besides its text: the environment's class and code
    generator, its syntax options, whether the template is autoescaped, the names of its filters and tests (a name
    unknown when compiling is an error), and the operators a sandbox intercepts."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    facts: tuple[Any, ...] = (
        _qualified(type(env)), _qualified(env.code_generator_class), getattr(env, "escape_by_name", False),
        hasattr(env, "checked_join"), _qualified(env.finalize) if env.finalize else None, bool(autoescape),
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.is_async, sorted(env.extensions), sorted(env.filters), sorted(env.tests),
        sorted(getattr(env, "intercepted_binops", ())), sorted(getattr(env, "intercepted_unops", ())))
    return hashlib.sha1(repr(facts).encode("utf-8"), usedforsecurity=False).hexdigest()


def _qualified(thing: Any) -> str:
    return f"{getattr(thing, '__module__', '')}.{getattr(thing, '__qualname__', type(thing).__qualname__)}"


PROCESS_CODE = HeldCode()
"""The code every renderer of this process shares (`lucli.render.environment.Renderer`)."""
