# Sesame: `make demo` and `make test` work on a fresh Debian machine with the Swift toolchain.
SWIFT ?= swift
# Options of every SwiftPM command on .build (build, test, run, the plugin fixture, and scripts/*.sh,
# which read them from the environment or from `make -s print-build-flags`). A command with other
# options recompiles everything, so run SwiftPM by hand with them too: swift build $(make -s print-build-flags).
# Empty by default, SwiftPM's own options. Measured on a fresh clone (scripts/bench-build.sh profile,
# 2026-12-02, 2 cores under load 20): --disable-index-store breaks --build-tests on Linux (test discovery
# reads the index store); -Xswiftc -no-emit-module-separately breaks module wrapping; -Xswiftc
# -gline-tables-only -Xcc -g0 -Xcxx -g0 build, but saved under 5% of the build's CPU time.
SWIFT_BUILD_FLAGS ?=
export SWIFT_BUILD_FLAGS

.PHONY: all deps build test test-plugins demo example benchmarks fuzz sanitize clean
.PHONY: check bench bench-build bench-deps print-build-flags cli install

all: build

## deps: install libsodium-dev / libssl-dev when missing (apt-get, as root or via sudo)
deps:
	@./scripts/install-system-deps.sh

## build: debug build of the library and the `sesame` CLI
build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

## test: the whole test suite (unit, emulator over loopback, CLI end to end, the postgres token cache
##       against a throwaway PostgreSQL that scripts/with-postgres.sh installs when missing, starts on
##       127.0.0.1 and removes), then the package plugins; ends with what was skipped or could not be
##       tested on this machine. The postgres tests run in a second process, after the others: they
##       measure lock and connection bounds, which the rest of the suite's load on two cores blurs.
test: deps
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	SWIFT=$(SWIFT) ./scripts/with-postgres.sh sh -c './scripts/test-suite.sh --skip SesamePostgresCacheTests && ./scripts/test-suite.sh --filter SesamePostgresCacheTests'
	SWIFT=$(SWIFT) ./scripts/test-plugins.sh

## test-plugins: only the package plugins, on Fixtures/PluginConsumer (a package using Sesame's products)
test-plugins: deps
	SWIFT=$(SWIFT) ./scripts/test-plugins.sh

## cli: the release `sesame` to install, linked statically against the Swift runtime and Foundation
##      (no toolchain needed where it runs; `sesame token` starts faster), into .build-cli/release/sesame
cli: deps
	$(SWIFT) build -c release --product sesame --static-swift-stdlib --scratch-path .build-cli

## install: `make cli`, then copies sesame to $(PREFIX)/bin (PREFIX=/usr/local unless given)
PREFIX ?= /usr/local
install: cli
	install -d "$(PREFIX)/bin"
	install -m 755 .build-cli/release/sesame "$(PREFIX)/bin/sesame"

## demo: tokens from local Coze emulators through a registry, no network, no credentials
demo: deps
	$(SWIFT) build --product sesame $(SWIFT_BUILD_FLAGS)
	$(SWIFT) run --skip-build $(SWIFT_BUILD_FLAGS) sesame demo

## example: builds Examples/CozeGateway, a Hummingbird 2 server calling Coze through Sesame (not part of `build`)
example: deps
	$(SWIFT) build --package-path Examples/CozeGateway --scratch-path .build-example

## check: the quick inner loop: one incremental build with the tests, then the unit suites (no CLI end to
##        end, no vault processes, no plugins); `make test` before pushing
check: deps
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	SWIFT=$(SWIFT) ./scripts/check.sh

## bench: every performance target next to its baseline in the same run, into BENCHMARKS.md and README's
##        Performance section (scripts/bench.sh; needs `make bench-deps`)
bench: deps
	SWIFT=$(SWIFT) ./scripts/bench.sh

## bench-build: times `make test` in a fresh clone into Benchmarks/build-time.json, which `make bench` reports
bench-build: deps
	./scripts/bench-build.sh

## bench-deps: wrk and hyperfine (apt-get, as root or via sudo)
bench-deps:
	@./scripts/install-system-deps.sh wrk hyperfine

## benchmarks: package-benchmark suite (separate package under Benchmarks/)
benchmarks: deps
	cd Benchmarks && $(SWIFT) package benchmark

## fuzz: libFuzzer + AddressSanitizer on every parser of untrusted input (vault, registry, keys, .env,
##       JWTs, token endpoint answers, emulator configuration), FUZZ_SECONDS each (default 30)
fuzz: deps
	SWIFT=$(SWIFT) ./scripts/fuzz.sh

## sanitize: the test suites under ThreadSanitizer and AddressSanitizer (.build-tsan, .build-asan)
sanitize: deps
	SWIFT=$(SWIFT) ./scripts/sanitize.sh

## print-build-flags: the SwiftPM options every command on .build uses (see SWIFT_BUILD_FLAGS)
print-build-flags:
	@echo $(SWIFT_BUILD_FLAGS)

clean:
	$(SWIFT) package clean
