import ArgumentParser
import Sesame

/// `sesame providers list`.
struct ProvidersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List providers and key stores (no secrets are read)."
    )

    @OptionGroup var config: ConfigOptions

    func run() throws {
        let registry = try config.loadRegistry()
        Terminal.print("providers (\(registry.source)):")
        for name in registry.providerNames {
            Terminal.print("  \(registry.providers[name]!)")
        }
        Terminal.print("key stores:")
        for name in registry.keyStores.keys.sorted() {
            Terminal.print("  \(registry.keyStores[name]!)")
        }
        Terminal.print("token cache: \(registry.tokenCache.map(\.description) ?? "none (each process mints its own tokens)")")
    }
}
