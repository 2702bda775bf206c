#!/usr/bin/env bash
# `make bench-build`: times `make test` from a fresh clone of this checkout's HEAD (nothing cached:
# new .build, new package checkouts from the configured mirrors) and records it in
# Benchmarks/build-time.json, which `make bench` reports. Also logs how many times each dependency
# module was compiled, so a double build shows.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
clone="${BENCH_CLONE:-/tmp/sesame-bench-clone}"
rm -rf "$clone"
git clone -q "$root" "$clone"
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== bench-build: make test in a fresh clone at $clone (load average $load)"
status=0
# Wall time, and the CPU time of every process make started: on a machine shared with other builds the
# wall time grows with the load, while CPU time / cores is what the build takes on an idle machine.
/usr/bin/time -f "%e %U %S" -o "$clone.time" bash -c "cd '$clone' && make test" >"$clone.log" 2>&1 || status=$?
read -r wall user system <"$clone.time" || true
seconds=${wall%.*}
cpu=$(python3 -c "print(round(float('$user') + float('$system')))")
echo "== bench-build: $seconds s wall, $cpu s CPU, exit $status; log in $clone.log"
# SwiftPM prints "Compiling MODULE FILE" once per file compiled: any file compiled twice is a double build.
grep -oE 'Compiling [A-Za-z0-9_]+ [^ ]+\.swift' "$clone.log" | sort | uniq -d | head -5 | sed 's/^/   compiled twice: /' || true
[ "$status" -eq 0 ] || { tail -40 "$clone.log"; exit "$status"; }
before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("before", "not measured"))' "$root/Benchmarks/build-time.json" 2>/dev/null || echo "not measured")
cat >"$root/Benchmarks/build-time.json" <<JSON
{
  "seconds": $seconds,
  "cpu_seconds": $cpu,
  "date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
  "load": "$load",
  "cores": $(nproc),
  "before": "$before"
}
JSON
echo "== bench-build: wrote Benchmarks/build-time.json"
