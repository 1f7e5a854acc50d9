"""A markdown briefing as one self-contained, printable HTML page.

The page carries its own style sheet (screen and print), so it can be mailed,
opened offline and saved as PDF from a browser. Raw HTML in the markdown is
escaped, not passed through, and a Content-Security-Policy allows nothing but
the page's own style sheet (named by its hash): no script, no request.
"""

from __future__ import annotations

import base64
import hashlib
import html

STYLE = """\
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; color: #0b0c0c; background: #fff;
       font: 1rem/1.5 Arial, "Helvetica Neue", "DejaVu Sans", sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0 .5rem; }
h2 { font-size: 1.35rem; margin: 1.75rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
a { color: #1d70b8; text-decoration: underline; }
a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #b1b4b6; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
blockquote { margin: .5rem 0 .75rem; padding: .1rem 0 .1rem .9rem; border-left: 4px solid #b1b4b6; color: #383f43; }
li { margin: .2rem 0; }
.table-wrap { overflow-x: auto; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: #0b0c0c; }
  h2, h3 { break-after: avoid; }
  tr, blockquote, li { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
"""
"""The page's whole style sheet: GOV.UK-like type, tables with header rows, print to A4."""


def _parse(markdown: str) -> tuple[str, str]:
    """The page body and the plain text of the first level-1 heading."""
    from markdown_it import MarkdownIt

    # CommonMark with pipe tables, as the briefs are written; raw HTML off, so it is shown, never run.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(markdown)
    title = "Briefing"
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and token.tag == "h1":
            title = "".join(c.content for c in tokens[i + 1].children or () if c.type in ("text", "code_inline"))
            break
    body = parser.renderer.render(tokens, parser.options, {})
    return body.replace("<table>", '<div class="table-wrap"><table>').replace("</table>", "</table></div>"), title


def render_page(markdown: str, generator: str) -> str:
    """Turn a markdown briefing into one HTML page with its style inline and nothing fetched."""
    body, title = _parse(markdown)
    digest = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{html.escape(generator)}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )
