"""The one normalisation applied to quotes and archived texts, and the linear-time search built on it."""

from __future__ import annotations

import pytest

from lucli.authoring import locate as locate_module
from lucli.authoring.locate import COVERAGE_ONLY, NOT_FOUND, UNVERIFIABLE, VERIFIED, locate, make_archive, where_found
from lucli.authoring.normalise import fold, normalise, quote_parts
from lucli.records.model import ArchivedText, Coverage, Source


@pytest.mark.parametrize(("printed", "typed"), [
    ("ﬁnance and ﬂexible", "finance and flexible"),                      # ligatures (NFKC)
    ("the council’s “plan”", "the council's \"plan\""),                  # curly quotes and apostrophes
    ("long–term — and", "long-term - and"),                                # dashes
    ("non\u00a0breaking\u200bzero width", "non breaking zerowidth"),       # no-break and zero-width spaces
    ("soft\u00adhyphen", "softhyphen"),                                    # soft hyphens
    ("invest-\nment in skills", "investment in skills"),                   # hyphenated across a line end
    ("line\n  breaks   and\tspaces", "line breaks and spaces"),           # line breaks, repeated whitespace
    ("CASE", "case"),
])
def test_what_reads_the_same(printed: str, typed: str) -> None:
    assert fold(printed) == fold(typed)


def test_running_headers_footers_and_page_numbers_do_not_interrupt_a_sentence() -> None:
    text = ("Report title\nThe answer is that central government\nshould replace\n12\n\f"
            "Report title\ncompetitive funding with one pot.\n13\n\fReport title\nThe end.\n14\n")

    normalised = normalise(text).text

    assert fold("central government should replace competitive funding with one pot") in normalised
    assert "reporttitle" not in normalised and "13" not in normalised


def test_a_quote_is_split_at_its_ellipses_and_trimmed_of_edge_punctuation() -> None:
    assert quote_parts("“No quick fix … a long-term approach […] is needed.”") == \
        ["noquickfix", "alongtermapproach", "isneeded"]


def _source(**fields) -> Source:
    return Source("alpha", "A report", ("alpha",), "2022", "report", **fields)


def test_where_found_tells_report_from_coverage() -> None:
    texts = {"texts/report.txt": make_archive("texts/report.txt", "Page one.\fThe report's own words here.\n"),
             "texts/news.txt": make_archive("texts/news.txt", "The reporter wrote: a summary of it.\n")}
    source = _source(texts=(ArchivedText("texts/report.txt"),), reported_in=(Coverage(text="texts/news.txt"),))

    own = where_found("the report’s own words", source, texts)
    news = where_found("a summary of it", source, texts)

    assert (own.status, own.archive, own.pages) == (VERIFIED, "texts/report.txt", (2, 2))
    assert (news.status, news.archive, news.pages) == (COVERAGE_ONLY, "texts/news.txt", None)
    assert where_found("nothing like this at all anywhere", source, texts).status == NOT_FOUND
    assert where_found("anything", _source(), texts).status == UNVERIFIABLE


class _Counting:
    """rapidfuzz's fuzz, counting how many characters it is asked to compare."""

    def __init__(self) -> None:
        from rapidfuzz import fuzz

        self.fuzz = fuzz
        self.work = 0

    def partial_ratio_alignment(self, a: str, b: str):  # noqa: ANN201 - rapidfuzz's own result type
        self.work += len(a) * len(b)
        return self.fuzz.partial_ratio_alignment(a, b)


@pytest.mark.parametrize("hostile", [
    " " * 1_000_000,                       # the 200k-space run that made the old verifier quadratic, made bigger
    "a" * 1_000_000,                       # one letter repeated: every anchor occurs everywhere
    "ab " * 333_333,                       # a short pattern repeated
    "\f" * 200_000,                        # two hundred thousand empty pages
    "a\f" + " " * 1_000_000 + "\fb",         # pages, one of them a single line of spaces
    "a\f" + "\n" * 1_000_000 + "\fb",        # pages, one of them a million blank lines
])
def test_search_work_is_bounded_on_hostile_input(hostile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _Counting()
    monkeypatch.setattr(locate_module, "fuzz", counting)
    archive = make_archive("texts/hostile.txt", hostile)

    outcome = locate(hostile[:500_000] + "zzz", [archive], [])

    # Similarity is scored on windows of bounded size only: never the quote slid over the whole text.
    assert outcome.status in (NOT_FOUND, VERIFIED)
    assert counting.work <= 3 * 2_000 * 3_000


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_every_normalised_character_knows_where_it_came_from(text: str) -> None:
    normalised = normalise(text, paged=False)

    assert normalised.text == fold(text)
    for index, char in enumerate(normalised.text):
        assert char in fold(text[normalised.origin(index)])
