import ArgumentParser

/// `sesame vault`: the encrypted key vault.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage the encrypted-at-rest key vault (libsodium).",
        subcommands: []
    )
}
