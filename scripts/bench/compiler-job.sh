#!/usr/bin/env bash
# Stands in for swift-frontend and clang when `BENCH_PROFILE=1 make bench-build` profiles a build:
# runs the real compiler and appends "USER SYS WALL TOOL KIND MODULE" (CPU seconds) to $PROFILE_LOG,
# MODULE ending in "-tool" for the host build of a plugin's tool. scripts/bench/profile-compilers.sh
# installs it as the swift-frontend and clang that SwiftPM runs.
me="$(basename "$0")"
real="$TOOLCHAIN_BIN/$me"
module="" kind="" output="" tool="" previous=""
for argument in "$@"; do
  case "$previous" in
    -module-name) module="$argument" ;;
    -o) output="$argument" ;;
  esac
  case "$argument" in
    -emit-module) [ -z "$kind" ] && kind=emit-module ;;
    -c) [ -z "$kind" ] && kind=compile ;;
    -modulewrap) kind=modulewrap ;;
    *-tool.build/*|*/Modules-tool/*) tool="-tool" ;;
  esac
  previous="$argument"
done
if [ "$me" = clang ] && [ -z "$module" ]; then
  module="$(printf '%s' "$output" | grep -oE '[^/]+\.build/' | head -1 | sed 's|\.build/$||')"
  module="${module%-tool}"
  [ -z "$module" ] && module="link:$(basename "$output")"
fi
exec /usr/bin/time -a -o "$PROFILE_LOG" -f "%U %S %e $me ${kind:-other} ${module:-none}$tool" "$real" "$@"
