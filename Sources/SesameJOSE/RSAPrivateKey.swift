import COpenSSL
import SesameCore

/// An RSA private key that signs RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over OpenSSL 3.
///
/// Safe to share across tasks and to sign with concurrently. Its `description` shows the size and
/// format, never the key.
public final class RSAPrivateKey: Sendable, CustomStringConvertible {
    let key: OpenSSLKey
    /// How the key was stored when it was read, or `.generated`.
    public let format: PrivateKeyFormat
    /// The RS256 signing context initialised once, copied for each signature.
    private let signer = RS256ContextTemplate(.sign)
    /// The signature's length in bytes (the modulus's).
    private let signatureSize: Int

    /// Reads a PEM private key: PKCS#8 (PEM label `PRIVATE KEY`), PKCS#1 (PEM label `RSA PRIVATE KEY`), or an
    /// encrypted one (PEM label `ENCRYPTED PRIVATE KEY`, legacy encrypted PKCS#1) with `passphrase`.
    ///
    /// An encrypted key's cost must stay within bounds that keep decoding to seconds (at most
    /// 10,000,000 PBKDF2 iterations, scrypt N·r·p at most 2^22): a costlier one is refused before any
    /// key derivation starts.
    ///
    /// - Throws: ``JOSEError`` saying what the input is and what is needed instead: not PEM, a public
    ///   key, not RSA, encrypted without a passphrase, wrong passphrase, damaged, encrypted at a cost
    ///   out of bounds (``JOSEError/Code/unsafeKeyEncryption``).
    public convenience init(pem: SecretBytes, passphrase: SecretBytes? = nil) throws {
        try self.init(pem: pem, passphrase: passphrase, encryptionLimits: .standard)
    }

    /// Reads a PEM private key with other bounds on its encryption (tests use low ones with real keys).
    package init(pem: SecretBytes, passphrase: SecretBytes?, encryptionLimits: KeyEncryptionLimits) throws {
        let (label, decoded): (PEMLabel, OpenSSLKey?) = try pem.withUnsafeBytes { bytes in
            let label = PEMLabel(scanning: bytes)
            guard case .none = label else {
                return (label, try OpenSSLKey.decodePrivateKey(pem: bytes, passphrase: passphrase, limits: encryptionLimits))
            }
            return (label, nil)
        }
        let format: PrivateKeyFormat
        switch label {
        case .privateKeyPKCS8: format = .pkcs8
        case .encryptedPrivateKeyPKCS8: format = .encryptedPKCS8
        case .rsaPrivateKeyPKCS1(let encrypted): format = encrypted ? .encryptedPKCS1 : .pkcs1
        case .publicKey, .rsaPublicKeyPKCS1:
            throw JOSEError(.publicKeyGiven, "this is a public key; signing needs the private key")
        case .otherPrivateKey(let name):
            throw JOSEError(.unsupportedKey, "this is a \(name), not an RSA key; RS256 signing needs an RSA key")
        case .other(let name):
            throw JOSEError(.notPEM, "the PEM block is a \(name), not a private key")
        case .none:
            throw JOSEError(.notPEM, Self.notPEMMessage(pem))
        }
        guard let decoded else {
            if label.isEncrypted && passphrase == nil {
                throw JOSEError(.encryptedKeyNeedsPassphrase, "the private key is encrypted and no passphrase was given; give its passphrase, or decrypt it: openssl pkey -in KEY -out KEY.plain.pem")
            }
            if label.isEncrypted {
                throw JOSEError(.wrongPassphrase, "the passphrase does not decrypt the private key (wrong passphrase, or a damaged key)")
            }
            throw JOSEError(.invalidKey, "the PEM private key is damaged or truncated (OpenSSL cannot decode it); copy the file again from its source")
        }
        guard decoded.isRSA else {
            throw JOSEError(.unsupportedKey, "the private key is not RSA; RS256 signing needs an RSA key")
        }
        self.key = decoded
        self.format = format
        self.signatureSize = (decoded.bits + 7) / 8
    }

    private init(key: OpenSSLKey) {
        self.key = key
        self.format = .generated
        self.signatureSize = (key.bits + 7) / 8
    }

    /// Generates a new key of `bits` (2048, 3072 or 4096) with public exponent 65537.
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey {
        guard [2048, 3072, 4096].contains(bits) else {
            throw JOSEError(.generationFailed, "unsupported key size \(bits); use 2048, 3072 or 4096")
        }
        // The context keeps the key type's name pointer for its lifetime: keep the C string alive.
        let generated: OpaquePointer? = "RSA".withCString { keyType in
            guard let context = EVP_PKEY_CTX_new_from_name(nil, keyType, nil) else { return nil }
            defer { EVP_PKEY_CTX_free(context) }
            var generated: OpaquePointer?
            guard EVP_PKEY_keygen_init(context) == 1,
                  EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
                  EVP_PKEY_generate(context, &generated) == 1
            else { return nil }
            return generated
        }
        guard let generated else {
            ERR_clear_error()
            throw JOSEError(.generationFailed, "OpenSSL failed to generate a \(bits)-bit RSA key")
        }
        return RSAPrivateKey(key: OpenSSLKey(taking: generated))
    }

    /// The modulus size in bits.
    public var bits: Int { key.bits }

    /// The matching public key.
    public var publicKey: RSAPublicKey {
        // Shares the key: RSAPublicKey only ever performs public operations on it.
        RSAPublicKey(sharing: key)
    }

    /// Signs `message` with RS256.
    public func sign(_ message: some Collection<UInt8>) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw JOSEError(.signingFailed, "OpenSSL cannot allocate a signing context") }
        defer { EVP_MD_CTX_free(context) }
        let size = signatureSize
        var signature = [UInt8](repeating: 0, count: size)
        var length = size
        let signed = signer.prepare(context, key: key) && (message.withContiguousStorageIfAvailable { input in
            EVP_DigestSign(context, &signature, &length, input.baseAddress, input.count) == 1
        } ?? {
            let input = Array(message)
            return EVP_DigestSign(context, &signature, &length, input, input.count) == 1
        }())
        guard signed else {
            ERR_clear_error()
            throw JOSEError(.signingFailed, "OpenSSL failed to sign with the \(bits)-bit RSA key")
        }
        if length < size { signature.removeLast(size - length) }
        return signature
    }

    /// The key as PEM text in guarded memory: PKCS#8 (PEM label `PRIVATE KEY`, the usual download format) or
    /// PKCS#1 (PEM label `RSA PRIVATE KEY`, what `openssl genrsa` wrote before OpenSSL 3).
    public func pem(_ encoding: PrivateKeyEncoding = .pkcs8) throws -> SecretBytes {
        try key.encode(encoding == .pkcs8 ? .pkcs8 : .pkcs1)
    }

    /// `RSAPrivateKey(2048 bits, pkcs8, <redacted>)`.
    public var description: String { "RSAPrivateKey(\(bits) bits, \(format), <redacted>)" }

    private static func notPEMMessage(_ bytes: SecretBytes) -> String {
        let first: UInt8? = bytes.withUnsafeBytes { $0.first }
        if bytes.isEmpty { return "the private key is empty" }
        if first == 0x30 {
            return "the private key is DER (binary), not PEM; convert it: openssl pkey -inform DER -in KEY.der -out KEY.pem"
        }
        return "the private key is not PEM text (no PEM header line)"
    }
}

/// How a private key was stored.
public enum PrivateKeyFormat: String, Sendable, CustomStringConvertible {
    /// PKCS#8, PEM label `PRIVATE KEY`.
    case pkcs8
    /// Encrypted PKCS#8, PEM label `ENCRYPTED PRIVATE KEY`.
    case encryptedPKCS8
    /// PKCS#1, PEM label `RSA PRIVATE KEY`.
    case pkcs1
    /// PKCS#1 with legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`).
    case encryptedPKCS1
    /// Generated in this process.
    case generated

    /// A human name: `PKCS#8`, `encrypted PKCS#8`, ...
    public var description: String {
        switch self {
        case .pkcs8: "PKCS#8"
        case .encryptedPKCS8: "encrypted PKCS#8"
        case .pkcs1: "PKCS#1"
        case .encryptedPKCS1: "encrypted PKCS#1"
        case .generated: "generated"
        }
    }
}

/// The PEM structure to write a private key in.
public enum PrivateKeyEncoding: String, Sendable, CaseIterable {
    /// PEM label `PRIVATE KEY`.
    case pkcs8
    /// PEM label `RSA PRIVATE KEY`.
    case pkcs1
}

/// Digest algorithms fetched once per process.
enum Digest {
    nonisolated(unsafe) static let sha256: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil)!

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        let input = Array(bytes)
        _ = EVP_Digest(input, input.count, &digest, &length, sha256, nil)
        return digest
    }
}
