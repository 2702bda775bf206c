import Foundation
import SesameCore
import Synchronization

/// Keys written by the `openssl` CLI in every form the tests read, generated once per process.
struct KeyFixtures: Sendable {
    static let passphrase = "correct horse battery staple"

    /// `openssl genpkey -algorithm RSA`: PKCS#8, `BEGIN PRIVATE KEY`.
    let pkcs8: String
    /// `openssl genrsa -traditional`: PKCS#1, `BEGIN RSA PRIVATE KEY`.
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
        let folder = try TemporaryFolder()
        func text(_ name: String) throws -> String { String(decoding: try folder.read(name), as: UTF8.self) }
        let pass = "pass:\(Self.passphrase)"

        try OpenSSLCommand.succeed(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", folder.file("pkcs8.pem")])
        try OpenSSLCommand.succeed(["genrsa", "-traditional", "-out", folder.file("pkcs1.pem"), "2048"])
        try OpenSSLCommand.succeed([
            "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", folder.file("pkcs8.pem"),
            "-out", folder.file("encrypted8.pem"), "-passout", pass,
        ])
        try OpenSSLCommand.succeed([
            "rsa", "-traditional", "-aes256", "-in", folder.file("pkcs1.pem"),
            "-out", folder.file("encrypted1.pem"), "-passout", pass,
        ])
        try OpenSSLCommand.succeed(["pkey", "-in", folder.file("pkcs8.pem"), "-pubout", "-out", folder.file("public.pem")])
        try OpenSSLCommand.succeed(["pkey", "-in", folder.file("pkcs1.pem"), "-pubout", "-out", folder.file("pkcs1-public.pem")])
        try OpenSSLCommand.succeed(["rsa", "-in", folder.file("pkcs8.pem"), "-RSAPublicKey_out", "-out", folder.file("rsapublic.pem")])
        try OpenSSLCommand.succeed(["pkey", "-in", folder.file("pkcs8.pem"), "-outform", "DER", "-out", folder.file("key.der")])
        try OpenSSLCommand.succeed([
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", folder.file("ec.pem"),
        ])
        try OpenSSLCommand.succeed(["ec", "-in", folder.file("ec.pem"), "-out", folder.file("ec-traditional.pem")])
        try OpenSSLCommand.succeed(["genpkey", "-algorithm", "ed25519", "-out", folder.file("ed25519.pem")])
        try OpenSSLCommand.succeed([
            "req", "-x509", "-key", folder.file("pkcs8.pem"), "-subj", "/CN=sesame-test", "-days", "1",
            "-out", folder.file("certificate.pem"),
        ])
        let modulus = try OpenSSLCommand.succeed(["rsa", "-pubin", "-in", folder.file("public.pem"), "-modulus", "-noout"]).text
        let details = try OpenSSLCommand.succeed(["rsa", "-pubin", "-in", folder.file("public.pem"), "-text", "-noout"]).text

        pkcs8 = try text("pkcs8.pem")
        pkcs1 = try text("pkcs1.pem")
        encryptedPKCS8 = try text("encrypted8.pem")
        encryptedPKCS1 = try text("encrypted1.pem")
        publicKey = try text("public.pem")
        pkcs1PublicKey = try text("pkcs1-public.pem")
        rsaPublicKey = try text("rsapublic.pem")
        der = try folder.read("key.der")
        ecPKCS8 = try text("ec.pem")
        ecTraditional = try text("ec-traditional.pem")
        ed25519 = try text("ed25519.pem")
        certificate = try text("certificate.pem")
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
