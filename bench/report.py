"""Markdown tables (with ratios between engines) from the benchmarks' JSON results."""

from __future__ import annotations

import math
from typing import Any

REFERENCE_ENGINES = ("virtuoso", "pyoxigraph-memory")


def ms(seconds: float | None) -> str:
    """Return seconds as a short human figure in ms or s."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def mib(size: int | None) -> str:
    """Return bytes as MiB."""
    return "–" if not size else f"{size / 2**20:.0f} MiB"


def ratio(value: float | None, reference: float | None) -> str:
    """Return value/reference as '×N' (how many times slower than the reference)."""
    if not value or not reference or math.isnan(value) or math.isnan(reference):
        return ""
    return f" (×{value / reference:.2g})"


def reference_engine(engines: dict[str, Any], query: str) -> str | None:
    """Return the engine the ratios of a query are taken against (the first reference that measured it)."""
    for name in REFERENCE_ENGINES:
        if query in engines.get(name, {}).get("queries", {}):
            return name
    return None


def engines_of(scale: dict[str, Any]) -> dict[str, Any]:
    """Return the engine results of a scale (without the scale's own metadata keys)."""
    return {name: value for name, value in scale.items() if not name.startswith("_")}


def note_of(r: dict[str, Any]) -> str:
    """Return the note of an engine's run: why it stopped, its view build, the REST totals checked."""
    parts = [r["stopped"]] if r.get("stopped") else []
    if r.get("view_seconds") is not None:
        parts.append(f"headline view built in {ms(r['view_seconds'])} ({r.get('view_rows', 0):,} rows)")
    for check in r.get("checks", []):
        if "error" in check:
            parts.append(f"REST total check failed: {check['error']}")
        else:
            verdict = "=" if check["ok"] else "!="
            parts.append(f"REST total {check['total']:,} {verdict} SPARQL count {check['expected']:,}")
    return "; ".join(parts)


def load_table(label: str, scale: dict[str, Any]) -> list[str]:
    """Return the load / memory / export table of one scale."""
    quads = scale.get("_quads", 0)
    lines = [
        f"#### {label} recommendations ({quads:,} quads): load, memory, export",
        "",
        "| engine | load | quads/s | RSS after load | peak RSS | full export | export MB/s | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in engines_of(scale).items():
        load_s = r.get("load_seconds")
        rate = f"{quads / load_s:,.0f}" if load_s else "–"
        export_s, export_b = r.get("export_seconds"), r.get("export_bytes")
        mbps = f"{export_b / 1e6 / export_s:.0f}" if export_s and export_b else "–"
        cells = [name, ms(load_s), rate, mib(r.get("rss_after_load")), mib(r.get("peak_rss"))]
        cells += [ms(export_s), mbps, " ".join(note_of(r).split())[:240]]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def latency_table(label: str, scale: dict[str, Any]) -> list[str]:
    """Return the sequential p50 table of one scale, each cell with its ratio to the reference engine."""
    engines = engines_of(scale)
    queries = sorted({q for r in engines.values() for q in r.get("queries", {})})
    if not queries:
        return []
    refs = {q: reference_engine(engines, q) for q in queries}
    lines = [
        f"#### {label}: p50 latency, one client (ratio to {refs[queries[0]] or '–'})",
        "",
        "| engine | " + " | ".join(queries) + " |",
        "|---|" + "---|" * len(queries),
    ]
    for name, r in engines.items():
        cells = []
        for q in queries:
            got = r.get("queries", {}).get(q)
            ref_name = refs[q]
            ref = engines[ref_name]["queries"][q]["p50"] if ref_name else None
            cells.append(ms(got["p50"]) + ratio(got["p50"], ref) if got else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def first_table(label: str, scale: dict[str, Any]) -> list[str]:
    """Return the first (warm-up) request of each query: cold, before any answer cache holds it."""
    engines = engines_of(scale)
    queries = sorted(
        {q for r in engines.values() for q, got in r.get("queries", {}).items() if "first" in got}
    )
    if not queries:
        return []
    lines = [f"#### {label}: first request (cold, uncached), one client", ""]
    lines += ["| engine | " + " | ".join(queries) + " |", "|---|" + "---|" * len(queries)]
    for name, r in engines.items():
        cells = [ms(r.get("queries", {}).get(q, {}).get("first")) for q in queries]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def concurrency_table(label: str, scale: dict[str, Any]) -> list[str]:
    """Return the HTTP-under-concurrency table (p50/p95/p99 and requests/s) of one scale."""
    lines = [
        f"#### {label}: over HTTP under concurrency",
        "",
        "| engine | query | p50 | p95 | p99 | req/s | requests | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = 0
    for name, r in engines_of(scale).items():
        for q, got in sorted(r.get("queries", {}).items()):
            c = got.get("concurrent")
            if not c:
                continue
            rows += 1
            if not c["count"]:
                cells = [name, q, "none completed within the series budget", "", "", "0"]
                lines.append("| " + " | ".join([*cells, "0", str(c["errors"])]) + " |")
                continue
            cells = [name, q, ms(c["p50"]), ms(c["p95"]), ms(c["p99"]), f"{c['requests_per_s']:.1f}"]
            lines.append("| " + " | ".join([*cells, str(c["count"]), str(c["errors"])]) + " |")
    return [*lines, ""] if rows else []


def render_serve(results: dict[str, Any]) -> str:
    """Return the serving benchmark's markdown: per scale, load/memory, latency ratios, concurrency."""
    machine = results.get("machine", {})
    cpus, memory, date = machine.get("cpus"), machine.get("memory_gib"), machine.get("date")
    lines = [f"Machine: {cpus} CPUs, {memory} GiB, {date}", ""]
    for label, scale in results.get("scales", {}).items():
        lines += load_table(label, scale) + latency_table(label, scale) + first_table(label, scale)
        lines += concurrency_table(label, scale)
    return "\n".join(lines)


def build_row(label: str, r: dict[str, Any]) -> str:
    """Return one row of the build table: per-stage seconds, totals and throughput."""
    stages = r.get("stage_seconds", {})
    seconds = r.get("pages_seconds") or 0.0
    comments, size = r.get("comments", 0), r.get("bytes", 0)
    cells = [label, f"{r.get('pages_done', 0)}/{r.get('pages')}"]
    cells += [ms(stages.get(s)) for s in ("parse", "extract", "rdf", "validate", "load")]
    cells += [ms(r.get("total_seconds") or seconds or None)]
    if seconds:
        cells += [f"{comments / seconds:.0f}", f"{size / 1e6 / seconds:.2f}"]
    else:
        cells += ["–", "–"]
    failed = f"{len(r['failed'])} page(s) failed SHACL" if r.get("failed") else ""
    cells += [f"{r.get('triples', 0):,}", mib(r.get("peak_rss")), r.get("stopped", "") or failed]
    return "| " + " | ".join(cells) + " |"


def memory_rows(label: str, r: dict[str, Any]) -> list[str]:
    """Return the memory and SHACL-linearity facts of one scale as table rows."""
    series = r.get("rss_series", [])
    first, last = (series[0], series[-1]) if series else ([0, 0], [0, 0])
    validate = r.get("validate_series", [])
    per_kilo = [1000 * seconds / triples for triples, seconds in validate if triples]
    shacl = f"{statistics_median(per_kilo) * 1000:.1f} ms" if per_kilo else "–"
    union = r.get("union_check", {})
    union_text = "–"
    if union:
        one_by_one, together = ms(union["per_page_sum_seconds"]), ms(union["union_seconds"])
        union_text = f"{union['pages']} pages: {one_by_one} one by one, {together} as one graph"
    peaks = r.get("stage_peak_bytes", {})
    peak_text = ", ".join(f"{stage} {mib(size)}" for stage, size in peaks.items()) or "–"
    rss_text = f"{mib(first[1])} after {first[0]} → {mib(last[1])} after {last[0]} pages"
    after_load = mib(r.get("rss_after_load"))
    return [f"| {label} | {rss_text} | {after_load} | {shacl} | {union_text} | {peak_text} |"]


def statistics_median(values: list[float]) -> float:
    """Return the median of values."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def render_build(results: dict[str, Any]) -> str:
    """Return the build benchmark's markdown: stage times and throughput, memory, SHACL linearity."""
    lines = [
        "| pages | done | parse | extract | rdf | SHACL | load | total | comments/s | MB/s | triples | "
        "peak RSS | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    scales = results.get("scales", {})
    lines += [build_row(label, r) for label, r in scales.items()]
    lines += [
        "",
        "| pages | RSS while building | RSS after load | SHACL per 1k triples (median page) | "
        "SHACL per page vs one union graph | Python peak per stage (3 pages) |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in scales.items():
        lines += memory_rows(label, r)
    if results.get("cli"):
        lines += ["", "`gcmkg build` end to end:", "", render_cli(results)]
    return "\n".join([*lines, ""])


def render_cli(results: dict[str, Any]) -> str:
    """Return the end-to-end `gcmkg build` table (wall, largest child RSS, the build's own stage times)."""
    lines = [
        "| pages | wall | derived files from | peak RSS (build + workers) | the build's stage times | note |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in results.get("cli", {}).items():
        stages = ", ".join(
            f"{stage} {seconds:.1f} s" for stage, seconds in r.get("stage_seconds", {}).items()
        )
        derived = r.get("derived_files_from_seconds")
        cells = [label, ms(r.get("wall_seconds")), ms(derived), mib(r.get("tree_peak_rss")), stages or "–"]
        lines.append("| " + " | ".join([*cells, r.get("stopped", "")]) + " |")
    return "\n".join([*lines, ""])
