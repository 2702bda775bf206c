#!/usr/bin/env bash
# The test suites under ThreadSanitizer and AddressSanitizer, each in its own scratch path
# (.build-tsan, .build-asan) so the instrumented builds never mix with .build.
# SANITIZERS="address" runs one; SANITIZE_FILTER narrows the suites (a `swift test --filter` pattern)
# for both, TSAN_FILTER / ASAN_FILTER for one. Without a filter every suite runs, except
# SesamePostgresCacheTests when no PostgreSQL is given: `scripts/with-postgres.sh make sanitize`
# runs them too.
#
# Every process the suites start (the test runner, and the instrumented `sesame` the CLI tests run)
# writes its sanitizer reports under SCRATCH/sanitizer-reports/. Each sanitizer ends with a verdict:
#   PASS  no report, and every test passed;
#   FAIL  a report (its SUMMARY lines are printed), or a test failed (listed) without one.
# The script exits 0 only when every verdict is PASS.
#
# ThreadSanitizer runs with scripts/tsan/SynchronizationMutexAnnotations.c preloaded: without it,
# TSan reports every contended Synchronization.Mutex as a race (the file says why). Before the suites,
# scripts/tsan/MutexRepro checks that this still holds on this toolchain: the annotated Mutex is
# silent and a real race is still reported; otherwise TSan's verdict is FAIL at once.
# Timing tests stretch their real-time durations by SESAME_TEST_TIME_SCALE (5 under ThreadSanitizer,
# 2 under AddressSanitizer, unless set): the instrumented process runs that much slower.
# What is left out, and why, is in SECURITY.md ("Sanitizers").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
SWIFT="${SWIFT:-swift}"
CLANG="${CLANG:-$(dirname "$(command -v "$SWIFT")")/clang}"
[ -x "$CLANG" ] || CLANG=clang
sanitizers="${SANITIZERS:-thread address}"
tsan_default="${SANITIZE_FILTER:-}"
asan_default="${SANITIZE_FILTER:-}"
verdicts=()
status=0

# Builds the Mutex annotations into $1 and checks them on MutexRepro; prints what it found.
tsan_preflight() {
    local library="$1" scratch="$2"
    "$CLANG" -shared -fPIC -O1 -fdollars-in-identifiers -o "$library" "$root/scripts/tsan/SynchronizationMutexAnnotations.c" -ldl
    "$SWIFT" build --package-path "$root/scripts/tsan/MutexRepro" --scratch-path "$scratch/mutex-repro" --sanitize=thread >/dev/null
    local repro="$scratch/mutex-repro/debug/MutexRepro" log="$scratch/mutex-repro/run.log"
    run_repro() { # run_repro PRELOAD MODE: 0 when TSan stayed silent
        LD_PRELOAD="$1" TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$repro" "$2" >"$log" 2>&1 && return 0
        grep -q "WARNING: ThreadSanitizer" "$log" && return 1
        cat "$log" >&2
        echo "MutexRepro failed without a TSan report" >&2
        exit 2
    }
    if run_repro "" lock; then
        echo "MutexRepro: TSan sees this toolchain's Mutex without help; the annotations are not needed"
    else
        echo "MutexRepro: without annotations TSan reports a correctly locked Mutex (the known false positive)"
    fi
    if ! run_repro "$library" lock; then
        echo "MutexRepro: with the annotations TSan still reports the locked Mutex: the toolchain changed _MutexHandle"
        return 1
    fi
    if run_repro "$library" race; then
        echo "MutexRepro: with the annotations TSan misses a real race: the annotations hide too much"
        return 1
    fi
    echo "MutexRepro: with the annotations the locked Mutex is silent and a real race is still reported"
}

for sanitizer in $sanitizers; do
    case "$sanitizer" in
        thread) scratch="$root/.build-tsan" name=ThreadSanitizer filter="${TSAN_FILTER:-$tsan_default}" scale=5 ;;
        address) scratch="$root/.build-asan" name=AddressSanitizer filter="${ASAN_FILTER:-$asan_default}" scale=2 ;;
        *) echo "unknown sanitizer $sanitizer (thread or address)" >&2; exit 2 ;;
    esac
    echo "== swift test --sanitize=$sanitizer"
    reports="$scratch/sanitizer-reports"
    rm -rf "$reports"
    mkdir -p "$reports"
    preload=""
    if [ "$sanitizer" = thread ]; then
        preload="$scratch/libsesame-tsan-mutex.so"
        if ! tsan_preflight "$preload" "$scratch"; then
            verdicts+=("$name: FAIL (the Mutex annotations do not work on this toolchain; see above)")
            status=1
            continue
        fi
    fi
    # The CLI tests find the `sesame` built next to the test bundle, so they run it instrumented too.
    "$SWIFT" build --package-path "$root" --scratch-path "$scratch" --sanitize="$sanitizer" --build-tests
    arguments=()
    if [ -n "$filter" ]; then
        arguments=(--filter "$filter")
    elif [ -z "${SESAME_TEST_POSTGRES_URL:-}" ]; then
        arguments=(--skip SesamePostgresCacheTests)
    fi
    log="$scratch/sanitize-test.log"
    tests=0
    # swift-test passes the preload on to the test runner; in a process without TSan it only forwards.
    LD_PRELOAD="$preload" \
    SESAME_TEST_TIME_SCALE="${SESAME_TEST_TIME_SCALE:-$scale}" \
    TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0 second_deadlock_stack=1 log_path=$reports/tsan}" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:log_path=$reports/asan:suppressions=$root/scripts/asan-suppressions.txt}" \
        "$SWIFT" test --package-path "$root" --scratch-path "$scratch" --sanitize="$sanitizer" --skip-build "${arguments[@]}" 2>&1 \
        | tee "$log" || tests=$?
    found=$(find "$reports" -type f | wc -l)
    failures() { grep -E "^✘ Test .* failed after|^Test Case .* failed" "$log" | grep -v "^✘ Test run" || true; }
    failed=$(failures | grep -c . || true)
    if [ "$found" -gt 0 ]; then
        echo "== $name reports ($found files in $reports):"
        cat "$reports"/* | grep -E "^SUMMARY:" | sort | uniq -c
        verdicts+=("$name: FAIL ($found reports in $reports)")
        status=1
    elif [ "$tests" -ne 0 ] || [ "$failed" -gt 0 ]; then
        echo "== tests that failed under $name without a report:"
        failures | head -40
        verdicts+=("$name: FAIL (no report; $failed tests failed, listed above; swift test exited $tests)")
        status=1
    else
        verdicts+=("$name: PASS (no report; every test passed${filter:+, filter $filter})")
    fi
done
echo "== verdict"
printf '%s\n' "${verdicts[@]}"
exit $status
