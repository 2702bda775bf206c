import Logging
import SesameCore

/// A Sesame vault file: named secrets (PEM private keys, opaque values) encrypted at rest with
/// libsodium, format v1 (`docs/vault-format.md`).
///
/// A random data key encrypts the entry table (XChaCha20-Poly1305); a key derived from the passphrase
/// with Argon2id wraps the data key. Every operation reads the file afresh; ``SodiumVaultKeyStore``
/// adds caching. Mutations take the writers' lock (`NAME.lock`), unlock, rewrite the whole file
/// through a temporary and a rename, and keep the previous generation as `NAME.bak`.
///
/// All methods block (Argon2id takes ≈ 0.4 s at the default level; a writer may wait for the lock).
/// Safe to use from several threads and processes. Nothing here reads a terminal or standard input:
/// without a passphrase source, an operation fails at once with `noPassphrase`. Every failure is a
/// ``VaultError`` whose message never contains a passphrase, key or value.
public struct Vault: Sendable {
    /// The vault file, as given (used in messages).
    package let path: String
    /// Passphrase sources, lock timeout, and the system seams.
    package var configuration: VaultConfiguration

    /// A vault at `path` (absolute, or relative to the working directory; `~` is not expanded here).
    ///
    /// - Parameters:
    ///   - passphrase: where the passphrase comes from; by default `$SESAME_VAULT_PASSPHRASE`.
    ///   - lockTimeout: how long a write waits for another writer's lock (retrying every 100 ms).
    ///   - allowInsecurePermissions: accept a vault file another user owns or others can access,
    ///     logging a warning instead of failing. Passphrase files are never accepted that way.
    ///   - logger: receives warnings (never secrets).
    public init(
        path: String,
        passphrase: PassphraseResolver = PassphraseResolver(),
        lockTimeout: Duration = .seconds(10),
        allowInsecurePermissions: Bool = false,
        logger: Logger = Logger(label: "sesame.vault", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        let configuration = VaultConfiguration(
            passphrase: passphrase, lockTimeout: lockTimeout, allowInsecurePermissions: allowInsecurePermissions, logger: logger
        )
        self.init(path: path, configuration: configuration)
    }

    /// A vault at `path` with every seam of `configuration`.
    package init(path: String, configuration: VaultConfiguration) {
        self.path = path
        self.configuration = configuration
    }

    /// A copy of the value of entry `name`.
    ///
    /// - Throws: ``VaultError``: `invalidName`, `entryNotFound`, and every read or unlock error.
    public func secret(named name: String) throws(VaultError) -> SecretBytes {
        try VaultName.validate(name)
        let opened = try open()
        guard let value = opened.table.value(named: name) else { throw .entryNotFound(name, path) }
        return value
    }

    /// The names of all entries, ascending. Needs the passphrase (names are encrypted too).
    public func names() throws(VaultError) -> [String] {
        try entries().map(\.name)
    }

    /// The metadata of every entry, ascending by name. Needs the passphrase (names are encrypted too).
    package func entries() throws(VaultError) -> [VaultEntryInfo] {
        try open().table.infos
    }

    /// Reads and unlocks the vault.
    func open(cachedKey: DataKey? = nil) throws(VaultError) -> UnlockedVault {
        let paths = VaultPaths(path)
        let image = try read(paths)
        return try unlock(image, paths: paths, cachedKey: cachedKey)
    }
}

/// A vault file read and decrypted: its bytes, data key and table.
struct UnlockedVault: Sendable {
    let image: VaultImage
    let dataKey: DataKey
    let table: VaultTable
}
