import Foundation
import SesameCore

/// A ``WritableKeyStore`` over a ``Vault``: `{"type": "sodium-vault", "path": "~/.config/sesame/vault"}`.
///
/// The first read unlocks the vault (Argon2id: ≈ 0.4 s at the default level) and caches the data
/// key (in memory that is inaccessible while idle) and the decrypted table. Later reads `stat` the
/// file and re-read it only when its identity changed, which every write does; a changed file is
/// opened with the cached key first, so another process's `put` or `passwd` costs no KDF, and only a
/// rotated data key (`passwd --rotate-key`) or a new vault asks for the passphrase again. Reads from
/// the cache cost microseconds.
///
/// Writes lock, re-read and rewrite the file (see ``Vault``), with the cached key when it still
/// opens the file. Blocking work (KDF, lock waits, I/O) runs on a Dispatch thread, never on the
/// caller's executor. Safe to share across tasks; concurrent first reads share one unlock and run
/// the KDF once; a failed unlock is not cached. The store never waits on a terminal: with no
/// passphrase source, reads fail at once with `.passphrase` and the variable or file to set.
///
/// Errors are ``KeyStoreError``s (`.notFound` for a missing entry, `.passphrase` for passphrase
/// problems, ...) whose `underlying` is the ``VaultError``; messages never contain secrets.
public final class SodiumVaultKeyStore: WritableKeyStore, CustomStringConvertible {
    /// The vault this store reads.
    package let vault: Vault
    private let cache = VaultCache()
    private let absolutePath: String

    /// A store over `vault`.
    public init(vault: Vault) {
        self.vault = vault
        absolutePath = vault.path.hasPrefix("/") ? vault.path : FileManager.default.currentDirectoryPath + "/" + vault.path
    }

    /// The value of entry `name` (a PEM private key as stored, or opaque bytes).
    public func secret(named name: String) async throws -> SecretBytes {
        // No entry can have an invalid name: report it as missing, without echoing it.
        if !VaultName.isValid(name) {
            let invalid = VaultError.invalidName(name)
            throw KeyStoreError(.notFound, "no such entry in vault \(vault.path): \(invalid.message)", underlying: invalid)
        }
        do {
            guard let value = try await table().value(named: name) else { throw VaultError.entryNotFound(name, vault.path) }
            return value
        } catch let error as VaultError {
            throw KeyStoreError(wrapping: error)
        }
    }

    /// Why `name` can never be an entry: 1–128 bytes of `[A-Za-z0-9._@:/-]`.
    public func entryNameProblem(_ name: String) -> String? {
        VaultName.isValid(name) ? nil : VaultError.invalidName(name).message
    }

    /// The metadata of every entry, ascending by name.
    package func entries() async throws -> [VaultEntryInfo] {
        do {
            return try await table().infos
        } catch let error as VaultError {
            throw KeyStoreError(wrapping: error)
        }
    }

    /// The names of all entries, sorted.
    public func names() async throws -> [String] {
        try await entries().map(\.name)
    }

    /// Stores `secret` under `name`: as a `pem` entry (checked to be an unencrypted RSA private key)
    /// when it contains `PRIVATE KEY-----`, else as `opaque`.
    public func store(_ secret: SecretBytes, named name: String, replace: Bool) async throws {
        let kind: VaultEntryKind = Self.looksLikePEMKey(secret) ? .pemPrivateKey : .opaque
        try await write { [vault] key throws(VaultError) in try vault.put(secret, named: name, kind: kind, replace: replace, cachedKey: key) }
    }

    /// Removes entry `name`.
    public func remove(named name: String) async throws {
        try await write { [vault] key throws(VaultError) in try vault.remove(named: name, cachedKey: key) }
    }

    /// `file PATH`, plus where the passphrase comes from when it is not the default variable.
    public var description: String {
        let resolver = vault.configuration.passphrase
        var text = "file \(vault.path)"
        if resolver.provider != nil {
            text += ", passphrase from the application"
        } else if let file = resolver.file {
            text += ", passphrase file \(file)"
        } else if resolver.variable != PassphraseResolver.defaultVariable {
            text += ", passphrase from $\(resolver.variable)"
        }
        return text
    }

    // MARK: - Internals

    /// The current table: cached, or read (and unlocked, once for all concurrent callers) off the pool.
    ///
    /// - Throws: ``VaultError``, or `CancellationError` when the caller is cancelled while it waits.
    private func table() async throws -> VaultTable {
        let identity = FileIdentity.of(absolutePath)
        if let table = cache.table(ifCurrent: identity) { return table }
        return try await cache.table(for: identity) { [vault] key throws(VaultError) in try vault.open(cachedKey: key) }
    }

    private func write(_ change: @escaping VaultCache.Work) async throws {
        do throws(VaultError) {
            try await cache.update(change)
        } catch {
            throw KeyStoreError(wrapping: error)
        }
    }

    private static func looksLikePEMKey(_ secret: SecretBytes) -> Bool {
        let marker = Array("PRIVATE KEY-----".utf8)
        return secret.withUnsafeBytes { bytes in
            guard bytes.count >= marker.count else { return false }
            for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
                if (0..<marker.count).allSatisfy({ bytes[start + $0] == marker[$0] }) { return true }
            }
            return false
        }
    }
}

extension KeyStoreError {
    /// The key-store view of a vault error: same message, a matching code, the vault error underneath.
    init(wrapping error: VaultError) {
        let code: KeyStoreError.Code = switch error.code {
        case .entryNotFound: .notFound
        case .entryExists: .alreadyExists
        case .insecurePermissions: .insecurePermissions
        case .noPassphrase, .passphraseConflict, .emptyPassphrase, .wrongPassphrase, .passphraseTooShort,
             .passphraseTooLong, .passphraseMismatch:
            .passphrase
        case .truncated, .notAVault, .headerCorrupted, .newerVersion, .unknownVersion, .headerInvalid,
             .kdfParamsOutOfRange, .dataCorrupted, .malformed, .invalidName, .notAPrivateKey, .entryTooLarge, .emptyValue:
            .invalidFormat
        default: .unreadable
        }
        self.init(code, error.message, underlying: error)
    }
}
