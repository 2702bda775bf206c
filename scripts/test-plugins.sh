#!/usr/bin/env bash
# Exercises Sesame's package plugins the way a user meets them: Fixtures/PluginConsumer, a separate
# package that depends on Sesame only through its products, copied into .build-fixtures/ and built
# in Sesame's own .build (SESAME_FIXTURE_SCRATCH overrides it): every module Sesame's build already
# compiled is reused, so only the fixture's own targets are compiled (a scratch path of its own
# compiled all of Sesame and its dependencies a second time):
#   1. new-provider Acme scaffolds a provider module and its test into the copy;
#   2. one build of ValidApp (valid providers.json) and the scaffold: ValidApp uses the generated
#      ProviderName constants, registers a provider and a key store of its own and gets a token
#      selected from JSON; the scaffolded provider's test passes;
#   3. InvalidApp (invalid providers.json, a misspelt tokenCache type included): the build fails with
#      FILE:LINE:COL: error: PATH: REASON.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build-fixtures"
consumer="$work/PluginConsumer"
scratch="${SESAME_FIXTURE_SCRATCH:-$root/.build}"
log="$work/last.log"
SWIFT="${SWIFT:-swift}"
# build_flags: the SwiftPM options of every command on .build.
source "$root/scripts/build-flags.sh"

fail() { echo "test-plugins: $*" >&2; echo "--- output ---" >&2; cat "$log" >&2; exit 1; }
expect() { grep -qF -- "$1" "$log" || fail "expected to see: $1"; }
# Options go right after the subcommand: after a plugin's verb they would be the plugin's arguments.
run() { local command="$1"; shift; "$SWIFT" "$command" --package-path "$consumer" --scratch-path "$scratch" "${build_flags[@]}" "$@"; }

mkdir -p "$work"
rm -rf "$consumer"
cp -R "$root/Fixtures/PluginConsumer" "$consumer"
# The copy lives elsewhere, so point it at this checkout by absolute path.
sed -i "s|path: \"../..\"|path: \"$root\"|" "$consumer/Package.swift"
# Build the valid targets first; the manifest with InvalidApp is put back for step 3.
cp "$consumer/Package.swift" "$work/Package.full.swift"
sed -i '/BEGIN InvalidApp/,/END InvalidApp/d' "$consumer/Package.swift"

echo "== plugins 1/3: new-provider scaffolds a provider module and its test"
run package --allow-writing-to-package-directory new-provider Acme >"$log" 2>&1 || fail "new-provider failed"
expect "created Sources/AcmeAuth/AcmeProvider.swift"
expect "created Tests/AcmeAuthTests/AcmeProviderTests.swift"
# Add the target lines new-provider printed, as its output tells the user to.
grep -E '^ +\.(target|testTarget)\(name: "AcmeAuth' "$log" >"$work/targets.txt" || fail "new-provider printed no target lines"
for manifest in "$consumer/Package.swift" "$work/Package.full.swift"; do
    sed -i "/new-provider targets are added below/r $work/targets.txt" "$manifest"
done

echo "== plugins 2/3: a valid registry builds, generates ProviderName and serves a token; the scaffold's test passes"
run build --build-tests >"$log" 2>&1 || fail "ValidApp and the scaffolded provider did not build"
expect 'warning: providers.static-demo.type: provider type "static-token" is not built into Sesame'
FIXTURE_DEMO_TOKEN=fixture-token-value-42 "$scratch/debug/ValidApp" >"$log" 2>&1 || fail "ValidApp failed"
expect "providers: coze-cn, static-demo"
expect "static-demo: 22-character token, type Bearer, coze provider coze-jwt"
expect "api-key-demo: a 300-second token after 2 requests"
run test --skip-build --filter AcmeAuthTests >"$log" 2>&1 || fail "the scaffolded provider's test failed"
expect "Test run with 3 tests"

echo "== plugins 3/3: an invalid registry fails the build with file, line, JSON path and reason"
cp "$work/Package.full.swift" "$consumer/Package.swift"
if run build --product InvalidApp >"$log" 2>&1; then fail "InvalidApp built although its providers.json is invalid"; fi
registry="$consumer/Sources/InvalidApp/providers.json"
expect "$registry:9:7: error: providers.coze-cn.region: unknown value \"cm\"; did you mean \"cn\"?"
expect "$registry:10:7: error: providers.coze-cn.appId: IDs must be JSON strings"
expect "$registry:13:7: error: providers.coze-cn.tokenLifetme: unknown key; did you mean \"tokenLifetime\"?"
expect "$registry:16:19: error: tokenCache.type: unknown token cache type \"postgress\"; did you mean \"postgres\"? (registered: \"file\", \"postgres\")"
echo "== plugins: all passed"
