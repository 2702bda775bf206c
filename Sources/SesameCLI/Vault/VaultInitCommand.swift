import ArgumentParser
import SesameVault

/// `sesame vault init`.
struct VaultInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty vault (mode 0600; missing folders 0700).",
        discussion: """
        The passphrase (8 to 1024 bytes) comes from $SESAME_VAULT_PASSPHRASE_FILE, else \
        $SESAME_VAULT_PASSPHRASE, else it is asked twice on the terminal. An existing vault is never \
        overwritten. --kdf sets the Argon2id cost of every unlock: interactive (≈0.07 s, 64 MiB), \
        moderate (the default, ≈0.4 s, 256 MiB), sensitive (≈3 s, 1 GiB).

        Examples:
          sesame vault init
          sesame vault init --vault ./ci.vault --kdf interactive
        """
    )

    @OptionGroup var options: VaultOptions

    @Option(help: ArgumentHelp("Argon2id cost: interactive, moderate or sensitive.", valueName: "level"))
    var kdf: KDFLevel = .moderate

    func run() throws {
        try options.makeVault().create(kdf: kdf)
        Terminal.printError("created vault \(options.path) (\(kdf.parameters))")
    }
}
