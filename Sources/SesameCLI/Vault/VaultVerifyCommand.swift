import ArgumentParser
import SesameVault

/// `sesame vault verify`.
struct VaultVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the vault and its backup: structure, checksum, and (unlocked) every entry.",
        discussion: """
        Without --no-unlock it needs the passphrase and checks the encrypted data, the entry table, \
        that every pem entry parses as an RSA private key, and FILE.bak; a backup left with the old \
        passphrase by an interrupted passwd is rewrapped. Prints the generation, the KDF and the count.

        Examples:
          sesame vault verify
          sesame vault verify --no-unlock
        """
    )

    @OptionGroup var options: VaultOptions

    @Flag(name: .customLong("no-unlock"), help: "Check only what needs no passphrase (structure and header checksum).")
    var noUnlock = false

    func run() throws {
        let report = try options.makeVault().report(unlock: !noUnlock)
        Terminal.print("vault: \(options.path)")
        Terminal.print("format: \(report.formatVersion)")
        Terminal.print("generation: \(report.generation)")
        Terminal.print("kdf: \(report.kdf)")
        if let count = report.entryCount, let keys = report.keyCount {
            Terminal.print("entries: \(count) (\(keys) pem \(keys == 1 ? "key" : "keys"))")
        } else {
            Terminal.print("entries: not checked (--no-unlock)")
        }
        Terminal.print("backup: \(Self.describe(report.backup))")
    }

    static func describe(_ backup: VaultReport.Backup) -> String {
        switch backup {
        case .absent: "none yet"
        case .present(let generation): "generation \(generation), header ok"
        case .verified(let generation): "generation \(generation), ok"
        case .repaired: "rewrapped with the current passphrase (an earlier passwd was interrupted)"
        case .replaced: "replaced by a copy of the vault (it was unreadable or under an old key)"
        }
    }
}
