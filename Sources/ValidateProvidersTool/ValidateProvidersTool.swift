import ArgumentParser
import Foundation

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
        Provider, key store and token cache types Sesame does not ship are accepted with a warning
        (your code registers them); a type one edit away from a shipped one is reported as a typo.
        The postgres token cache (product SesamePostgresCache) is checked like the built-in types.
        """
    )

    @Argument(help: ArgumentHelp("The providers.json to validate.", valueName: "file"))
    var registry: String

    @Option(help: ArgumentHelp("Where to write the generated Swift file.", valueName: "file"))
    var output: String?

    func run() throws {
        let path = URL(fileURLWithPath: registry).path
        guard let data = FileManager.default.contents(atPath: path) else {
            Self.print(Diagnostic(severity: .error, file: path, position: nil, message: "cannot read providers.json; create it or check its permissions"))
            throw ExitCode.failure
        }
        let check = RegistryCheck(data, file: path)
        check.diagnostics.forEach(Self.print)
        guard let names = check.providerNames else { throw ExitCode.failure }
        if let output {
            try writeIfChanged(ProviderNameGenerator.source(for: names, from: URL(fileURLWithPath: path).lastPathComponent), to: output)
        }
    }

    private static func print(_ diagnostic: Diagnostic) {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
    }

    /// Leaves an unchanged file alone so that its target is not recompiled.
    private func writeIfChanged(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
