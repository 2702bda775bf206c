import ArgumentParser
import Foundation
import Logging
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

    /// The vault path from the flag, the variable or the default, with `~` expanded.
    var path: String {
        let chosen = vault.flatMap { $0.isEmpty ? nil : $0 }
            ?? ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultPath
        if chosen == "~" { return Self.home }
        if chosen.hasPrefix("~/") { return Self.home + chosen.dropFirst() }
        return chosen
    }

    /// `$HOME`, else the user database's home folder.
    private static var home: String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// The vault with the process environment, the terminal, and warnings on stderr.
    func makeVault() -> Vault {
        let configuration = VaultConfiguration(
            lockTimeout: .milliseconds(Int64((lockTimeout * 1_000).rounded())),
            logger: Logger(label: "sesame.vault") { _ in WarningLogHandler() }
        )
        return Vault(path: path, configuration: configuration)
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
