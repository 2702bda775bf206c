import Foundation
import SesameCore

/// What a value read from a key store holds when it is not what the slot needs: the wrong kind of
/// value, named so that the fix is obvious. Looks only at shapes; never repeats the value.
enum SecretShape: Equatable {
    case privateKeyPEM
    case publicKeyPEM
    case certificatePEM
    /// Base64 text whose decoded bytes are no PEM (`count` bytes; a DER key is binary).
    case base64NotPEM(count: Int)
    case identifier(IdentifierShape)
    case empty
    case other

    init(_ secret: SecretBytes) {
        self = secret.withUnsafeBytes { Self.classify(Array($0)) }
    }

    private static func classify(_ bytes: [UInt8]) -> SecretShape {
        let trimmed = bytes.drop { isSpace($0) }.reversed().drop { isSpace($0) }.reversed()
        let body = Array(trimmed)
        if body.isEmpty { return .empty }
        if contains(body, "PRIVATE KEY-----") { return .privateKeyPEM }
        if contains(body, "PUBLIC KEY-----") { return .publicKeyPEM }
        if contains(body, "CERTIFICATE-----") { return .certificatePEM }
        if body.count <= 256, let text = String(validating: body, as: UTF8.self), IdentifierShape(text) != .other {
            return .identifier(IdentifierShape(text))
        }
        if body.count >= 16, body.allSatisfy(isBase64), let decoded = Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters) {
            return contains(Array(decoded), "-----BEGIN") ? .privateKeyPEM : .base64NotPEM(count: decoded.count)
        }
        return .other
    }

    /// `a public key (BEGIN PUBLIC KEY)`, for "holds …".
    var description: String {
        switch self {
        case .privateKeyPEM: "a private key PEM"
        case .publicKeyPEM: "a public key (BEGIN PUBLIC KEY), not the private key"
        case .certificatePEM: "a certificate, not the private key"
        case .base64NotPEM(let count): "base64 text that decodes to \(count) bytes that are not a PEM"
        case .identifier(let shape): shape.description
        case .empty: "nothing (an empty value)"
        case .other: "a value that is not a PEM key"
        }
    }

    /// What to do, for the slot of a Coze JWT app's private key.
    var privateKeyRemedy: String {
        switch self {
        case .publicKeyPEM, .certificatePEM:
            "put the app's private key there (the private_key.pem Coze downloaded, or the key `sesame keys generate` wrote); the public half is what you upload to Coze"
        case .base64NotPEM:
            "base64-encode the whole PEM file, header lines included (base64 -w0 private_key.pem), or store the PEM itself"
        case .identifier(.keyID):
            "that is the key ID (keyId / COZE_JWT_OAUTH_PUBLIC_KEY_ID); the private key is the PEM file"
        case .identifier(.appID), .identifier(.longNumericID):
            "that is an ID (appId / COZE_JWT_OAUTH_CLIENT_ID); the private key is the PEM file"
        case .identifier(.token):
            "that is a token; a JWT app signs with its private key PEM (a personal access token belongs in a coze-access-token provider)"
        default:
            "store the private key PEM (plain, base64-encoded, or with \\n escapes)"
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func isBase64(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || isSpace(byte)
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { start in
            pattern.indices.allSatisfy { bytes[start + $0] == pattern[$0] }
        }
    }
}
