#!/usr/bin/env python3
"""The shared token cache benchmark of `make bench` (issue 15): K processes x N concurrent callers
against one emulator, with no shared cache, with `file` and with `postgres`.

Usage: shared-cache.py BIN_DIR OUT_DIR APP_ID PRIVATE_PEM PUBLIC_PEM

BIN_DIR holds the release `sesame` and `SharedCacheLoad` (Benchmarks/SharedCacheLoad). Starts
`sesame emulator` with a fixed latency on every token answer (LATENCY_MS, default 200: an exchange
costs about what a real one does, which makes single flight visible); then for each shape K x N
(SHAPES, default "8x100 1x100 8x1"), REPEATS times (default 3), for each cache in turn:
  - a cold round: a fresh cache (a new folder for `file`, a new table for `postgres`), K processes
    loaded, then their callers started together (each process waits for a line on stdin);
  - a warm round: K new processes on the cache the cold round left.
Each round records the exchanges the emulator counted (its /__emulator/stats, before and after), every
caller's latency, the wall time from the start line to the last answer, and any caller error or
shared cache warning. `postgres` needs SESAME_TEST_POSTGRES_URL (scripts/with-postgres.sh sets it).
Writes OUT_DIR/shared-cache.json, which report.py turns into a table. Never a timed assertion: a
configuration that causes more exchanges than expected is reported, not failed.
"""
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

bin_dir, out, app_id, private_pem, public_pem = sys.argv[1:6]
LATENCY_MS = int(os.environ.get("LATENCY_MS", "200"))
SHAPES = [tuple(int(x) for x in shape.split("x")) for shape in os.environ.get("SHAPES", "8x100 1x100 8x1").split()]
REPEATS = int(os.environ.get("REPEATS", "3"))
POSTGRES_URL = os.environ.get("SESAME_TEST_POSTGRES_URL", "")
CACHES = ["none", "file", "postgres"]
KEY_VARIABLE = "BENCH_TOKEN_CACHE_KEY"

work = os.path.join(out, "shared-cache")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(os.path.join(work, "keys"))
shutil.copy(private_pem, os.path.join(work, "keys", "app.pem"))
os.chmod(os.path.join(work, "keys", "app.pem"), 0o600)


def log(message):
    print(f"== bench shared-cache: {message}", file=sys.stderr, flush=True)


if not POSTGRES_URL:
    raise SystemExit("shared-cache: SESAME_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh (make bench does)")

emulator_out = os.path.join(work, "emulator.out")
emulator = subprocess.Popen(
    [os.path.join(bin_dir, "sesame"), "emulator", "--port", "0", "--latency-ms", str(LATENCY_MS), "--app", f"{app_id}::{public_pem}"],
    stdout=open(emulator_out, "w"), stderr=open(os.path.join(work, "emulator.err"), "w"),
)
try:
    base_url = None
    for _ in range(400):
        listening = [line for line in open(emulator_out) if line.startswith("listening on ")]
        if listening:
            base_url = listening[0].split()[-1]
            break
        if emulator.poll() is not None:
            break
        time.sleep(0.05)
    if base_url is None:
        raise SystemExit(f"shared-cache: the emulator did not start; see {work}/emulator.err")
    key_id = subprocess.run([os.path.join(bin_dir, "sesame"), "keys", "inspect", private_pem],
                            capture_output=True, text=True, check=True).stdout
    key_id = next(line.split(": ", 1)[1] for line in key_id.splitlines() if line.startswith("thumbprint"))

    def issued():
        with urllib.request.urlopen(base_url + "/__emulator/stats", timeout=10) as answer:
            return json.load(answer)["tokensIssued"]

    def registry(name, cache):
        """A providers.json for `cache`, fresh storage under `name`."""
        token_cache = {
            "none": None,
            "file": {"type": "file", "directory": f"cache-{name}"},
            "postgres": {"type": "postgres", "url": POSTGRES_URL, "table": f"bench_{name}",
                         "encryptionKey": {"store": "env", "name": KEY_VARIABLE}},
        }[cache]
        document = {
            "version": 1,
            "keyStores": {"files": {"type": "pem-file", "directory": "keys"}, "env": {"type": "env"}},
            "providers": {"local": {
                "type": "coze-jwt", "region": "cn", "appId": app_id, "keyId": key_id, "baseURL": base_url,
                "privateKey": {"store": "files", "name": "app.pem"}, "timeout": 60,
            }},
        }
        if token_cache:
            document["tokenCache"] = token_cache
        path = os.path.join(work, f"{name}.json")
        with open(path, "w") as file:
            json.dump(document, file)
        return path

    environment = dict(os.environ, **{KEY_VARIABLE: "a benchmark encryption key, 32 bytes"})
    environment = {k: v for k, v in environment.items() if not k.startswith("SESAME_") or k.startswith("SESAME_TEST_")}

    def run_round(config, processes, callers):
        """K processes, loaded, then started together: exchanges, latencies, wall time, problems."""
        before = issued()
        running = [subprocess.Popen(
            [os.path.join(bin_dir, "SharedCacheLoad"), "--config", config, "--provider", "local", "--callers", str(callers)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
        ) for _ in range(processes)]
        for process in running:
            ready = process.stdout.readline().strip()
            if ready != "ready":
                process.wait()
                raise SystemExit(f"shared-cache: SharedCacheLoad did not get ready ({ready!r}): {process.stderr.read()}")
        go = time.time()
        for process in running:
            process.stdin.write("go\n")
            process.stdin.flush()
        latencies, errors, warnings, end = [], [], [], go
        for process in running:
            stdout, stderr = process.communicate(timeout=120)
            lines = [line for line in stdout.splitlines() if line.startswith("{")]
            if not lines:
                errors.append(f"exit {process.returncode}: {stderr.strip()}")
                continue
            report = json.loads(lines[-1])
            latencies += report["latenciesMicroseconds"]
            errors += report["errors"]
            warnings += report["warnings"]
            end = max(end, report["endSeconds"])
        return {"exchanges": issued() - before, "latencies_us": latencies, "wall_ms": (end - go) * 1000,
                "errors": errors, "warnings": warnings}

    results = []
    started = time.time()
    for processes, callers in SHAPES:
        for repeat in range(1, REPEATS + 1):
            for cache in CACHES:
                name = f"{cache}_{processes}x{callers}_{repeat}"
                config = registry(name, cache)
                for phase in ("cold", "warm"):
                    result = run_round(config, processes, callers)
                    result.update(cache=cache, processes=processes, callers=callers, repeat=repeat, phase=phase)
                    results.append(result)
                    log(f"{processes}x{callers} {cache:8} {phase} #{repeat}: {result['exchanges']} exchanges, "
                        f"{len(result['latencies_us'])} tokens, {result['wall_ms']:.0f} ms, "
                        f"{len(result['errors'])} errors, {len(result['warnings'])} warnings")
    with open(os.path.join(out, "shared-cache.json"), "w") as file:
        json.dump({"latency_ms": LATENCY_MS, "repeats": REPEATS, "seconds": time.time() - started, "rounds": results}, file)
finally:
    emulator.terminate()
    emulator.wait()
