import Foundation
import Sesame

/// RSA keys in every form the stores read (written by the `openssl` CLI, one by `RSAPrivateKey.generate()`),
/// generated once per process.
struct TestKeys: Sendable {
    /// The passphrase of ``encryptedPKCS8`` and ``encryptedPKCS1``.
    static let passphrase = "tr0ub4dor&3 sesame passphrase"
    /// A passphrase that decrypts nothing.
    static let wrongPassphrase = "wrong-horse-battery-9137"

    /// `openssl genpkey -algorithm RSA`: PKCS#8, `BEGIN PRIVATE KEY`.
    let pkcs8: String
    /// `openssl genrsa -traditional`: PKCS#1, `BEGIN RSA PRIVATE KEY`.
    let pkcs1: String
    /// ``pkcs8`` encrypted with `openssl pkcs8 -topk8 -v2 aes-256-cbc`.
    let encryptedPKCS8: String
    /// ``pkcs8`` encrypted the legacy PKCS#1 way (`Proc-Type: 4,ENCRYPTED`).
    let encryptedPKCS1: String
    /// The public half of ``pkcs8`` as written by `openssl pkey -pubout` (SubjectPublicKeyInfo).
    let publicKey: String
    /// A key from `RSAPrivateKey.generate()`, as PKCS#8 PEM.
    let generatedPKCS8: String

    private static let cached = Result { try TestKeys() }

    /// The keys, generated on first use.
    static func shared() throws -> TestKeys {
        try cached.get()
    }

    private init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-keystores-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func file(_ name: String) -> String { folder + "/" + name }
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: file(name))), as: UTF8.self)
        }
        let pass = "pass:\(Self.passphrase)"
        try OpenSSLTool.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file("pkcs8.pem")])
        try OpenSSLTool.run(["genrsa", "-traditional", "-out", file("pkcs1.pem"), "2048"])
        try OpenSSLTool.run(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", file("pkcs8.pem"), "-out", file("encrypted8.pem"), "-passout", pass])
        try OpenSSLTool.run(["rsa", "-traditional", "-aes256", "-in", file("pkcs8.pem"), "-out", file("encrypted1.pem"), "-passout", pass])
        try OpenSSLTool.run(["pkey", "-in", file("pkcs8.pem"), "-pubout", "-out", file("public.pem")])
        pkcs8 = try text("pkcs8.pem")
        pkcs1 = try text("pkcs1.pem")
        encryptedPKCS8 = try text("encrypted8.pem")
        encryptedPKCS1 = try text("encrypted1.pem")
        publicKey = try text("public.pem")
        generatedPKCS8 = try RSAPrivateKey.generate().pem(.pkcs8).revealedForTest
    }

    /// The RFC 7638 thumbprint of ``pkcs8`` (and of the encrypted copies), from the public key openssl derived.
    func thumbprint() throws -> String {
        try RSAPublicKey(pem: publicKey).thumbprint
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

extension SecretBytes {
    /// The bytes as UTF-8 text. Tests only: library code never turns a secret into a `String`.
    var revealedForTest: String {
        withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes, for byte-exact comparisons. Tests only.
    var bytesForTest: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
