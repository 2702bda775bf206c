// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sesame",
    // Linux is where Sesame is built and tested. macOS 15 is the oldest that has `Mutex`
    // (Synchronization); builds there are not checked by this project's CI.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sesame", targets: ["Sesame"]),
        .library(name: "SesameCore", targets: ["SesameCore"]),
        .library(name: "SesameHTTP", targets: ["SesameHTTP"]),
        .library(name: "SesameJOSE", targets: ["SesameJOSE"]),
        .library(name: "SesameKeyStores", targets: ["SesameKeyStores"]),
        .library(name: "SesameVault", targets: ["SesameVault"]),
        .library(name: "SesameFileTokenCache", targets: ["SesameFileTokenCache"]),
        .library(name: "SesameCoze", targets: ["SesameCoze"]),
        .library(name: "SesameOAuth2", targets: ["SesameOAuth2"]),
        .library(name: "CozeEmulator", targets: ["CozeEmulator"]),
        .library(name: "SesameOpenAPI", targets: ["SesameOpenAPI"]),
        .library(name: "SesameConfiguration", targets: ["SesameConfiguration"]),
        .library(name: "SesamePostgresCache", targets: ["SesamePostgresCache"]),
        .executable(name: "sesame", targets: ["SesameCLI"]),
        .executable(name: "ValidateProvidersTool", targets: ["ValidateProvidersTool"]),
        .plugin(name: "ValidateProviders", targets: ["ValidateProviders"]),
        .plugin(name: "NewProvider", targets: ["NewProvider"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.7.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        .target(
            name: "SesameCore",
            dependencies: [
                "CSodium",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "SesameHTTP",
            dependencies: [
                "SesameCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // The swift-openapi-runtime middleware: the core and the runtime only, no HTTP client.
        .target(
            name: "SesameOpenAPI",
            dependencies: [
                "SesameCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(name: "SesameJOSE", dependencies: ["COpenSSL", "SesameCore"]),
        .target(name: "SesameKeyStores", dependencies: ["SesameCore", "SesameJOSE"]),
        // The `file` shared token cache: the core and the file system only.
        .target(name: "SesameFileTokenCache", dependencies: ["SesameCore"]),
        .target(
            name: "SesameVault",
            dependencies: ["CSodium", "SesameCore", "SesameJOSE", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "SesameCoze",
            dependencies: [
                "SesameCore", "SesameJOSE",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "CozeEmulator",
            dependencies: [
                "SesameCore",
                "SesameJOSE",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SesameOAuth2",
            dependencies: [
                "SesameCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // swift-configuration: a Registry from a ConfigReader, and a ConfigProvider over any key store.
        // Its own module, so that apps without swift-configuration do not build it.
        .target(
            name: "SesameConfiguration",
            dependencies: ["Sesame", .product(name: "Configuration", package: "swift-configuration")],
            // ConfigProvider's async requirements take nonisolated(nonsending) closures, as swift-configuration builds.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // The `postgres` token cache's settings (URL, table name, key references), without postgres-nio:
        // read by the store and by the ValidateProviders tool alike.
        .target(name: "SesamePostgresSettings", dependencies: ["SesameCore"]),
        // The `postgres` shared token store: its own module, so that apps without PostgreSQL do not build postgres-nio.
        .target(
            name: "SesamePostgresCache",
            dependencies: [
                "CSodium",
                "SesameCore",
                "SesamePostgresSettings",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The built-in plugin set without the HTTP stack: what the ValidateProviders tool links.
        .target(name: "SesameBuiltIns", dependencies: ["SesameCore", "SesameKeyStores", "SesameVault", "SesameCoze", "SesameOAuth2", "SesameFileTokenCache"]),
        .target(
            name: "Sesame",
            dependencies: [
                "SesameCore", "SesameHTTP", "SesameJOSE", "SesameKeyStores", "SesameVault", "SesameCoze", "SesameOAuth2", "SesameBuiltIns",
                "SesameFileTokenCache",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "SesameCLI",
            dependencies: [
                "Sesame",
                "CozeEmulator",
                "SesamePostgresCache",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "ValidateProvidersTool",
            dependencies: ["SesameBuiltIns", "SesamePostgresSettings", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .plugin(name: "ValidateProviders", capability: .buildTool(), dependencies: ["ValidateProvidersTool"]),
        .plugin(
            name: "NewProvider",
            capability: .command(
                intent: .custom(verb: "new-provider", description: "Scaffold a provider module, its registration and its test"),
                permissions: [.writeToPackageDirectory(reason: "new-provider writes Sources/NAMEAuth and Tests/NAMEAuthTests")]
            )
        ),
        .target(
            name: "SesameTestSupport",
            dependencies: [
                "Sesame",
                "CozeEmulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/SesameTestSupport"
        ),
        .testTarget(
            name: "SesameCoreTests",
            dependencies: [
                "SesameCore", "SesameTestSupport",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(name: "SesameJOSETests", dependencies: ["SesameJOSE", "SesameTestSupport"]),
        .testTarget(name: "SesameKeyStoresTests", dependencies: ["SesameKeyStores", "Sesame", "SesameTestSupport"]),
        // A program using the vault library, which SesameVaultTests spawn (locks held by another
        // process, crashes at a write step, no terminal); a dependency of the tests so it is built.
        .executableTarget(name: "VaultTestHelper", dependencies: ["SesameCore", "SesameVault"], path: "Tests/VaultTestHelper"),
        // A program sharing tokens through the `file` store, which SesameFileTokenCacheTests spawn (8
        // processes on one cold cache, a lock holder killed mid-exchange).
        .executableTarget(name: "SharedCacheTestHelper", dependencies: ["Sesame", "SesamePostgresCache"], path: "Tests/SharedCacheTestHelper"),
        .testTarget(
            name: "SesameFileTokenCacheTests",
            dependencies: ["SesameFileTokenCache", "Sesame", "CozeEmulator", "SesameTestSupport", "SharedCacheTestHelper"]
        ),
        .testTarget(name: "SesameVaultTests", dependencies: ["SesameVault", "Sesame", "SesameTestSupport", "VaultTestHelper"]),
        .testTarget(name: "SesameCozeTests", dependencies: ["Sesame", "CozeEmulator", "SesameTestSupport"]),
        .testTarget(name: "CozeEmulatorTests", dependencies: ["CozeEmulator", "SesameCore", "SesameJOSE", "SesameTestSupport"]),
        .testTarget(name: "DocumentationTests"),
        .testTarget(name: "ValidateProvidersToolTests", dependencies: ["ValidateProvidersTool"]),
        .testTarget(name: "SesameCLITests", dependencies: ["Sesame", "CozeEmulator", "SesameTestSupport"]),
        // Runs against a real PostgreSQL: `scripts/with-postgres.sh` (and so `make test`) starts one.
        .testTarget(
            name: "SesamePostgresCacheTests",
            dependencies: [
                "SesamePostgresCache", "Sesame", "SesameTestSupport", "CozeEmulator", "SharedCacheTestHelper",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SesameOAuth2Tests", dependencies: ["SesameOAuth2", "Sesame", "SesameTestSupport"]),
        .testTarget(name: "ExtensionTests", dependencies: ["Sesame", "SesameTestSupport"]),
        .testTarget(
            name: "SesameConfigurationTests",
            dependencies: ["SesameConfiguration", "Sesame", "CozeEmulator", "SesameTestSupport", .product(name: "Configuration", package: "swift-configuration")]
        ),
        .testTarget(
            name: "AuthorizedCallTests",
            dependencies: [
                "Sesame", "SesameOpenAPI", "CozeEmulator", "SesameTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

// `make fuzz` builds the libFuzzer targets with SESAME_FUZZ=1 and -sanitize=fuzzer; a normal build
// leaves them out, since without libFuzzer they have no `main`. (Some reach internals with
// `@testable import`: fuzz builds are debug builds, which enable testing.)
if Context.environment["SESAME_FUZZ"] == "1" {
    let fuzzers: [(name: String, dependencies: [Target.Dependency])] = [
        ("VaultFuzzer", ["SesameCore", "SesameVault"]),
        ("RegistryFuzzer", ["SesameCore", "SesameBuiltIns"]),
        ("PEMFuzzer", ["SesameCore", "SesameJOSE", "SesameKeyStores"]),
        ("DotenvFuzzer", ["SesameCore", "SesameKeyStores"]),
        ("JWSFuzzer", ["SesameCore", "SesameJOSE", "CozeEmulator"]),
        ("ErrorBodyFuzzer", ["SesameCore", "SesameCoze", "SesameOAuth2"]),
        ("EmulatorConfigFuzzer", ["SesameCore", "CozeEmulator"]),
    ]
    package.targets.append(.target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"))
    for fuzzer in fuzzers {
        package.targets.append(.executableTarget(name: fuzzer.name, dependencies: ["CLibFuzzer"] + fuzzer.dependencies, path: "Fuzz/\(fuzzer.name)"))
        package.products.append(.executable(name: fuzzer.name, targets: [fuzzer.name]))
    }
}
