import COpenSSL
import SesameCore

/// An owned `EVP_PKEY`, freed on release. OpenSSL 3 allows concurrent read-only use of a key
/// (signing and verifying with per-call contexts), which is all this type offers.
final class OpenSSLKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    var isRSA: Bool { EVP_PKEY_is_a(pointer, "RSA") == 1 }

    /// Decodes a PEM key, optionally with a passphrase for encrypted keys.
    static func decode(pem: UnsafeRawBufferPointer, selection: Int32, passphrase: SecretBytes?) -> OpenSSLKey? {
        var key: OpaquePointer?
        guard let context = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nil, nil, selection, nil, nil) else { return nil }
        defer { OSSL_DECODER_CTX_free(context) }
        if let passphrase {
            let set = passphrase.withUnsafeBytes { bytes in
                OSSL_DECODER_CTX_set_passphrase(context, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
            }
            guard set == 1 else { return nil }
        }
        guard var data = pem.bindMemory(to: UInt8.self).baseAddress else { return nil }
        var length = pem.count
        let decoded = withUnsafeMutablePointer(to: &data) { dataPointer in
            // OSSL_DECODER_from_data advances the pointer it is given; it only reads.
            dataPointer.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 1) {
                OSSL_DECODER_from_data(context, $0, &length)
            }
        }
        ERR_clear_error()
        guard decoded == 1, let key else { return nil }
        return OpenSSLKey(taking: key)
    }

    /// Encodes the key as PEM with `structure` ("PrivateKeyInfo", "type-specific",
    /// "SubjectPublicKeyInfo"), into guarded memory.
    func encode(selection: Int32, structure: String) throws -> SecretBytes {
        guard let context = OSSL_ENCODER_CTX_new_for_pkey(pointer, selection, "PEM", structure, nil) else {
            throw JOSEError(.encodingFailed, "OpenSSL cannot write this key as \(structure) PEM")
        }
        defer { OSSL_ENCODER_CTX_free(context) }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard OSSL_ENCODER_to_data(context, &output, &length) == 1, let output else {
            ERR_clear_error()
            throw JOSEError(.encodingFailed, "OpenSSL failed to write this key as \(structure) PEM")
        }
        // OpenSSL allocated the output; copy it into guarded memory and wipe its buffer.
        defer { CRYPTO_clear_free(output, length, #fileID, #line) }
        return SecretBytes(count: length) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(start: output, count: length))
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
