"""The digest's most numerous pages written without the template engine, when the templates are lucli's own.

At 100k findings a digest writes 10,000 source pages in two forms and fifty pages of the table of findings;
through Jinja, its runtime (macro calls, context lookups, a value's escaping and finalizing one call at a time)
was about half of their CPU. The templates stay the reference, and what a repository overrides: a digest
whose templates include one of the repository's renders every page through them. Each function here writes
the same bytes as its template, value for value and in the same order (so that a page's numbering of
references and its first mentions of an organisation come out alike); tests render every such page of several
corpora both ways and compare them (tests/perf/test_direct_pages.py).
"""
