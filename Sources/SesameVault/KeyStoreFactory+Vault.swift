import SesameCore

extension KeyStoreFactory {
    /// `sodium-vault`: a libsodium-encrypted vault file.
    ///
    /// Keys: `path` (required; `~` expands, relative to the registry's folder) and at most one of
    /// `passphraseEnv` (default `SESAME_VAULT_PASSPHRASE`) and `passphraseFile`, which mean what they
    /// mean for `pem-file`. Variables are read through the registry's environment. The store never
    /// asks on a terminal: without a passphrase it fails at once, naming what to set.
    public static let sodiumVault = sodiumVault(passphraseFileVariable: nil, prompt: nil, allowInsecurePermissions: false)

    /// `sodium-vault` with the sources a host adds to the registry's (the CLI: the file named by
    /// `$SESAME_VAULT_PASSPHRASE_FILE`, the terminal, `SESAME_VAULT_ALLOW_INSECURE`).
    ///
    /// - Parameters:
    ///   - passphraseFileVariable: a variable naming a passphrase file, used when the section names neither.
    ///   - prompt: asks the user when no file or variable applies.
    ///   - allowInsecurePermissions: accept vault files other users can access, with a warning.
    package static func sodiumVault(
        passphraseFileVariable: String?, prompt: PassphraseResolver.Prompt?, allowInsecurePermissions: Bool
    ) -> KeyStoreFactory {
        KeyStoreFactory(
            type: "sodium-vault",
            summary: "a libsodium-encrypted vault file (Argon2id + XChaCha20-Poly1305), managed with `sesame vault`"
        ) { section, _ in
            let path = section.filePath("path", required: true)
            let source = PassphraseSource.read(from: section)
            if case .environment(let variable) = source, !isVariableName(variable) {
                section.report("passphraseEnv", "\"\(variable)\" is not an environment variable name (letters, digits and _, not starting with a digit)")
                return nil
            }
            guard let path else { return nil }
            var file: String?
            var variable = PassphraseResolver.defaultVariable
            switch source {
            case .file(let named): file = named
            case .environment(let named): variable = named
            case nil: break
            }
            let context = section.context
            let passphrase = PassphraseResolver(
                file: file, fileVariable: passphraseFileVariable, variable: variable,
                environment: VaultEnvironment(lookup: context.environment), prompt: prompt
            )
            let configuration = VaultConfiguration(passphrase: passphrase, allowInsecurePermissions: allowInsecurePermissions, logger: context.logger)
            return SodiumVaultKeyStore(vault: Vault(path: path, configuration: configuration))
        }
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
