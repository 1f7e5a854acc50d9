"""Long tables are laid out without rich, character for character as rich lays them out.

`lucli list findings` on 100k findings took over a minute in rich's table renderer; `plaintable` draws
the same table a row at a time. These tests hold the two to the same output on every shape of table the
views make: wrapping and fixed columns, alignments, widest-column limits, wide characters, words longer
than a column, cells of several lines, and widths too narrow for the table.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from lucli.render.formats import table as table_format
from lucli.render.formats.document import Column, Document, Heading, Table
from lucli.render.formats.plaintable import table_lines

WORDS = st.sampled_from(["a", "", " ", "devolution", "of", "power", "x" * 35, "Øresund", "東京都", "£5bn", "—", "co-op",
                         "well-being", "supercalifragilisticexpialidocious-and-more", "✓", "◐", "cafe\u0301",
                         "‘quoted’"])
CELLS = st.lists(st.lists(WORDS, min_size=0, max_size=12).map(" ".join), min_size=1, max_size=3).map("\n".join)


@st.composite
def tables(draw: st.DrawFn) -> tuple[Table, int]:
    count = draw(st.integers(1, 5))
    columns = tuple(Column(draw(WORDS), align=draw(st.sampled_from(["left", "right", "center"])),
                           wrap=draw(st.booleans()), max_width=draw(st.none() | st.integers(4, 30)))
                    for _ in range(count))
    rows = tuple(tuple(draw(CELLS) for _ in range(count)) for _ in range(draw(st.integers(1, 6))))
    return Table(columns, rows, spaced=draw(st.booleans())), draw(st.integers(40, 140))


def _by_rich(table: Table, width: int) -> list[str]:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, color_system=None, highlight=False, markup=False,
                      emoji=False)
    headers, _key = table_format._headers(table, width)
    for renderable in table_format._table(table, False, width)[:1]:
        console.print(renderable)
    assert headers  # the same headers the plain layout is given
    return [line.rstrip() for line in buffer.getvalue().split("\n")][:-1]


@settings(max_examples=300, deadline=None)
@given(tables())
def test_a_plain_table_is_the_table_rich_draws(made: tuple[Table, int]) -> None:
    table, width = made
    headers, _key = table_format._headers(table, width)

    assert list(table_lines(table, headers, width)) == _by_rich(table, width)


def test_a_long_table_is_drawn_plainly_even_in_colour() -> None:
    rows = tuple((f"Finding {n}", "finding") for n in range(table_format.RICH_ROWS + 1))
    doc = Document((Heading("Findings", 1), Table((Column("Finding"), Column("Kind", wrap=False)), rows)))

    coloured = table_format.render(doc, width=80, color=True)

    assert "\x1b[" in coloured.split("Finding  ")[0]  # the heading is still bold
    assert "\nFinding 0    finding\n" in coloured and "\x1b[" not in coloured.split("Finding 0")[1]


ASCII_WORDS = st.sampled_from(["a", "of", "devolution", "power", "co-op", "well-being", "x" * 12, "x" * 19,
                               "supercalifragilistic", " ", ""])


@settings(max_examples=500, deadline=None)
@given(st.lists(ASCII_WORDS, min_size=0, max_size=40).map(" ".join), st.integers(1, 30))
def test_a_line_breaks_where_rich_breaks_it(text: str, width: int) -> None:
    """Statements are ASCII words one space apart, far more often than not: those lines are broken by a
    regular expression rather than word by word (`plaintable._breaks`), at rich's places."""
    from rich._wrap import divide_line

    from lucli.render.formats.plaintable import _breaks

    assert _breaks(text, width) == divide_line(text, width, fold=True)


NARROW_WORDS = st.sampled_from(["a", "of", "devolution", "‘quoted’", "“said”", "—", "£5bn", "Øresund", "x" * 12,
                                "well-being", "co-op", "cafe\u0301", "東京", " ", ""])


@settings(max_examples=500, deadline=None)
@given(st.lists(NARROW_WORDS, min_size=0, max_size=40).map(" ".join), st.integers(1, 30))
def test_a_line_of_quotes_and_dashes_breaks_where_rich_breaks_it(text: str, width: int) -> None:
    """Quoted findings hold curly quotes and dashes, one cell each: their lines take the quick path too, and
    a line with a wide or a combining character takes rich's own, at the same places."""
    from rich._wrap import divide_line

    from lucli.render.formats.plaintable import _breaks

    assert _breaks(text, width) == divide_line(text, width, fold=True)


PARAGRAPHS = st.lists(st.lists(st.sampled_from(["a", "of", "devolution", "‘quoted’", "—", "£5bn", "x" * 12, "co-op",
                                                "supercalifragilistic"]), min_size=1, max_size=30).map(" ".join),
                      min_size=1, max_size=4).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PARAGRAPHS, PARAGRAPHS, st.sampled_from(["", "CRGI + ILGI"])), min_size=1, max_size=5),
       st.integers(40, 140))
def test_cells_of_whole_words_wrap_as_rich_wraps_them(rows: list[tuple[str, str, str]], width: int) -> None:
    """A finding's cell is paragraphs of words that fit the column, one space apart: the quoted text, its kind and
    stance. Such a cell is broken into lines for all its paragraphs at once (`plaintable._block`), at rich's places,
    whichever column it is in."""
    table = Table((Column("Finding"), Column("Source", max_width=26), Column("Voice", wrap=True)),
                  tuple(rows), spaced=True)
    headers, _key = table_format._headers(table, width)

    assert list(table_lines(table, headers, width)) == _by_rich(table, width)
