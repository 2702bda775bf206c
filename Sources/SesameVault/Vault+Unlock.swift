import SesameCore

extension Vault {
    /// Unlocks `image`: with `cachedKey` when the body opens under it (no KDF), else passphrase →
    /// Argon2id → unwrap → body → table.
    ///
    /// - Throws: ``VaultError``: passphrase errors, `kdfOutOfMemory`, `wrongPassphrase`,
    ///   `dataCorrupted`, `malformed`.
    func unlock(_ image: VaultImage, paths: VaultPaths, cachedKey: DataKey?) throws(VaultError) -> UnlockedVault {
        if let cachedKey, let table = try Self.openBody(image, key: cachedKey, path: paths.display) {
            return UnlockedVault(image: image, dataKey: cachedKey, table: table)
        }
        let passphrase = try configuration.passphrase.passphrase(for: paths.display, purpose: .unlock)
        let passphraseKey = try deriveKey(passphrase, header: image.header, path: paths.display)
        guard let dataKey = VaultCrypto.unwrap(image.header, passphraseKey: passphraseKey) else {
            throw .wrongPassphrase(paths.display)
        }
        guard let table = try Self.openBody(image, key: dataKey, path: paths.display) else {
            throw .dataCorrupted(paths.display)
        }
        return UnlockedVault(image: image, dataKey: dataKey, table: table)
    }

    /// Argon2id with the header's salt and parameters.
    func deriveKey(_ passphrase: SecretBytes, header: VaultHeader, path: String) throws(VaultError) -> SecretBytes {
        guard let key = configuration.keyDerivation.derive(passphrase, header.salt, header.kdf) else {
            throw .kdfOutOfMemory(path, memoryKiB: header.kdf.memoryKiB)
        }
        return key
    }

    /// The table of `image` under `key`, or `nil` when the body does not authenticate under it.
    ///
    /// - Throws: ``VaultError`` `.malformed` when it authenticates but does not parse.
    static func openBody(_ image: VaultImage, key: DataKey, path: String) throws(VaultError) -> VaultTable? {
        let associatedData = Array(image.bytes[0..<VaultHeader.Offset.bodyNonce])
        let plaintext = key.withBytes { keyBytes in
            image.body.withUnsafeBytes { body in
                VaultCrypto.open(body, associatedData: associatedData, nonce: image.header.bodyNonce, key: keyBytes)
            }
        }
        guard let plaintext else { return nil }
        return try VaultTable.decode(plaintext, path: path)
    }

    /// A whole file holding `table` under `key`: `template` with `generation`, a fresh body nonce and
    /// the new body length.
    func sealedFile(_ table: VaultTable, key: DataKey, template: VaultHeader, generation: UInt64, path: String) throws(VaultError) -> [UInt8] {
        let padded = try table.encoded(path: path)
        var header = template
        header.generation = generation
        header.bodyLength = UInt64(padded.count + VaultLimits.tagLength)
        header.bodyNonce = configuration.random.bytes(VaultCrypto.nonceLength)
        let associatedData = header.bodyAssociatedData
        let body = key.withBytes { keyBytes in
            padded.withUnsafeBytes { VaultCrypto.seal($0, associatedData: associatedData, nonce: header.bodyNonce, key: keyBytes) }
        }
        return header.encoded + body
    }

    /// New wrap fields for `dataKey` under `passphrase`: a fresh salt and nonce, `parameters`.
    func wrapFields(for dataKey: DataKey, passphrase: SecretBytes, parameters: KDFParameters, template: VaultHeader, path: String) throws(VaultError) -> WrapFields {
        var header = template
        header.kdf = parameters
        header.salt = configuration.random.bytes(VaultCrypto.saltLength)
        let passphraseKey = try deriveKey(passphrase, header: header, path: path)
        let (nonce, wrapped) = VaultCrypto.wrap(dataKey, passphraseKey: passphraseKey, header: header, random: configuration.random)
        return WrapFields(kdf: parameters, salt: header.salt, wrapNonce: nonce, wrappedKey: wrapped)
    }

    /// A writer for `paths` with this configuration's seams.
    func writer(_ paths: VaultPaths) -> VaultWriter {
        VaultWriter(paths: paths, fileIO: configuration.fileIO, crashHook: configuration.crashHook, random: configuration.random, logger: configuration.logger)
    }

    /// Reads `paths` with this configuration's permission policy.
    func read(_ paths: VaultPaths) throws(VaultError) -> VaultImage {
        try VaultFile.read(paths, allowInsecure: configuration.allowInsecurePermissions, logger: configuration.logger)
    }
}
