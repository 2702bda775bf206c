import ArgumentParser
import Sesame

/// `sesame providers validate`.
struct ProvidersValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check providers.json and report every problem at once, each with its JSON path.",
        discussion: """
        Checks the structure, types and values, and references between providers and key stores, \
        without reading any key or contacting any server. Exit status 0 when valid, 1 otherwise (the \
        report goes to stderr, one problem a line).
        """
    )

    @OptionGroup var config: ConfigOptions

    func run() throws {
        let registry = try config.loadRegistry()
        let tokenCache = registry.tokenCache.map { ", token cache \($0.type)" } ?? ""
        Terminal.print("\(registry.source): valid (\(registry.providers.count) providers, \(registry.keyStores.count) key stores\(tokenCache))")
    }
}
