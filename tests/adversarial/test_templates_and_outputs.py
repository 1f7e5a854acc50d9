"""A pull request's templates, assets and committed links cannot publish files from the CI machine, run
script in the published site, or make lucli write and delete outside the output folder (issue 16, items
2, 3 and 8, and an overwrite's permissions)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lucli.cli import app
from tests.conftest import REPO

DATE = "2025-06-01"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
       "form-action 'none'")


def _lucli(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def repo(make_repo, monkeypatch) -> Path:
    root = make_repo()
    (root / "templates" / "assets").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.write_text("AUTHORIZATION: basic c2VjcmV0\n")
    return secret


@pytest.mark.parametrize("name", ["assets/style.css", "assets/filter.js", "digest/index.html.j2",
                                  "brief-principle.md.j2"])
def test_a_template_or_asset_linked_out_of_the_repository_is_never_published(repo, tmp_path, name):
    link = repo / "templates" / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(_secret(tmp_path))

    digest = _lucli("digest", "-o", "site", "--date", DATE)
    brief = _lucli("brief", "devolution", "--stdout", "--date", DATE)

    published = [p.read_text(errors="replace") for p in (repo / "site").rglob("*") if p.is_file()]
    assert not any("AUTHORIZATION" in text for text in published + [brief.stdout])
    if name != "assets/filter.js":  # a script is never taken from the repository, link or not
        failed = digest if name != "brief-principle.md.j2" else brief
        assert failed.exit_code == 1
        assert f"templates/{name}:1: is a link to a place outside the templates/ folder; it was not read" \
            in failed.stderr


def test_a_template_linked_into_git_config_is_not_read(repo):
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text('[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n')
    (repo / "templates" / "assets" / "style.css").symlink_to("../../.git/config")

    result = _lucli("digest", "-o", "site", "--date", DATE)

    assert result.exit_code == 1
    assert "templates/assets/style.css:1: is a link to a place outside the templates/ folder" in result.stderr
    assert not (repo / "site" / "assets" / "style.css").exists()


def test_a_repository_script_is_never_shipped(repo):
    (repo / "templates" / "assets" / "filter.js").write_text("alert(document.cookie)\n")
    (repo / "templates" / "assets" / "style.css").write_text("body { color: black; }\n")

    assert _lucli("digest", "-o", "site", "--date", DATE).exit_code == 0

    assert "alert" not in (repo / "site" / "assets" / "filter.js").read_text()
    assert (repo / "site" / "assets" / "style.css").read_text() == "body { color: black; }\n"


def test_a_base_template_that_drops_the_policy_still_gets_it(repo):
    (repo / "templates" / "digest").mkdir()
    (repo / "templates" / "digest" / "base.html.j2").write_text(
        "<!DOCTYPE html>\n<html><head><title>{% block title %}{% endblock %}</title></head>\n"
        "<body>{% block content %}{% endblock %}</body></html>\n")

    assert _lucli("digest", "-o", "site", "--date", DATE).exit_code == 0

    for page in (repo / "site").rglob("*.html"):
        assert page.read_text().count("Content-Security-Policy") == 1
        assert f'<head>\n<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page.read_text()


@pytest.mark.parametrize(("body", "message"), [
    ('<script src="assets/style.css"></script>', "a page may load no script but lucli's own assets/filter.js"),
    ("<script>alert(1)</script>", "a page may load no script but lucli's own assets/filter.js"),
    ('<script src="assets/filter.js">alert(1)</script>', "a page may hold no inline script"),
    ("<svg><style><script href=x>alert(1)</script></style></svg>", "no script but lucli's own"),
    ('<meta http-equiv="refresh" content="0; url=https://example.com">', "may not send its reader elsewhere"),
])
def test_a_template_that_adds_script_is_refused(repo, body, message):
    (repo / "templates" / "digest").mkdir()
    (repo / "templates" / "digest" / "index.html.j2").write_text(f"<!DOCTYPE html>\n<html><head>{body}</head>"
                                                                 "<body></body></html>\n")

    result = _lucli("digest", "-o", "site", "--date", DATE)

    assert result.exit_code == 1
    assert "error: digest/index.html.j2:2:" in result.stderr and message in result.stderr
    assert not (repo / "site").exists()


def test_something_before_head_is_refused(repo):
    (repo / "templates" / "digest").mkdir()
    (repo / "templates" / "digest" / "index.html.j2").write_text('<script src="assets/filter.js"></script>'
                                                                 "<html><head></head></html>\n")

    result = _lucli("digest", "-o", "site", "--date", DATE)

    assert result.exit_code == 1
    assert "digest/index.html.j2:1:1: <script> comes before <head>" in result.stderr


def test_builtin_templates_ignore_the_repository_folder(repo):
    (repo / "templates" / "brief-principle.md.j2").write_text("Mine\n")

    assert _lucli("brief", "devolution", "--stdout", "--date", DATE).stdout == "Mine\n"
    builtin = _lucli("--templates", "builtin", "brief", "devolution", "--stdout", "--date", DATE)
    assert builtin.exit_code == 0 and builtin.stdout.startswith("# ")
    assert _lucli("--templates", "mine", "validate").exit_code == 2


def test_a_template_that_is_not_utf8_is_a_located_error(repo):
    (repo / "templates" / "brief-principle.md.j2").write_bytes(b"line one\ncaf\xe9 {{ x }}\n")

    result = _lucli("brief", "devolution", "--stdout", "--date", DATE)

    assert result.exit_code == 1
    assert "templates/brief-principle.md.j2:2:4: not UTF-8: byte 0xe9 cannot be decoded" in result.stderr


@pytest.mark.parametrize("output", ["site", "reports/digest"])
def test_an_output_folder_that_is_a_committed_link_is_refused(repo, tmp_path, output):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("theirs\n")
    (repo / output.split("/")[0]).symlink_to(elsewhere)  # `site`, or `reports` on the way to reports/digest

    result = _lucli("digest", "-o", output, "--date", DATE)

    assert result.exit_code == 2
    assert "is a link" in result.stderr and "writes through" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["index.html"]
    assert (elsewhere / "index.html").read_text() == "theirs\n"


def test_a_page_folder_inside_the_output_that_is_a_link_is_refused(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _lucli("digest", "-o", "site", "--date", DATE).exit_code == 0
    os.rename(repo / "site" / "sources", elsewhere / "sources")
    (repo / "site" / "sources").symlink_to(elsewhere / "sources")

    result = _lucli("digest", "-o", "site", "--date", DATE)

    assert result.exit_code == 2
    assert "site/sources is a link; lucli never writes through a link" in result.stderr


def test_a_brief_into_a_committed_reports_link_is_refused(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / "reports").symlink_to(elsewhere)

    result = _lucli("brief", "devolution", "--date", DATE)

    assert result.exit_code == 2
    assert list(elsewhere.iterdir()) == []


def test_an_overwrite_keeps_the_file_private(repo):
    target = repo / "brief.md"
    target.write_text("old\n")
    target.chmod(0o600)

    # brief.md is not lucli's, so replacing it takes --force.
    assert _lucli("brief", "devolution", "-o", "brief.md", "--date", DATE, "--force").exit_code == 0

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() != "old\n"


def test_the_quick_policy_check_agrees_with_the_parser_on_every_bundled_page():
    """The digest checks most pages without the HTML parser (it was half the digest's time); on every page of
    the example digest the quick check puts the policy exactly where the parser would."""
    from lucli.render.html_policy import META, _parsed, _plainly_safe

    pages = sorted((REPO / "reports" / "digest").rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        page = path.read_text(encoding="utf-8").replace("\n" + META, "", 1)
        assert _plainly_safe(page) is not None, path
        assert _plainly_safe(page) == _parsed(page, path.name), path


@pytest.mark.parametrize("body", [
    '<script src="assets/style.css"></script>', "<script>alert(1)</script>",
    '<script src="assets/filter.js">alert(1)</script>', "<svg><style><script href=x>alert(1)</script></style></svg>",
    '<meta http-equiv="refresh" content="0; url=https://example.com">', '<META HTTP-EQUIV="Refresh" content="0">',
    '<SCRIPT src="assets/filter.js"></SCRIPT>', '<script/src="assets/filter.js"></script>',
    '<script src="assets/filter.js" ></script>', '<script src="/assets/filter.js"></script>',
])
def test_anything_but_the_plain_form_goes_to_the_parser(body):
    from lucli.render.html_policy import _plainly_safe

    assert _plainly_safe(f"<!DOCTYPE html>\n<html><head>{body}</head><body></body></html>\n") is None
    assert _plainly_safe(f"<!-- x --><html><head></head><body>{body}</body></html>") is None
