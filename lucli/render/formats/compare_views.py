"""The views of `lucli compare`: the stance matrix, one principle, one target's profile, several targets.

`compare_document` is the one entry point the CLI calls; each `*_document`
function turns one analysis from `lucli.analysis.compare` into a `Document`.
"""

from __future__ import annotations

from typing import Any

from lucli.analysis.compare import (
    Comparison,
    Matrix,
    Profile,
    compare_targets,
    profile,
    resolve_targets,
    stance_matrix,
)
from lucli.analysis.filters import Filters
from lucli.analysis.verdicts import Verdict, VoicePosition, verdict
from lucli.analysis.voices import Exchange, Voice, exchanges
from lucli.records.corpus import Corpus
from lucli.records.plurals import plural
from lucli.render.formats.document import Bullets, Column, Document, Heading, Paragraph, Records, Table, wanted
from lucli.render.formats.pieces import (
    FINDING_FIELDS,
    GLYPHS,
    LEGEND,
    clean,
    counts_line,
    evidence_line,
    exchange_bullets,
    exchange_json,
    finding_brief,
    finding_fields,
    finding_json,
    finding_lines,
    glyph,
    head_json,
    principle_json,
    source_cell,
    stand_json,
    subject_line,
    target_label,
    verdict_json,
    verdict_note,
    verdict_reason,
    voice_json,
)
from lucli.render.mermaid import argument_map


def compare_document(corpus: Corpus, view: Corpus, filters: Filters, texts: list[str],
                     fmt: str | None = None) -> Document:
    """Build what `lucli compare [TARGET…]` shows.

    Targets are resolved against the whole `corpus`; the analysis reads the
    filtered `view`, so a target the filters leave without evidence shows as silent.
    Given the output format, a principle's view makes only the part of the document it reads (the rest
    is left empty): at 100k findings its JSON data alone was a tenth of a warm run.
    """
    if not texts:
        return matrix_document(view, filters, stance_matrix(view, filters.principles))
    targets = resolve_targets(corpus, texts)
    if len(targets) > 1:
        return targets_document(view, filters, compare_targets(view, targets, filters.principles))
    if targets[0].kind == "principle":
        return principle_document(view, filters, verdict(view, targets[0].id), fmt=fmt)
    return profile_document(view, filters, profile(view, targets[0], filters.principles))


def _silence_bullets(corpus: Corpus, matrix: Matrix) -> tuple[str, ...]:
    label = {pid: p.label for pid, p in corpus.principles.items()}
    gaps = matrix.gaps
    nobody = ", ".join(label[p] for p in gaps.unaddressed) or "none"
    single = [f"{label[v.principle]} ({v.speakers[0].voice.name})" for v in matrix.rows
              if v.agreement == "single voice"]
    by_voice: dict[str, list[str]] = {}
    for voice, principle in gaps.silences:
        by_voice.setdefault(voice, []).append(label[principle])
    silences = [f"{v.name} on {', '.join(by_voice[v.id])}" for v in matrix.voices if v.id in by_voice]
    return (f"Addressed by no independent voice: {nobody}.",
            f"Single voice ({len(single)}): {', '.join(single) or 'none'}.",
            "Silent where most other voices take a position: " + ("; ".join(silences) or "none") + ".")


def _voice_header(voice: Voice) -> str:
    return voice.name if voice.independent else f"{voice.name} (subject)"


def matrix_document(corpus: Corpus, filters: Filters, matrix: Matrix, chart: str | None = None) -> Document:
    """Show every principle against every voice, with both axes of the verdict, a legend and the gaps (`chart`: the
    argument map of the corpus's exchanges, when worked out already)."""
    voices = matrix.voices
    label = {pid: p.label for pid, p in corpus.principles.items()}
    # Numbers stand in for the voices' names when a terminal is too narrow for them.
    columns = (Column("Principle"),
               *(Column(_voice_header(v), align="center", wrap=False, short=str(n)) for n, v in enumerate(voices, 1)),
               Column("Voices", align="right", wrap=False), Column("Verdict: agreement, strength", wrap=False))
    rows = tuple((label[v.principle], *(GLYPHS[p.stance] for p in _all_positions(v)), str(len(v.speakers)),
                  f"{v.agreement}, {v.strength.text}") for v in matrix.rows)
    evidence = [v for v in voices if v.independent]
    subject = [_voice_header(v) for v in voices if not v.independent]
    apart = f" Subject voice: {', '.join(subject)}." if subject else ""
    blocks = (Heading(f"Stance matrix: {plural(len(matrix.rows), 'principle')} × "
                      f"{plural(len(evidence), 'independent voice')}", 1),
              Paragraph(evidence_line(corpus, filters)),
              Table(columns, rows),
              Paragraph(LEGEND),
              Paragraph("Voices: how many independent voices take a position." + apart + " " +
                        verdict_note(corpus.rules.consensus)),
              *((Paragraph(f"Who the voices are: {key}."),) if (key := _voice_key(corpus, voices)) else ()),
              Heading("Gaps"), Bullets(_silence_bullets(corpus, matrix)))
    data = {**head_json("matrix", corpus, filters),
            "voices": [voice_json(corpus, v) for v in voices],
            "principles": [_verdict_json(corpus, v) for v in matrix.rows],
            "gaps": {"unaddressed": list(matrix.gaps.unaddressed), "single_voice": list(matrix.gaps.single_voice),
                     "silences": [{"voice": o, "principle": p} for o, p in matrix.gaps.silences]}}
    records = Records(("principle_id", "principle", *(v.id for v in voices), "voices", "agreement", "strength"),
                      tuple((v.principle, label[v.principle], *(p.stance for p in _all_positions(v)),
                             str(len(v.speakers)), v.agreement, v.strength.level) for v in matrix.rows))
    return Document(blocks, data, records, argument_map(exchanges(corpus)) if chart is None else chart)


def _voice_key(corpus: Corpus, voices: tuple[Voice, ...]) -> str:
    """The full names behind the column headers, for each voice whose header is not its name already."""
    def names(v: Voice) -> str:
        return " and ".join(corpus.organisations[o].name for o in v.organisations if o in corpus.organisations)
    pairs = ((_voice_header(v), names(v)) for v in voices)
    return "; ".join(f"{header} = {named}" for header, named in pairs if header != named)


def _all_positions(found: Verdict) -> tuple[VoicePosition, ...]:
    return found.positions + found.subject


def _counts_json(found: Verdict) -> dict[str, int]:
    counts = {"voices": len(found.positions), "speaking": len(found.speakers)}
    return {**counts, **{stance: found.count(stance) for stance in GLYPHS}}


def _verdict_json(corpus: Corpus, found: Verdict) -> dict[str, Any]:
    return {"id": found.principle, "label": corpus.principles[found.principle].label,
            "verdict": verdict_json(found), "counts": _counts_json(found),
            "positions": {p.voice.id: p.stance for p in _all_positions(found)}}


def _voice_rows(corpus: Corpus, principle: str, positions: tuple[VoicePosition, ...]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for pos in positions:
        who = f"{pos.voice.name}\n{glyph(pos.stance)}"
        for number, finding in enumerate(pos.findings):
            source = corpus.source_of(finding)
            rows.append((who if number == 0 else "", finding_lines(corpus, finding, principle),
                         source_cell(corpus, source)))
    return rows


def principle_document(corpus: Corpus, filters: Filters, found: Verdict, extra: tuple[str, ...] = (),
                       fmt: str | None = None) -> Document:
    """Show every voice's findings on one principle, side by side, silent ones included, and who challenges whom.

    Given the output format, only the part of the document it reads is made (`document.wanted`)."""
    wants = wanted(fmt)
    blocks = _principle_blocks(corpus, filters, found, extra) if wants in ("blocks", "all") else ()
    principle = corpus.principles[found.principle]
    data: dict[str, Any] = {}
    if wants in ("data", "all"):
        data = {**head_json("principle", corpus, filters),
                "principle": {**principle_json(principle), "description": clean(principle.description),
                              "aliases": list(principle.aliases), "related": list(principle.related)},
                "verdict": verdict_json(found), "counts": _counts_json(found),
                "positions": [_position_json(corpus, principle.id, p) for p in _all_positions(found)],
                "exchanges": [exchange_json(e) for e in found.exchanges]}
    records = None
    if wants in ("records", "all"):
        records = Records(("principle", "voice", "role", "position", *FINDING_FIELDS),
                          tuple((principle.id, p.voice.id, p.voice.role, p.stance,
                                 *finding_fields(corpus, f, principle.id))
                                for p in _all_positions(found) for f in (p.findings or (None,))))
    chart = argument_map(found.exchanges) if wants in ("chart", "all") else ""
    return Document(blocks, data, records, chart)


def _principle_blocks(corpus: Corpus, filters: Filters, found: Verdict, extra: tuple[str, ...]) -> tuple[Any, ...]:
    principle = corpus.principles[found.principle]
    columns = (Column("Voice", wrap=False), Column("Finding"), Column("Source", max_width=26))
    rows = _voice_rows(corpus, principle.id, found.speakers)
    subject_rows = _voice_rows(corpus, principle.id, tuple(p for p in found.subject if p.speaks))
    silent = ", ".join(p.voice.name for p in found.silent) or "none"
    stated = subject_line(corpus, found)
    blocks: list[Any] = [
        Heading(principle.label, 1), Paragraph(clean(principle.description)), *(Paragraph(line) for line in extra),
        Paragraph(f"Verdict: {found.headline} ({verdict_reason(found, corpus)}). "
                  f"{counts_line([p.stance for p in found.positions], 'independent voice')}"),
        Paragraph(evidence_line(corpus, filters)),
        Table(columns, tuple(rows), spaced=True) if rows else
        Paragraph("No independent voice has a finding on this principle."),
        Paragraph(f"{GLYPHS['silent']} Silent (no finding on this principle): {silent}.")]
    if stated:
        blocks += [Heading("The stated position of the body under review"), Paragraph(stated),
                   Table(columns, tuple(subject_rows), spaced=True)]
    if found.exchanges:
        blocks += [Heading(f"Responses ({len(found.exchanges)})"),
                   Bullets(exchange_bullets(corpus, found.exchanges))]
    blocks.append(Paragraph(LEGEND))
    return tuple(blocks)


def _position_json(corpus: Corpus, principle: str, p: VoicePosition) -> dict[str, Any]:
    return {"voice": voice_json(corpus, p.voice), "position": p.stance,
            "strength": {"level": p.strength.level, "symbol": p.strength.symbol},
            "findings": [finding_json(corpus, f, principle) for f in p.findings]}


def _profile_rows(corpus: Corpus, found: Profile) -> tuple[tuple[str, ...], ...]:
    return tuple((corpus.principles[s.principle].label, glyph(s.stance),
                  "\n".join(finding_brief(corpus, f, s.principle) for f in s.findings)) for s in found.stands)


def profile_table(corpus: Corpus, found: Profile) -> Table:
    """Tabulate a target's positions, one principle per row."""
    return Table((Column("Principle", max_width=24), Column("Position", wrap=False), Column("Findings")),
                 _profile_rows(corpus, found), spaced=True)


def profile_blocks(corpus: Corpus, found: Profile) -> tuple[Any, ...]:
    """Show a target's positions and the principles it is silent on."""
    total = len(found.stands) + len(found.silent)
    silent = ", ".join(corpus.principles[p].label for p in found.silent) or "none"
    return (Paragraph(f"Takes a position on {len(found.stands)} of {plural(total, 'principle')}; "
                      f"silent on {len(found.silent)}."),
            profile_table(corpus, found), Paragraph(f"Silent on: {silent}."))


def profile_json(corpus: Corpus, found: Profile) -> dict[str, Any]:
    """Return a target's positions as JSON."""
    return {"positions": [{"principle": principle_json(corpus.principles[s.principle]), "position": s.stance,
                           "findings": [finding_json(corpus, f, s.principle) for f in s.findings]}
                          for s in found.stands],
            "silent": list(found.silent)}


def profile_document(corpus: Corpus, filters: Filters, found: Profile) -> Document:
    """Show one organisation's or source's positions across the taxonomy."""
    target = found.target
    blocks = (Heading(f"{clean(target.label)}: positions by principle", 1),
              Paragraph(evidence_line(corpus, filters)), *profile_blocks(corpus, found), Paragraph(LEGEND))
    data = {**head_json("profile", corpus, filters), "target": _target_json(corpus, target),
            **profile_json(corpus, found)}
    records = Records(("principle", "target", "position", *FINDING_FIELDS),
                      tuple((s.principle, target.id, s.stance, *finding_fields(corpus, f, s.principle))
                            for s in found.stands for f in s.findings))
    chart = argument_map(e for e in exchanges(corpus) if target.id in _sides(corpus, e))
    return Document(blocks, data, records, chart)


def _sides(corpus: Corpus, e: Exchange) -> tuple[str, ...]:
    """The ids a target may have on either side of an exchange: sources and their publishers."""
    return (e.finding.source_id, e.target_source.id, *corpus.sources[e.finding.source_id].publishers,
            *e.target_source.publishers)


def _target_json(corpus: Corpus, target: Any) -> dict[str, Any]:
    return {"kind": target.kind, "id": target.id, "label": clean(target.label), "short": target_label(corpus, target)}


def _shared_label(corpus: Corpus, item: Any) -> str:
    label = corpus.principles[item.principle].label
    if item.agreement == "agree":
        return label
    return f"{label}\n({'opposition' if item.opposition else 'a caveat, not opposition'})"


def _target_key(corpus: Corpus, target: Any) -> str:
    if target.kind == "organisation":
        count = len(corpus.sources_by_organisation.get(target.id, ()))
        return f"{target_label(corpus, target)} = {clean(target.label)} (organisation; {plural(count, 'source')})"
    source = corpus.sources.get(target.id)
    when = f", {source.published}" if source else ", no findings after filtering"
    return f"{target.id} = “{clean(target.label)}” (source{when})"


def _shared_table(corpus: Corpus, shared: tuple[Any, ...]) -> Table:
    rows = []
    for item in shared:
        for number, s in enumerate(item.stands):
            findings = "\n".join(finding_brief(corpus, f, s.principle) for f in s.findings) or "No finding on it."
            rows.append((_shared_label(corpus, item) if number == 0 else "",
                         f"{target_label(corpus, s.target)}\n{glyph(s.stance)}", findings))
    return Table((Column("Principle", max_width=22), Column("Who", max_width=24), Column("Findings")),
                 tuple(rows), spaced=True)


def _only_table(corpus: Corpus, stands: tuple[Any, ...]) -> Table:
    rows = tuple((corpus.principles[s.principle].label, glyph(s.stance),
                  "\n".join(finding_brief(corpus, f, s.principle) for f in s.findings)) for s in stands)
    return Table((Column("Principle", max_width=22), Column("Position", wrap=False), Column("Findings")),
                 rows, spaced=True)


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def targets_document(corpus: Corpus, filters: Filters, found: Comparison) -> Document:
    """Show where two or more organisations or sources agree, differ, and speak alone."""
    short = [target_label(corpus, t) for t in found.targets]
    key = "; ".join(_target_key(corpus, t) for t in found.targets)
    alone = " ".join(f"{s} alone raises {len(o.stands)}." for s, o in zip(short, found.only, strict=True))
    blocks: list[Any] = [
        Heading(f"{_names(short)} compared", 1), Paragraph(f"Compared: {key}."),
        Paragraph(evidence_line(corpus, filters)),
        Paragraph(f"They share {plural(len(found.shared), 'principle')}, agreeing on {len(found.agree)} and "
                  f"differing on {len(found.differ)}. {alone} They agree on a principle when all of them that "
                  "take a position hold the same one.")]
    for title, group in (("Where they differ", found.differ), ("Where they agree", found.agree)):
        blocks += [Heading(f"{title} ({len(group)})"), _shared_table(corpus, group) if group else Paragraph("None.")]
    for name, only in zip(short, found.only, strict=True):
        blocks += [Heading(f"Only {name} ({len(only.stands)})"),
                   _only_table(corpus, only.stands) if only.stands else Paragraph("None.")]
    if found.exchanges:
        blocks += [Heading(f"Responses between them ({len(found.exchanges)})"),
                   Bullets(exchange_bullets(corpus, found.exchanges))]
    blocks.append(Paragraph(LEGEND))
    data = {**head_json("targets", corpus, filters), "targets": [_target_json(corpus, t) for t in found.targets],
            "summary": {"shared": len(found.shared), "agree": len(found.agree), "differ": len(found.differ),
                        "only": {o.target.id: len(o.stands) for o in found.only}},
            "shared": [{"principle": principle_json(corpus.principles[s.principle]), "agreement": s.agreement,
                        "opposition": s.opposition, "positions": [stand_json(corpus, x) for x in s.stands]}
                       for s in found.shared],
            "only": [{"target": o.target.id,
                      "principles": [{"principle": principle_json(corpus.principles[s.principle]),
                                      **stand_json(corpus, s)} for s in o.stands]} for o in found.only],
            "exchanges": [exchange_json(e) for e in found.exchanges]}
    return Document(tuple(blocks), data, _targets_records(corpus, found), argument_map(found.exchanges))


def _targets_records(corpus: Corpus, found: Comparison) -> Records:
    rows = [(s.principle, item.agreement, s.target.id, s.stance, *finding_fields(corpus, f, s.principle))
            for item in found.shared for s in item.stands for f in (s.findings or (None,))]
    rows += [(s.principle, "only", s.target.id, s.stance, *finding_fields(corpus, f, s.principle))
             for o in found.only for s in o.stands for f in s.findings]
    return Records(("principle", "group", "target", "position", *FINDING_FIELDS), tuple(rows))
