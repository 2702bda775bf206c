/// The 204-byte header of a format-1 vault (`vault-format.md` §3). Nothing in it is secret.
///
/// ```
/// off len field              off len field
///   0   8 magic               72   1 kdf_id = 1, 73–75 zero
///   8   2 version = 1         76   4 opslimit
///  10   2 header_len = 204    80   4 memlimit (KiB)
///  12  16 vault_id            84  16 salt
///  28   1 aead_id = 1, 29–31  100  24 wrap_nonce
///  32   8 generation         124  48 wrapped DEK
///  40   8 body_len           172  32 checksum = BLAKE2b-256(header[0..<172])
///  48  24 body_nonce
/// ```
package struct VaultHeader: Hashable, Sendable {
    /// `89 53 56 4C 0D 0A 1A 0A`: `\x89SVL\r\n\x1a\n` (high bit, line endings and ^Z catch text-mode damage).
    package static let magic: [UInt8] = [0x89, 0x53, 0x56, 0x4C, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The format version this build writes and reads.
    package static let version: UInt16 = 1
    /// The header length of version 1.
    package static let length = 204
    /// The shortest header any version may declare: magic, version, length and checksum.
    package static let minimumDeclaredLength = 44
    /// The longest header any version may declare.
    package static let maximumDeclaredLength = 4_096
    /// The checksum length (BLAKE2b-256).
    package static let checksumLength = 32

    enum Offset {
        static let version = 8, headerLength = 10, vaultID = 12, aeadID = 28, generation = 32, bodyLength = 40
        static let bodyNonce = 48, kdfID = 72, opsLimit = 76, memoryKiB = 80, salt = 84, wrapNonce = 100
        static let wrappedKey = 124, checksum = 172
    }

    /// The AEAD identifier: XChaCha20-Poly1305-IETF.
    static let aeadID: UInt8 = 1
    /// The KDF identifier: Argon2id v1.3.
    static let kdfID: UInt8 = 1

    /// Random at `init`, fixed for the vault's life; ties `.bak` to its vault.
    package var vaultID: [UInt8]
    /// 1 at `init`, +1 per body write.
    package var generation: UInt64
    /// The body's length: the padded table plus the 16-byte tag.
    package var bodyLength: UInt64
    /// The body's nonce, fresh on every body write.
    package var bodyNonce: [UInt8]
    /// Argon2id costs.
    package var kdf: KDFParameters
    /// The Argon2id salt, fresh on every rewrap.
    package var salt: [UInt8]
    /// The nonce of the data-key wrap.
    package var wrapNonce: [UInt8]
    /// The data key encrypted under the passphrase key, with its tag.
    package var wrappedKey: [UInt8]

    /// Creates a header from its fields.
    package init(
        vaultID: [UInt8], generation: UInt64, bodyLength: UInt64, bodyNonce: [UInt8],
        kdf: KDFParameters, salt: [UInt8], wrapNonce: [UInt8], wrappedKey: [UInt8]
    ) {
        precondition(vaultID.count == 16 && bodyNonce.count == 24 && salt.count == 16, "header field of the wrong size")
        precondition(wrapNonce.count == 24 && wrappedKey.count == 48, "header field of the wrong size")
        self.vaultID = vaultID
        self.generation = generation
        self.bodyLength = bodyLength
        self.bodyNonce = bodyNonce
        self.kdf = kdf
        self.salt = salt
        self.wrapNonce = wrapNonce
        self.wrappedKey = wrappedKey
    }

    /// The 204 bytes, checksum included.
    package var encoded: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.length)
        bytes.replaceSubrange(0..<8, with: Self.magic)
        LittleEndian.write(Self.version, to: &bytes, at: Offset.version)
        LittleEndian.write(UInt16(Self.length), to: &bytes, at: Offset.headerLength)
        bytes.replaceSubrange(Offset.vaultID..<Offset.vaultID + 16, with: vaultID)
        bytes[Offset.aeadID] = Self.aeadID
        LittleEndian.write(generation, to: &bytes, at: Offset.generation)
        LittleEndian.write(bodyLength, to: &bytes, at: Offset.bodyLength)
        bytes.replaceSubrange(Offset.bodyNonce..<Offset.bodyNonce + 24, with: bodyNonce)
        bytes[Offset.kdfID] = Self.kdfID
        LittleEndian.write(kdf.opsLimit, to: &bytes, at: Offset.opsLimit)
        LittleEndian.write(kdf.memoryKiB, to: &bytes, at: Offset.memoryKiB)
        bytes.replaceSubrange(Offset.salt..<Offset.salt + 16, with: salt)
        bytes.replaceSubrange(Offset.wrapNonce..<Offset.wrapNonce + 24, with: wrapNonce)
        bytes.replaceSubrange(Offset.wrappedKey..<Offset.wrappedKey + 48, with: wrappedKey)
        let checksum = VaultCrypto.checksum(bytes[0..<Offset.checksum])
        bytes.replaceSubrange(Offset.checksum..<Self.length, with: checksum)
        return bytes
    }

    /// Associated data of the data-key wrap: `header[0..<28] ‖ header[72..<100]` (identity and KDF
    /// fields, not the body fields, so a body write keeps the wrap valid).
    var wrapAssociatedData: [UInt8] {
        let bytes = encoded
        return Array(bytes[0..<Offset.aeadID] + bytes[Offset.kdfID..<Offset.wrapNonce])
    }

    /// Associated data of the body: `header[0..<48]` (no wrap fields, so `passwd` keeps the body).
    var bodyAssociatedData: [UInt8] {
        Array(encoded[0..<Offset.bodyNonce])
    }

    /// The fields `passwd` rewrites, `header[72..<172]`: KDF, salt, wrap nonce, wrapped key.
    var wrapFields: WrapFields {
        WrapFields(kdf: kdf, salt: salt, wrapNonce: wrapNonce, wrappedKey: wrappedKey)
    }

    /// A copy with `fields` in place of its own wrap fields.
    func rewrapped(_ fields: WrapFields) -> VaultHeader {
        var copy = self
        copy.kdf = fields.kdf
        copy.salt = fields.salt
        copy.wrapNonce = fields.wrapNonce
        copy.wrappedKey = fields.wrappedKey
        return copy
    }

    /// The whole file's expected length.
    var fileLength: Int { Self.length + Int(bodyLength) }
}

/// The passphrase-dependent part of a header: KDF parameters, salt, and the wrapped data key.
struct WrapFields: Hashable, Sendable {
    var kdf: KDFParameters
    var salt: [UInt8]
    var wrapNonce: [UInt8]
    var wrappedKey: [UInt8]
}
