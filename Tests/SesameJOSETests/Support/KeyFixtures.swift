import Foundation
import SesameCore
import SesameTestSupport
import Synchronization

/// Keys written by the `openssl` CLI in every form the tests read, generated once per process.
/// Keys in every form the JOSE tests read, written by the `openssl` CLI from the shared test key pairs
/// (SesameTestSupport's ``TestKeys``), generated once per process.
struct KeyFixtures: Sendable {
    static let passphrase = TestKeys.passphrase

    /// Key pair 0 as `openssl genpkey` writes it: PKCS#8, `BEGIN PRIVATE KEY`.
    let pkcs8: String
    /// Key pair 1 as PKCS#1, `BEGIN RSA PRIVATE KEY`.
    let pkcs1: String
    /// `pkcs8` encrypted with `openssl pkcs8 -topk8 -v2 aes-256-cbc`.
    let encryptedPKCS8: String
    /// `pkcs1` encrypted the legacy way (`Proc-Type: 4,ENCRYPTED`).
    let encryptedPKCS1: String
    /// The public half of `pkcs8` as SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`).
    let publicKey: String
    /// The public half of `pkcs1` as SubjectPublicKeyInfo.
    let pkcs1PublicKey: String
    /// The public half of `pkcs8` as PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    let rsaPublicKey: String
    /// The modulus of `pkcs8`, as `openssl rsa -modulus` prints it (upper-case hex).
    let modulusHex: String
    /// The public exponent of `pkcs8`, as `openssl rsa -text` prints it.
    let exponent: Int
    /// `pkcs8` as DER bytes.
    let der: Data
    /// A P-256 key as PKCS#8.
    let ecPKCS8: String
    /// The same P-256 key as `BEGIN EC PRIVATE KEY`.
    let ecTraditional: String
    /// An Ed25519 key as PKCS#8.
    let ed25519: String
    /// A self-signed certificate for `pkcs8`.
    let certificate: String

    private static let shared = Mutex<KeyFixtures?>(nil)

    /// The fixtures, generated on first use.
    static func load() throws -> KeyFixtures {
        try shared.withLock { cached in
            if let cached { return cached }
            let fixtures = try KeyFixtures()
            cached = fixtures
            return fixtures
        }
    }

    private init() throws {
        let main = try TestKeys.pair(0), other = try TestKeys.pair(1)
        let key = main.privateKeyPath

        pkcs8 = main.privatePEM
        publicKey = main.publicPEM
        encryptedPKCS8 = try main.encryptedPKCS8PEM(passphrase: Self.passphrase)
        pkcs1 = try other.pkcs1PEM()
        pkcs1PublicKey = other.publicPEM
        encryptedPKCS1 = try other.encryptedPKCS1PEM(passphrase: Self.passphrase)
        rsaPublicKey = try OpenSSLCLI.succeed(["rsa", "-in", key, "-RSAPublicKey_out"]).text
        der = try OpenSSLCLI.succeed(["pkey", "-in", key, "-outform", "DER"]).stdout
        ecPKCS8 = try OpenSSLCLI.succeed(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]).text
        ecTraditional = try OpenSSLCLI.succeed(["ec"], input: Data(ecPKCS8.utf8)).text
        ed25519 = try OpenSSLCLI.succeed(["genpkey", "-algorithm", "ed25519"]).text
        certificate = try OpenSSLCLI.succeed(["req", "-x509", "-key", key, "-subj", "/CN=sesame-test", "-days", "1"]).text
        let modulus = try OpenSSLCLI.succeed(["rsa", "-pubin", "-in", main.publicKeyPath, "-modulus", "-noout"]).text
        let details = try OpenSSLCLI.succeed(["rsa", "-pubin", "-in", main.publicKeyPath, "-text", "-noout"]).text
        modulusHex = modulus.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "Modulus=", with: "")
        // "Exponent: 65537 (0x10001)"
        let exponentLine = details.split(separator: "\n").first { $0.hasPrefix("Exponent:") } ?? ""
        exponent = Int(exponentLine.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}

extension String {
    /// The base64 lines of a PEM text (everything but the `-----` lines and headers).
    var pemBodyLines: [String] {
        split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && !$0.contains(":") && !$0.isEmpty }
    }

    /// The text as ``SecretBytes``.
    var secret: SecretBytes { SecretBytes(utf8: self) }
}

/// Bytes from hex text such as `openssl` prints.
func bytes(hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// Base64url without padding, written independently of `Base64URL` (Foundation base64, then the RFC 4648 §5 alphabet).
func independentBase64URL(_ bytes: some Sequence<UInt8>) -> String {
    Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
