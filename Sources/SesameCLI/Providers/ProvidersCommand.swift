import ArgumentParser

/// `sesame providers`: list and validate the registry.
struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List, validate or import the providers and key stores in providers.json.",
        subcommands: [ProvidersListCommand.self, ProvidersValidateCommand.self, ProvidersImportCommand.self],
        defaultSubcommand: ProvidersListCommand.self
    )
}
