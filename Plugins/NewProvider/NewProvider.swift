import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-provider NAME`: scaffolds a provider module
/// (configuration, provider, factory, registration) and a test that runs, then prints the
/// Package.swift lines to add.
@main
struct NewProvider: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        if extractor.extractFlag(named: "help") > 0 {
            print(Self.usage)
            return
        }
        let force = extractor.extractFlag(named: "force") > 0
        let typeOverride = extractor.extractOption(named: "type").last
        guard let name = extractor.remainingArguments.first, extractor.remainingArguments.count == 1 else {
            Diagnostics.error("new-provider needs exactly one NAME, e.g. new-provider Acme\n\(Self.usage)")
            return
        }
        let naming: ProviderNaming
        do {
            naming = try ProviderNaming(name, type: typeOverride)
        } catch {
            Diagnostics.error("\(error)")
            return
        }
        let host = ScaffoldHost(package: context.package)
        let files = ProviderTemplate(naming: naming, host: host).files
        let root = context.package.directoryURL
        let existing = files.map { root.appending(path: $0.path) }.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard existing.isEmpty || force else {
            Diagnostics.error("new-provider would overwrite \(existing.map(\.path).joined(separator: ", ")); choose another NAME or pass --force")
            return
        }
        for file in files {
            let url = root.appending(path: file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
            print("created \(file.path)")
        }
        print("""

        Add to Package.swift:
          products:
            .library(name: "\(naming.module)", targets: ["\(naming.module)"]),
          targets:
        \(host.targetLines(for: naming))

        Then register it and select it from providers.json:
          var plugins = PluginSet.builtIn
          plugins.register\(naming.base)()
          // "providers": { "my-\(naming.type)": { "type": "\(naming.type)", "tokenURL": "https://…", "clientId": "…",
          //                "clientSecret": { "store": "env", "name": "\(naming.secretVariable)" } } }
        Run its test: swift test --filter \(naming.module)Tests
        """)
    }

    static let usage = """
        usage: swift package --allow-writing-to-package-directory new-provider NAME [--type TYPE] [--force]

          NAME     the provider's Swift name, e.g. Acme or AcmeOAuth (module AcmeAuth, type AcmeProvider)
          --type   the "type" of its providers.json sections (default: NAME in kebab case, e.g. acme-oauth)
          --force  overwrite files a previous run created
        """
}

/// The package the provider is added to: Sesame itself, or a package that depends on Sesame.
struct ScaffoldHost {
    /// Whether the package is Sesame (then the module depends on the SesameCore target).
    let isSesame: Bool
    /// How the package refers to Sesame in `.product(name:package:)`.
    let sesamePackage: String

    init(package: Package) {
        isSesame = package.products.contains { $0.name == "Sesame" } && package.targets.contains { $0.name == "SesameCore" }
        sesamePackage = Self.sesameReference(in: package)
    }

    /// How the manifest already names Sesame's package in `.product(name: "Sesame", package: …)`: the
    /// identity of a URL, the `name:` of a path dependency. Else the package's own name.
    private static func sesameReference(in package: Package) -> String {
        let manifest = package.directoryURL.appending(path: "Package.swift")
        if let text = try? String(contentsOf: manifest, encoding: .utf8),
           let match = text.firstMatch(of: /\.product\(\s*name:\s*"Sesame"\s*,\s*package:\s*"([^"]+)"/) {
            return String(match.1)
        }
        let dependency = package.dependencies.first { $0.package.products.contains { $0.name == "Sesame" } }
        return dependency?.package.displayName ?? "sesame"
    }

    /// What the module imports.
    var coreImport: String { isSesame ? "SesameCore" : "Sesame" }

    /// The target and test target declarations.
    func targetLines(for naming: ProviderNaming) -> String {
        let sesame = isSesame ? "\"Sesame\"" : ".product(name: \"Sesame\", package: \"\(sesamePackage)\")"
        let core = isSesame ? "\"SesameCore\"" : sesame
        return """
              .target(name: "\(naming.module)", dependencies: [\(core)]),
              .testTarget(name: "\(naming.module)Tests", dependencies: ["\(naming.module)", \(sesame)]),
        """
    }
}
