#!/usr/bin/env bash
# `make bench-build`: times `make test` from a fresh clone of this checkout's HEAD (nothing cached:
# new .build, new package checkouts from the configured mirrors) and records it in
# Benchmarks/build-time.json, which `make bench` reports: wall time, the CPU time of every process
# `make test` started (user + system), the load average before and after, the cores and the SwiftPM
# options (the Makefile's SWIFT_BUILD_FLAGS). On a machine shared with other builds the wall time grows
# with the load; CPU time / cores is what the parallel part takes on an idle machine.
# Also logs how many times a module was compiled, so a double build shows.
# BENCH_PROFILE=1 also runs every compiler job through scripts/bench/compiler-job.sh and records the
# 15 modules that cost the most CPU time (the wrapper costs a few milliseconds per job;
# scripts/bench/profile-compilers.sh).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
clone="${BENCH_CLONE:-/tmp/sesame-bench-clone}"
out="$root/Benchmarks/build-time.json"
rm -rf "$clone" "$clone.profile"
git clone -q "$root" "$clone"
flags="$(make -s --no-print-directory -C "$clone" print-build-flags)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "${BENCH_PROFILE:-0}" = 1 ]; then
  . "$root/scripts/bench/profile-compilers.sh"
  profile_compilers "$clone.profile"
fi

echo "== bench-build: make test in a fresh clone at $clone (load average $load_before; SwiftPM options: $flags)"
status=0
/usr/bin/time -f "%e %U %S" -o "$clone.time" bash -c "cd '$clone' && make test" >"$clone.log" 2>&1 || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
read -r wall user system <"$clone.time" || true
seconds=${wall%.*}
cpu=$(python3 -c "print(round(float('$user') + float('$system')))")
echo "== bench-build: $seconds s wall, $cpu s CPU (load average $load_after at the end), exit $status; log in $clone.log"
# SwiftPM prints "Compiling MODULE FILE" once per file and build: a file listed twice was compiled twice
# (for the host, as a plugin's tool, or by a second build with other options).
twice=$(grep -oE 'Compiling [A-Za-z0-9_]+ [^ ]+\.(swift|c|cc|S)$' "$clone.log" | sort | uniq -d | awk '{print $2}' | sort -u | tr '\n' ' ')
echo "   modules with files compiled twice: ${twice:-none}"
[ "$status" -eq 0 ] || { tail -40 "$clone.log"; exit "$status"; }

top="[]"
if [ -f "$clone.profile/jobs.log" ]; then
  top=$(python3 "$root/scripts/bench/top-modules.py" "$clone.profile/jobs.log")
fi
before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("before", "not measured"))' "$out" 2>/dev/null || echo "not measured")
SECONDS_="$seconds" CPU="$cpu" LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" FLAGS="$flags" BEFORE="$before" \
TWICE="$twice" TOP="$top" python3 - "$out" <<'PY'
import json, os, sys, time
e = os.environ
json.dump({
    "seconds": int(e["SECONDS_"]),
    "cpu_seconds": int(e["CPU"]),
    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    "load": e["LOAD_BEFORE"],
    "load_after": e["LOAD_AFTER"],
    "cores": os.cpu_count(),
    "flags": e["FLAGS"],
    "compiled_twice": e["TWICE"].split(),
    "top_modules_cpu": json.loads(e["TOP"]),
    "before": e["BEFORE"],
}, open(sys.argv[1], "w"), indent=2, ensure_ascii=False)
open(sys.argv[1], "a").write("\n")
PY
echo "== bench-build: wrote Benchmarks/build-time.json"
