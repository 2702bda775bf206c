#!/usr/bin/env bash
# `make bench`: every performance target of DESIGN.md "Performance", each next to a baseline measured
# in the same run, written to BENCHMARKS.md (and README's Performance section):
#   1. package-benchmark (Benchmarks/): the mint vs a bare EVP signature; a cache hit vs an actor hop,
#      alone and 8 tasks at once; allocations counted by its malloc interposer;
#   2. the emulator (release) under wrk with single-use JWTs vs a bare Hummingbird route in the same
#      process, alternated, zero non-2xx required, RSS reported; once with Swift concurrency on NIO's
#      event loops (as `sesame emulator` runs it: the target), once on Swift's default executor;
#   3. `sesame token` (release, as `make cli` builds it) as a whole process vs a one-shot cozepy
#      script against the same local emulator (hyperfine), peak RSS of both;
#   4. K processes x N concurrent callers on one shared token cache (none, `file`, `postgres`), cold
#      then warm, against an emulator with a fixed latency: exchanges counted by the emulator, p50/p99
#      token latency (scripts/bench/shared-cache.py, Benchmarks/SharedCacheLoad), with a throwaway
#      PostgreSQL from scripts/with-postgres.sh for that part only;
#   5. `make test` from a fresh clone: read from Benchmarks/build-time.json (scripts/bench-build.sh
#      writes it; it takes longer than this whole run);
#   6. this run itself: its release builds and its measurements timed apart. From a fresh clone the
#      builds dominate; BENCH_PROFILE=1 (for a fresh clone only: it changes CC) times every compiler
#      job of those builds, and the report lists the modules that cost the most.
# Needs wrk, hyperfine, python3 with venv; `make bench-deps` installs the Debian packages
# (with-postgres.sh installs postgresql when it is missing).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
SWIFT="${SWIFT:-swift}"
out="$root/.build-bench"
WRK_SECONDS="${WRK_SECONDS:-4}"
WRK_ROUNDS="${WRK_ROUNDS:-3}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
app_id=1133483935040
started=$(date +%s)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
log() { echo "== bench: $*" >&2; }
need() { command -v "$1" >/dev/null || { echo "bench: $1 is missing; run make bench-deps" >&2; exit 1; }; }
need wrk; need hyperfine; need python3; need openssl

rm -rf "$out"; mkdir -p "$out"

if [ "${BENCH_PROFILE:-0}" = 1 ]; then
  . "$root/scripts/bench/profile-compilers.sh"
  profile_compilers "$out/profile"
fi
# Times one release build into $out/build-NAME.time ("WALL USER SYSTEM" seconds).
timed_build() { # NAME SWIFT-BUILD-ARGUMENTS...
    local name="$1"; shift
    /usr/bin/time -f "%e %U %S" -o "$out/build-$name.time" "$SWIFT" build "$@" >"$out/build-$name.log" 2>&1 \
        || { tail -40 "$out/build-$name.log"; exit 1; }
    tail -1 "$out/build-$name.log"
}

log "release build (Benchmarks package: the benchmarks, EmulatorLoad, SharedCacheLoad)"
# Run from the package's own folder: SwiftPM computes the dependencies' traits differently under
# --package-path from elsewhere, and would recompile Hummingbird each time the two alternate.
cd "$root/Benchmarks"
timed_build benchmarks -c release
bin="$("$SWIFT" build -c release --show-bin-path)"

# Its own scratch path: --static-swift-stdlib is a compiler option too (-static-stdlib), so this build
# cannot reuse the Benchmarks package's objects, and sharing a folder would recompile both each run.
log "release CLI as \`make cli\` builds it (statically linked Swift runtime, .build-cli)"
timed_build cli --package-path "$root" -c release --product sesame --static-swift-stdlib --scratch-path "$root/.build-cli"
sesame="$root/.build-cli/release/sesame"
# shared-cache.py finds sesame and SharedCacheLoad in one folder.
mkdir -p "$out/bin"; ln -sf "$sesame" "$out/bin/sesame"; ln -sf "$bin/SharedCacheLoad" "$out/bin/SharedCacheLoad"

log "package-benchmark: mint and cache hits"
"$SWIFT" package --allow-writing-to-package-directory benchmark --target SesameBenchmarks \
    --format jmh --path "$out" --no-progress >"$out/package-benchmark.log" 2>&1 || { cat "$out/package-benchmark.log"; exit 1; }
cd "$root"

log "keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/app.pem" 2>/dev/null
chmod 600 "$out/app.pem"; openssl pkey -in "$out/app.pem" -pubout -out "$out/app.pub.pem"

# A free loopback port (the kernel's choice), for servers that must know their port before starting.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for_line() { # FILE PATTERN
    for _ in $(seq 1 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
    echo "bench: timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}

run_wrk() { # PORT JWT_FILE NAME
    JWT_FILE="$2" WRK_THREADS="$WRK_THREADS" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" \
        -s "$root/scripts/bench/single-use-jwt.lua" "http://127.0.0.1:$1" >"$out/$3.wrk" 2>&1
}
# Starts `EmulatorLoad serve` with EXTRA arguments; sets emulator_port, bare_port, load_pid.
start_load() { # PREFIX [EXTRA...]
    local prefix="$1"; shift
    "$bin/EmulatorLoad" serve "$app_id" "$out/app.pub.pem" "$@" >"$out/${prefix}load.ports" 2>"$out/${prefix}load.err" &
    load_pid=$!; pids+=("$load_pid")
    wait_for_line "$out/${prefix}load.ports" '^emulator '; wait_for_line "$out/${prefix}load.ports" '^bare '
    emulator_port=$(awk '/^emulator/ {print $2}' "$out/${prefix}load.ports")
    bare_port=$(awk '/^bare/ {print $2}' "$out/${prefix}load.ports")
}
# Alternates bare and token rounds on the running EmulatorLoad, then records its RSS and stops it. Each
# process is a new emulator with no used jti, so both processes can send the same JWTs.
load_rounds() { # PREFIX RSS_BEFORE
    for round in $(seq 1 "$WRK_ROUNDS"); do
        run_wrk "$bare_port" "$out/jwts-$round.txt" "${1}bare-$round"
        run_wrk "$emulator_port" "$out/jwts-$round.txt" "${1}token-$round"
    done
    awk '/^VmRSS|^VmHWM/ {print $1, $2}' "/proc/$load_pid/status" >"$out/${1}load.rss"
    echo "VmRSSBefore: $2" >>"$out/${1}load.rss"
    curl -s "http://127.0.0.1:$emulator_port/__emulator/stats" >"$out/${1}load.stats" || true
    kill "$load_pid"; wait "$load_pid" 2>/dev/null || true
}

log "emulator under wrk vs a bare route in the same process (Swift concurrency on NIO's event loops, as sesame emulator runs)"
start_load ""
rss_before=$(awk '/^VmRSS/ {print $2}' "/proc/$load_pid/status")
# The bare route sets how many JWTs a round can use up: mint that many (+25%) for each token round.
run_wrk "$bare_port" /dev/null bare-warmup
bare_rate=$(awk '/^Requests\/sec/ {print int($2)}' "$out/bare-warmup.wrk")
per_round=$(( bare_rate * WRK_SECONDS * 5 / 4 + 1000 ))
log "bare route ~${bare_rate}/s: minting $per_round JWTs per token round"
for round in $(seq 1 "$WRK_ROUNDS"); do
    "$bin/EmulatorLoad" mint "$app_id" "$out/app.pem" "$per_round" "$out/jwts-$round.txt"
done
load_rounds "" "$rss_before"

log "the same on Swift's default executor (a process embedding the library without NIO's hook)"
start_load swift- --swift-executor
load_rounds swift- "$(awk '/^VmRSS/ {print $2}' "/proc/$load_pid/status")"

log "cold process: sesame token vs cozepy, same emulator"
python3 -m venv "$out/venv" >/dev/null
"$out/venv/bin/pip" install -q cozepy >"$out/pip.log" 2>&1 || { cat "$out/pip.log"; exit 1; }
port=$(free_port)
# cozepy signs aud = the base URL's host (with its port), so the emulator is told to expect that.
"$sesame" emulator --port "$port" --audience "127.0.0.1:$port" --app "$app_id::$out/app.pub.pem" >"$out/cold.out" 2>"$out/cold.err" &
pids+=("$!")
wait_for_line "$out/cold.out" 'listening on'
key_id=$("$sesame" keys inspect "$out/app.pem" | awk -F': ' '/^thumbprint/ {print $2}')
mkdir -p "$out/keys"; cp "$out/app.pem" "$out/keys/app.pem"
cat >"$out/providers.json" <<JSON
{
  "version": 1,
  "keyStores": { "files": { "type": "pem-file", "directory": "$out/keys" } },
  "providers": {
    "local": {
      "type": "coze-jwt", "region": "cn", "appId": "$app_id", "keyId": "$key_id",
      "baseURL": "http://127.0.0.1:$port", "audience": "127.0.0.1:$port",
      "privateKey": { "store": "files", "name": "app.pem" }
    }
  }
}
JSON
sesame_command="$sesame token local --config $out/providers.json"
python_command="$out/venv/bin/python $root/scripts/bench/cozepy-token.py $app_id $key_id $out/app.pem http://127.0.0.1:$port"
$sesame_command >"$out/sesame.token" || { echo "bench: sesame token failed" >&2; exit 1; }
$python_command >"$out/cozepy.token" || { echo "bench: the cozepy script failed" >&2; exit 1; }
hyperfine --warmup 3 --min-runs 20 --export-json "$out/cold.json" -N "$sesame_command" "$python_command" >"$out/hyperfine.log" 2>&1
/usr/bin/time -v $sesame_command 2>"$out/sesame.time" >/dev/null
/usr/bin/time -v $python_command 2>"$out/cozepy.time" >/dev/null

log "shared token cache: K processes x N callers, none / file / postgres"
"$root/scripts/with-postgres.sh" python3 "$root/scripts/bench/shared-cache.py" "$out/bin" "$out" "$app_id" "$out/app.pem" "$out/app.pub.pem"

log "report"
[ -f "$out/profile/jobs.log" ] && python3 "$root/scripts/bench/top-modules.py" "$out/profile/jobs.log" 12 >"$out/build-profile.json"
echo "$(( $(date +%s) - started ))" >"$out/duration"
python3 "$root/scripts/bench/report.py" "$out" "$root/Benchmarks/build-time.json" >"$root/BENCHMARKS.md"
python3 "$root/scripts/bench/readme-section.py" "$root/BENCHMARKS.md" "$root/README.md"
log "wrote BENCHMARKS.md in $(( $(date +%s) - started )) s"
