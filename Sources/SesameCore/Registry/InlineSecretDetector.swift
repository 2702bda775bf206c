/// Finds secrets pasted into `providers.json`, which must hold references only.
enum InlineSecretDetector {
    /// An issue for every string value that looks like key material or a token. The value itself is
    /// never repeated in the message.
    static func issues(in value: JSONValue, at path: ConfigPath = .root) -> [ConfigIssue] {
        switch value {
        case .string(let string):
            return kind(of: string).map {
                [ConfigIssue(path: path, message: "looks like \($0); the registry holds references only: put the secret in a key store and point to it with {\"store\": ..., \"name\": ...}")]
            } ?? []
        case .array(let items):
            return items.enumerated().flatMap { issues(in: $0.element, at: path.appending(index: $0.offset)) }
        case .object(let fields):
            return fields.flatMap { issues(in: $0.value, at: path.appending($0.key)) }
        case .null, .bool, .number:
            return []
        }
    }

    /// `"value"` for a message, or a placeholder when the value looks like a secret; long values are cut.
    static func quoted(_ string: String) -> String {
        if kind(of: string) != nil { return "(a value that looks like a secret, not shown)" }
        return string.count > 64 ? "\"\(string.prefix(61))...\"" : "\"\(string)\""
    }

    private static func kind(of string: String) -> String? {
        if string.contains("-----BEGIN") || string.contains("PRIVATE KEY-----") { return "a PEM key" }
        if string.hasPrefix("MII") && string.count > 200 { return "a base64-encoded key" }
        let tokenPrefixes = ["czs_", "pat_", "sat_"]
        if tokenPrefixes.contains(where: string.hasPrefix), string.count >= 24 { return "a Coze access token" }
        let parts = string.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, string.hasPrefix("eyJ"), parts.allSatisfy({ $0.count >= 10 }) { return "a signed JWT" }
        return nil
    }
}
