// swift-tools-version: 6.1
// Benchmarks live in their own package so that `make test` never builds package-benchmark.
// `make bench` builds it in release and runs everything (scripts/bench.sh); `make benchmarks` runs only
// the package-benchmark suite.
import PackageDescription

let package = Package(
    name: "SesameBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sesame", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibCrypto", path: "CLibCrypto", pkgConfig: "libcrypto"),
        .executableTarget(
            name: "SesameBenchmarks",
            dependencies: [
                "CLibCrypto",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Sesame", package: "Sesame"),
            ],
            path: "SesameBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The emulator under wrk next to a bare Hummingbird route in the same process, and the JWTs
        // wrk sends (minted ahead, one per request).
        .executableTarget(
            name: "EmulatorLoad",
            dependencies: [
                .product(name: "Sesame", package: "Sesame"),
                .product(name: "CozeEmulator", package: "Sesame"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "EmulatorLoad"
        ),
        // One process of the shared token cache benchmark: N callers of one TokenBroker over a registry's
        // tokenCache (none, file or postgres), timed; scripts/bench/shared-cache.py runs K of them at once.
        .executableTarget(
            name: "SharedCacheLoad",
            dependencies: [
                .product(name: "Sesame", package: "Sesame"),
                .product(name: "SesamePostgresCache", package: "Sesame"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "SharedCacheLoad"
        ),
    ]
)
