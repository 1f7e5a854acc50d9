"""The argument map: who responds to whom, as a Mermaid flowchart (GitHub draws it in markdown).

Each responding voice and each record responded to is a node; an edge carries
the relation (challenges, rebuts, endorses, extends), what it is about, and how
many findings make that response. Labels are quoted, and the characters Mermaid
gives meaning to are written as its entity codes, so record text can never
change the shape of the chart.
"""

from __future__ import annotations

from collections.abc import Iterable

from lucli.analysis.voices import Exchange

_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;", "&": "#38;", "|": "#124;",
             "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;"}
_ESCAPED = str.maketrans(_ENTITIES)
_DISSENT_STYLE = "stroke-dasharray: 4 3"


def _label(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return '"' + text.translate(_ESCAPED) + '"'


def _target_text(e: Exchange) -> str:
    if e.target is not None:
        return f"{e.target_voice.spoken}: {e.target.statement}"
    return f"{e.target_voice.spoken}: {e.target_source.title}"


def argument_map(exchanges: Iterable[Exchange]) -> str:
    """Draw the exchanges as a Mermaid flowchart; '' when there are none."""
    exchanges = list(exchanges)  # read twice: once for the edges, once for the labels
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str, str], int] = {}
    dissent: list[bool] = []
    for e in exchanges:
        source = nodes.setdefault(f"voice:{e.voice.id}", f"v{len(nodes) + 1}")
        target_key = f"record:{e.response.ref}"
        target = nodes.setdefault(target_key, f"r{len(nodes) + 1}")
        what = e.relation + (f" ({e.response.about})" if e.response.about else "")
        key = (source, target, what)
        if key not in edges:
            dissent.append(e.dissents)
        edges[key] = edges.get(key, 0) + 1
    if not edges:
        return ""
    labels: dict[str, str] = {}
    for e in exchanges:  # a node's label is the same whichever exchange gives it: made once
        voice, record = nodes[f"voice:{e.voice.id}"], nodes[f"record:{e.response.ref}"]
        if voice not in labels:
            labels[voice] = _label(e.voice.spoken)
        if record not in labels:
            labels[record] = _label(_target_text(e))
    lines = ["flowchart LR"]
    lines += [f"  {node}[{labels[node]}]" for node in nodes.values()]
    for (source, target, what), count in edges.items():
        lines.append(f"  {source} -- {_label(what + (f' ×{count}' if count > 1 else ''))} --> {target}")
    lines += [f"  linkStyle {i} {_DISSENT_STYLE}" for i, d in enumerate(dissent) if d]
    return "\n".join(lines) + "\n"
