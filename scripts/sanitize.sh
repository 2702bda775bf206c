#!/usr/bin/env bash
# The test suites under ThreadSanitizer and AddressSanitizer, each in its own scratch path
# (.build-tsan, .build-asan) so the instrumented builds never mix with .build.
# SANITIZERS="address" runs one; SANITIZE_FILTER narrows the suites (a `swift test --filter` pattern).
# What is left out, and why, is in SECURITY.md ("Sanitizers").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
SWIFT="${SWIFT:-swift}"
sanitizers="${SANITIZERS:-thread address}"
status=0
for sanitizer in $sanitizers; do
    case "$sanitizer" in
        thread) scratch="$root/.build-tsan" ;;
        address) scratch="$root/.build-asan" ;;
        *) echo "unknown sanitizer $sanitizer (thread or address)" >&2; exit 2 ;;
    esac
    echo "== swift test --sanitize=$sanitizer"
    # The CLI tests find the `sesame` built next to the test bundle, so they run it instrumented too.
    "$SWIFT" build --package-path "$root" --scratch-path "$scratch" --sanitize="$sanitizer" --build-tests
    filter=()
    if [ -n "${SANITIZE_FILTER:-}" ]; then filter=(--filter "$SANITIZE_FILTER"); fi
    TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:suppressions=$root/scripts/asan-suppressions.txt}" \
        "$SWIFT" test --package-path "$root" --scratch-path "$scratch" --sanitize="$sanitizer" --skip-build "${filter[@]}" || status=1
done
exit $status
