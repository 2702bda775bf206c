import SesameCore
import SesameJOSE

/// What ``Vault/verify(unlock:)`` found.
package struct VaultReport: Sendable, Equatable {
    /// The state of `NAME.bak`.
    package enum Backup: Sendable, Equatable {
        /// There is no backup (a vault never written since `init`).
        case absent
        /// The header is sound (checked without unlocking).
        case present(generation: UInt64)
        /// Unlocked with the vault's data key; the table parses.
        case verified(generation: UInt64)
        /// It had an old wrap (an interrupted `passwd`) and was rewrapped now.
        case repaired
        /// It was unreadable, of another vault or under an old data key, and was replaced by a copy of the vault.
        case replaced
    }

    /// The format version.
    package let formatVersion: UInt16
    /// The generation: 1 at `init`, +1 per body write.
    package let generation: UInt64
    /// The Argon2id parameters.
    package let kdf: KDFParameters
    /// The number of entries, when unlocked.
    package let entryCount: Int?
    /// The number of `pem` entries that parsed as RSA private keys, when unlocked.
    package let keyCount: Int?
    /// The backup's state.
    package let backup: Backup
}

extension Vault {
    /// Checks the vault (`sesame vault verify`): structure and header checksum; with `unlock`, also the
    /// passphrase, the body's authentication, the table, every `pem` entry (it must parse as an RSA
    /// private key) and `NAME.bak` (same checks under the same data key). A backup left with an old
    /// wrap by an interrupted `passwd` is rewrapped (under the lock).
    ///
    /// - Throws: ``VaultError`` for the first problem, in `NAME` or then in `NAME.bak` (its path in the message).
    public func verify(unlock: Bool = true) throws(VaultError) {
        _ = try report(unlock: unlock)
    }

    /// ``verify(unlock:)``, returning what it found (the CLI prints it).
    package func report(unlock shouldUnlock: Bool = true) throws(VaultError) -> VaultReport {
        let paths = VaultPaths(path)
        let image = try read(paths)
        guard shouldUnlock else {
            let backup: VaultReport.Backup = try readBackup(paths).map { .present(generation: $0.header.generation) } ?? .absent
            return VaultReport(formatVersion: VaultHeader.version, generation: image.header.generation, kdf: image.header.kdf, entryCount: nil, keyCount: nil, backup: backup)
        }
        let current = try unlock(image, paths: paths, cachedKey: nil)
        var keys = 0
        for entry in current.table.entries where entry.info.kind == .pemPrivateKey {
            do {
                _ = try RSAPrivateKey(pem: entry.value.copy())
                keys += 1
            } catch {
                throw .notAPrivateKey(entry.info.name, path, reason: "stored as pem but OpenSSL cannot read it")
            }
        }
        let backup = try verifyBackup(paths, current: current)
        return VaultReport(
            formatVersion: VaultHeader.version, generation: image.header.generation, kdf: image.header.kdf,
            entryCount: current.table.entries.count, keyCount: keys, backup: backup
        )
    }

    private func readBackup(_ paths: VaultPaths) throws(VaultError) -> VaultImage? {
        do {
            return try read(paths.backupPaths)
        } catch where error.code == .vaultNotFound {
            return nil
        }
    }

    private func verifyBackup(_ paths: VaultPaths, current: UnlockedVault) throws(VaultError) -> VaultReport.Backup {
        guard let backup = try readBackup(paths) else { return .absent }
        let display = paths.backupPaths.display
        if backup.header.vaultID == current.image.header.vaultID && backup.header.wrapFields == current.image.header.wrapFields {
            guard try Self.openBody(backup, key: current.dataKey, path: display) != nil else { throw .dataCorrupted(display) }
            return .verified(generation: backup.header.generation)
        }
        // An interrupted passwd (or a stale backup): finish it under the lock, against a fresh read.
        let lock = try VaultLock.acquire(paths, timeout: configuration.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let image = try read(paths)
        let locked = try unlock(image, paths: paths, cachedKey: current.dataKey)
        let outcome = try refreshBackup(
            paths, vaultID: image.header.vaultID, oldKey: locked.dataKey, newKey: locked.dataKey,
            fields: image.header.wrapFields, primary: image.bytes
        )
        switch outcome {
        case .absent: return .absent
        case .unchanged: return .verified(generation: backup.header.generation)
        case .rewrapped: return .repaired
        case .replaced: return .replaced
        }
    }
}
