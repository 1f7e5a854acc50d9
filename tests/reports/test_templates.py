"""Templates: a repository's own templates override the built-in ones, run in a sandbox, and fail with their place."""

from __future__ import annotations

from pathlib import Path

import pytest

from lucli.errors import RenderError
from lucli.render.environment import Renderer, Templates, md_escape, template_dirs


def _override(repo: Path, name: str, text: str) -> Path:
    path = repo / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def in_repo(repo, monkeypatch) -> Path:
    """Work from inside the repository, so template paths are shown relative to it."""
    monkeypatch.chdir(repo)
    return repo


def test_a_repository_template_overrides_the_built_in_one_by_name(lucli, in_repo):
    _override(in_repo, "brief-principle.md.j2", "Mine: {{ brief.principle.label }} ({{ generated }})\n")
    result = lucli("brief", "devolution", "--date", "2025-01-02", "--stdout")
    assert (result.exit_code, result.stdout) == (0, "Mine: Devolution (2025-01-02)\n")


def test_a_template_reaching_for_python_internals_is_stopped_by_the_sandbox(lucli, in_repo):
    _override(in_repo, "brief-principle.md.j2",
              "# {{ brief.principle.label }}\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    result = lucli("brief", "devolution", "--stdout")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("error: templates/brief-principle.md.j2:3: blocked by the sandbox: access to attribute "
                             "'__class__' of 'str' object is unsafe.\n")


@pytest.mark.parametrize("body", [
    "{{ corpus.principles[0].record.__class__ }}",
    "{{ (name|attr('__call__')).__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    # lucli's own views take a short path through the sandbox (for speed); it must stay as closed.
    "{{ (corpus.sources|map(attribute='__class__')|first).__name__ }}",
    "{{ corpus.sources[0]['__class__'] }}",
    "{{ brief.__class__ }}",
    "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{{ name.all.__func__ }}",
    "{{ '{0.__class__}'.format(corpus) }}",
    "{{ '{0:>999999}'.format(corpus.principles[0].label) }}",
])
def test_other_escapes_are_stopped_too(lucli, in_repo, body):
    _override(in_repo, "brief-principle.md.j2", "line 1\n" + body + "\n")
    result = lucli("brief", "devolution", "--stdout")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/brief-principle.md.j2:2: blocked by the sandbox: ")
    assert "Traceback" not in result.stderr


def test_a_syntax_error_is_reported_as_path_and_line(lucli, in_repo):
    _override(in_repo, "brief-principle.md.j2", "# Title\n{% if %}\n{% endif %}\n")
    result = lucli("brief", "devolution", "--stdout")
    assert (result.exit_code, result.stderr) == (
        1, "error: templates/brief-principle.md.j2:2: Expected an expression, got 'end of statement block'\n")


def test_an_undefined_variable_is_reported_as_path_and_line(lucli, in_repo):
    _override(in_repo, "brief-principle.md.j2", "# {{ brief.principle.label }}\n\n\n{{ principle_title }}\n")
    result = lucli("brief", "devolution", "--stdout")
    assert (result.exit_code, result.stderr) == (
        1, "error: templates/brief-principle.md.j2:4: 'principle_title' is undefined; docs/reports.md lists every "
           "variable a template can use\n")


def test_a_missing_include_is_reported_where_it_is_included(lucli, in_repo):
    _override(in_repo, "brief-principle.md.j2", "# Title\n{% include 'partials/nope.md.j2' %}\n")
    result = lucli("brief", "devolution", "--stdout")
    assert (result.exit_code, result.stderr) == (
        1, "error: templates/brief-principle.md.j2:2: template 'partials/nope.md.j2' not found in templates/ or "
           "the built-in templates\n")


def test_an_error_in_an_html_template_fails_the_digest_with_its_place(lucli, in_repo, tmp_path):
    _override(in_repo, "digest/index.html.j2", "<p>{{ corpus.sources[0].titel }}</p>\n")
    result = lucli("digest", "-o", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/digest/index.html.j2:1: 'lucli.render.context.SourceView object' "
                                    "has no attribute 'titel'")
    assert not (tmp_path / "site").exists()  # nothing is written when any page fails


def test_a_repository_can_restyle_the_site(lucli, in_repo, tmp_path):
    _override(in_repo, "assets/style.css", "body { color: black; }\n")
    assert lucli("digest", "-o", str(tmp_path / "site")).exit_code == 0
    assert (tmp_path / "site" / "assets" / "style.css").read_text(encoding="utf-8") == "body { color: black; }\n"


def _renderer(tmp_path: Path, text: str, limit: float = 5.0) -> Renderer:
    (tmp_path / "user").mkdir(exist_ok=True)
    (tmp_path / "user" / "t.md.j2").write_text(text, encoding="utf-8")
    return Renderer(Templates(template_dirs(None).builtin, tmp_path / "user"), time_limit=limit)


def test_a_template_that_runs_too_long_is_stopped_at_the_time_limit(tmp_path):
    looping = "ok\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    with pytest.raises(RenderError) as caught:
        _renderer(tmp_path, looping, limit=0.2).render("t.md.j2", {})
    assert caught.value.message.endswith("t.md.j2:2: rendering took longer than the limit of 0.2 seconds")


@pytest.mark.parametrize("body, message", [
    ("{{ 'x' * 100000000 }}", "repeating a value 100000000 times"),
    ("{{ 10 ** 100000 }}", "the exponent 100000 is too large"),
    ("{{ '%999999d' % 1 }}", "format widths over 10,000"),
    ("{{ 'x'|center(99999999) }}", "refuses numbers over 10,000"),
    ("{{ range(10**9)|list }}", "range() may yield at most 100,000 items"),
])
def test_values_cannot_be_blown_up(tmp_path, body, message):
    with pytest.raises(RenderError) as caught:
        _renderer(tmp_path, body).render("t.md.j2", {})
    assert message in caught.value.message


def test_markdown_escaping_keeps_text_as_text():
    assert md_escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"
    assert md_escape("*bold* _it_ [link](x) a|b `code`") == r"\*bold\* \_it\_ \[link\](x) a\|b \`code\`"
    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_escape("1. not a list") == r"\1. not a list"
    assert md_escape("Folded YAML\nspans lines\n") == "Folded YAML spans lines"
    assert md_escape("lucli 0.1.0") == "lucli 0.1.0"
    assert md_escape("&amp; stays") == r"\&amp; stays"


def test_a_line_break_at_the_end_of_plain_text_is_dropped_as_after_any_other():
    """Plain text took a quicker path that kept a last line break (a folded YAML value ends with one), which
    breaks a markdown list item in two; text with a character to escape lost it."""
    assert md_escape("A plain summary\n") == "A plain summary"
    assert md_escape("A *marked* summary\n") == r"A \*marked\* summary"
    assert md_escape("\nA plain summary\n\n") == "A plain summary"
    assert md_escape("\n") == "\n"  # a line break a template writes on purpose: `{{ "\n" if not loop.first }}`


def test_a_template_edited_between_two_briefs_in_one_process_renders_as_edited(lucli, in_repo):
    """Compiled code is kept for the life of the process, and only for the text it was compiled from."""
    _override(in_repo, "brief-principle.md.j2", "Before: {{ brief.principle.label }}\n")
    first = lucli("brief", "devolution", "--date", "2025-01-02", "--stdout").stdout
    _override(in_repo, "brief-principle.md.j2", "After: {{ brief.principle.label }}\n")
    second = lucli("brief", "devolution", "--date", "2025-01-02", "--stdout").stdout

    assert (first, second) == ("Before: Devolution\n", "After: Devolution\n")
