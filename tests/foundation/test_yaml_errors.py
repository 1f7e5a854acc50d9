"""YAML syntax errors in plain English, at the line to fix, whatever the parser's own wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from lucli.records.yamlparse import parse

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(("fixture", "expected"), [
    ("unclosed-quote.yaml",
     "unclosed-quote.yaml:3:8: error[yaml-syntax]: the double quote opened here is not closed on this line; "
     "end the value with \" on the same line; for a \" inside the text, write it as \\\" or quote the value with ' "
     "instead"),
    ("over-indented-key.yaml",
     "over-indented-key.yaml:10:6: error[yaml-syntax]: this line's indentation is wrong: it starts at column 6, "
     "expected column 5; indent it by 4 spaces to line up with `kind:` above"),
    ("under-indented-key.yaml",
     "under-indented-key.yaml:13:8: error[yaml-syntax]: this line's indentation is wrong: it starts at column 8, "
     "expected column 9; indent it by 8 spaces to line up with `id:` above"),
    ("key-in-a-list.yaml",
     "key-in-a-list.yaml:10:3: error[yaml-syntax]: this line's indentation is wrong: it starts at column 3, "
     "expected column 5; indent it by 4 spaces to line up with `kind:` above"),
])
def test_the_mistake_is_named_where_it_was_made(fixture, expected):
    doc, problems = parse((FIXTURES / fixture).read_text(encoding="utf-8"), fixture)
    assert doc is None
    assert [p.format() for p in problems] == [expected]


def test_a_top_level_key_indented_by_mistake_is_told_to_start_the_line():
    doc, problems = parse("id: x\n  bad: [\n", "f.yaml")
    assert doc is None
    assert [p.format() for p in problems] == [
        "f.yaml:2:3: error[yaml-syntax]: this line's indentation is wrong: it starts at column 3, expected column 1; "
        "start it at the beginning of the line to line up with `id:` above"]


@pytest.mark.parametrize(("text", "said"), [
    ("id: x\nstatement: > Some text here\n", "f.yaml:2:14: error[yaml-syntax]: text follows `>` on the same line, "
     "but a `>` block's text starts on the next line; move the text to the next line, indented under the key, or "
     "remove `>` and quote the text"),
    ("findings:\n  - quote: |- said so\n", "f.yaml:2:15: error[yaml-syntax]: text follows `|` on the same line, "
     "but a `|` block's text starts on the next line; move the text to the next line, indented under the key, or "
     "remove `|` and quote the text"),
    ("- id: alpha\n  name: Alpha\n  aliases: [A]\n  - id: beta\n    name: Beta\n",
     "f.yaml:4:3: error[yaml-syntax]: a list item where a key is expected: this `- ` lines up with `aliases:` above; "
     "to add an item to the list, start the `- ` at column 1, as the items above do"),
    ("title: A report\n- devolution\n",
     "f.yaml:2:1: error[yaml-syntax]: a list item where a key is expected: this `- ` lines up with `title:` above; "
     "a list goes under a key of its own: write `key:` on the line before"),
], ids=["text beside >", "text beside |-", "an item indented among the keys of the one above",
        "a list item with no key"])
def test_a_common_mistake_is_explained_where_it_was_made(text, said):
    doc, problems = parse(text, "f.yaml")
    assert doc is None
    assert [p.format() for p in problems] == [said]


def test_a_single_quote_is_explained_with_its_own_escape():
    text = "id: x\ntitle: 'It''s the economy\nkind: report\nfindings: []\n"
    doc, problems = parse(text, "f.yaml")
    assert [p.format() for p in problems] == [
        "f.yaml:2:8: error[yaml-syntax]: the single quote opened here is not closed on this line; end the value "
        "with ' on the same line; for a ' inside the text, double it ('') or quote the value with \" instead"]


@pytest.mark.parametrize("text", [
    "title: \"One line\"\nsummary: 'It''s fine'\nkind: report\n",
    "a:\n  - b: 1\n    c: 2\n  - d: 3\ne: >\n  text: with a colon\n    and an indent\nf: [x, \"y\"]\n",
    "key:\n- compact\n- list\nother: 1\n",
    "a: >-  # a comment beside the sign\n  text\nb: '> not a block'\nc: x > y\n",
    "notes:\n  - Rename these, e.g.\n    - `max` to `maximum`\n  - done\nkey:\n- compact\n- id: x\n  at: 1\n- y\n",
])
def test_valid_files_are_never_explained_away(text):
    from lucli.records.yamlerrors import explain

    assert parse(text, "f.yaml")[1] == []
    assert explain(text, len(text.splitlines())) is None
