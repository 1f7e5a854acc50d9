"""Make the report-like fixtures for the archived-text tests: run once, commit the output.

    pip install reportlab            # or: pip install -e '.[dev]'
    python tests/authoring/texts/make_fixtures.py

Writes `report.pdf` (4 pages, made like a think-tank report) beside this script. The PDF has a running
header and a page-number footer on every page, ligature glyphs (ﬁ, ﬂ) from DejaVu Sans (install the
fonts-dejavu package, or point DEJAVU at DejaVuSans.ttf), curly quotes and apostrophes, a word hyphenated
across a line end, a two-column page, and a sentence that runs across a page break. `page.html` is written
by hand. The tests (test_texts.py) assert the page on which each planted quote is found; PLANTED below
lists them.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = os.environ.get("DEJAVU", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEADER = "Institute for Testing  ·  Levelling up in practice"

PAGES: list[dict[str, list[str]]] = [
    {"body": [
        "Levelling up in practice: lessons from ﬁve places",
        "",
        "This report asks what the so-called “levelling up” agenda has changed on the",
        "ground. Councils need ﬂexible ﬁnance to plan with conﬁdence, and they need it",
        "for longer than a single spending review. We heard the same message in every",
        "place we visited: the council’s officers spend too much time on bids.",
    ]},
    {"left": [
        "Our ﬁrst ﬁnding concerns skills. Every",
        "place that closed its gap did so through",
        "sustained invest-",
        "ment in skills and training, led by",
        "colleges and employers together.",
        "Short programmes did not last.",
    ], "right": [
        "Our second ﬁnding concerns power. The",
        "places that did best had leaders who",
        "could take decisions locally without",
        "waiting for approval from Whitehall.",
        "That is why devolution matters so much.",
        "",
    ]},
    {"body": [
        "Chapter 3. Money",
        "",
        "Competitive bidding wastes effort. The evidence from all ﬁve places points",
        "one way: central government should replace competitive funding pots with",
    ]},
    {"body": [
        "a single long-term settlement for each place, agreed for at least ten years.",
        "",
        "Chapter 4. What next",
        "",
        "We recommend that the next government sets out its plans within a year.",
    ]},
]

PLANTED = {
    "Councils need flexible finance to plan with confidence": (1, 1),
    'the so-called "levelling up" agenda': (1, 1),
    "sustained investment in skills and training": (2, 2),
    "could take decisions locally without waiting for approval from Whitehall": (2, 2),
    "central government should replace competitive funding pots with a single long-term settlement for each place":
        (3, 4),
    "sets out its plans within a year": (4, 4),
}
"""Each quote as an analyst would type it, and the pages it is on."""


def make_pdf(path: Path) -> None:
    """Draw the report page by page, line by line, so that every layout feature is exactly where planned."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle("Levelling up in practice")
    width, height = A4
    for number, page in enumerate(PAGES, start=1):
        pdf.setFont("DejaVu", 8)
        pdf.drawString(72, height - 40, HEADER)
        pdf.drawCentredString(width / 2, 30, str(number))
        pdf.setFont("DejaVu", 10)
        for column, x in (("body", 72), ("left", 72), ("right", 320)):
            for row, line in enumerate(page.get(column, [])):
                pdf.drawString(x, height - 90 - row * 14, line)
        pdf.showPage()
    pdf.save()


if __name__ == "__main__":
    make_pdf(HERE / "report.pdf")
    print(f"wrote {HERE / 'report.pdf'}")
