import ArgumentParser
import Foundation
import Logging
import SesameCore
import SesameVault

/// `--vault FILE` and `--lock-timeout SECONDS`, shared by every `sesame vault` command.
struct VaultOptions: ParsableArguments {
    /// The variable naming the vault when `--vault` is not given.
    static let environmentVariable = "SESAME_VAULT"
    /// The vault used when neither `--vault` nor `$SESAME_VAULT` is given.
    static let defaultPath = "~/.config/sesame/vault"

    @Option(
        name: .long,
        help: ArgumentHelp("The vault file.", discussion: "Default: $SESAME_VAULT when set, else ~/.config/sesame/vault.", valueName: "file")
    )
    var vault: String?

    @Option(
        name: .customLong("lock-timeout"),
        help: ArgumentHelp("How long a write waits for another writer's lock, in seconds.", valueName: "seconds")
    )
    var lockTimeout: Double = 10

    func validate() throws {
        guard lockTimeout >= 0, lockTimeout <= 3_600 else {
            throw ValidationError("--lock-timeout must be between 0 and 3600 seconds, got \(lockTimeout)")
        }
    }

    /// The vault path from the flag, the variable or the default, with `~` expanded (by the registry's
    /// one rule); any other path is kept as written, so messages show it as the user gave it.
    var path: String {
        let chosen = vault.flatMap { $0.isEmpty ? nil : $0 }
            ?? ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultPath
        guard chosen == "~" || chosen.hasPrefix("~/") else { return chosen }
        return PathResolver.resolve(chosen, relativeTo: "/", home: Self.home)
    }

    /// `$HOME`, else the user database's home folder.
    private static var home: String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// The vault with the CLI's passphrase sources (`$SESAME_VAULT_PASSPHRASE_FILE`,
    /// `$SESAME_VAULT_PASSPHRASE`, the terminal), `$SESAME_VAULT_ALLOW_INSECURE`, and warnings on stderr.
    func makeVault() -> Vault {
        let configuration = VaultConfiguration(
            passphrase: Self.passphrase,
            lockTimeout: .milliseconds(Int64((lockTimeout * 1_000).rounded())),
            allowInsecurePermissions: Self.allowsInsecurePermissions,
            logger: Logger(label: "sesame.vault") { _ in WarningLogHandler() }
        )
        return Vault(path: path, configuration: configuration)
    }

    /// The passphrase sources of every `sesame vault` command: the file named by
    /// `$SESAME_VAULT_PASSPHRASE_FILE`, else `$SESAME_VAULT_PASSPHRASE`, else the terminal.
    static var passphrase: PassphraseResolver {
        PassphraseResolver(
            fileVariable: PassphraseResolver.defaultFileVariable, variable: PassphraseResolver.defaultVariable,
            environment: .process, prompt: TerminalPrompt.ask
        )
    }

    /// The new passphrase of `passwd`: `file`, else `$SESAME_VAULT_NEW_PASSPHRASE`, else the terminal (twice).
    static func newPassphrase(file: String?) -> PassphraseResolver {
        .newPassphrase(file: file, environment: .process, prompt: TerminalPrompt.ask)
    }

    /// The variable that, set to `1`, turns permission errors on vault files into warnings.
    static let allowInsecureVariable = "SESAME_VAULT_ALLOW_INSECURE"

    /// Whether `$SESAME_VAULT_ALLOW_INSECURE` is `1`.
    static var allowsInsecurePermissions: Bool {
        ProcessInfo.processInfo.environment[allowInsecureVariable] == "1"
    }
}

/// `--kdf interactive|moderate|sensitive`.
extension KDFLevel: ExpressibleByArgument {}

/// Prints warnings and errors on stderr as `sesame: warning: MESSAGE`; drops the rest.
struct WarningLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        Terminal.printError("sesame: warning: \(event.message)")
    }
}
