import COpenSSL
import SesameCore

/// An RSA public key: verifies RS256 signatures and names itself by its RFC 7638 thumbprint.
public final class RSAPublicKey: Sendable, CustomStringConvertible {
    let key: OpenSSLKey
    /// The RS256 verifying context initialised once, copied for each verification.
    private let verifier = RS256ContextTemplate(.verify)

    /// Reads a PEM public key: `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) or `BEGIN RSA PUBLIC KEY` (PKCS#1).
    public convenience init(pem: String) throws {
        try self.init(pemBytes: SecretBytes(utf8: pem))
    }

    init(sharing key: OpenSSLKey) {
        self.key = key
    }

    init(pemBytes: SecretBytes) throws {
        let (label, decoded): (PEMLabel, OpenSSLKey?) = pemBytes.withUnsafeBytes { bytes in
            let label = PEMLabel(scanning: bytes)
            return (label, OpenSSLKey.decodePublicKey(pem: bytes, pkcs1: label == .rsaPublicKeyPKCS1))
        }
        switch label {
        case .publicKey, .rsaPublicKeyPKCS1: break
        case .privateKeyPKCS8, .encryptedPrivateKeyPKCS8, .rsaPrivateKeyPKCS1, .otherPrivateKey:
            throw JOSEError(.invalidKey, "this is a private key, where the public key is expected; derive the public key: openssl pkey -in KEY -pubout")
        case .other(let name):
            throw JOSEError(.notPEM, "the PEM block is a \(name), not a public key")
        case .none:
            throw JOSEError(.notPEM, "the public key is not PEM text (no PEM header line)")
        }
        guard let decoded else {
            throw JOSEError(.invalidKey, "the PEM public key is damaged or truncated (OpenSSL cannot decode it)")
        }
        guard decoded.isRSA else {
            throw JOSEError(.unsupportedKey, "the public key is not RSA; RS256 needs an RSA key")
        }
        self.key = decoded
    }

    /// The modulus size in bits.
    public var bits: Int { key.bits }

    /// The modulus `n`, big-endian without leading zeros.
    public var modulus: [UInt8] { key.integerParameter("n") ?? [] }

    /// The public exponent `e`, big-endian without leading zeros.
    public var exponent: [UInt8] { key.integerParameter("e") ?? [] }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url): 43 characters.
    public var thumbprint: String {
        let jwk = "{\"e\":\"\(Base64URL.encode(exponent))\",\"kty\":\"RSA\",\"n\":\"\(Base64URL.encode(modulus))\"}"
        return Base64URL.encode(Digest.sha256(Array(jwk.utf8)))
    }

    /// The key as `BEGIN PUBLIC KEY` PEM text: what to upload to the token issuer.
    public var pem: String {
        // Encoding the public half of a decoded key cannot fail.
        let bytes = try! key.encode(.publicKey)
        return bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `signature` is a valid RS256 signature of `message` by this key.
    public func verify(signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let valid = verifier.prepare(context, key: key) && Self.withBytes(signature) { signature in
            Self.withBytes(message) { message in
                EVP_DigestVerify(context, signature.baseAddress, signature.count, message.baseAddress, message.count) == 1
            }
        }
        ERR_clear_error()
        return valid
    }

    private static func withBytes<Result>(_ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }

    /// Whether this is the public half of `privateKey`.
    public func matches(_ privateKey: RSAPrivateKey) -> Bool {
        EVP_PKEY_eq(key.pointer, privateKey.key.pointer) == 1
    }

    /// `RSAPublicKey(2048 bits, thumbprint ...)`.
    public var description: String { "RSAPublicKey(\(bits) bits, thumbprint \(thumbprint))" }
}
