# Sourced by the scripts that run SwiftPM on .build: sets the array `build_flags` to the SwiftPM options
# every command on .build uses (the Makefile's SWIFT_BUILD_FLAGS, from the environment when make ran
# the script, else asked of make). A command with other options would recompile everything.
[ -n "${SWIFT_BUILD_FLAGS+set}" ] || SWIFT_BUILD_FLAGS="$(make -s --no-print-directory -C "$root" print-build-flags 2>/dev/null || true)"
read -r -a build_flags <<<"$SWIFT_BUILD_FLAGS"
