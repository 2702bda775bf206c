extension VaultHeader {
    /// The bytes a reader needs to classify any file: the longest header any version may declare.
    package static let classificationPrefix = maximumDeclaredLength

    /// Parses and checks the header of a file of `fileSize` bytes whose first bytes are `prefix`
    /// (at least `min(fileSize, 4096)` of them), in the order of `vault-format.md` §9: magic,
    /// header_len, checksum, version, fields, body length, KDF range.
    ///
    /// Pure: no I/O, no KDF, no allocation beyond the header's own fields, so it is safe on any input.
    /// The body is not read; a file that passes is exactly `204 + bodyLength` bytes long.
    ///
    /// - Parameter path: how the file is named in errors.
    /// - Throws: ``VaultError``: `truncated`, `notAVault`, `headerCorrupted`, `newerVersion`,
    ///   `unknownVersion`, `headerInvalid`, `kdfParamsOutOfRange`.
    package static func decode(_ prefix: [UInt8], fileSize: Int, path: String) throws(VaultError) -> VaultHeader {
        let available = min(prefix.count, fileSize)
        // Magic: compare the bytes present; a matching short prefix is a truncated vault.
        let magicBytes = min(available, magic.count)
        guard prefix[0..<magicBytes].elementsEqual(magic[0..<magicBytes]) else { throw .notAVault(path) }
        guard available >= Offset.headerLength + 2 else {
            throw .truncated(path, size: fileSize, expected: length)
        }
        let declared = Int(LittleEndian.read(UInt16.self, from: prefix, at: Offset.headerLength))
        guard (minimumDeclaredLength...maximumDeclaredLength).contains(declared) else { throw .headerCorrupted(path) }
        guard available >= declared else { throw .truncated(path, size: fileSize, expected: declared) }
        let expected = VaultCrypto.checksum(prefix[0..<declared - checksumLength])
        guard VaultCrypto.constantTimeEqual(expected, prefix[(declared - checksumLength)..<declared]) else {
            throw .headerCorrupted(path)
        }
        let version = LittleEndian.read(UInt16.self, from: prefix, at: Offset.version)
        switch version {
        case Self.version: break
        case 2...0x7FFF: throw .newerVersion(path, version: version)
        default: throw .unknownVersion(path, version: version)
        }
        let header = try fields(prefix, declaredLength: declared, path: path)
        try checkBodyLength(header, fileSize: fileSize, path: path)
        guard header.kdf.isAccepted else {
            throw .kdfOutOfRange(path, opsLimit: header.kdf.opsLimit, memoryKiB: header.kdf.memoryKiB)
        }
        return header
    }

    private static func fields(_ bytes: [UInt8], declaredLength: Int, path: String) throws(VaultError) -> VaultHeader {
        guard declaredLength == length else {
            throw .headerInvalid(path, "header_len is \(declaredLength), version 1 has \(length)")
        }
        let vaultID = Array(bytes[Offset.vaultID..<Offset.vaultID + 16])
        guard vaultID.contains(where: { $0 != 0 }) else { throw .headerInvalid(path, "vault_id is zero") }
        guard bytes[Offset.aeadID] == aeadID else {
            throw .headerInvalid(path, "aead_id is \(bytes[Offset.aeadID]), expected 1 (XChaCha20-Poly1305)")
        }
        guard bytes[Offset.kdfID] == kdfID else {
            throw .headerInvalid(path, "kdf_id is \(bytes[Offset.kdfID]), expected 1 (Argon2id v1.3)")
        }
        let reserved = [29, 30, 31, 73, 74, 75]
        if let offset = reserved.first(where: { bytes[$0] != 0 }) {
            throw .headerInvalid(path, "reserved byte \(offset) is not zero")
        }
        let generation = LittleEndian.read(UInt64.self, from: bytes, at: Offset.generation)
        guard generation >= 1 else { throw .headerInvalid(path, "generation is 0") }
        return VaultHeader(
            vaultID: vaultID,
            generation: generation,
            bodyLength: LittleEndian.read(UInt64.self, from: bytes, at: Offset.bodyLength),
            bodyNonce: Array(bytes[Offset.bodyNonce..<Offset.bodyNonce + 24]),
            kdf: KDFParameters(
                opsLimit: LittleEndian.read(UInt32.self, from: bytes, at: Offset.opsLimit),
                memoryKiB: LittleEndian.read(UInt32.self, from: bytes, at: Offset.memoryKiB)
            ),
            salt: Array(bytes[Offset.salt..<Offset.salt + 16]),
            wrapNonce: Array(bytes[Offset.wrapNonce..<Offset.wrapNonce + 24]),
            wrappedKey: Array(bytes[Offset.wrappedKey..<Offset.wrappedKey + 48])
        )
    }

    private static func checkBodyLength(_ header: VaultHeader, fileSize: Int, path: String) throws(VaultError) {
        let body = header.bodyLength
        guard body <= UInt64(VaultLimits.maxBodyLength) else {
            throw .headerInvalid(path, "body_len \(body) exceeds \(VaultLimits.maxBodyLength) bytes")
        }
        let padded = Int(body) - VaultLimits.tagLength
        guard padded >= VaultLimits.tableBlock, padded % VaultLimits.tableBlock == 0 else {
            throw .headerInvalid(path, "body_len \(body) is not 16 plus a multiple of \(VaultLimits.tableBlock)")
        }
        let expected = length + Int(body)
        if fileSize < expected { throw .truncated(path, size: fileSize, expected: expected) }
        if fileSize > expected { throw .headerInvalid(path, "\(fileSize - expected) bytes after the body") }
    }
}
