// swift-tools-version: 6.1
// Benchmarks live in their own package so that `make test` never builds package-benchmark.
// Run them with `make benchmarks` (or `cd Benchmarks && swift package benchmark`).
import PackageDescription

let package = Package(
    name: "SesameBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sesame", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .systemLibrary(name: "CLibCrypto", path: "CLibCrypto", pkgConfig: "libcrypto"),
        .executableTarget(
            name: "SesameBenchmarks",
            dependencies: [
                "CLibCrypto",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Sesame", package: "Sesame"),
                .product(name: "CozeEmulator", package: "Sesame"),
            ],
            path: "SesameBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
