import SesameCore

extension KeyStoreFactory {
    /// `sodium-vault`: a libsodium-encrypted vault file.
    ///
    /// Keys: `path` (required; `~` expands, relative to the registry's folder), and at most one of
    /// `passphraseEnv` (default `SESAME_VAULT_PASSPHRASE`) and `passphraseFile` (else
    /// `SESAME_VAULT_PASSPHRASE_FILE`), as for `pem-file`. Variables are read through the registry's
    /// environment.
    public static let sodiumVault = KeyStoreFactory(
        type: "sodium-vault",
        summary: "a libsodium-encrypted vault file (Argon2id + XChaCha20-Poly1305), managed with `sesame vault`"
    ) { section, _ in
        let path = section.filePath("path", required: true)
        // The pem-file rule: at most one of passphraseEnv and passphraseFile.
        let source = PassphraseSource.read(from: section)
        var variable: String?
        var file: String?
        switch source {
        case .environment(let named): variable = named
        case .file(let named): file = named
        case nil: break
        }
        if let variable, !isVariableName(variable) {
            section.report("passphraseEnv", "\"\(variable)\" is not an environment variable name (letters, digits and _, not starting with a digit)")
            return nil
        }
        guard let path else { return nil }
        let context = section.context
        let environment = VaultEnvironment(lookup: context.environment)
        let configuration = VaultConfiguration(
            passphrase: PassphraseResolver(file: file, variable: variable ?? PassphraseResolver.defaultVariable, environment: environment),
            logger: context.logger
        )
        return SodiumVaultKeyStore(vault: Vault(path: path, configuration: configuration))
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

extension PluginSet {
    /// Registers the `sodium-vault` key store (``KeyStoreFactory/sodiumVault``).
    public mutating func registerVault() {
        register(KeyStoreFactory.sodiumVault)
    }
}
