// swift-tools-version: 6.1
// An example Hummingbird 2 server that calls Coze through Sesame: tokens kept warm by
// TokenRefreshService, calls made by AuthorizedHTTPClient (a refused token is replaced once).
// Not part of Sesame's build: `make example` builds it, `swift run --package-path Examples/CozeGateway` runs it.
import PackageDescription

let package = Package(
    name: "CozeGateway",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sesame", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "CozeGateway",
            dependencies: [
                .product(name: "Sesame", package: "Sesame"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
