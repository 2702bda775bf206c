import CSodium
import Foundation
import SesameCore

/// Encrypts tokens for the table with XChaCha20-Poly1305 (IETF), under a key derived from the
/// `encryptionKey` secret; the associated data is the row's key digest, so a row copied under another
/// key does not decrypt.
///
/// The derived key lives in guarded memory (``SecretBytes``) and is zeroed when the cipher is released.
struct TokenCipher: Sendable {
    /// The shortest `encryptionKey` secret accepted, in bytes.
    static let minimumSecretLength = 16
    static let keyLength = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    /// Fixed, so that every host derives the same key from the same secret; versioned, so that a later
    /// scheme never reuses this key.
    private static let context = Array("sesame-token-cache/xchacha20poly1305/v1".utf8)

    private let key: SecretBytes

    /// Derives the key: BLAKE2b-256 of a fixed context, keyed by the secret (pre-hashed with BLAKE2b-512
    /// when longer than BLAKE2b's 64-byte key limit). A keyed hash, not a password KDF: the secret must be
    /// random bytes, not a passphrase.
    ///
    /// - Throws: ``PostgresTokenStoreError`` `.secret` when `secret` is shorter than 16 bytes.
    init(secret: SecretBytes, source: String) throws {
        guard secret.count >= Self.minimumSecretLength else {
            throw PostgresTokenStoreError(
                .secret,
                "the encryptionKey\(PostgresClientOwner.naming(source)) holds \(secret.count) bytes, fewer than \(Self.minimumSecretLength); store at least 32 random bytes there (e.g. `openssl rand -base64 32`)"
            )
        }
        Sodium.ensureInitialized()
        let hashKey: SecretBytes
        if secret.count > Int(crypto_generichash_KEYBYTES_MAX) {
            hashKey = secret.transformed(capacity: 64) { input, output in
                _ = crypto_generichash(
                    output.bindMemory(to: UInt8.self).baseAddress!, 64,
                    input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count), nil, 0
                )
                return 64
            }
        } else {
            hashKey = secret
        }
        key = hashKey.transformed(capacity: Self.keyLength) { input, output in
            _ = crypto_generichash(
                output.bindMemory(to: UInt8.self).baseAddress!, Self.keyLength,
                Self.context, UInt64(Self.context.count),
                input.bindMemory(to: UInt8.self).baseAddress, input.count
            )
            return Self.keyLength
        }
    }

    /// A fresh random nonce and the ciphertext (tag included) of `plaintext`, bound to `digest`.
    func seal(_ plaintext: [UInt8], digest: String) -> (nonce: [UInt8], ciphertext: [UInt8]) {
        let nonce = Sodium.randomBytes(count: Self.nonceLength)
        let associatedData = Array(digest.utf8)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + Self.tagLength)
        var written: UInt64 = 0
        let status = key.withUnsafeBytes { key in
            ciphertext.withUnsafeMutableBufferPointer { output in
                crypto_aead_xchacha20poly1305_ietf_encrypt(
                    output.baseAddress!, &written,
                    plaintext, UInt64(plaintext.count),
                    associatedData, UInt64(associatedData.count), nil,
                    nonce, key.bindMemory(to: UInt8.self).baseAddress!
                )
            }
        }
        precondition(status == 0 && Int(written) == ciphertext.count, "XChaCha20-Poly1305 encryption failed")
        return (nonce, ciphertext)
    }

    /// The plaintext of `ciphertext`, in guarded memory, or `nil` when it does not authenticate under
    /// this key, `nonce` and `digest`.
    func open(nonce: [UInt8], ciphertext: [UInt8], digest: String) -> SecretBytes? {
        guard nonce.count == Self.nonceLength, ciphertext.count >= Self.tagLength else { return nil }
        let associatedData = Array(digest.utf8)
        var authentic = false
        let plaintext = SecretBytes(count: ciphertext.count - Self.tagLength) { output in
            var written: UInt64 = 0
            // libsodium needs a valid output pointer even for an empty message.
            var scratch: UInt8 = 0
            let status = key.withUnsafeBytes { key in
                withUnsafeMutablePointer(to: &scratch) { fallback in
                    crypto_aead_xchacha20poly1305_ietf_decrypt(
                        output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? fallback, &written, nil,
                        ciphertext, UInt64(ciphertext.count),
                        associatedData, UInt64(associatedData.count),
                        nonce, key.bindMemory(to: UInt8.self).baseAddress!
                    )
                }
            }
            authentic = status == 0
        }
        return authentic ? plaintext : nil
    }
}
