"""Turn the benchmark's measurements into a plain-text table, target verdicts and JSON."""

from __future__ import annotations

from typing import Any

from measure import Figure

ROWS = [
    # (key, label, reference key or None, what the ratio is against)
    ("floor", "floor: libyaml parse, 1 process", None, ""),
    ("floor_parallel", "floor: libyaml parse, process pool", "floor", "floor"),
    ("validate_cold", "validate, cold (no .lucli/)", "floor", "floor"),
    ("validate_no_cache", "validate --no-cache", "floor", "floor"),
    ("validate_warm", "validate, warm", "import_floor", "import floor"),
    ("compare_cold", "compare, cold (no .lucli/)", "floor", "floor"),
    ("compare_warm", "compare, warm", "import_floor", "import floor"),
    ("compare_incremental", "compare, one file changed", "compare_warm", "warm compare"),
    ("search", "search (warm)", "import_floor", "import floor"),
    ("dedupe", "dedupe (warm)", None, ""),
]
REFERENCES = [
    ("import_floor", "import floor: python -c \"import typer, rich, yaml, jinja2, rapidfuzz\""),
    ("typer_floor", "typer floor: the same imports, then one typer command with two options"),
    ("bundled_compare_warm", "bundled corpus: compare, warm (--root, cache in use)"),
    ("bundled_compare_fallback", "bundled corpus: compare with no repository (cache bypassed)"),
    ("bundled_validate_warm", "bundled corpus: validate, warm"),
]
LARGE = "100k"


def jsonable(value: Any) -> Any:
    """Replace Figures by plain dicts, recursively."""
    if isinstance(value, Figure):
        return value.as_json()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _seconds(figure: Figure | None) -> float | None:
    return figure.seconds if figure is not None and figure.status == "ok" else None


def _cell(figure: Figure | None, reference: Figure | None = None, memory: bool = False, cpu: bool = False) -> str:
    if figure is None:
        return "-"
    if figure.status != "ok":
        return figure.status
    if memory:
        return f"{figure.rss_mb:,.0f}"
    if cpu:
        return f"{figure.cpu_s:.3f}" if figure.cpu_s is not None else "-"
    text = f"{figure.seconds:.3f}"
    ref = _seconds(reference)
    return f"{text} ({figure.seconds / ref:.2f}x)" if ref else text


def _grid(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = (c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


def table(results: dict[str, Any]) -> str:
    """The whole report as aligned plain text."""
    m = results["machine"]
    refs = results["references"]
    sizes = results["sizes"]
    lines = [f"lucli benchmark: {m['cpu_count']} CPUs ({m['processor']}), Python {m['python']}, "
             f"PyYAML {m['pyyaml']} {'with' if m['libyaml'] else 'WITHOUT'} libyaml, {m['date']}, "
             f"commit {m['git']['commit']}{' + uncommitted changes in lucli/' if m['git']['lucli_modified'] else ''}",
             f"load average at start {m['load_average_at_start']}; median of {results['settings']['runs']} runs; "
             f"whole processes; figures in seconds "
             f"(ratio to the named reference); peak memory in MB", ""]
    rows = [["references", "seconds", "cpu s", "peak MB", "ratio"]]
    for key, label in REFERENCES:
        fig = refs.get(key)
        ratio = ""
        if key != "import_floor" and _seconds(fig) and _seconds(refs.get("import_floor")):
            ratio = f"{fig.seconds / refs['import_floor'].seconds:.2f}x import floor"
        rows.append([label, _cell(fig), _cell(fig, cpu=True), _cell(fig, memory=True), ratio])
    lines += _grid(rows) + [""]
    header = ["wall time", *sizes]
    rows = [header, ["findings / files", *(f"{s['findings']:,} / {s['files']:,}" for s in sizes.values())]]
    for key, label, ref_key, against in ROWS:
        shown = f"{label} [x {against}]" if against else label
        rows.append([shown, *(_cell(s["figures"].get(key), _reference(s, refs, ref_key)) for s in sizes.values())])
    lines += _grid(rows) + [""]
    for title, kind in (("CPU seconds, user + system (workers included)", "cpu"),
                        ("peak memory, MB (largest single process)", "memory")):
        rows = [[title, *sizes]]
        for key, label, _, _ in ROWS:
            rows.append([label, *(_cell(s["figures"].get(key), memory=kind == "memory", cpu=kind == "cpu")
                                  for s in sizes.values())])
        lines += _grid(rows) + [""]
    lines += _peer_lines(results) + [""]
    lines += ["targets"] + [f"  [{_verdict(t)}] {t['name']}: {t['detail']}" for t in results["targets"]]
    notes = _notes(results)
    if notes:
        lines += ["", "notes"] + [f"  {n}" for n in notes]
    return "\n".join(lines)


def _notes(results: dict[str, Any]) -> list[str]:
    """Every figure that came with a remark: n/a, errors, timeouts, runs cut short."""
    found = [f"{key}: {fig.note}" for key, fig in results["references"].items() if fig.note]
    for label, size in results["sizes"].items():
        found += [f"{label} {key}: {fig.note}" for key, fig in size["figures"].items() if fig.note]
    return found


def _reference(size: dict[str, Any], refs: dict[str, Any], key: str | None) -> Figure | None:
    if key is None:
        return None
    return size["figures"].get(key) or refs.get(key)


def _verdict(target: dict[str, Any]) -> str:
    return {True: "met   ", False: "MISSED", None: "n/a   "}[target["met"]]


def peer_per_record(results: dict[str, Any]) -> dict[str, Any] | None:
    """Doorstop's time per item, whole-run and marginal, from the two trees it validated."""
    peer = results.get("peer") or {}
    if peer.get("status") != "ok":
        return None
    (small, fs), (cap, fc) = sorted(((int(k), v) for k, v in peer["items"].items()), key=lambda kv: kv[0])
    per_item = fc.seconds / cap
    marginal = (fc.seconds - fs.seconds) / (cap - small) if cap > small else per_item
    return {"items": cap, "seconds": fc.seconds, "per_item": per_item, "marginal_per_item": marginal}


def _lucli_marginal(sizes: dict[str, Any]) -> float | None:
    points = sorted((s["findings"], _seconds(s["figures"].get("validate_cold"))) for s in sizes.values())
    points = [p for p in points if p[1] is not None]
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return None
    (n0, t0), (n1, t1) = points[0], points[-1]
    return (t1 - t0) / (n1 - n0)


def _peer_lines(results: dict[str, Any]) -> list[str]:
    peer = results.get("peer") or {}
    if peer.get("status") != "ok":
        return [f"peer: Doorstop {peer.get('status', 'n/a')} ({peer.get('note', '')})"]
    d = peer_per_record(results)
    assert d is not None
    lines = [f"peer: Doorstop {peer['version']} ({' '.join(c.rsplit('/', 1)[-1] for c in peer['command'])}), "
             f"one YAML file per item; measured up to {d['items']:,} items and extrapolated per record",
             *(f"  {int(k):>7,} items: {v.seconds:.3f} s, {v.rss_mb:.0f} MB" for k, v in peer["items"].items()),
             f"  Doorstop per item: {d['per_item'] * 1e3:.3f} ms whole run, {d['marginal_per_item'] * 1e3:.3f} ms "
             f"marginal"]
    for label, size in results["sizes"].items():
        t = _seconds(size["figures"].get("validate_cold"))
        if t:
            per = t / size["findings"]
            lines.append(f"  lucli cold validate at {label}: {per * 1e6:.1f} us per finding -> Doorstop is "
                         f"{d['per_item'] / per:.1f}x slower per record")
    marginal = _lucli_marginal(results["sizes"])
    if marginal:
        lines.append(f"  marginal: lucli {marginal * 1e6:.1f} us per finding -> Doorstop "
                     f"{d['marginal_per_item'] / marginal:.1f}x slower per record")
    return lines


def _largest(results: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    sizes = results.get("sizes") or {}
    if not sizes:
        return None
    label = LARGE if LARGE in sizes else max(sizes, key=lambda k: sizes[k]["findings"])
    return label, sizes[label]


def _target(name: str, value: float | None, limit: float, unit: str, at: str, bigger_is_better: bool = False
            ) -> dict[str, Any]:
    where = "" if at in ("", LARGE) else f" (measured at {at}; the target is for {LARGE})"
    if value is None:
        return {"name": name, "limit": limit, "measured": None, "unit": unit, "met": None,
                "detail": f"not measured{where}"}
    met = value >= limit if bigger_is_better else value <= limit
    if met:
        margin = f"{value / limit:.1f}x the minimum" if bigger_is_better else f"{(1 - value / limit) * 100:.0f}% under"
    else:
        margin = (f"short by a factor of {limit / value:.1f}" if bigger_is_better
                  else f"over by {(value / limit - 1) * 100:.0f}% ({value / limit:.2f}x the limit)")
    return {"name": name, "limit": limit, "measured": round(value, 4), "unit": unit, "met": met,
            "detail": f"{value:.3f}{unit} against {limit}{unit}: {margin}{where}"}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Judge the measurements against issue 6's targets."""
    largest = _largest(results)
    at, size = largest if largest else ("", {"figures": {}, "findings": 1, "peak_rss_mb": None})
    f = size["figures"]
    refs = results["references"]

    def ratio(a: Figure | None, b: Figure | None) -> float | None:
        sa, sb = _seconds(a), _seconds(b)
        return sa / sb if sa and sb else None

    d = peer_per_record(results)
    lucli_per = (_seconds(f.get("validate_cold")) or 0) / size["findings"]
    return [
        _target("cold validate <= 1.2 x libyaml parse floor", ratio(f.get("validate_cold"), f.get("floor")), 1.2,
                "x", at),
        _target("warm compare <= 0.3 s", _seconds(f.get("compare_warm")), 0.3, " s", at),
        _target("warm compare on the bundled corpus <= 1.5 x import floor",
                ratio(refs.get("bundled_compare_warm"), refs.get("import_floor")), 1.5, "x", ""),
        _target("compare after one file changes <= 2 x warm compare",
                ratio(f.get("compare_incremental"), f.get("compare_warm")), 2.0, "x", at),
        _target(">= 200 x faster per record than Doorstop's validation (cold validate)",
                d["per_item"] / lucli_per if d and lucli_per else None, 200.0, "x", at, bigger_is_better=True),
        _target("peak memory <= 300 MB", size.get("peak_rss_mb"), 300.0, " MB", at),
        _target("dedupe <= 60 s", _seconds(f.get("dedupe")), 60.0, " s", at),
    ]
