"""Two or three examples per command, shown at the end of its help and on its page of the documentation.

Kept apart from the commands so that the help, the documentation site and the test that every option
named here exists all read the same list.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("lucli compare", "every principle against every organisation"),
        ("lucli compare devolution", "each organisation's findings on one principle"),
        ("lucli init my-evidence", "start an evidence repository of your own"),
    ),
    "compare": (
        ("lucli compare", "the stance matrix, with the gaps"),
        ("lucli compare devolution", "who says what about one principle, and the verdict"),
        ("lucli compare ifg lga -o ifg-lga.md", "where two organisations agree and differ, as markdown"),
    ),
    "show": (
        ("lucli show devolution", "a principle and every finding on it"),
        ("lucli show lga --format json", "an organisation and its sources, as JSON"),
    ),
    "search": (
        ("lucli search \"single pot\"", "findings that mention single pots"),
        ("lucli search funding --kind recommendation -n 5", "the first five recommendations on funding"),
    ),
    "list": (
        ("lucli list principles", "the taxonomy, with counts"),
        ("lucli list sources --since 2023", "sources published in 2023 or later"),
        ("lucli list findings -p devolution -f csv -o devolution.csv", "findings on one principle as CSV"),
    ),
    "brief": (
        ("lucli brief devolution", "write reports/brief-devolution.md"),
        ("lucli brief lga -o lga.docx", "an organisation's briefing as a Word file"),
        ("lucli brief devolution --check", "exit 1 if the briefing on disk is out of date"),
    ),
    "digest": (
        ("lucli digest -o site", "build site/index.html and the markdown pages"),
        ("lucli digest --since v1.0", "add “What changed” since a tag"),
        ("lucli digest --check", "exit 1 if the digest on disk is out of date"),
    ),
    "diff": (
        ("lucli diff HEAD~1", "what the working tree changes since the last commit"),
        ("lucli diff v1.0..v2.0 -f md -o changes.md", "what changed between two tags, as markdown"),
    ),
    "init": (
        ("lucli init my-evidence", "a new repository with the bundled taxonomy and organisations"),
        ("lucli init my-evidence --empty", "a new repository with no principles or organisations yet"),
        ("lucli init . --install \"lucli @ git+https://example.org/lucli.git\"", "say how CI installs lucli"),
    ),
    "add": (
        ("lucli add organisation --id ippr-north --name \"IPPR North\" --kind think-tank", "a new publisher"),
        ("lucli add source", "asked for each field, on a terminal"),
        ("lucli add finding my-source --kind finding --statement \"…\" -p devolution", "append a finding"),
    ),
    "add source": (
        ("lucli add source", "asked for each field, on a terminal"),
        ("lucli add source --title \"Rebalancing Britain\" --publisher lga --published 2024-03 --kind report",
         "no questions asked"),
        ("lucli add source --title \"A report\" --publisher lga --published 2024 --kind report --dry-run",
         "print the file instead of writing it"),
    ),
    "add finding": (
        ("lucli add finding lga-2024-rebalancing-britain", "asked for each field, with suggested principles"),
        ("lucli add finding lga-2024-rebalancing-britain --kind recommendation --statement \"Give councils "
         "five-year settlements.\" -p single-pot-funding", "no questions asked"),
    ),
    "add organisation": (
        ("lucli add organisation", "asked for each field, on a terminal"),
        ("lucli add organisation --id ippr-north --name \"IPPR North\" --kind think-tank", "no questions asked"),
    ),
    "add principle": (
        ("lucli add principle", "asked for each field, on a terminal"),
        ("lucli add principle --id community-wealth --label \"Community wealth building\" "
         "--description \"Keep spending and ownership local.\"", "no questions asked"),
    ),
    "texts": (
        ("lucli texts add lga-2024-rebalancing-britain report.pdf", "archive a report's text for verify"),
        ("lucli texts list", "every archived text, and whose it is"),
        ("lucli texts check", "find archives edited since they were recorded"),
    ),
    "texts add": (
        ("lucli texts add lga-2024-rebalancing-britain report.pdf", "extract the text, page by page"),
        ("lucli texts add lga-2024-rebalancing-britain page.html --as lga-2024-press.txt", "a web page, named"),
    ),
    "texts list": (
        ("lucli texts list", "every archived text, and whose it is"),
        ("lucli texts list -f json", "the same as JSON"),
    ),
    "texts check": (
        ("lucli texts check", "exit 1 if an archive changed since it was recorded"),
        ("lucli texts check -f github", "annotations for a GitHub Actions log"),
    ),
    "suggest": (
        ("lucli suggest --untagged", "principles for findings that have none yet"),
        ("lucli suggest lga-2024-rebalancing-britain -f yaml", "a principles: snippet to paste"),
        ("lucli suggest --evaluate", "how often the suggestions match the principles already given"),
    ),
    "verify": (
        ("lucli verify", "check every quote against its archived text"),
        ("lucli verify --strict --require", "fail on near misses, and on quotes with no archived text"),
        ("lucli verify --fix-locators", "write the page where each quote was found into its locator"),
    ),
    "dedupe": (
        ("lucli dedupe", "near-duplicate findings across the corpus"),
        ("lucli dedupe --threshold 95 --fail-on-duplicates", "exit 1 on close copies, for CI"),
    ),
    "import": (
        ("lucli import bibtex refs.bib --dry-run", "print source skeletons from a BibTeX file"),
        ("lucli import csl-json zotero.json", "write a skeleton per reference"),
    ),
    "export": (
        ("lucli export -f bibtex -o sources.bib", "every source as BibTeX"),
        ("lucli export -f csv -p devolution", "sources with findings on one principle, as CSV"),
    ),
    "validate": (
        ("lucli validate", "check every record; problems as path:line:col"),
        ("lucli validate --strict", "fail on warnings too"),
        ("lucli validate -f github", "annotations for a GitHub Actions log"),
    ),
    "schema": (
        ("lucli schema source", "the JSON Schema of a source file"),
        ("lucli schema principles > principles.schema.json", "save one for your editor"),
    ),
}
"""Examples by command path after `lucli` ("" for lucli itself): (command line, what it does)."""
