// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sesame",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Sesame", targets: ["Sesame"]),
        .library(name: "SesameCore", targets: ["SesameCore"]),
        .library(name: "SesameJOSE", targets: ["SesameJOSE"]),
        .library(name: "SesameKeyStores", targets: ["SesameKeyStores"]),
        .library(name: "SesameVault", targets: ["SesameVault"]),
        .library(name: "SesameCoze", targets: ["SesameCoze"]),
        .library(name: "CozeEmulator", targets: ["CozeEmulator"]),
        .executable(name: "sesame", targets: ["SesameCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.20.0"),
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
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "SesameJOSE", dependencies: ["COpenSSL", "SesameCore"]),
        .target(name: "SesameKeyStores", dependencies: ["SesameCore", "SesameJOSE"]),
        .target(
            name: "SesameVault",
            dependencies: ["CSodium", "SesameCore", "SesameJOSE", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "SesameCoze",
            dependencies: ["SesameCore", "SesameJOSE", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "CozeEmulator",
            dependencies: [
                "SesameJOSE",
                "SesameCoze",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Sesame", dependencies: ["SesameCore", "SesameJOSE", "SesameKeyStores", "SesameVault", "SesameCoze"]),
        .executableTarget(
            name: "SesameCLI",
            dependencies: [
                "Sesame",
                "CozeEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "SesameTestSupport", dependencies: ["Sesame"], path: "Tests/SesameTestSupport"),
        .testTarget(name: "SesameCoreTests", dependencies: ["SesameCore"]),
        .testTarget(name: "SesameJOSETests", dependencies: ["SesameJOSE"]),
        .testTarget(name: "SesameKeyStoresTests", dependencies: ["SesameKeyStores", "Sesame"]),
        .testTarget(name: "SesameVaultTests", dependencies: ["SesameVault", "Sesame"]),
        .testTarget(name: "SesameCozeTests", dependencies: ["Sesame", "CozeEmulator", "SesameTestSupport"]),
        .testTarget(name: "CozeEmulatorTests", dependencies: ["CozeEmulator", "SesameJOSE"]),
        .testTarget(name: "SesameCLITests", dependencies: ["Sesame", "CozeEmulator", "SesameTestSupport"]),
    ]
)
