#!/usr/bin/env bash
# libFuzzer on the vault's header and table parsers (docs/vault-format.md §10, item 12).
# Seeds: a real vault made by `sesame vault init` (header seed) and a few table shapes; then runs for
# FUZZ_SECONDS (default 60). Findings are written to .build-fuzz/findings/ and fail the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build-fuzz"
SWIFT="${SWIFT:-swift}"
seconds="${FUZZ_SECONDS:-60}"

SESAME_FUZZ=1 "$SWIFT" build --package-path "$root" --scratch-path "$work" --product VaultFuzzer \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
"$SWIFT" build --package-path "$root" --product sesame >/dev/null

corpus="$work/corpus"
mkdir -p "$corpus" "$work/findings"
seed_vault="$(mktemp -d)/vault"
SESAME_VAULT_PASSPHRASE=fuzz-seed-passphrase "$root/.build/debug/sesame" vault init --vault "$seed_vault" --kdf interactive 2>/dev/null
{ printf '\0'; cat "$seed_vault"; } >"$corpus/header-empty-vault"
printf 'x' | SESAME_VAULT_PASSPHRASE=fuzz-seed-passphrase "$root/.build/debug/sesame" vault put seed --kind opaque --vault "$seed_vault" 2>/dev/null
{ printf '\0'; cat "$seed_vault"; } >"$corpus/header-one-entry"
printf '\1\0\0\0\0\200' >"$corpus/table-empty"
rm -rf "$(dirname "$seed_vault")"

cd "$work/findings"
"$work/debug/VaultFuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=64 -print_final_stats=1 "$corpus"
