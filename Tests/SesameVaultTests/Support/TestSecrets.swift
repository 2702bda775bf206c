import Foundation
import Sesame
import SesameTestSupport

/// Passphrases, and the RSA key the vault tests store.
enum TestSecrets {
    /// The passphrase of test vaults.
    static let passphrase = "correct horse battery staple 7"
    /// Another valid passphrase (passwd tests).
    static let newPassphrase = "new-passphrase-for-the-vault 42"
    /// A passphrase that opens nothing.
    static let wrongPassphrase = "wrong horse battery staple 8"

    /// A PKCS#8 PEM private key: the shared test key pair 0, made by `openssl` once per process
    /// (test-only: library code never turns a secret into a String).
    static func pem() throws -> String {
        try TestKeys.pair(0).privatePEM
    }

    /// Every string an error or log line must never show.
    static func all() throws -> [String] {
        let lines = try pem().split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 16 }
        return lines + [passphrase, newPassphrase, wrongPassphrase, "opaque-secret-value-1234"]
    }
}

extension String {
    /// The text as ``SecretBytes``.
    var secret: SecretBytes { SecretBytes(utf8: self) }
}
