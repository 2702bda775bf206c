import Dispatch
import Foundation
import SesameCore

/// A ``WritableKeyStore`` over a ``Vault``: `{"type": "sodium-vault", "path": "~/.config/sesame/vault"}`.
///
/// The first read unlocks the vault (Argon2id: ≈ 0.4 s at the default level) and caches the data
/// key (in memory that is inaccessible while idle) and the decrypted table. Later reads `stat` the
/// file and re-read it only when its (device, inode, size, mtime) changed, which every write does;
/// a changed file is opened with the cached key first, so another process's `put` or `passwd`
/// costs no KDF, and only a rotated data key (`passwd --rotate-key`) or a new vault asks for the
/// passphrase again. Reads from the cache cost microseconds.
///
/// Writes lock, re-read and rewrite the file (see ``Vault``), with the cached key when it still
/// opens the file. Blocking work (KDF, lock waits, I/O) runs on a Dispatch queue, never on the
/// caller's executor. Safe to share across tasks; concurrent first reads run the KDF once. The store
/// never waits on a terminal: with no passphrase source, reads fail at once naming what to set.
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
        return try await read { table in
            guard let value = table.value(named: name) else { throw VaultError.entryNotFound(name, self.vault.path) }
            return value
        }
    }

    /// The metadata of every entry, ascending by name.
    package func entries() async throws -> [VaultEntryInfo] {
        try await read { $0.infos }
    }

    /// The names of all entries, sorted.
    public func names() async throws -> [String] {
        try await read { $0.infos.map(\.name) }
    }

    /// Stores `secret` under `name`: as a `pem` entry (checked to be an unencrypted RSA private key)
    /// when it contains `PRIVATE KEY-----`, else as `opaque`.
    public func store(_ secret: SecretBytes, named name: String, replace: Bool) async throws {
        let kind: VaultEntryKind = Self.looksLikePEMKey(secret) ? .pemPrivateKey : .opaque
        try await write { key throws(VaultError) in try self.vault.put(secret, named: name, kind: kind, replace: replace, cachedKey: key) }
    }

    /// Removes entry `name`.
    public func remove(named name: String) async throws {
        try await write { key throws(VaultError) in try self.vault.remove(named: name, cachedKey: key) }
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

    private func read<Result: Sendable>(_ body: @escaping @Sendable (VaultTable) throws -> Result) async throws -> Result {
        do {
            if let table = cache.table(ifCurrent: FileIdentity.of(absolutePath)) { return try body(table) }
            return try await Self.offload { [self] in
                try body(try cache.refresh { key throws(VaultError) in try self.vault.open(cachedKey: key) })
            }
        } catch let error as VaultError {
            throw KeyStoreError(wrapping: error)
        }
    }

    private func write(_ change: @escaping @Sendable (DataKey?) throws(VaultError) -> UnlockedVault) async throws {
        do {
            try await Self.offload { [self] in _ = try cache.update(change) }
        } catch let error as VaultError {
            throw KeyStoreError(wrapping: error)
        }
    }

    private static func offload<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Swift.Result { try work() })
            }
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
