import SesameCore

extension Vault {
    /// Changes the passphrase (`sesame vault passwd`): a new salt and wrap of the same data key, so the
    /// body stays byte-identical and the generation unchanged; then `NAME.bak` gets the same new wrap,
    /// so the old passphrase opens neither file.
    ///
    /// With `rotateKey`, a new data key re-encrypts the body (generation + 1) and the backup: for
    /// after a leak, when a copy of the old file and the old passphrase must stop yielding the key.
    /// If the process stops between the two files, the next write or ``verify(unlock:)`` finishes
    /// the backup.
    ///
    /// - Parameters:
    ///   - newPassphrase: where the new passphrase comes from (8 to 1,024 bytes).
    ///   - kdf: the new Argon2id level; `nil` keeps the current parameters.
    /// - Throws: ``VaultError``: unlock errors for the current passphrase, new-passphrase errors
    ///   (`passphraseTooShort`, `passphraseMismatch`, ...), `kdfOutOfMemory`, lock and write errors.
    public func changePassphrase(newPassphrase: PassphraseResolver, kdf: KDFLevel? = nil, rotateKey: Bool = false) throws(VaultError) {
        let paths = VaultPaths(path)
        let lock = try VaultLock.acquire(paths, timeout: configuration.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        lock.removeStaleTemporaries(paths)
        let image = try read(paths)
        let current = try unlock(image, paths: paths, cachedKey: nil)
        let secret = try newPassphrase.passphrase(for: path, purpose: .change)
        let dataKey = rotateKey ? DataKey.random(configuration.random) : current.dataKey
        let parameters = kdf?.parameters ?? image.header.kdf
        let fields = try wrapFields(for: dataKey, passphrase: secret, parameters: parameters, template: image.header, path: path)
        let header = image.header.rewrapped(fields)
        let bytes = rotateKey
            ? try sealedFile(current.table, key: dataKey, template: header, generation: image.header.generation + 1, path: path)
            : header.encoded + image.body
        try writer(paths).replace(with: bytes, backupOf: nil)
        try refreshBackup(paths, vaultID: header.vaultID, oldKey: current.dataKey, newKey: dataKey, fields: fields, primary: bytes)
    }

    /// What ``refreshBackup(_:vaultID:oldKey:newKey:fields:primary:)`` did.
    enum BackupRefresh: Equatable {
        case absent, unchanged, rewrapped, replaced
    }

    /// Makes `NAME.bak` openable with exactly `fields` and `newKey`: rewraps it (re-encrypting its
    /// body when the key changed), or, when it is unreadable, of another vault or under a data key
    /// no longer in hand, replaces it with a link to the current `NAME`. Caller holds the lock.
    @discardableResult
    func refreshBackup(
        _ paths: VaultPaths, vaultID: [UInt8], oldKey: DataKey, newKey: DataKey, fields: WrapFields, primary: [UInt8]
    ) throws(VaultError) -> BackupRefresh {
        let backupPaths = paths.backupPaths
        let writer = writer(paths)
        let image: VaultImage
        do {
            image = try read(backupPaths)
        } catch where error.code == .vaultNotFound {
            return .absent
        } catch {
            configuration.logger.warning("replacing the unreadable backup of vault \(path) with a copy of the vault: \(error.message)")
            try writer.installBackup(copyOf: primary)
            return .replaced
        }
        guard image.header.vaultID == vaultID else {
            configuration.logger.warning("\(backupPaths.display) belongs to another vault; replacing it with a copy of \(path)")
            try writer.installBackup(copyOf: primary)
            return .replaced
        }
        let sameKey = oldKey === newKey
        guard let table = try? Self.openBody(image, key: oldKey, path: backupPaths.display) else {
            if image.header.wrapFields == fields, (try? Self.openBody(image, key: newKey, path: backupPaths.display)) != nil {
                return .unchanged
            }
            configuration.logger.warning("\(backupPaths.display) is under a data key no longer in use; replacing it with a copy of \(path)")
            try writer.installBackup(copyOf: primary)
            return .replaced
        }
        if sameKey && image.header.wrapFields == fields { return .unchanged }
        let header = image.header.rewrapped(fields)
        let bytes = sameKey
            ? header.encoded + image.body
            : try sealedFile(table, key: newKey, template: header, generation: image.header.generation, path: backupPaths.display)
        try writer.replaceBackup(with: bytes)
        return .rewrapped
    }
}
