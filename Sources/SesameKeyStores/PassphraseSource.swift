import SesameCore

/// Where a store finds the passphrase of encrypted keys: an environment variable or a file.
package enum PassphraseSource: Sendable, CustomStringConvertible {
    /// The variable with this name.
    case environment(String)
    /// The file at this path (mode 0600 required).
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
    /// - Throws: ``KeyStoreError`` (`.passphrase`) when the variable is unset or empty, or the file is
    ///   missing, empty or readable by others.
    package func passphrase(environment: @Sendable (String) -> String?) throws -> SecretBytes {
        switch self {
        case .environment(let name):
            guard let value = environment(name) else {
                throw KeyStoreError(.passphrase, "the key is encrypted and its passphrase variable \(name) is not set; export \(name)")
            }
            guard !value.isEmpty else {
                throw KeyStoreError(.passphrase, "the passphrase variable \(name) is empty; set it to the key's passphrase")
            }
            return SecretBytes(utf8: value)
        case .file(let path):
            let contents: SecretBytes
            do {
                contents = try SecretFile.read(path, what: "passphrase file")
            } catch let error as KeyStoreError {
                throw KeyStoreError(.passphrase, error.message, underlying: error)
            }
            let trimmed = contents.withUnsafeBytes { bytes -> Int in
                var end = bytes.count
                if end > 0, bytes[end - 1] == 0x0A { end -= 1 }
                if end > 0, bytes[end - 1] == 0x0D { end -= 1 }
                return end
            }
            guard trimmed > 0 else {
                throw KeyStoreError(.passphrase, "passphrase file \(path) is empty; write the key's passphrase into it")
            }
            return contents.prefix(trimmed)
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
