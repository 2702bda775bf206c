"""The shared token cache part of BENCHMARKS.md, from OUT_DIR/shared-cache.json (shared-cache.py).

report.py adds `summary_row(out)` to the main table and prints `section(out)` after it.
"""
import json
import os
import statistics

CACHE_NAMES = {"none": "no shared cache", "file": "`file`", "postgres": "`postgres`"}


def load(out):
    path = os.path.join(out, "shared-cache.json")
    return json.load(open(path)) if os.path.exists(path) else None


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def cell(rounds):
    """The figures of one (shape, cache, phase) over its repetitions."""
    latencies = [value for r in rounds for value in r["latencies_us"]]
    return {
        "exchanges": [r["exchanges"] for r in rounds],
        "tokens": len(latencies),
        "p50_us": percentile(latencies, 0.50) if latencies else None,
        "p99_us": percentile(latencies, 0.99) if latencies else None,
        "wall_ms": statistics.median(r["wall_ms"] for r in rounds),
        "errors": sum(len(r["errors"]) for r in rounds),
        "warnings": sorted({w for r in rounds for w in r["warnings"]}),
    }


def cells(data):
    grouped = {}
    for r in data["rounds"]:
        grouped.setdefault(((r["processes"], r["callers"]), r["cache"], r["phase"]), []).append(r)
    return {key: cell(rounds) for key, rounds in grouped.items()}


def exchanges_text(values):
    return str(values[0]) if len(set(values)) == 1 else ", ".join(str(v) for v in values)


def ms(us):
    if us is None:
        return "—"
    return f"{us / 1000:,.1f} ms" if us >= 1000 else f"{us:,.0f} µs"


def ratio(value, base):
    if value is None or not base:
        return "—"
    r = value / base
    return f"{r:.2f}×" if r >= 0.1 else f"1/{1 / r:,.0f}" if r > 0 else "0×"


def expected(cache, phase, processes):
    """Exchanges a round should cause: one per process without a shared cache, else one, then none."""
    if cache == "none":
        return processes
    return 1 if phase == "cold" else 0


def findings(data):
    """Rounds that caused more exchanges than expected, or had errors or warnings."""
    found = []
    for ((processes, callers), cache, phase), c in sorted(cells(data).items()):
        want = expected(cache, phase, processes)
        if any(e > want for e in c["exchanges"]):
            found.append(f"{processes} × {callers} with {CACHE_NAMES[cache]}, {phase} cache: "
                         f"{exchanges_text(c['exchanges'])} exchanges per repetition where {want} was expected")
        if c["errors"]:
            found.append(f"{processes} × {callers} with {CACHE_NAMES[cache]}, {phase} cache: {c['errors']} callers failed")
        for warning in c["warnings"]:
            found.append(f"{processes} × {callers} with {CACHE_NAMES[cache]}, {phase} cache warned: {warning}")
    return found


def summary_row(out):
    """The main table's row: 8 × 100 on a cold shared cache, against no shared cache."""
    data = load(out)
    if data is None:
        return ("K processes × N callers on one shared token cache", "not measured (shared-cache.json missing)", "—", "—",
                "1 exchange, then none", "not measured")
    table = cells(data)
    shape = max({key[0] for key in table}, key=lambda s: s[0] * s[1])
    processes, callers = shape
    parts, ok = [], True
    for cache in ("file", "postgres"):
        cold, warm = table.get((shape, cache, "cold")), table.get((shape, cache, "warm"))
        if not cold or not warm:
            parts.append(f"{CACHE_NAMES[cache]}: not measured")
            ok = False
            continue
        ok = ok and all(e == 1 for e in cold["exchanges"]) and all(e == 0 for e in warm["exchanges"]) and not cold["errors"] and not warm["errors"]
        cold_text = exchanges_text(cold["exchanges"])
        parts.append(f"{CACHE_NAMES[cache]}: {cold_text} exchange{'' if cold_text == '1' else 's'} cold, {exchanges_text(warm['exchanges'])} warm; "
                     f"warm p50 {ms(warm['p50_us'])}, p99 {ms(warm['p99_us'])}")
    none_cold, none_warm = table.get((shape, "none", "cold")), table.get((shape, "none", "warm"))
    baseline, exchange_ratio = "—", "—"
    shared_cold = [e for cache in ("file", "postgres") if (c := table.get((shape, cache, "cold"))) for e in c["exchanges"]]
    if none_cold and shared_cold:
        exchange_ratio = f"{max(shared_cold)}/{statistics.median(none_cold['exchanges']):g} of the exchanges on a cold cache"
    if none_cold and none_warm:
        baseline = (f"no shared cache: {exchanges_text(none_cold['exchanges'])} exchanges cold, {exchanges_text(none_warm['exchanges'])} "
                    f"warm; warm p50 {ms(none_warm['p50_us'])}, p99 {ms(none_warm['p99_us'])}")
    return (f"{processes} processes × {callers} concurrent callers on one shared token cache, "
            f"emulator answering in {data['latency_ms']} ms (details below)",
            "; ".join(parts), baseline, exchange_ratio,
            "1 exchange cold, 0 warm", f"{'**met**' if ok else '**not met**'} ({data['repeats']} repetition{'' if data['repeats'] == 1 else 's'})")


def section(out):
    """The detailed table, as lines of Markdown."""
    data = load(out)
    if data is None:
        return []
    table = cells(data)
    shapes = sorted({key[0] for key in table}, key=lambda s: (-s[0] * s[1], -s[0]))
    lines = [
        "",
        "### Shared token cache: K processes × N callers",
        "",
        f"`scripts/bench/shared-cache.py`: `sesame emulator --latency-ms {data['latency_ms']}` (each token answer takes "
        f"{data['latency_ms']} ms, about a real exchange); K `SharedCacheLoad` processes (release, `Benchmarks/SharedCacheLoad`), "
        "each one `TokenBroker` over the registry, load and then start N callers together, each asking once for a token. "
        "A cold round starts on an empty cache (a new folder for `file`, a new table for `postgres`, on a throwaway "
        "server from `scripts/with-postgres.sh` on loopback); the warm round is K new processes on what the cold round "
        f"left. {data['repeats']} repetition{'' if data['repeats'] == 1 else 's'} of every round, the caches in turn; exchanges as the emulator counted them, "
        "per repetition; latencies (one per caller, from its call to its token) pooled over the repetitions; wall time "
        "from the start to the last token, median (a p99 of fewer than 100 latencies is their maximum). The baseline is the row without a shared cache, in the same run: each "
        f"process makes its own exchange. This part took {data['seconds']:.0f} s.",
        "",
        "| processes × callers | round | cache | exchanges | p50 | p99 | wall | vs no shared cache: p50, p99, wall |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for shape in shapes:
        processes, callers = shape
        for phase in ("cold", "warm"):
            base = table.get((shape, "none", phase))
            for cache in ("none", "file", "postgres"):
                c = table.get((shape, cache, phase))
                if c is None:
                    continue
                versus = "baseline" if cache == "none" else ", ".join(
                    ratio(c[k], base[k] if base else None) for k in ("p50_us", "p99_us", "wall_ms"))
                lines.append(f"| {processes} × {callers} | {phase} | {CACHE_NAMES[cache]} | {exchanges_text(c['exchanges'])} | "
                             f"{ms(c['p50_us'])} | {ms(c['p99_us'])} | {c['wall_ms']:,.0f} ms | {versus} |")
    found = findings(data)
    lines.append("")
    if found:
        lines.append("Findings (a configuration that exchanged more than expected, failed a caller or warned):")
        lines.append("")
        lines += [f"- {f}" for f in found]
    else:
        lines.append("Every round caused the exchanges expected (without a shared cache one per process; with `file` and "
                     "`postgres` one on a cold cache, none on a warm one), with no failed caller and no warning.")
    return lines
