import SesameCore

extension KeyStoreFactory {
    /// `pem-file`: PEM files in `directory`, or paths relative to the registry's folder.
    ///
    /// Keys: `directory` (optional), `passphraseEnv` or `passphraseFile` (optional, for encrypted
    /// keys), `allowInsecurePermissions` (optional, default false).
    public static let pemFile = KeyStoreFactory(
        type: "pem-file",
        summary: "PEM private key files (PKCS#1, PKCS#8, encrypted PKCS#8), mode 0600"
    ) { section, _ in
        let directory = section.filePath("directory")
        let passphrase = PassphraseSource.read(from: section)
        let allowInsecure = section.bool("allowInsecurePermissions") ?? false
        return PEMFileKeyStore(
            directory: directory,
            baseDirectory: section.directory,
            passphrase: passphrase,
            allowInsecurePermissions: allowInsecure,
            environment: section.context.environment,
            homeDirectory: section.context.homeDirectory
        )
    }

    /// `env`: environment variables; the entry name is the variable.
    public static let environment = KeyStoreFactory(
        type: "env",
        summary: "environment variables (PEM as is, base64-encoded, or with \\n escapes)"
    ) { section, _ in
        EnvironmentKeyStore(environment: section.context.environment)
    }

    /// `dotenv`: variables in a `.env` file at `path`.
    public static let dotenv = KeyStoreFactory(
        type: "dotenv",
        summary: "variables in a .env file"
    ) { section, _ in
        guard let path = section.filePath("path", required: true) else { return nil }
        let allowInsecure = section.bool("allowInsecurePermissions") ?? false
        return DotenvKeyStore(path: path, allowInsecurePermissions: allowInsecure)
    }
}

extension PluginSet {
    /// Registers `pem-file`, `env` and `dotenv`.
    public mutating func registerKeyStores() {
        register(KeyStoreFactory.pemFile)
        register(KeyStoreFactory.environment)
        register(KeyStoreFactory.dotenv)
    }
}
