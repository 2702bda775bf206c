#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SesameCore
import SesameJOSE

extension Vault {
    /// Creates an empty vault (`sesame vault init`): a random vault ID and data key, the passphrase
    /// from the configured sources (a prompt the host supplies asks twice), Argon2id at `kdf`.
    ///
    /// Missing parent folders are created with mode 0700. The file appears atomically via `link`, so
    /// an existing vault is never overwritten.
    ///
    /// - Throws: ``VaultError``: `vaultExists`, passphrase errors (`passphraseTooShort`, ...),
    ///   `kdfOutOfMemory`, `diskFull`, `io`, `locked`.
    public func create(kdf: KDFLevel = .moderate) throws(VaultError) {
        try VaultDirectory.createParents(of: path)
        let paths = VaultPaths(path)
        guard access(paths.file, F_OK) != 0 else { throw .vaultExists(path) }
        let lock = try VaultLock.acquire(paths, timeout: configuration.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        lock.removeStaleTemporaries(paths)
        let passphrase = try configuration.passphrase.passphrase(for: path, purpose: .create)
        let dataKey = DataKey.random(configuration.random)
        let random = configuration.random
        let template = VaultHeader(
            vaultID: random.bytes(16), generation: 1, bodyLength: 0, bodyNonce: random.bytes(24),
            kdf: kdf.parameters, salt: random.bytes(16), wrapNonce: random.bytes(24), wrappedKey: [UInt8](repeating: 0, count: 48)
        )
        let fields = try wrapFields(for: dataKey, passphrase: passphrase, parameters: kdf.parameters, template: template, path: path)
        let bytes = try sealedFile(VaultTable(), key: dataKey, template: template.rewrapped(fields), generation: 1, path: path)
        try writer(paths).create(with: bytes)
    }

    /// Stores `value` under `name` (`sesame vault put`).
    ///
    /// The name, size and (for ``VaultEntryKind/pemPrivateKey``) the key are checked before the vault
    /// is locked or unlocked. A replaced entry keeps its `created` time.
    ///
    /// - Throws: ``VaultError``: `invalidName`, `emptyValue`, `entryTooLarge`, `notAPrivateKey`,
    ///   `entryExists` (without `replace`), `vaultFull`, and every lock, unlock and write error.
    public func put(_ value: SecretBytes, named name: String, kind: VaultEntryKind = .pemPrivateKey, replace: Bool = false) throws(VaultError) {
        _ = try put(value, named: name, kind: kind, replace: replace, cachedKey: nil)
    }

    /// ``put(_:named:kind:replace:)`` that tries `cachedKey` before the passphrase; returns the new state.
    func put(_ value: SecretBytes, named name: String, kind: VaultEntryKind, replace: Bool, cachedKey: DataKey?) throws(VaultError) -> UnlockedVault {
        try VaultName.validate(name)
        try Self.checkValue(value, named: name, kind: kind, path: path)
        let now = configuration.now()
        return try mutate(cachedKey: cachedKey) { table throws(VaultError) in
            let existing = table.entry(named: name)
            if existing != nil && !replace { throw .entryExists(name, path) }
            if existing == nil && table.entries.count >= VaultLimits.maxEntries {
                throw .vaultFull(path, "\(VaultLimits.maxEntries) entries")
            }
            let info = VaultEntryInfo(name: name, kind: kind, size: value.count, created: existing?.info.created ?? now, updated: now)
            table.set(VaultTable.Entry(info: info, value: VaultTable.Value(value)))
        }
    }

    /// Removes entry `name` (`sesame vault remove`).
    ///
    /// - Throws: ``VaultError``: `invalidName`, `entryNotFound` (the file is not rewritten), and every
    ///   lock, unlock and write error.
    public func remove(named name: String) throws(VaultError) {
        _ = try remove(named: name, cachedKey: nil)
    }

    /// ``remove(named:)`` that tries `cachedKey` before the passphrase; returns the new state.
    func remove(named name: String, cachedKey: DataKey?) throws(VaultError) -> UnlockedVault {
        try VaultName.validate(name)
        return try mutate(cachedKey: cachedKey) { table throws(VaultError) in
            guard table.remove(named: name) else { throw .entryNotFound(name, path) }
        }
    }

    /// Lock → read + unlock → change → commit (§6), keeping the current file as `NAME.bak`.
    func mutate(cachedKey: DataKey?, _ change: (inout VaultTable) throws(VaultError) -> Void) throws(VaultError) -> UnlockedVault {
        let paths = VaultPaths(path)
        VaultFile.warnAboutDirectory(paths, logger: configuration.logger)
        let lock = try VaultLock.acquire(paths, timeout: configuration.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        lock.removeStaleTemporaries(paths)
        let image = try read(paths)
        let current = try unlock(image, paths: paths, cachedKey: cachedKey)
        var table = current.table
        try change(&table)
        let generation = image.header.generation + 1
        let bytes = try sealedFile(table, key: current.dataKey, template: image.header, generation: generation, path: path)
        let identity = try writer(paths).replace(with: bytes, backupOf: image.bytes)
        let written = try VaultHeader.decode(bytes, fileSize: bytes.count, path: path)
        return UnlockedVault(image: VaultImage(header: written, bytes: bytes, identity: identity), dataKey: current.dataKey, table: table)
    }

    /// The §4 value checks.
    static func checkValue(_ value: SecretBytes, named name: String, kind: VaultEntryKind, path: String) throws(VaultError) {
        guard !value.isEmpty else { throw .emptyValue(name, path) }
        guard value.count <= VaultLimits.maxValueLength else { throw .entryTooLarge(name, path, size: value.count) }
        guard kind == .pemPrivateKey else { return }
        do {
            _ = try RSAPrivateKey(pem: value)
        } catch let error as JOSEError {
            let reason = error.code == .encryptedKeyNeedsPassphrase
                ? "it is encrypted; decrypt it first: openssl pkey -in KEY -out KEY.plain.pem"
                : error.message
            throw .notAPrivateKey(name, path, reason: reason)
        } catch {
            throw .notAPrivateKey(name, path, reason: "OpenSSL cannot read it")
        }
    }
}

/// Creating the vault's folder.
enum VaultDirectory {
    /// Creates the missing folders above `path` with mode 0700 (whatever the umask).
    static func createParents(of path: String) throws(VaultError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let parent = (absolute as NSString).deletingLastPathComponent
        var missing: [String] = []
        var folder = parent
        while !folder.isEmpty && folder != "/" && access(folder, F_OK) != 0 {
            missing.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                throw .system("create the folder of", path, errorNumber: errno)
            }
            _ = chmod(folder, 0o700)
        }
    }
}
