import ArgumentParser
import Foundation
import Sesame

/// `sesame keys inspect F`.
struct KeysInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a key file's format, size, permissions and thumbprint (never the private key).",
        discussion: """
        Works on private and public key files. Compare the thumbprint and the public key with the \
        ones on your Coze app's page. An encrypted key needs --passphrase-env to show its public half.
        """
    )

    @Argument(help: "The key file.")
    var file: String

    @Option(name: .customLong("passphrase-env"), help: ArgumentHelp("The variable holding an encrypted key's passphrase.", valueName: "name"))
    var passphraseVariable: String?

    func run() throws {
        let passphrase = try PassphraseVariable.read(passphraseVariable)
        let inspection: KeyFileInspection
        do {
            inspection = try KeyFileInspection(path: file, passphrase: passphrase)
        } catch {
            throw KeyAdvice.adding(to: error)
        }
        Terminal.print("file: \(inspection.path)")
        Terminal.print("kind: RSA \(inspection.kind.rawValue)")
        Terminal.print("format: \(inspection.format)")
        Terminal.print("encrypted: \(inspection.isEncrypted ? "yes" : "no")")
        if let bits = inspection.bits {
            Terminal.print("bits: \(bits)\(bits < 2048 ? " (too small: use 2048 or more)" : "")")
        }
        let permissionNote = inspection.kind == .privateKey && inspection.isReadableByOthers
            ? " (group/others can read it; fix: chmod 600 \(inspection.path))" : ""
        Terminal.print("permissions: \(inspection.mode)\(permissionNote)")
        if let publicKey = inspection.publicKey {
            Terminal.print("thumbprint (RFC 7638): \(publicKey.thumbprint)")
            Terminal.print(publicKey.pem.trimmingCharacters(in: .newlines))
        } else {
            Terminal.print("public key: unavailable (encrypted; pass --passphrase-env NAME)")
        }
    }
}
