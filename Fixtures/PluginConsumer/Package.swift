// swift-tools-version: 6.1
// A package that uses Sesame the way a third party does: through its `Sesame` library product and
// its `ValidateProviders` plugin. `scripts/test-plugins.sh` (run by `make test`) builds it.
import PackageDescription

let package = Package(
    name: "PluginConsumer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sesame", path: "../.."),
    ],
    targets: [
        // Valid registry: builds, and its generated ProviderName constants are used in code.
        .executableTarget(
            name: "ValidApp",
            dependencies: [.product(name: "Sesame", package: "Sesame")],
            exclude: ["providers.json"],
            plugins: [.plugin(name: "ValidateProviders", package: "Sesame")]
        ),
        // BEGIN InvalidApp: the build must fail with the file, the JSON path and the reason.
        .executableTarget(
            name: "InvalidApp",
            dependencies: [.product(name: "Sesame", package: "Sesame")],
            exclude: ["providers.json"],
            plugins: [.plugin(name: "ValidateProviders", package: "Sesame")]
        ),
        // END InvalidApp
        // new-provider targets are added below this line by scripts/test-plugins.sh.
    ]
)
