#!/usr/bin/env bash
# `make check`: the suites that take seconds, on an existing build (`swift build --build-tests` first).
# Leaves out what `make test` adds on top: the CLI end to end (many `sesame` processes), the vault's
# child-process and crash tests, the documentation checks and the package plugins.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
SWIFT="${SWIFT:-swift}"
# build_flags: the SwiftPM options of every command on .build.
source "$root/scripts/build-flags.sh"
exec "$SWIFT" test --package-path "$root" "${build_flags[@]}" --skip-build \
    --skip SesameCLITests --skip DocumentationTests --skip VaultCLITests --skip VaultProcessTests --skip VaultCrashTests "$@"
