import ArgumentParser
import SesameVault

/// `sesame vault passwd`.
struct VaultPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Change the passphrase (and optionally the Argon2id cost or the data key).",
        discussion: """
        The current passphrase comes from the usual sources; the new one (8 to 1024 bytes) from \
        --new-passphrase-file, else $SESAME_VAULT_NEW_PASSPHRASE, else it is asked twice on the \
        terminal. The data key is rewrapped, so the encrypted entries stay byte-identical; FILE.bak \
        is rewrapped too, so the old passphrase opens neither file. After a leak of the vault file \
        and its passphrase, use --rotate-key: a new data key re-encrypts both files (rotate the RSA \
        keys as well).

        Examples:
          sesame vault passwd
          sesame vault passwd --new-passphrase-file new-passphrase.txt --kdf sensitive
          sesame vault passwd --rotate-key
        """
    )

    @OptionGroup var options: VaultOptions

    @Option(help: ArgumentHelp("New Argon2id cost: interactive, moderate or sensitive (default: unchanged).", valueName: "level"))
    var kdf: KDFLevel?

    @Flag(name: .customLong("rotate-key"), help: "Also replace the data key and re-encrypt the entries.")
    var rotateKey = false

    @Option(name: .customLong("new-passphrase-file"), help: ArgumentHelp("A file (mode 0600) holding the new passphrase.", valueName: "file"))
    var newPassphraseFile: String?

    func run() throws {
        let newPassphrase = VaultOptions.newPassphrase(file: newPassphraseFile)
        try options.makeVault().changePassphrase(newPassphrase: newPassphrase, kdf: kdf, rotateKey: rotateKey)
        Terminal.printError("changed the passphrase of vault \(options.path)\(rotateKey ? " and replaced its data key" : "")")
    }
}
