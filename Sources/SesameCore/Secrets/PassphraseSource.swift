/// Where a store finds a passphrase: the `passphraseEnv` / `passphraseFile` pair that means the same
/// in every store (`pem-file`, `sodium-vault`).
///
/// - Configuration: at most one of the two keys; both is a registry error.
/// - A file is read by ``SecretFileReader/readPassphrase(_:what:)``: owned by you, mode 0600 or
///   stricter (never waived), one final `\n` or `\r\n` removed, 1 to 1,024 bytes.
/// - A variable is used as is (no trimming), 1 to 1,024 bytes.
package enum PassphraseSource: Sendable, CustomStringConvertible {
    /// The variable with this name.
    case environment(String)
    /// The file at this path.
    case file(String)

    /// Reads `passphraseEnv` / `passphraseFile` from a store's section; both at once is an error.
    package static func read(from section: ConfigSection) -> PassphraseSource? {
        let variable = section.string("passphraseEnv")
        let file = section.filePath("passphraseFile")
        switch (variable, file) {
        case (let variable?, nil): return .environment(variable)
        case (nil, let file?): return .file(file)
        case (.some, .some):
            section.report("passphraseFile", "set either passphraseEnv or passphraseFile, not both")
            return nil
        case (nil, nil): return nil
        }
    }

    /// The passphrase.
    ///
    /// - Throws: ``KeyStoreError`` (`.passphrase`, with the file's own error underneath) when the
    ///   variable is unset, empty or too long, or the file fails ``SecretFileReader``'s checks.
    package func passphrase(environment: @Sendable (String) -> String?) throws -> SecretBytes {
        switch self {
        case .environment(let name):
            guard let value = environment(name) else {
                throw KeyStoreError(.passphrase, "the key is encrypted and its passphrase variable \(name) is not set; export \(name)")
            }
            guard !value.isEmpty else {
                throw KeyStoreError(.passphrase, "the passphrase variable \(name) is empty; set it to the key's passphrase")
            }
            guard value.utf8.count <= SecretFileReader.maxPassphraseLength else {
                throw KeyStoreError(.passphrase, "the passphrase variable \(name) is longer than \(SecretFileReader.maxPassphraseLength) bytes")
            }
            return SecretBytes(utf8: value)
        case .file(let path):
            do {
                return try SecretFileReader.readPassphrase(path)
            } catch {
                throw KeyStoreError(.passphrase, error.message, underlying: KeyStoreError(error))
            }
        }
    }

    /// `$NAME` or the file path.
    package var description: String {
        switch self {
        case .environment(let name): "$\(name)"
        case .file(let path): path
        }
    }
}
