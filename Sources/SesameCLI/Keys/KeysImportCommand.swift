import ArgumentParser
import Foundation
import Sesame

/// `sesame keys import`: copies a private key into a writable key store of the registry.
struct KeysImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an RSA private key into a writable key store (pem-file, sodium-vault).",
        discussion: """
        The key is read from --from-file (or stdin with --from-file -), checked to be an RSA private \
        key, decrypted when --passphrase-env names its passphrase, and stored as unencrypted PKCS#8 \
        under NAME: in a vault it is encrypted at rest; in a pem-file store it is written with mode 0600.
          sesame keys import --store vault --name coze-com --from-file ~/Downloads/private_key.pem
        Then reference it in providers.json: "privateKey": { "store": "vault", "name": "coze-com" }.
        """
    )

    @OptionGroup var config: ConfigOptions

    @Option(help: ArgumentHelp("The key store's name in providers.json (keyStores.NAME).", valueName: "store"))
    var store: String

    @Option(help: ArgumentHelp("The entry name to store the key under.", valueName: "name"))
    var name: String

    @Option(name: .customLong("from-file"), help: ArgumentHelp("The PEM file to import; - reads stdin.", valueName: "file"))
    var fromFile: String

    @Option(name: .customLong("passphrase-env"), help: ArgumentHelp("The variable holding the key's passphrase, if it is encrypted.", valueName: "name"))
    var passphraseVariable: String?

    @Flag(help: "Replace an existing entry.")
    var replace = false

    func run() async throws {
        let registry = try config.loadRegistry()
        guard let entry = registry.keyStores[store] else {
            let known = registry.keyStores.keys.sorted().joined(separator: ", ")
            throw CommandFailure(message: "no key store \"\(store)\" in \(registry.source) (it declares: \(known.isEmpty ? "none" : known))")
        }
        guard let writable = entry.store as? any WritableKeyStore else {
            throw CommandFailure(message: "key store \(store) (\(entry.type)) is read-only; import into a pem-file or sodium-vault store")
        }
        let material = try readInput()
        let passphrase = try PassphraseVariable.read(passphraseVariable)
        let key: RSAPrivateKey
        do {
            key = try RSAPrivateKey(pem: material, passphrase: passphrase)
        } catch {
            throw KeyAdvice.adding(to: error)
        }
        try await writable.store(try key.pem(.pkcs8), named: name, replace: replace)
        Terminal.print("imported \(key.bits)-bit RSA key into \(store):\(name); public key thumbprint (RFC 7638): \(key.publicKey.thumbprint)")
    }

    private func readInput() throws -> SecretBytes {
        if fromFile == "-" {
            // Read like a key file: straight into guarded memory, and no more than one can hold, so
            // `--from-file - < /dev/zero` stops at once instead of filling memory.
            let limit = SecretFileReader.maxKeyFileSize
            let read = SecretFileReader.read(descriptor: STDIN_FILENO, capacity: limit + 1)
            if read.errorNumber != 0 {
                throw CommandFailure(message: "cannot read stdin: \(String(cString: strerror(read.errorNumber)))")
            }
            guard read.length <= limit else {
                throw CommandFailure(message: "stdin holds more than \(limit) bytes, more than any key file; pipe the PEM file itself")
            }
            guard read.length > 0 else { throw CommandFailure(message: "stdin is empty; pipe the PEM in, or use --from-file FILE") }
            return read.bytes.prefix(read.length)
        }
        return try SecretFile.read(fromFile, what: "key file", allowInsecurePermissions: true)
    }
}
