#!/usr/bin/env bash
# Installs the system libraries Sesame links against, when they are missing:
# libsodium-dev (the vault, guarded memory) and libssl-dev (OpenSSL 3: RSA, RS256).
# Arguments name extra tools, each installed from the Debian package of the same name when it is not
# on PATH (`make bench-deps`: wrk hyperfine).
set -euo pipefail

missing=()
for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libsodium 2>/dev/null || missing+=(libsodium-dev)
pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${missing[*]} and apt-get is not available; install them with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: missing ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
