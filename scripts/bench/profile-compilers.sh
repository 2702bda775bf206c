# Sourced by scripts/bench-build.sh and scripts/bench.sh for BENCH_PROFILE=1.
# profile_compilers DIR: exports what makes SwiftPM run every swift-frontend and clang job through
# scripts/bench/compiler-job.sh, which appends the job's CPU time and module to DIR/jobs.log
# (scripts/bench/top-modules.py sums it). DIR/usr/lib points at the toolchain's, so the Swift driver
# still finds its libraries next to the frontend it is given. Changing CC makes SwiftPM recompile C
# targets, so profile a fresh clone, not a warm checkout.
profile_compilers() {
  local dir="$1" scripts toolchain_bin
  scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  toolchain_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
  mkdir -p "$dir/usr/bin"
  ln -sfn "$toolchain_bin/../lib" "$dir/usr/lib"
  for tool in swift-frontend clang; do ln -sf "$scripts/compiler-job.sh" "$dir/usr/bin/$tool"; done
  export TOOLCHAIN_BIN="$toolchain_bin" PROFILE_LOG="$dir/jobs.log"
  export SWIFT_DRIVER_SWIFT_FRONTEND_EXEC="$dir/usr/bin/swift-frontend" CC="$dir/usr/bin/clang"
}
