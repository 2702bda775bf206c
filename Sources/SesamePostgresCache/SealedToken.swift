import Foundation
import SesameCore

/// The plaintext of one row: a token as a small JSON object
/// (`{"v": value, "t": type, "e": expiresAt, "i": issuedAt}`, instants in seconds since Foundation's
/// reference date, 2001-01-01T00:00:00Z, which is how `Date` holds them: a token reads back equal to
/// the one stored), and its conversion to and from the row's encrypted form.
struct SealedToken: Codable {
    var v: String
    var t: String
    var e: Double
    var i: Double

    /// The nonce and ciphertext that store `token` under `digest`.
    static func seal(_ token: AccessToken, digest: String, cipher: TokenCipher) -> (nonce: [UInt8], ciphertext: [UInt8]) {
        let fields = SealedToken(
            v: token.value, t: token.type,
            e: token.expiresAt.timeIntervalSinceReferenceDate, i: token.issuedAt.timeIntervalSinceReferenceDate
        )
        // Encoding four plain fields cannot fail.
        var plaintext = Array((try? JSONEncoder().encode(fields)) ?? Data())
        defer { plaintext.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        return cipher.seal(plaintext, digest: digest)
    }

    /// The token a row holds, or `nil` when it does not decrypt under `digest` or is not well formed.
    static func open(nonce: [UInt8], ciphertext: [UInt8], digest: String, cipher: TokenCipher) -> AccessToken? {
        guard let plaintext = cipher.open(nonce: nonce, ciphertext: ciphertext, digest: digest) else { return nil }
        let fields = plaintext.withUnsafeBytes { try? JSONDecoder().decode(SealedToken.self, from: Data($0)) }
        guard let fields, !fields.v.isEmpty, !fields.t.isEmpty, fields.e.isFinite, fields.i.isFinite else { return nil }
        return AccessToken(
            value: fields.v, type: fields.t,
            expiresAt: Date(timeIntervalSinceReferenceDate: fields.e), issuedAt: Date(timeIntervalSinceReferenceDate: fields.i)
        )
    }
}
