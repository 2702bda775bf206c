import Foundation
import SesameJOSE
import SesameTestSupport

/// A JWT under construction: header and claims as JSON objects, signed with openssl.
struct TestJWT {
    var header: [String: Any]
    var claims: [String: Any]

    /// A JWT as the official SDKs make it: RS256, typ JWT, `kid`; `iss`, `aud`, `iat`, `exp` (iat + 600),
    /// a random `jti`.
    init(kid: String, iss: String, aud: String = "api.coze.cn", now: Date = Date(), lifetime: Int = 600) {
        let iat = Int(now.timeIntervalSince1970)
        header = ["alg": "RS256", "typ": "JWT", "kid": kid]
        claims = ["iss": iss, "aud": aud, "iat": iat, "exp": iat + lifetime, "jti": TestJWT.randomJTI()]
    }

    /// A fresh random `jti` (32 bytes, base64url).
    static func randomJTI() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// `header.payload`, base64url-encoded here, independently of Sesame's JWT code.
    var signingInput: String {
        Self.base64URL(Self.json(header)) + "." + Self.base64URL(Self.json(claims))
    }

    /// The compact JWT signed by `key` with the openssl tool.
    func signed(with key: TestKeyPair) throws -> String {
        let input = signingInput
        let signature = try key.signRS256(Array(input.utf8))
        return input + "." + Self.base64URL(signature)
    }

    /// The compact JWT with an empty signature (as `alg: none` tokens are).
    var unsigned: String { signingInput + "." }

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
