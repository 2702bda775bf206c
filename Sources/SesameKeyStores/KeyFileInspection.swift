#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore
import SesameJOSE

/// What a key file holds, without revealing it: kind, format, size, permissions, thumbprint.
public struct KeyFileInspection: Sendable {
    /// Private or public.
    public enum Kind: String, Sendable {
        /// An RSA private key.
        case privateKey = "private key"
        /// An RSA public key.
        case publicKey = "public key"
    }

    /// The file.
    public let path: String
    /// Private or public.
    public let kind: Kind
    /// `PKCS#8`, `encrypted PKCS#8`, `PKCS#1`, `SubjectPublicKeyInfo`.
    public let format: String
    /// Whether the key is encrypted (then ``bits`` and ``publicKey`` need the passphrase).
    public let isEncrypted: Bool
    /// The file mode, e.g. `0600`.
    public let mode: String
    /// Whether group or others can read the file (a private key must not be).
    public let isReadableByOthers: Bool
    /// The modulus size, when known.
    public let bits: Int?
    /// The public key, when known.
    public let publicKey: RSAPublicKey?

    /// Inspects the key file at `path`; `passphrase` opens an encrypted private key.
    ///
    /// - Throws: ``KeyStoreError`` when the file cannot be read, ``JOSEError`` when it holds no usable key.
    public init(path: String, passphrase: SecretBytes? = nil) throws {
        let contents = try SecretFile.read(path, what: "key file", allowInsecurePermissions: true)
        var status = stat()
        stat(path, &status)
        let mode = status.st_mode & 0o777
        self.path = path
        self.mode = SecretFile.octal(mode)
        self.isReadableByOthers = mode & 0o077 != 0
        if PEMDecoding.contains(contents, "PUBLIC KEY-----") && !PEMDecoding.contains(contents, "PRIVATE KEY-----") {
            let publicKey = try RSAPublicKey(pem: contents.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
            self.kind = .publicKey
            self.format = PEMDecoding.contains(contents, "BEGIN RSA PUBLIC KEY") ? "PKCS#1" : "SubjectPublicKeyInfo"
            self.isEncrypted = false
            self.bits = publicKey.bits
            self.publicKey = publicKey
            return
        }
        self.kind = .privateKey
        do {
            let key = try RSAPrivateKey(pem: contents, passphrase: passphrase)
            self.format = key.format.description
            self.isEncrypted = key.format == .encryptedPKCS8 || key.format == .encryptedPKCS1
            self.bits = key.bits
            self.publicKey = key.publicKey
        } catch let error as JOSEError where error.code == .encryptedKeyNeedsPassphrase {
            self.format = PEMDecoding.contains(contents, "ENCRYPTED PRIVATE KEY-----") ? "encrypted PKCS#8" : "encrypted PKCS#1"
            self.isEncrypted = true
            self.bits = nil
            self.publicKey = nil
        }
    }
}
