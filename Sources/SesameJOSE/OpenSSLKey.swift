import COpenSSL
import SesameCore
import Synchronization

/// An owned `EVP_PKEY`, freed on release. OpenSSL 3 allows concurrent read-only use of a key
/// (signing and verifying with per-call contexts), which is all this type offers.
final class OpenSSLKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Serialises PEM decoding and encoding: cheap insurance, since these calls are rare (keys are
    /// parsed once) and OpenSSL 3.0's codec contexts are not documented as safe to build
    /// concurrently. Signing does not take it.
    private static let codecLock = Mutex(())

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    var isRSA: Bool { EVP_PKEY_is_a(pointer, "RSA") == 1 }

    /// Decodes a PEM private key (PKCS#8, PKCS#1, encrypted PKCS#8, legacy encrypted PKCS#1). Without a
    /// passphrase, an encrypted key fails at once: OpenSSL's default would prompt on the terminal.
    ///
    /// - Throws: ``JOSEError/Code/unsafeKeyEncryption`` when the key's password-based encryption is
    ///   outside `limits`, before any key derivation starts.
    static func decodePrivateKey(pem: UnsafeRawBufferPointer, passphrase: SecretBytes?, limits: KeyEncryptionLimits) throws(JOSEError) -> OpenSSLKey? {
        try codecLock.withLock { _ throws(JOSEError) in
            try limits.check(pem: pem, passphrase: passphrase)
            guard let bio = BIO_new_mem_buf(pem.baseAddress, Int32(pem.count)) else { return nil }
            defer { BIO_free(bio) }
            let key: OpaquePointer? = PEMPassphrase.with(passphrase) { context in
                PEM_read_bio_PrivateKey(bio, nil, PEMPassphrase.callback, context)
            }
            ERR_clear_error()
            return key.map(OpenSSLKey.init(taking:))
        }
    }

    /// Decodes a PEM public key: SubjectPublicKeyInfo (PEM label `PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    static func decodePublicKey(pem: UnsafeRawBufferPointer, pkcs1: Bool) -> OpenSSLKey? {
        codecLock.withLock { _ in
            defer { ERR_clear_error() }
            if !pkcs1 {
                guard let bio = BIO_new_mem_buf(pem.baseAddress, Int32(pem.count)) else { return nil }
                defer { BIO_free(bio) }
                return PEM_read_bio_PUBKEY(bio, nil, nil, nil).map(OpenSSLKey.init(taking:))
            }
            // PKCS#1 public keys have no non-deprecated PEM_read function; the decoder API reads them.
            // The decoder context keeps the name pointers and the key slot until it is freed, so all
            // of them must outlive it: Swift's implicit string bridging would free them after the call.
            let key = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
            key.initialize(to: nil)
            defer { key.deallocate() }
            let decoded: Bool = "PEM".withCString { input in
                "type-specific".withCString { structure in
                    "RSA".withCString { keyType in
                        guard let context = OSSL_DECODER_CTX_new_for_pkey(key, input, structure, keyType, Int32(sesame_selection_public_key), nil, nil) else { return false }
                        defer { OSSL_DECODER_CTX_free(context) }
                        guard var data = pem.bindMemory(to: UInt8.self).baseAddress else { return false }
                        var length = pem.count
                        return withUnsafeMutablePointer(to: &data) { pointer in
                            pointer.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 1) { OSSL_DECODER_from_data(context, $0, &length) == 1 }
                        }
                    }
                }
            }
            guard decoded, let decodedKey = key.pointee else { return nil }
            return OpenSSLKey(taking: decodedKey)
        }
    }

    /// The PEM forms a key can be written in.
    enum PEMForm {
        /// PEM label `PUBLIC KEY`.
        case publicKey
        /// PEM label `PRIVATE KEY`.
        case pkcs8
        /// PEM label `RSA PRIVATE KEY`.
        case pkcs1
    }

    /// Writes the key as PEM into guarded memory. Private forms go through a secure-memory BIO,
    /// which wipes its buffer when freed.
    func encode(_ form: PEMForm) throws -> SecretBytes {
        try Self.codecLock.withLock { _ in
            let method = form == .publicKey ? BIO_s_mem() : BIO_s_secmem()
            guard let bio = BIO_new(method) else { throw JOSEError(.encodingFailed, "OpenSSL cannot allocate a buffer") }
            defer { BIO_free(bio) }
            let written: Int32
            switch form {
            case .publicKey: written = PEM_write_bio_PUBKEY(bio, pointer)
            case .pkcs8: written = PEM_write_bio_PrivateKey(bio, pointer, nil, nil, 0, nil, nil)
            case .pkcs1: written = PEM_write_bio_PrivateKey_traditional(bio, pointer, nil, nil, 0, nil, nil)
            }
            var data: UnsafeMutablePointer<CChar>?
            let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data)
            guard written == 1, length > 0, let data else {
                ERR_clear_error()
                throw JOSEError(.encodingFailed, "OpenSSL failed to write the key as PEM")
            }
            return SecretBytes(count: length) { buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(start: data, count: length))
            }
        }
    }

    /// The big-endian bytes of an integer parameter of the key ("n", "e").
    func integerParameter(_ name: String) -> [UInt8]? {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &number) == 1, let number else { return nil }
        defer { BN_free(number) }
        let length = (Int(BN_num_bits(number)) + 7) / 8
        var bytes = [UInt8](repeating: 0, count: length)
        _ = BN_bn2bin(number, &bytes)
        return bytes
    }
}
