import Foundation
import Sesame
import SesameTestSupport
import Synchronization

/// The private keys in every form the stores read, made from the shared test key pairs
/// (SesameTestSupport's ``TestKeys``), once per process.
///
/// The PKCS#8 key and both encrypted forms are one key (pair 0, one thumbprint); the PKCS#1 key is
/// pair 1. The encrypted texts are made once, so ``secrets`` holds exactly the texts the tests use.
struct KeyFixtures: Sendable {
    /// The passphrase of ``encryptedPKCS8`` and ``encryptedPKCS1``.
    static let passphrase = TestKeys.passphrase
    /// A passphrase that decrypts nothing.
    static let wrongPassphrase = "wrong-horse-battery-9137"

    /// Pair 0 as `openssl genpkey` writes it: PKCS#8, `BEGIN PRIVATE KEY`.
    let pkcs8: String
    /// Pair 1 as PKCS#1, `BEGIN RSA PRIVATE KEY`.
    let pkcs1: String
    /// ``pkcs8`` encrypted with `openssl pkcs8 -topk8 -v2 aes-256-cbc`.
    let encryptedPKCS8: String
    /// ``pkcs8`` encrypted the legacy PKCS#1 way (`Proc-Type: 4,ENCRYPTED`).
    let encryptedPKCS1: String
    /// The public half of ``pkcs8`` as written by `openssl pkey -pubout` (SubjectPublicKeyInfo).
    let publicKey: String
    /// The RFC 7638 thumbprint of ``pkcs8`` (and of the encrypted copies), from the public key openssl derived.
    let thumbprint: String
    /// A key from `RSAPrivateKey.generate()`, as PKCS#8 PEM.
    let generatedPKCS8: String

    private static let cached = Mutex<KeyFixtures?>(nil)

    /// The keys, made on first use.
    ///
    /// - Throws: ``OpenSSLCLIError`` when `openssl` fails.
    static func shared() throws -> KeyFixtures {
        try cached.withLock { cached in
            if let cached { return cached }
            let fixtures = try KeyFixtures()
            cached = fixtures
            return fixtures
        }
    }

    private init() throws {
        let main = try TestKeys.pair(0)
        pkcs8 = main.privatePEM
        publicKey = main.publicPEM
        thumbprint = main.thumbprint
        encryptedPKCS8 = try main.encryptedPKCS8PEM(passphrase: Self.passphrase)
        encryptedPKCS1 = try main.encryptedPKCS1PEM(passphrase: Self.passphrase)
        pkcs1 = try TestKeys.pair(1).pkcs1PEM()
        generatedPKCS8 = try RSAPrivateKey.generate().pem(.pkcs8).revealedForTest
    }

    /// Every string an error must never show: the base64 lines of every private key, and the passphrases.
    var secrets: [String] {
        [pkcs8, pkcs1, encryptedPKCS8, encryptedPKCS1, generatedPKCS8].flatMap(\.pemBase64Lines) + [Self.passphrase, Self.wrongPassphrase]
    }
}

extension String {
    /// The base64 lines of a PEM text long enough not to match by accident (headers and `-----` lines excluded).
    var pemBase64Lines: [String] {
        split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.hasPrefix("-----") && !$0.contains(":") && $0.count >= 16
        }
    }

    /// The text as ``SecretBytes``.
    var secret: SecretBytes { SecretBytes(utf8: self) }

    /// The text without its final line breaks.
    var withoutTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}


