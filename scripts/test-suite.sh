#!/usr/bin/env bash
# Runs the Swift test suites and ends with what this machine did NOT test: every skipped test and
# every known issue (a test that could not do its job here, e.g. mount(2) or ptrace refused by a
# sandbox). A green run that tested less than it claims is thereby visible in CI's output.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
SWIFT="${SWIFT:-swift}"
# build_flags: the SwiftPM options of every command on .build.
source "$root/scripts/build-flags.sh"
log="$root/.build/test-suite.log"
mkdir -p "$root/.build"

# `make test` builds first (`swift build --build-tests`), so the tests run on that build without a
# second planning pass; SESAME_TEST_BUILD=1 lets `swift test` build (for running this script alone).
build_flag=(--skip-build)
[ "${SESAME_TEST_BUILD:-0}" = 1 ] && build_flag=()
status=0
"$SWIFT" test --package-path "$root" "${build_flags[@]}" "${build_flag[@]}" "$@" 2>&1 | tee "$log" || status=$?

# Swift Testing prints `➜ Test "NAME" skipped` and `… recorded a known issue …` lines.
skipped=$(grep -E 'Test .* skipped' "$log" | grep -vE '^◇|started\.$' || true)
known=$(grep -E 'known issue' "$log" | grep -vE '^◇' || true)
if [ -n "$skipped" ] || [ -n "$known" ]; then
  echo
  echo "== NOT TESTED ON THIS MACHINE (skipped tests and known issues) =="
  [ -n "$skipped" ] && echo "$skipped"
  [ -n "$known" ] && echo "$known"
else
  echo
  echo "== every test ran: none skipped, no known issue =="
fi
exit "$status"
