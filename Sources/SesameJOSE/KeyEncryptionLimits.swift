import COpenSSL
import SesameCore

/// Bounds on the password-based encryption of a private key (encrypted PKCS#8), checked before
/// OpenSSL derives anything from the passphrase.
///
/// The key derivation's cost is written in the file, so a hostile file can make decoding burn a CPU
/// for hours (2^31 PBKDF2 iterations) without these bounds. Each bound is far above what real tools
/// write and still keeps the derivation to seconds of one core:
/// - PBKDF2 and PBES1/PKCS#12 iterations: at most 10,000,000. OpenSSL writes 2,048 by default; current
///   advice (OWASP, 2023) is 600,000 with HMAC-SHA-256 and 1,300,000 with HMAC-SHA-1. 1,000,000
///   iterations of HMAC-SHA-256 take about 0.3 s here, so the bound costs at most a few seconds.
/// - scrypt: N a power of two, N·r·p at most 2^22, 32 times what `openssl pkcs8 -scrypt` writes
///   (N = 16384, r = 8, p = 1: about 0.06 s), so at most about 2 s. OpenSSL bounds scrypt's memory
///   itself (32 MiB).
/// - Salts of at most 1 KiB, IVs of at most 16 bytes, derived key lengths of at most 64 bytes (what
///   OpenSSL's ciphers can use; a longer PBKDF2 output would multiply its cost).
package struct KeyEncryptionLimits: Sendable, Equatable {
    /// The most PBKDF2 (or PBES1, PKCS#12 PBE) iterations accepted.
    package var maximumIterations: Int64
    /// The most scrypt work (N·r·p) accepted.
    package var maximumScryptWork: Int64
    /// The longest salt accepted, in bytes.
    package var maximumSaltSize: Int

    /// The bounds every key is read with (see the type's documentation for why these values).
    package static let standard = KeyEncryptionLimits(maximumIterations: 10_000_000, maximumScryptWork: 1 << 22)

    /// Bounds other than the standard ones (tests use low ones to check real keys quickly).
    package init(maximumIterations: Int64, maximumScryptWork: Int64, maximumSaltSize: Int = 1024) {
        self.maximumIterations = maximumIterations
        self.maximumScryptWork = maximumScryptWork
        self.maximumSaltSize = maximumSaltSize
    }

    /// The longest IV accepted (OpenSSL's `EVP_MAX_IV_LENGTH`).
    static let maximumIVSize = 16
    /// The longest derived key accepted (OpenSSL's `EVP_MAX_KEY_LENGTH`).
    static let maximumKeyLength: Int64 = 64

    /// The fix named by every refusal.
    static let fix = "re-encrypt it at a usual cost: openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000 -in KEY -out KEY.new.pem (a key from elsewhere with such parameters is damaged or made to hang whoever reads it: do not use it)"

    /// Refuses `pem` when a PEM block in it, as OpenSSL will decode it, is an `EncryptedPrivateKeyInfo`
    /// whose encryption is outside these bounds.
    ///
    /// Every block is looked at, whatever its label: OpenSSL's decoder moves on to the next block when
    /// one fails. A block under legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`, one MD5 round) is also
    /// looked at decrypted with `passphrase`, as OpenSSL will decrypt it; without a passphrase OpenSSL
    /// derives nothing.
    package func check(pem: UnsafeRawBufferPointer, passphrase: SecretBytes?) throws(JOSEError) {
        guard let bio = BIO_new_mem_buf(pem.baseAddress, Int32(pem.count)) else { return }
        defer {
            BIO_free(bio)
            ERR_clear_error()
        }
        var remaining = BIO_ctrl_pending(bio)
        while remaining > 0 {
            var name: UnsafeMutablePointer<CChar>?
            var header: UnsafeMutablePointer<CChar>?
            var data: UnsafeMutablePointer<UInt8>?
            var length = 0
            let read = PEM_read_bio_ex(bio, &name, &header, &data, &length, UInt32(PEM_FLAG_SECURE | PEM_FLAG_EAY_COMPATIBLE))
            defer {
                CRYPTO_secure_free(name, nil, 0)
                CRYPTO_secure_free(header, nil, 0)
                if let data { CRYPTO_secure_clear_free(data, length, nil, 0) }
            }
            if read == 1, let data {
                try checkBlock(UnsafeBufferPointer(start: data, count: length))
                if let header, Self.removeLegacyEncryption(data, &length, header: header, passphrase: passphrase) {
                    try checkBlock(UnsafeBufferPointer(start: data, count: length))
                }
            }
            let left = BIO_ctrl_pending(bio)
            guard left < remaining else { return }
            remaining = left
        }
    }

    /// Decrypts a block under legacy PEM encryption in place; `true` when it was, `false` when it is not
    /// encrypted that way or cannot be decrypted (no passphrase, a wrong one: OpenSSL fails too).
    private static func removeLegacyEncryption(_ data: UnsafeMutablePointer<UInt8>, _ length: inout Int, header: UnsafeMutablePointer<CChar>, passphrase: SecretBytes?) -> Bool {
        guard header.pointee != 0, passphrase != nil else { return false }
        var cipher = EVP_CIPHER_INFO()
        guard PEM_get_EVP_CIPHER_INFO(header, &cipher) == 1, cipher.cipher != nil else { return false }
        return PEMPassphrase.with(passphrase) { context in
            PEM_do_header(&cipher, data, &length, PEMPassphrase.callback, context) == 1
        }
    }

    /// Checks one block's DER when it is an `EncryptedPrivateKeyInfo`; anything else is OpenSSL's to refuse.
    private func checkBlock(_ der: UnsafeBufferPointer<UInt8>) throws(JOSEError) {
        var cursor: UnsafePointer<UInt8>? = der.baseAddress
        guard let signature = d2i_X509_SIG(nil, &cursor, der.count) else { return }
        defer { X509_SIG_free(signature) }
        var algorithm: UnsafePointer<X509_ALGOR>?
        var digest: UnsafePointer<ASN1_OCTET_STRING>?
        X509_SIG_get0(signature, &algorithm, &digest)
        guard let algorithm else { return }
        let (scheme, parameters) = Self.contents(of: algorithm)
        if scheme == NID_pbes2 {
            try checkPBES2(parameters)
        } else if let parameters, let pbe = Self.decode(parameters, d2i_PBEPARAM) {
            // PBES1 and the PKCS#12 PBEs (`-v1`): a salt and an iteration count.
            defer { PBEPARAM_free(pbe) }
            try checkSalt(pbe.pointee.salt, scheme: "PBES1")
            try checkIterations(pbe.pointee.iter, scheme: "PBES1")
        }
    }

    private func checkPBES2(_ parameters: UnsafePointer<ASN1_STRING>?) throws(JOSEError) {
        guard let parameters, let pbes2 = Self.decode(parameters, d2i_PBE2PARAM) else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's PBES2 parameters cannot be read; \(Self.fix)")
        }
        defer { PBE2PARAM_free(pbes2) }
        if let encryption = pbes2.pointee.encryption {
            var object: OpaquePointer?
            var type: Int32 = 0
            var value: UnsafeRawPointer?
            X509_ALGOR_get0(&object, &type, &value, encryption)
            if type == V_ASN1_OCTET_STRING, let value {
                let iv = Int(ASN1_STRING_length(value.assumingMemoryBound(to: ASN1_STRING.self)))
                guard iv <= Self.maximumIVSize else {
                    throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's IV is \(iv) bytes; no cipher uses more than \(Self.maximumIVSize); \(Self.fix)")
                }
            }
        }
        guard let function = pbes2.pointee.keyfunc else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key names no key derivation function; \(Self.fix)")
        }
        let (kdf, kdfParameters) = Self.contents(of: function)
        switch kdf {
        case NID_id_pbkdf2:
            guard let kdfParameters, let pbkdf2 = Self.decode(kdfParameters, d2i_PBKDF2PARAM) else {
                throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's PBKDF2 parameters cannot be read; \(Self.fix)")
            }
            defer { PBKDF2PARAM_free(pbkdf2) }
            if let salt = pbkdf2.pointee.salt, ASN1_TYPE_get(salt) == V_ASN1_OCTET_STRING {
                try checkSalt(salt.pointee.value.octet_string, scheme: "PBKDF2")
            }
            try checkIterations(pbkdf2.pointee.iter, scheme: "PBKDF2")
            try Self.checkKeyLength(pbkdf2.pointee.keylength, scheme: "PBKDF2")
        case NID_id_scrypt:
            guard let kdfParameters, let scrypt = Self.decode(kdfParameters, d2i_SCRYPT_PARAMS) else {
                throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's scrypt parameters cannot be read; \(Self.fix)")
            }
            defer { SCRYPT_PARAMS_free(scrypt) }
            try checkSalt(scrypt.pointee.salt, scheme: "scrypt")
            try checkScrypt(n: scrypt.pointee.costParameter, r: scrypt.pointee.blockSize, p: scrypt.pointee.parallelizationParameter)
            try Self.checkKeyLength(scrypt.pointee.keyLength, scheme: "scrypt")
        default:
            let name = kdf == NID_undef ? "an unknown one" : String(cString: OBJ_nid2sn(kdf))
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's key derivation is \(name); Sesame reads PBKDF2 and scrypt; \(Self.fix)")
        }
    }

    private func checkIterations(_ iterations: UnsafePointer<ASN1_INTEGER>?, scheme: String) throws(JOSEError) {
        var count: Int64 = 0
        guard let iterations, ASN1_INTEGER_get_int64(&count, iterations) == 1, count >= 1 else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's \(scheme) iteration count is not a positive 64-bit number; \(Self.fix)")
        }
        guard count <= maximumIterations else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key asks for \(count) \(scheme) iterations; Sesame derives keys with at most \(maximumIterations) (OpenSSL writes 2048, current tools up to 1300000); \(Self.fix)")
        }
    }

    private func checkScrypt(n: UnsafePointer<ASN1_INTEGER>?, r: UnsafePointer<ASN1_INTEGER>?, p: UnsafePointer<ASN1_INTEGER>?) throws(JOSEError) {
        var values: [Int64] = []
        for parameter in [n, r, p] {
            var value: Int64 = 0
            guard let parameter, ASN1_INTEGER_get_int64(&value, parameter) == 1, value >= 1 else {
                throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's scrypt N, r and p are not all positive 64-bit numbers; \(Self.fix)")
            }
            values.append(value)
        }
        let (n, r, p) = (values[0], values[1], values[2])
        guard n >= 2, n & (n - 1) == 0 else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's scrypt N is \(n), not a power of two; \(Self.fix)")
        }
        let (nr, overflowNR) = n.multipliedReportingOverflow(by: r)
        let (work, overflowWork) = nr.multipliedReportingOverflow(by: p)
        guard !overflowNR, !overflowWork, work <= maximumScryptWork else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key asks for scrypt with N = \(n), r = \(r), p = \(p); Sesame derives keys with N·r·p at most \(maximumScryptWork) (openssl pkcs8 -scrypt writes N = 16384, r = 8, p = 1); \(Self.fix)")
        }
    }

    private func checkSalt(_ salt: UnsafePointer<ASN1_OCTET_STRING>?, scheme: String) throws(JOSEError) {
        guard let salt else { return }
        let size = Int(ASN1_STRING_length(salt))
        guard size <= maximumSaltSize else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's \(scheme) salt is \(size) bytes; Sesame reads salts of at most \(maximumSaltSize) bytes (tools write 8 to 32); \(Self.fix)")
        }
    }

    private static func checkKeyLength(_ keyLength: UnsafePointer<ASN1_INTEGER>?, scheme: String) throws(JOSEError) {
        guard let keyLength else { return }
        var length: Int64 = 0
        guard ASN1_INTEGER_get_int64(&length, keyLength) == 1, length >= 1, length <= maximumKeyLength else {
            throw JOSEError(.unsafeKeyEncryption, "the encrypted private key's \(scheme) key length is not between 1 and \(maximumKeyLength) bytes; \(Self.fix)")
        }
    }

    /// An algorithm identifier's NID and its parameters when they are a SEQUENCE.
    private static func contents(of algorithm: UnsafePointer<X509_ALGOR>) -> (Int32, UnsafePointer<ASN1_STRING>?) {
        var object: OpaquePointer?
        var type: Int32 = 0
        var value: UnsafeRawPointer?
        X509_ALGOR_get0(&object, &type, &value, algorithm)
        let nid = object.map { OBJ_obj2nid($0) } ?? NID_undef
        guard type == V_ASN1_SEQUENCE, let value else { return (nid, nil) }
        return (nid, value.assumingMemoryBound(to: ASN1_STRING.self))
    }

    /// Decodes a SEQUENCE's DER with one of OpenSSL's `d2i_` functions.
    private static func decode<Decoded>(
        _ sequence: UnsafePointer<ASN1_STRING>,
        _ d2i: (UnsafeMutablePointer<UnsafeMutablePointer<Decoded>?>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, Int) -> UnsafeMutablePointer<Decoded>?
    ) -> UnsafeMutablePointer<Decoded>? {
        var cursor: UnsafePointer<UInt8>? = ASN1_STRING_get0_data(sequence)
        return d2i(nil, &cursor, Int(ASN1_STRING_length(sequence)))
    }
}
