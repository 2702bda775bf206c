#!/usr/bin/env bash
# libFuzzer + AddressSanitizer on every parser of untrusted input (issue 18):
#   VaultFuzzer           the vault's header and table parsers (docs/vault-format.md §10, item 12)
#   RegistryFuzzer        providers.json: JSON parser, strict decoding with the built-in plugins, source map
#   PEMFuzzer             PEM and key decoding: PKCS#1, PKCS#8, encrypted, public keys, pasted forms
#   DotenvFuzzer          the .env parser
#   JWSFuzzer             the emulator's JWS parsing and JWT verification, and its request body parser
#   ErrorBodyFuzzer       Coze and OAuth2 token endpoint answers (error bodies, X-Tt-Logid)
#   EmulatorConfigFuzzer  the emulator's configuration file
# Each runs for FUZZ_SECONDS (default 30) on seeds made here. A finding (crash, leak, timeout,
# oversized allocation) is written to .build-fuzz/findings/TARGET/ and fails the run; once fixed, its
# input becomes a regression test in the parser's own suite under Tests/.
# FUZZ_TARGETS="PEMFuzzer DotenvFuzzer" runs a subset.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build-fuzz"
SWIFT="${SWIFT:-swift}"
seconds="${FUZZ_SECONDS:-30}"
targets="${FUZZ_TARGETS:-VaultFuzzer RegistryFuzzer PEMFuzzer DotenvFuzzer JWSFuzzer ErrorBodyFuzzer EmulatorConfigFuzzer}"

for target in $targets; do
    SESAME_FUZZ=1 "$SWIFT" build --package-path "$root" --scratch-path "$work" --product "$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
done
# .build's options (the Makefile's SWIFT_BUILD_FLAGS), or this build would recompile all of .build.
source "$root/scripts/build-flags.sh"
"$SWIFT" build --package-path "$root" --product sesame "${build_flags[@]}" >/dev/null
sesame="$root/.build/debug/sesame"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

seed() { # seed TARGET NAME: stdin becomes the seed file
    mkdir -p "$work/corpus/$1"
    cat >"$work/corpus/$1/$2"
}

# Vault: a real vault made by `sesame vault init` (header seeds) and a table shape.
SESAME_VAULT_PASSPHRASE=fuzz-seed-passphrase "$sesame" vault init --vault "$scratch/vault" --kdf interactive 2>/dev/null
{ printf '\0'; cat "$scratch/vault"; } | seed VaultFuzzer header-empty-vault
printf 'x' | SESAME_VAULT_PASSPHRASE=fuzz-seed-passphrase "$sesame" vault put seed --kind opaque --vault "$scratch/vault" 2>/dev/null
{ printf '\0'; cat "$scratch/vault"; } | seed VaultFuzzer header-one-entry
printf '\1\0\0\0\0\200' | seed VaultFuzzer table-empty

# Registry: the example registry and the plugin fixtures.
seed RegistryFuzzer example <"$root/providers.json"
for file in "$root"/Fixtures/PluginConsumer/Sources/*/providers.json; do
    seed RegistryFuzzer "fixture-$(basename "$(dirname "$file")")" <"$file"
done

# Keys: every form openssl writes (first byte: 0 plain private, 1 with passphrase "fuzz", 2 public, 3 pasted).
openssl genrsa -traditional -out "$scratch/pkcs1.pem" 2048 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$scratch/pkcs1.pem" -out "$scratch/pkcs8.pem"
openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 1 -passout pass:fuzz -in "$scratch/pkcs1.pem" -out "$scratch/encrypted.pem"
openssl rsa -aes256 -passout pass:fuzz -traditional -in "$scratch/pkcs1.pem" -out "$scratch/encrypted-pkcs1.pem" 2>/dev/null
openssl rsa -in "$scratch/pkcs1.pem" -pubout -out "$scratch/public.pem" 2>/dev/null
{ printf '\0'; cat "$scratch/pkcs1.pem"; } | seed PEMFuzzer pkcs1
{ printf '\0'; cat "$scratch/pkcs8.pem"; } | seed PEMFuzzer pkcs8
{ printf '\1'; cat "$scratch/encrypted.pem"; } | seed PEMFuzzer encrypted-pkcs8
{ printf '\1'; cat "$scratch/encrypted-pkcs1.pem"; } | seed PEMFuzzer encrypted-pkcs1
{ printf '\2'; cat "$scratch/public.pem"; } | seed PEMFuzzer public
{ printf '\3'; base64 -w0 "$scratch/pkcs8.pem"; } | seed PEMFuzzer base64
{ printf '\3"'; awk '{printf "%s\\n", $0}' "$scratch/pkcs8.pem"; printf '"'; } | seed PEMFuzzer escaped

# .env files.
{ printf 'export COZE_JWT_OAUTH_CLIENT_ID=1133483935040\n# comment\nCOZE_JWT_OAUTH_PRIVATE_KEY="'
  awk '{printf "%s\\n", $0}' "$scratch/pkcs8.pem"; printf '"\nSINGLE='"'"'literal'"'"'\n'; } | seed DotenvFuzzer sdk
{ printf 'COZE_JWT_OAUTH_PRIVATE_KEY="'; cat "$scratch/pkcs8.pem"; printf '"\r\nA = b # trailing\n'; } | seed DotenvFuzzer multiline

# JWTs (first byte: 0 claims, 1 header 0xFF claims, 2 compact JWT, 3 request body).
printf '\0{"iss":"1127900106117","aud":"api.coze.cn","iat":1780000000,"exp":1780000600,"jti":"fuzz-jti-0123456789"}' | seed JWSFuzzer claims
printf '\0{"iss":"1127900106117","aud":"api.coze.cn","iat":1780000000,"exp":1780000600,"jti":"j","session_name":"s","session_context":{"device_info":{"device_id":"d"}}}' | seed JWSFuzzer claims-session
printf '\1{"alg":"RS256","typ":"JWT","kid":"fuzz-key"}\377{"iss":"1127900106117","aud":"api.coze.cn","iat":1780000000,"exp":1780000600,"jti":"j"}' | seed JWSFuzzer header
printf '\2eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJl' | seed JWSFuzzer compact
printf '\3{"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","duration_seconds":900,"scope":{"account_permission":{"permission_list":["Connector.botChat"]},"attribute_constraint":{"connector_bot_chat_attribute":{"bot_id_list":["7428933120963"]}}}}' | seed JWSFuzzer body

# Token endpoint answers (first byte: even Coze / odd OAuth2, and the status; second: logid length).
printf '\0\0{"access_token":"czs_token","expires_in":1780000900,"token_type":"Bearer"}' | seed ErrorBodyFuzzer coze-success
printf '\2\04420250101000000ABCDEF0123456789ABCD{"error_code":"invalid_client","error_message":"invalid jwt: kid not been registered","error":"invalid_client","detail":{"logid":"x"}}' | seed ErrorBodyFuzzer coze-error
printf '\1\0{"access_token":"t","token_type":"Bearer","expires_in":3600,"scope":"a b"}' | seed ErrorBodyFuzzer oauth2-success
printf '\3\0{"error":"invalid_client","error_description":"Client authentication failed","error_uri":"https://example.com"}' | seed ErrorBodyFuzzer oauth2-error
printf '\12\0<html><body>Bad Gateway</body></html>' | seed ErrorBodyFuzzer html

# Emulator configuration.
printf '%s' '{"region":"com","audience":"127.0.0.1:{port}","clockLeeway":30,"apps":[{"appId":"1127900106117","type":"channel","enabled":false,"keys":[{"keyId":"k1","publicKey":"keys/app.pub.pem"}]}],"accounts":["7300000000000000001"],"enterprises":["7300000000000000002"],"faults":{"failFirst":2,"throttleFirst":1,"dropFirst":0,"latencyMilliseconds":10}}' \
    | seed EmulatorConfigFuzzer full

status=0
for target in $targets; do
    findings="$work/findings/$target"
    mkdir -p "$findings"
    echo "== $target: $seconds s"
    (cd "$findings" && "$work/debug/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=64 \
        -print_final_stats=1 "$work/corpus/$target") || status=1
done
exit $status
