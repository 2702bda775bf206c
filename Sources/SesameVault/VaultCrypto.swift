import CSodium
import SesameCore

/// The libsodium primitives of the format (`vault-format.md` §1): BLAKE2b-256 checksum,
/// XChaCha20-Poly1305-IETF with associated data, and the key wrap. Argon2id is ``KeyDerivation``.
enum VaultCrypto {
    static let keyLength = 32
    static let nonceLength = 24
    static let tagLength = VaultLimits.tagLength
    static let saltLength = 16

    /// BLAKE2b-256 of `bytes`, unkeyed.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { input in
            _ = crypto_generichash(&digest, 32, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count), nil, 0)
        }
        return digest
    }

    /// Compares in time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in sodium_memcmp(left.baseAddress!, right.baseAddress!, a.count) == 0 }
        }
    }

    /// Encrypts `plaintext` under `key` (32 bytes): ciphertext followed by the 16-byte tag.
    static func seal(_ plaintext: UnsafeRawBufferPointer, associatedData: [UInt8], nonce: [UInt8], key: UnsafeRawBufferPointer) -> [UInt8] {
        precondition(key.count == keyLength && nonce.count == nonceLength, "bad AEAD key or nonce length")
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var written: UInt64 = 0
        let status = ciphertext.withUnsafeMutableBufferPointer { output in
            crypto_aead_xchacha20poly1305_ietf_encrypt(
                output.baseAddress!, &written,
                plaintext.bindMemory(to: UInt8.self).baseAddress, UInt64(plaintext.count),
                associatedData, UInt64(associatedData.count), nil,
                nonce, key.bindMemory(to: UInt8.self).baseAddress!
            )
        }
        precondition(status == 0 && Int(written) == ciphertext.count, "XChaCha20-Poly1305 encryption failed")
        return ciphertext
    }

    /// Decrypts and authenticates `ciphertext` (tag included) straight into guarded memory, or `nil`
    /// when authentication fails.
    static func open(_ ciphertext: UnsafeRawBufferPointer, associatedData: [UInt8], nonce: [UInt8], key: UnsafeRawBufferPointer) -> SecretBytes? {
        guard ciphertext.count >= tagLength else { return nil }
        var authentic = false
        let plaintext = SecretBytes(count: ciphertext.count - tagLength) { output in
            authentic = decrypt(ciphertext, into: output, associatedData: associatedData, nonce: nonce, key: key)
        }
        return authentic ? plaintext : nil
    }

    /// Decrypts `ciphertext` into `output` (exactly `ciphertext.count - 16` bytes); `false` on a bad tag.
    static func decrypt(
        _ ciphertext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        associatedData: [UInt8], nonce: [UInt8], key: UnsafeRawBufferPointer
    ) -> Bool {
        precondition(key.count == keyLength && nonce.count == nonceLength, "bad AEAD key or nonce length")
        precondition(output.count == ciphertext.count - tagLength, "bad AEAD output length")
        var written: UInt64 = 0
        // libsodium needs a valid pointer even for an empty message.
        var scratch: UInt8 = 0
        let target = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let status = withUnsafeMutablePointer(to: &scratch) { fallback in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                target ?? fallback, &written, nil,
                ciphertext.bindMemory(to: UInt8.self).baseAddress!, UInt64(ciphertext.count),
                associatedData, UInt64(associatedData.count),
                nonce, key.bindMemory(to: UInt8.self).baseAddress!
            )
        }
        return status == 0
    }

    /// Wraps `dataKey` under `passphraseKey`: a fresh nonce, and 48 bytes of ciphertext and tag.
    static func wrap(
        _ dataKey: DataKey, passphraseKey: SecretBytes, header: VaultHeader, random: VaultRandom
    ) -> (nonce: [UInt8], wrapped: [UInt8]) {
        let nonce = random.bytes(nonceLength)
        let associatedData = header.wrapAssociatedData
        let wrapped = dataKey.withBytes { key in
            passphraseKey.withUnsafeBytes { kek in seal(key, associatedData: associatedData, nonce: nonce, key: kek) }
        }
        return (nonce, wrapped)
    }

    /// Unwraps the data key of `header` with `passphraseKey`, or `nil` when the passphrase is wrong.
    static func unwrap(_ header: VaultHeader, passphraseKey: SecretBytes) -> DataKey? {
        let associatedData = header.wrapAssociatedData
        return try? DataKey { output in
            let authentic = header.wrappedKey.withUnsafeBytes { wrapped in
                passphraseKey.withUnsafeBytes { kek in
                    decrypt(wrapped, into: output, associatedData: associatedData, nonce: header.wrapNonce, key: kek)
                }
            }
            if !authentic { throw UnwrapFailure() }
        }
    }

    private struct UnwrapFailure: Error {}
}
