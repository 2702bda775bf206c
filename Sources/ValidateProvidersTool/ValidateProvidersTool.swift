import ArgumentParser
import Foundation
import SesameBuiltIns
import SesameCore

/// The executable behind the ValidateProviders build-tool plugin: validates a `providers.json` with
/// Sesame's registry and writes `ProviderName` constants for it.
///
/// Problems are printed as compiler diagnostics (`FILE:LINE:COLUMN: error: PATH: REASON`) so that
/// SwiftPM, Xcode and editors show them on the line of the JSON file; any error fails the build.
@main
struct ValidateProvidersTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ValidateProvidersTool",
        abstract: "Validate providers.json at build time and generate typed provider names.",
        discussion: """
        Run by the ValidateProviders plugin; runnable by hand:
          swift run ValidateProvidersTool providers.json --output /tmp/ProviderName.swift
        Provider and key store types Sesame does not ship are accepted with a warning (your code
        registers them); a type one edit away from a built-in one is reported as a typo.
        """
    )

    @Argument(help: ArgumentHelp("The providers.json to validate.", valueName: "file"))
    var registry: String

    @Option(help: ArgumentHelp("Where to write the generated Swift file.", valueName: "file"))
    var output: String?

    func run() throws {
        let url = URL(fileURLWithPath: registry)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Diagnostic.emit(.error, file: url.path, at: nil, "cannot read providers.json; create it or check its permissions")
            throw ExitCode.failure
        }
        let map = JSONSourceMap(data)
        let plugins: PluginSet
        var warnings: [(path: ConfigPath, message: String)] = []
        if let root = try? JSONDecoder().decode(JSONValue.self, from: data) {
            let external = ExternalTypes(in: root, plugins: .builtIn)
            plugins = external.registering(into: .builtIn)
            warnings = external.warnings
        } else {
            plugins = .builtIn
        }
        let context = RegistryContext(transport: OfflineTransport(), environment: { _ in nil })
        let built: Registry
        do {
            built = try Registry.decode(data, source: url.path, directory: url.deletingLastPathComponent().path, plugins: plugins, context: context)
        } catch let error as RegistryError where error.code == .invalid {
            for issue in error.issues.sorted(by: { Self.precedes(map.position(of: $0.path), map.position(of: $1.path)) }) {
                Diagnostic.emit(.error, file: url.path, at: map.position(of: issue.path), "\(issue.path): \(issue.message)")
            }
            throw ExitCode.failure
        } catch let error as RegistryError {
            Diagnostic.emit(.error, file: url.path, at: Diagnostic.syntaxPosition(in: error.message), error.message)
            throw ExitCode.failure
        }
        for warning in warnings.sorted(by: { Self.precedes(map.position(of: $0.path), map.position(of: $1.path)) }) {
            Diagnostic.emit(.warning, file: url.path, at: map.position(of: warning.path), "\(warning.path): \(warning.message)")
        }
        let collisions = ProviderNameGenerator.collisions(in: built.providerNames)
        for collision in collisions {
            let path = ConfigPath.root.appending("providers").appending(collision.name)
            Diagnostic.emit(.error, file: url.path, at: map.position(of: path),
                            "\(path): its Swift name \(collision.identifier) is already taken by \"\(collision.takenBy)\"; rename one of them")
        }
        guard collisions.isEmpty else { throw ExitCode.failure }
        if let output {
            try writeIfChanged(ProviderNameGenerator.source(for: built.providerNames, from: url.lastPathComponent), to: output)
        }
    }

    /// Whether `a` comes before `b` in the file, so diagnostics read top to bottom.
    private static func precedes(_ a: JSONSourceMap.Position, _ b: JSONSourceMap.Position) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// Leaves an unchanged file alone so that its target is not recompiled.
    private func writeIfChanged(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// The registry is only built, never used: nothing may reach the network at build time.
private struct OfflineTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw HTTPTransportError(.connectionFailed, "no network at build time")
    }
}
