/// What one kind of secret looks like, so that the registry refuses it pasted into `providers.json`.
///
/// The core knows PEM keys, base64-encoded DER keys and signed JWTs; a plugin adds the shapes of its
/// own secrets (SesameCoze adds Coze's access token prefixes) with `PluginSet.register(_:)`.
public struct InlineSecretPattern: Sendable {
    /// What a matching value looks like, for the message: `a Coze access token` gives
    /// `looks like a Coze access token; the registry holds references only: ...`.
    public let kind: String
    /// Whether `value` looks like this kind of secret.
    public let matches: @Sendable (_ value: String) -> Bool

    /// Creates a pattern.
    public init(kind: String, matches: @escaping @Sendable (_ value: String) -> Bool) {
        self.kind = kind
        self.matches = matches
    }

    /// Values that start with one of `prefixes` and have at least `minimumLength` characters (so that
    /// an ordinary value sharing a prefix is not refused).
    public static func prefixed(_ prefixes: [String], minimumLength: Int, kind: String) -> InlineSecretPattern {
        InlineSecretPattern(kind: kind) { value in
            value.count >= minimumLength && prefixes.contains(where: value.hasPrefix)
        }
    }

    /// PEM text, or a fragment of its header or footer line.
    static let pem = InlineSecretPattern(kind: "a PEM key") { $0.contains("-----BEGIN") || $0.contains("PRIVATE KEY-----") }

    /// A long base64 string that opens like DER (`MII`).
    static let base64Key = InlineSecretPattern(kind: "a base64-encoded key") { $0.hasPrefix("MII") && $0.count > 200 }

    /// Three dot-separated parts, the first a base64url JSON object.
    static let signedJWT = InlineSecretPattern(kind: "a signed JWT") { value in
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && value.hasPrefix("eyJ") && parts.allSatisfy { $0.count >= 10 }
    }
}
