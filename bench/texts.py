"""Benchmark archived texts: `lucli texts add` of a 100-page PDF, and `lucli verify` of 1,000 quotes in 50 texts.

Targets (issue 14): each under 10 s on a 2-core machine. Every figure is a whole process (median of --runs),
measured with bench/measure.py (wall time, and CPU time of the process and its workers, which a busy machine
disturbs less), beside anchors from the same run: the import floor, and pdfminer.six
extracting the same PDF with nothing else (the floor `texts add` cannot go below). A hostile case checks
that verification stays linear: a quote of 200,000 spaces, and one of 200,000 letters, against texts made
of the same.

    pip install -e '.[test,dev]'       # pdfminer.six and reportlab
    python bench/texts.py [--runs 3] [--results bench/texts-results.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Figure, measure  # noqa: E402

PYTHON = sys.executable
LUCLI = [str(Path(PYTHON).parent / "lucli")]
WORDS = ("council councils government central local funding single pot long-term devolution skills places "
         "evidence report growth inequality regions mayor combined authority investment transport housing "
         "ﬁnance ﬂexible “missions” partnership strategy capacity bidding competitive settlement").split()
ORGS = "- id: alpha\n  name: Alpha Institute\n  kind: think-tank\n"
PRINCIPLES = "- id: devolution\n  label: Devolution\n  description: Move powers to places.\n"


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_pdf(path: Path, pages: int, seed: int = 1) -> None:
    """A dense report: running header, page numbers, two columns of 9-point text on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    rng = random.Random(seed)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        pdf.setFont("DejaVu", 8)
        pdf.drawString(60, 810, "Benchmark Institute · A long report")
        pdf.drawCentredString(297, 30, str(number))
        pdf.setFont("DejaVu", 9)
        for x in (60, 310):
            for row in range(62):
                pdf.drawString(x, 780 - row * 12, _sentence(rng, 6))
        pdf.showPage()
    pdf.save()


def make_repo(root: Path, sources: int, quotes: int, pages: int, seed: int = 2) -> None:
    """`sources` sources, each with a paged archived text and `quotes` quotes: 19 in 20 found, 1 in 20 not."""
    rng = random.Random(seed)
    (root / "evidence/sources").mkdir(parents=True)
    (root / "evidence/texts").mkdir()
    (root / "evidence/organisations.yaml").write_text(ORGS, encoding="utf-8")
    (root / "evidence/principles.yaml").write_text(PRINCIPLES, encoding="utf-8")
    for s in range(sources):
        page_texts = ["Benchmark Institute\n" + "\n".join(_sentence(rng, 12) for _ in range(50)) + f"\n{p + 1}\n"
                      for p in range(pages)]
        text = "\f".join(page_texts)
        (root / f"evidence/texts/source-{s}.txt").write_text(text, encoding="utf-8")
        lines = [f"id: source-{s}", f"title: Source {s}", "publishers: [alpha]", "published: 2022", "kind: report",
                 f"text: texts/source-{s}.txt", "findings:"]
        words = text.replace("\f", " ").split()
        for q in range(quotes):
            start = rng.randrange(len(words) - 20)
            quote = " ".join(words[start:start + rng.randint(8, 16)])
            if q % 20 == 19:
                quote = quote + " which the report never said"
            lines += [f"  - id: q{q}", "    kind: finding", "    statement: A finding.",
                      f"    quote: {json.dumps(quote, ensure_ascii=False)}",
                      "    principles:", "      - id: devolution"]
        (root / f"evidence/sources/source-{s}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_hostile(root: Path) -> None:
    """Sources whose quotes and texts are 200,000 spaces or letters (quotes split over lines); one text has pages."""
    make_repo(root, 0, 0, 0)
    for name, fill, escaped in (("spaces", " ", "\\x20"), ("letters", "a", "a"), ("paged", " ", "\\x20")):
        text = fill * 200_000 if name != "paged" else "a\f" + " " * 200_000 + "\fb"
        (root / f"evidence/texts/{name}.txt").write_text(text, encoding="utf-8")
        per_line = 16_000 // len(escaped)
        body = "\n      ".join(escaped * per_line for _ in range(200_000 // per_line))
        (root / f"evidence/sources/{name}.yaml").write_text(
            f"id: {name}\ntitle: Hostile\npublishers: [alpha]\npublished: 2022\nkind: report\n"
            f"text: texts/{name}.txt\nfindings:\n  - id: q\n    kind: finding\n    statement: Hostile.\n"
            f"    quote: \"x{body}y\"\n    principles:\n      - id: devolution\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--results", type=Path, default=HERE / "texts-results.json")
    args = parser.parse_args(argv)
    figures: dict[str, Figure] = {}
    with tempfile.TemporaryDirectory(prefix="lucli-texts-bench-") as tmp:
        work = Path(tmp)
        pdf = work / "report.pdf"
        make_pdf(pdf, 100)
        repo = work / "add"
        make_repo(repo, 1, 0, 1)
        figures["import floor"] = measure([PYTHON, "-c", "import typer, rich, yaml, jinja2, rapidfuzz"], work,
                                          args.runs)
        figures["pdfminer alone, 100 pages"] = measure(
            [PYTHON, "-c", f"from pdfminer.high_level import extract_text; extract_text({str(pdf)!r})"], work,
            args.runs)

        def fresh(_index: int) -> None:
            shutil.rmtree(repo / "evidence/texts", ignore_errors=True)
            make_repo_source(repo)

        figures["texts add, 100-page PDF"] = measure([*LUCLI, "texts", "add", "source-0", str(pdf)], repo,
                                                     args.runs, before=fresh)
        corpus = work / "verify"
        make_repo(corpus, 50, 20, 20)
        figures["verify, 1,000 quotes in 50 texts"] = measure([*LUCLI, "verify"], corpus, args.runs,
                                                              ok_codes=(1,), warm_up=True)
        hostile = work / "hostile"
        make_hostile(hostile)
        figures["verify, hostile 200k runs"] = measure([*LUCLI, "verify"], hostile, args.runs, ok_codes=(1,),
                                                       warm_up=True)
    anchor = figures["pdfminer alone, 100 pages"].cpu_s
    print(f"{'figure':38} {'wall':>9}  {'CPU':>8}  {'peak':>10}  CPU / pdfminer alone")
    for name, figure in figures.items():
        shown = f"{figure.seconds:.2f} s" if figure.seconds is not None else figure.status
        cpu = f"{figure.cpu_s:.2f} s" if figure.cpu_s is not None else "-"
        ratio = f"{figure.cpu_s / anchor:.2f}" if figure.cpu_s is not None and anchor else "-"
        print(f"{name:38} {shown:>9}  {cpu:>8}  {figure.rss_mb or 0:7.1f} MB  {ratio:>6}  {figure.note}")
    args.results.write_text(json.dumps({"date": dt.date.today().isoformat(),
                                        "figures": {k: v.as_json() for k, v in figures.items()}}, indent=2) + "\n",
                            encoding="utf-8")
    return 0


def make_repo_source(root: Path) -> None:
    """Put back the one source of the `texts add` repository as it was before the run added its entry."""
    (root / "evidence/sources/source-0.yaml").write_text(
        "id: source-0\ntitle: Source 0\npublishers: [alpha]\npublished: 2022\nkind: report\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
